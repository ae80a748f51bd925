"""What a report says in words: the passage that answers, quoted whole with its citations, or a
plain "the report does not say".

The sentences of the report asked about are scored by BM25 over jieba words (the question's
content words and the words reports use for them), fused with the rank the hybrid retriever gives
their chunks (lexical index and vectors), and re-ranked by the section the kind of question points
at: problems and plans live in section 五. The best sentence grows into a passage (its list whole,
its item, the problems or the plans of section 五, its paragraph). A count or a premise the prose
states (为什么一场发布会都没开) is answered with that number. A year a plan is for (2025年打算怎么
改进) is answered by the report that states the plan (2024's)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant import wording as w
from assistant.answer import Answer, Citation
from assistant.lexicon import Kind, lexicon
from assistant.parsing.text import QUOTED
from assistant.passages import (
    Passage,
    Sentence,
    around,
    focused,
    opening,
    role_passage,
    sentences_of,
)
from assistant.question import BodyStatus, Intent, NarrativeKind, ParsedQuestion, YearKind
from assistant.responders.common import Context, Refusal, bodies_of, refusal, years_for
from assistant.responders.mentions import mention_answer
from assistant.responders.registry import responder
from reportqa import segment
from reportqa.format import PREAMBLE, PROBLEMS_SECTION, SECTIONS, normalize_label, to_simplified

_COUNTED = frozenset("条件场篇期份")  # measures of things counted one by one (not 个, 项: 几个方面)
_LISTED = re.compile(r"分别是|分别有|是哪几|有哪几|是哪些|有哪些|都是什么|分别是什么|具体是什么")
_COUNT = re.compile(r"几[个件条次场篇项期份家人]|多少[个件条次场篇项期份家人]?")
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万]+[个件条次场篇项期份家人]")
_HOW_MANY = re.compile(r"^(?:几|多少|哪)[个件条次场篇项年家位]?$")
_SENT = re.compile(r"[^。！？；\n]*[。！？；]?")
K1, B = 1.2, 0.5  # BM25: sentences vary less in length than documents
MIN_COVER = 0.5  # the share of the question's word weight a passage must match
# a word rarer than this in general Chinese names a topic (热线, 开放日): a report that never says
# it does not answer; a commoner word the report never says (要是, 已经) is only how people talk
SPECIFIC = 10.0
USED = 7.0  # nor does a word this rare that other reports use (培训): a topic this one leaves out
_ROLE_OF_KIND = {NarrativeKind.PROBLEMS: "problem", NarrativeKind.PLANS: "plan"}


def keywords(q: ParsedQuestion, ctx: Context) -> list[str]:
    """The question's content words (jieba precise mode, so 公务员 stays one word), without
    body names, years and words every report contains."""
    nar = lexicon().narrative
    # English words left untranslated match no Chinese sentence: only an acronym is kept (APP)
    said = re.sub(r"[A-Za-z][A-Za-z'\-]*", _acronym_only, q.topic or q.as_read)
    text = to_simplified(normalize_label(said))
    for name in sorted((a for a in ctx.catalog.alias_map if a in text), key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"(?:19|20)\d{2}年?度?", " ", text)
    if q.years.words:  # 这两年, 近三年: the years asked, not a topic
        text = text.replace(to_simplified(q.years.words), " ")
    quoted = [x for x in QUOTED.findall(text) if x not in nar.generic]
    for x in quoted:  # “三晒三比三提升”: one name, not three words
        text = text.replace(x, " ")
    words = quoted + [
        x
        for x in segment.words(text)
        if len(x) >= 2
        and x not in nar.generic
        and not set(x) <= nar.stop_chars
        and not x.isdigit()
        and not _HOW_MANY.match(x)
    ]
    return list(dict.fromkeys(words))


def _acronym_only(m: re.Match[str]) -> str:
    return m.group() if m.group().isupper() and len(m.group()) >= 2 else " "


def _report_year(q: ParsedQuestion, ctx: Context, body: str) -> tuple[int, str]:
    years, note = years_for(q, ctx, body)
    year = years[-1]
    if ctx.catalog.report(body, year) is None and q.years.kind is YearKind.EXPLICIT:
        # 2025年打算怎么改进: a plan for 2025 is written in the 2024 report
        if q.years.plan_year and ctx.catalog.report(body, year - 1) is not None:
            return year - 1, w.plan_year_note(year, year - 1)
        name = ctx.catalog.bodies[body].name
        raise Refusal(
            refusal(w.year_not_in_corpus(name, year, ctx.catalog.holdings(body)), ctx.catalog, body)
        )
    return year, note


# ------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float
    cover: float  # the share of the question's word weight the sentence's passage matches


class _Scorer:
    """BM25 over the sentences of the reports searched; a word counts when the sentence says it
    or one of the words reports use for it (lexicon synonyms)."""

    def __init__(self, words: list[str], sentences: list[Sentence], reports_say=None):
        lx = lexicon()
        self.alts = {x: lx.alternatives(x) for x in words}
        self.texts = [to_simplified(s.text) for s in sentences]
        heads = [to_simplified(s.section + s.subsection) for s in sentences]
        n = max(1, len(sentences))
        self.avg = sum(len(t) for t in self.texts) / n
        self.idf = {}
        self.absent: list[str] = []  # specific words the report never says
        topics = lx.narrative.topics
        for x, alts in self.alts.items():
            # a sentence says a word, or the heading it stands under does ((五)监督保障, 其他事项)
            df = sum(
                1
                for t, h in zip(self.texts, heads, strict=True)
                if any(a in t or a in h for a in alts)
            )
            if df == 0:
                rare = segment.rarity(x)
                known = segment.known(x)  # 上发 (网站上发信息) is a cut, not a word
                used = bool(reports_say and reports_say(x))
                if (known and rare >= SPECIFIC) or (rare >= USED and used) or x in topics:
                    self.absent.append(x)  # a topic this report does not write about
                continue  # how people talk, not what reports say
            self.idf[x] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        self.total = sum(self.idf.values()) or 1.0

    def matched(self, text: str) -> list[str]:
        return [x for x in self.idf if any(a in text for a in self.alts[x])]

    def score(self, i: int) -> float:
        t = self.texts[i]
        norm = K1 * (1 - B + B * len(t) / (self.avg or 1))
        out = 0.0
        for x in self.idf:
            tf = sum(t.count(a) for a in self.alts[x])
            if tf:
                out += self.idf[x] * tf * (K1 + 1) / (tf + norm)
        return out

    def cover(self, text: str) -> float:
        return sum(self.idf[x] for x in self.matched(to_simplified(text))) / self.total


def _section_prior(section: str, words: list[str], kind: NarrativeKind | None) -> float:
    """1 for the section the kind of question or its words point at (问题/改进 → 五)."""
    if kind in _ROLE_OF_KIND:
        return float(section == PROBLEMS_SECTION)
    if kind is NarrativeKind.MEASURES and section == PROBLEMS_SECTION:
        return 0.0  # 对公开不及时的问题怎么处理: what was done, which section 一 tells
    for name, keys in SECTIONS:
        if name == section:
            return float(any(k in x or x in k for k in keys for x in words))
    return 0.0


def _rank(
    q: ParsedQuestion,
    words: list[str],
    sentences: list[Sentence],
    chunk_rank: dict[str, int],
    reports_say=None,
) -> list[Scored]:
    scorer = _Scorer(words, sentences, reports_say)
    preamble = lexicon().narrative.asks_preamble(q.as_read)
    kind = q.narrative
    role = _ROLE_OF_KIND.get(kind) if kind else None
    out = []
    for i, s in enumerate(sentences):
        bm25 = scorer.score(i)
        heading = scorer.cover(s.subsection) * 0.5  # （三）政府信息管理情况 names what follows
        fused = (
            1.0 / (10 + chunk_rank[s.chunk.chunk_id]) * 10 if s.chunk.chunk_id in chunk_rank else 0
        )
        prior = _section_prior(s.section, words, kind)
        if role and s.section == PROBLEMS_SECTION:
            prior += 0.5 if s.role == role else -0.5
        elif kind is NarrativeKind.MEASURES and s.role == "problem":
            prior -= 1.0  # 政策解读是用什么方式做的: what was done, not what falls short
        if s.section == PREAMBLE:
            # the preamble names every section's subject and says none of them, but it says who
            # compiled the report and whom to ask
            prior += 1.0 if preamble else -1.0
        score = bm25 + heading + fused + prior
        cover = max(scorer.cover(s.text), scorer.cover(s.text + s.subsection))
        out.append(Scored(s, score, cover))
    out.sort(key=lambda x: (-x.score, x.sentence.index))
    return [] if scorer.absent or not scorer.idf else out  # 政府开放日: not written


# ------------------------------------------------------------------------------ answering


@responder(Intent.NARRATIVE)
def narrative(q: ParsedQuestion, ctx: Context) -> Answer:
    # which report says it: a question about what a report says names the body (or the corpus
    # holds one); a passage of whichever report the words match best would answer another question
    try:
        bodies = bodies_of(q, ctx)
    except Refusal as no_body:
        earlier = _earlier_body(q, ctx)
        if earlier is None:
            _say_what_is_unknown(q, ctx, no_body)
            raise
        bodies = [earlier]
    body = bodies[0] if bodies else None
    year = None
    note = ""
    if body is not None:
        year, note = _report_year(q, ctx, body)
        if not q.bodies and len(ctx.catalog.bodies) > 1:
            note += w.body_from_conversation(ctx.catalog.bodies[body].name)
        if q.premise is not None or re.search(r"多少|几", q.as_read):
            # 自查整改了多少次, 为什么一场发布会都没开: a count the prose states answers
            said = mention_answer(q, ctx, body, year, note)
            if said is not None:
                return said
            counted = [u for u in q.units if u in lexicon().units.not_generic or u in _COUNTED]
            if counted and q.premise is None:
                # 藏语专栏发了多少条: a count asked is a number or nothing, never a passage
                name = ctx.catalog.bodies[body].name
                raise Refusal(refusal(w.count_not_found(name, year), ctx.catalog, body))
    words = keywords(q, ctx)
    if not words and lexicon().narrative.asks_preamble(q.as_read):
        words = ["本报告", "编制"]  # 这份报告是谁编的: the preamble's own words
    passages = find_passages(q, ctx, body, year, words)
    if not passages:
        if not words and q.narrative not in _ROLE_OF_KIND:
            raise Refusal(
                refusal("没有理解您的问题，请换个说法，例如：", ctx.catalog, body, route="clarify")
            )
        who = ctx.catalog.bodies[body].name if body else "语料中的报告"
        topic = "、".join(words) or "这方面"
        raise Refusal(refusal(f"{who}没有写到与“{topic}”相关的内容。", ctx.catalog, body))
    return passage_answer(ctx, passages[0], note)


def _earlier_body(q: ParsedQuestion, ctx: Context) -> str | None:
    """The body of the conversation a follow-up about another topic goes on with ("那队伍建设方面
    呢？" after 淮安市): the last body named, when the question names none and every word it has
    that nothing else accounts for is written in that body's report ("那平潭呢？" is not)."""
    unknown = _unaccounted(q)
    if q.bodies or not unknown:
        return None
    last = next((m for m in reversed(q.seen) if m.status is BodyStatus.RESOLVED), None)
    if last is None or len(last.bodies) != 1:
        return None
    body = last.bodies[0]
    year, _ = _report_year(q, ctx, body)
    found = find_passages(q, ctx, body, year, keywords(q, ctx), k=1)
    if found and all(w in found[0].text for w in unknown):
        return body
    return None


def _unaccounted(q: ParsedQuestion) -> list[str]:
    """The words of a question about the text that no rule accounts for, less the words every
    report's text has (存在, 方面): a topic, or a name the corpus does not know."""
    generic = lexicon().narrative.generic
    return [x for x in q.unknown if x not in generic]


def _say_what_is_unknown(q: ParsedQuestion, ctx: Context, refused: Refusal) -> None:
    """ "那平潭呢？" with no body named: when no report writes the words nothing accounts for,
    the refusal says so first (平潭 is neither a body of the corpus nor a topic of its reports)."""
    unknown = _unaccounted(q)
    if q.bodies or not unknown:
        return
    found = find_passages(q, ctx, None, None, keywords(q, ctx), k=1)
    if found and all(x in found[0].text for x in unknown):
        return
    said = refused.answer
    said.answer = w.neither_body_nor_topic(unknown) + said.answer


def find_passages(
    q: ParsedQuestion,
    ctx: Context,
    body: str | None,
    year: int | None,
    words: list[str],
    k: int = 3,
) -> list[Passage]:
    """Up to ``k`` passages that answer, best first; none when nothing relevant is written."""
    lx = lexicon()
    search = list(dict.fromkeys(a for x in words for a in lx.alternatives(x)))
    docs = (
        ctx.retriever(body=body, year=year).invoke(" ".join(search) or q.as_read) if search else []
    )
    chunk_rank = {d.metadata["id"]: i for i, d in enumerate(docs)}
    reports = _reports(ctx, body, year, docs)
    out: list[Passage] = []
    for rid in reports:
        info = _report_info(ctx, rid)
        if info is None:
            continue
        chunks = ctx.index.facts.chunks(report_id=rid)
        sentences = sentences_of(chunks, info.body_printed, info.year)
        if not sentences:
            continue
        candidates = sentences
        named = lx.narrative.section_named(q.as_read)
        if named:  # 其他事项里还说了什么: that part only
            part = [s for s in sentences if s.section == named[1]]
            left = [x for x in words if x not in named[0] + named[1] and named[0] not in x]
            if part and not left:
                out.append(opening(part))
                if body is not None:
                    break
                continue
            candidates = part or sentences
        # 整改了几次: a count, not the plans; but 列了几条，分别是什么 asks for the list itself
        counting = (bool(q.units) or _COUNT.search(q.as_read) is not None) and not _LISTED.search(
            q.as_read
        )
        role = _ROLE_OF_KIND.get(q.narrative) if q.narrative and not counting else None
        p = role_passage(sentences, role) if role else None
        if p is not None:
            topic = [x for x in words if not _kind_word(x)]
            if topic:
                # 网站安全存在哪些问题: among the problems, the one asked about
                part = [s for s in sentences if s.section == PROBLEMS_SECTION and s.role == role]
                ranked = _rank(q, topic, part, chunk_rank, _reports_say(ctx))
                saying = [r for r in ranked if r.cover >= MIN_COVER]
                if saying and ranked[0] in saying and len(saying) <= len(part) / 2:
                    p = focused(part, ranked[0].sentence)  # the topic tells one point apart
            # 存在哪些问题, 下一步打算: the problems or the plans of section 五, whole
            out.append(p)
            if body is not None:
                break
            continue
        future = role == "plan" and any(x in q.as_read for x in lx.narrative.future)
        if (role == "problem" or future) and not any(
            s.section == PROBLEMS_SECTION for s in sentences
        ):
            # 存在哪些问题, 下一步有什么打算 of a text without its section 五 (an excerpt): not
            # written (改进 and 安排 also say what was done, which section 一 tells)
            continue
        ranked = _rank(q, words, candidates, chunk_rank, _reports_say(ctx))
        whole = bool(re.search(lx.narrative.plural, q.as_read)) or role is not None
        seen: set[tuple[int, int]] = set()
        for r in ranked[: k * 3]:
            if r.cover < MIN_COVER and not (role and r.sentence.section == PROBLEMS_SECTION):
                continue
            if counting and not _NUMBER.search(r.sentence.text):
                continue  # a count is answered by a sentence that states one
            if role and r.sentence.section == PROBLEMS_SECTION and r.sentence.role == role:
                p = role_passage(sentences, role)
            else:
                p = around(sentences, r.sentence, whole_list=whole)
            if p is None:
                continue
            key = (p.sentences[0].index, p.sentences[-1].index)
            if key in seen:
                continue
            seen.add(key)
            out.append(p)
            if len(out) >= k:
                break
        if body is not None:
            break
    return out[:k]


def _kind_word(word: str) -> bool:
    """A word that says what kind of passage is asked for (问题, 打算, 改进), not its topic."""
    return any(t.word == word and t.kind is Kind.NARRATIVE for t in lexicon().terms)


def _reports_say(ctx: Context):
    def say(word: str) -> bool:
        return ctx.index.facts.lexical.chunk_count(word) > 0

    return say


def _reports(ctx: Context, body: str | None, year: int | None, docs: list) -> list[str]:
    if body is not None and year is not None:
        rep = ctx.catalog.report(body, year)
        return [rep.report_id] if rep else []
    # no body named: the reports the retriever found, in its order
    return list(dict.fromkeys(d.metadata["report_id"] for d in docs))[:3]


def _report_info(ctx: Context, report_id: str):
    for info in ctx.catalog.bodies.values():
        for rep in info.reports.values():
            if rep.report_id == report_id:
                return rep
    return None


def passage_answer(ctx: Context, p: Passage, note: str = "") -> Answer:
    first = p.sentences[0]
    rep = _report_info(ctx, first.chunk.report_id)
    printed = rep.body_printed if rep else first.chunk.body
    title = w.report_title(printed, first.chunk.year)
    groups = p.items if len(p.items) >= 2 and _covers(p) else [p.sentences]
    if groups is p.items:
        intro = [s for s in p.sentences if s.index < p.items[0][0].index]
        if intro:
            groups = [intro + groups[0], *groups[1:]]
    citations, quotes = [], []
    for g in groups:
        text = "".join(s.text for s in g)
        citations.append(_cite(title, g, text))
        quotes.append(f"“{text}”[{len(citations)}]")
    where = f"“{first.section}”" if first.section else ""
    heads = f"要点：{'；'.join(p.heads)}。\n" if p.heads else ""
    answer = f"{heads}{title}{where}中写道：{''.join(quotes)}{note}"
    return Answer(answer=answer, found=True, citations=citations, route="narrative")


def _covers(p: Passage) -> bool:
    return sum(len(i) for i in p.items) + sum(
        1 for s in p.sentences if s.index < p.items[0][0].index
    ) == len(p.sentences)


def _cite(title: str, group: list[Sentence], text: str) -> Citation:
    c = group[0].chunk
    return Citation(
        source=c.provenance.source,
        title=title,
        body=c.body,
        year=c.year,
        section=c.section,
        locator=c.provenance.locator,
        quote=text,
        chunk_id=c.chunk_id,
        report_id=c.report_id,
        provenance={
            "section": c.section,
            "subsection": group[0].subsection,
            "page": c.provenance.page,
            "line": c.provenance.line,
            "char_start": group[0].start,
            "char_end": group[-1].end,
        },
    )


# ------------------------------------------------------------------- one sentence of a chunk


def _unwrap(text: str) -> str:
    """Lines a PDF wrapped mid-sentence joined again (a long line not ending a sentence);
    short lines (headings) keep their break."""
    lines = text.split("\n")
    out = lines[0]
    for prev, line in zip(lines, lines[1:], strict=False):
        p = prev.rstrip()
        joined = len(p) >= 20 and p[-1:] not in ("。", "！", "？", "；", "：", "")
        out += ("" if joined else "\n") + line
    return out


def best_sentences(text: str, keywords: list[str], limit: int = 160) -> str:
    """The sentence of ``text`` that says most of ``keywords`` (a contact detail's sentence)."""
    sentences = [s.strip() for s in _SENT.findall(_unwrap(text)) if s.strip()]
    full = [s for s in sentences if s[-1] in "。！？；" and len(s) > 8]
    sentences = full or sentences
    if not sentences:
        return text[:limit]
    scored = sorted(
        range(len(sentences)), key=lambda i: (-sum(x in sentences[i] for x in keywords), i)
    )
    best = scored[0]
    out = sentences[best]
    if len(out) < 40 and best + 1 < len(sentences):
        out += sentences[best + 1]
    return out[: limit * 2]
