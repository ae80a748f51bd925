"""The rule parser: a question read word by word against the metric registry, the question
lexicon and the catalog, into a :class:`ParsedQuestion`.

Every content word must be accounted for (a body, a year, a metric or column word, an operation or
intent word, or a filler). Whatever is left is ``unknown``: a question asking for a figure with
unknown words is not understood, and nothing is answered (the coverage guard)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.catalog import Catalog
from assistant.lexicon import Hit, Kind, lexicon
from assistant.parsing.bodies import resolve_mentions
from assistant.parsing.followup import merge
from assistant.parsing.text import (
    QUOTED,
    mend_english,
    prepare,
    translate_names,
    translate_phrases,
)
from assistant.parsing.years import explicit_years, year_spec
from assistant.question import (
    BodyMention,
    BodyStatus,
    Intent,
    MetricRef,
    NarrativeKind,
    Order,
    ParsedQuestion,
    Span,
    YearKind,
    YearSpec,
    all_of,
    whole_of,
)
from reportqa import segment
from reportqa.metrics import registry

_CLAUSE = re.compile(r"[，、；。？！,;?!]|还有|以及|另外|同时|并且|然后|其中")
# a number the question states (收到95件对吗): not a year, with a measure word
# (a count in Chinese numerals outside quotes needs a 十/百/千/万: 一件都没 is no claim); 多/余/来
# before the measure word, 左右/上下 after it, make the claim approximate (一万多件, 100来件)
_CLAIM = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(余|多|来|几)?(?=(?:件|条|次|个|篇|起|项|宗|万元|元|%|倍|场)(左右|上下)?)"
    r"|(?<=[“\"])[^”\"]{0,20}?([一二两三四五六七八九十百千]+)(?=件|条|次|个|篇|起|项|场)"
    r"|(?<![一二两三四五六七八九十百千万零〇\d])([一二两三四五六七八九几]?[十百千万][一二两三四五六七八九十百千万零]*)"
    r"(余|多|来|几)?(?=(?:件|条|次|个|篇|起|项|宗|场)(左右|上下)?)"
)
# a bound said before a claimed number (不到一百件, 超过2000件)
_BELOW = ("不到", "不足", "少于", "低于", "没到", "未到", "没有到")
_CLAIM_BOUND = re.compile(
    r"(不到|不足|少于|低于|没到|未到|没有到|超过|多于|高于|超出|已超|超)了?\s*$"
)
_CLAIM_UNIT = re.compile(r"(?:万元|件|条|次|个|篇|起|项|宗|元|%|倍|场)(?:左右|上下)?")
# the format's own numbering, said by staff quoting a label: （四）, 二、, 第二十条第（八）项, 2.
_NUMBERING = re.compile(
    r"第二十条\s*第?\s*（[一二三四五六七八九]+）\s*项|（[一二三四五六七八九十]+）|"
    r"(?<![\u4e00-\u9fff])[一二三四五六七八九十]、|第[一二三四五六七八九十\d]+项|(?<![\d.])\d\.(?!\d)|[—–-]"
)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_PIECES = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z'\-]*|\d+(?:\.\d+)?")
_ELLIPTICAL = re.compile(r"(?:呢|咧|嘞|如何|怎样|怎么样|又是多少|是多少|多少|吗)[？?！!。]*$")
# intents that need a figure; the others (narrative, holdings) quote or list
_FIGURE_INTENTS = frozenset(Intent) - {
    Intent.NARRATIVE,
    Intent.HOLDINGS,
    Intent.HELP,
    Intent.UNKNOWN,
}
_LEDGER = frozenset({"new", "carried_in", "total", "carried_out"})
_REASON_WORDS = ("理由", "原因", "情形", "情况", "类型", "种类")
# 占了多少件, 占几件: a count of the part (the share words name a part, not a rate)
_COUNT_OF_SHARE = re.compile(r"占[了有到]?(?:多少|几)(?:件|条|次|个|篇|起|项|宗|场)")
# verbs of both a plan and a measure (加强, 提升), and the 是…的 of a thing done (怎么加强…的)
_DONE_VERBS = frozenset({"加强", "提升", "改进", "整改"})
_SAID_DONE = re.compile(r"(?:怎么|怎样|如何)[^，,。？?]{1,20}的[？?。！!]*$")
# words between a reason and its total that keep both: joined (无法提供和本机关不掌握), one the
# frame of the other (不予处理里信访类), or the whole of a share (重复申请占不予处理的)
_APART = re.compile(r"[和与及、，,]|以及|里|中|占")
_AIMED_AT = re.compile(r"(?:针对|对于|对照|就|围绕|对)(?:这些|上述|存在的|发现的|所说的)?$")
_A_PROBLEM_NAMED = re.compile(
    r"(?:(?:针对|对于|对|发现|遇到|碰到|出现)[^，,。？?对]{2,20}的?|解决|处理|应对|化解|整改)$"
)
_CLAIMS_MANY = re.compile(r"(?:那么|这么)多|不少|很多|好多|一大笔")
_LISTED_WHOLE = re.compile(r"的?(?:总数|总计|合计|总量)?(?:、|和|与|及|以及|，|,)")
_EACH = re.compile(r"分别|各自|各是|各有|各为|各多少|各几")
_DEPARTMENT = re.compile(r"^(?!.*街道).+(?:局|委员会|委|厅)$")  # 住房和城乡建设局, not 永吉街道
_JOINER = re.compile(r"的?(?:和|与|及|以及|跟|、|还有|\s+)")
# what kinds of information were published (主要是哪些信息, 哪几类, 哪些方面的内容)
_WHAT_KINDS = re.compile(
    r"(?:哪些|什么|哪类|哪几类|哪一类|哪方面|哪些方面|哪几个方面)的?(?:信息|内容|方面|类)"
    r"|(?:主要|都)(?:是|有|包括)(?:哪些|什么|哪类)"
)
# words for the year a question is about (本年新收, 当年), not the newest report's when a year is said
_THIS_YEAR = frozenset({"本年", "本年度", "当年", "该年", "这一年"})
# the words that make what precedes them a frame (不予处理里, 办结的申请中)
_INSIDE = "当中|之中|里面|里头|里|中"
# a clause that frames the next: it ends with 里/中 and asks nothing
_FRAME = re.compile(rf"^(?!.*(?:多少|几|吗|呢|哪)).*(?:{_INSIDE})[，,]\s*$")
# a clause that names a plain verb's figure and asks nothing (收到的申请，以…为由没法提供的有几件)
_ASKS_NOTHING = re.compile(r"^(?!.*(?:多少|几|吗|呢|哪)).*[，,]\s*$")
# share words after which the whole is said (予以公开占办结, 结果纠正除以复议总数)
_WHOLE_AFTER = ("占", "除以", "÷", "divided by")
# a stated figure whose cause is asked (纠正了5件，问题出在哪): the figure is taken for granted
_WHY_OF_CLAIM = re.compile(r"为什么|为何|怎么会|咋会|问题出在|什么原因|啥原因|原因是")
# a figure that frames the ones after it (办结的申请中, 答复的里面): the whole of a share
_FRAMES_PARTS = re.compile(rf"的?(?:申请|件|答复|信息)?(?:{_INSIDE})")
_LOW = (
    "倒数第一",
    "倒数第1",
    "最少",
    "最低",
    "最小",
    "least",
    "smallest",
    "用得最少",
    "谁最少",
    "从低到高",
)


class RuleParser:
    """The first :class:`~assistant.question.QuestionParser`: lexicon and rules, no model."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def parse(self, question: str, history: list[str] | None = None) -> ParsedQuestion:
        state: ParsedQuestion | None = None
        for said in [*(history or []), question]:  # each question read as it was asked, in turn
            state = self._next(state, self.parse_one(said))
        assert state is not None
        return state

    def _next(self, state: ParsedQuestion | None, cur: ParsedQuestion) -> ParsedQuestion:
        if state is not None:
            cur = self._seen_before(state, cur)
            cur = self._same_kind_in(state, self._part_of_earlier(state, cur))
        return self._last_year_after(state, merge(state, cur))

    def _seen_before(self, prev: ParsedQuestion, cur: ParsedQuestion) -> ParsedQuestion:
        """澜江市人民政府2024年……2023年市政府行政复议被纠正了几件: a name several bodies share
        is the one the conversation has named, or the one in the city all its bodies are in."""
        seen = [b for m in prev.seen if m.status is BodyStatus.RESOLVED for b in m.bodies]
        if not seen or not any(m.status is BodyStatus.AMBIGUOUS for m in cur.bodies):
            return cur
        cities = {self.catalog.city_of(b) for b in seen if b in self.catalog.bodies} - {None}
        out = []
        for m in cur.bodies:
            if m.status is BodyStatus.AMBIGUOUS:
                named = [b for b in m.bodies if b in seen]
                if len(named) != 1 and len(cities) == 1:
                    named = [b for b in m.bodies if self.catalog.city_of(b) in cities]
                if len(named) == 1:
                    m = m.model_copy(update={"status": BodyStatus.RESOLVED, "bodies": (named[0],)})
            out.append(m)
        return cur.model_copy(update={"bodies": tuple(out)})

    def _part_of_earlier(self, prev: ParsedQuestion, cur: ParsedQuestion) -> ParsedQuestion:
        """主动公开了多少条？其中政策解读多少条: a part of the 主动公开 total the reports list,
        not the count of 解读 the text gives elsewhere."""
        if not (
            not cur.bodies
            and "其中" in cur.text
            and len(cur.metrics) == 1
            and [m.metric for m in prev.metrics] == ["published"]
        ):
            return cur
        named = [w for w in cur.metrics[0].words if w in self.catalog.parts]
        if not named:
            return cur
        part = MetricRef(metric="published", part=named[0], words=(named[0],))
        return cur.model_copy(update={"metrics": (part,)})

    def _same_kind_in(self, prev: ParsedQuestion, cur: ParsedQuestion) -> ParsedQuestion:
        """市住建局2023年收到多少？东澜区的呢？: a place said alone after a department is that
        department of the place (东澜区住建局), or a body the corpus does not hold; never the
        place's government."""
        cat = self.catalog
        before = prev.resolved_bodies
        if not cur.elliptical or len(cur.bodies) != 1 or len(before) != 1:
            return cur
        m = cur.bodies[0]
        place = cat.is_place(m.text) or m.text in cat.regions  # 西澜区: no government of its own
        if m.status not in (BodyStatus.RESOLVED, BodyStatus.UNKNOWN) or not place:
            return cur
        if before[0] in cat.bodies and cat.is_place_body(before[0]):
            return cur  # 东澜区政府…，青屿区的呢: a government after a government
        kind = cat.kind_of(before[0])
        if not _DEPARTMENT.search(kind):
            return cur  # 永吉街道…，淮安市呢: a street is a place of its own, not a kind of body
        region = cat.region_of_place(m.text)
        fits = [b for b in cat.bodies if b.endswith(kind) and region in cat.regions_of(b)]
        if len(fits) == 1:
            found = m.model_copy(update={"bodies": (fits[0],), "status": BodyStatus.RESOLVED})
        else:
            found = m.model_copy(
                update={
                    "text": region + kind,
                    "status": BodyStatus.AMBIGUOUS if fits else BodyStatus.UNKNOWN,
                    "bodies": tuple(sorted(fits)),
                }
            )
        return cur.model_copy(update={"bodies": (found,)})

    def _last_year_after(self, prev: ParsedQuestion | None, cur: ParsedQuestion) -> ParsedQuestion:
        """2024年收到多少？那去年呢？: 去年 is the newest report's year, and when that is the
        year just asked about, the one before it."""
        if (
            prev is None
            or cur.years.kind is not YearKind.LATEST
            or cur.years.words not in lexicon().last_year
            or prev.years.kind is not YearKind.EXPLICIT
            or len(prev.years.years) != 1
        ):
            return cur
        asked = prev.years.years[0]
        newest = {
            self.catalog.bodies[b].newest for b in cur.resolved_bodies if b in self.catalog.bodies
        }
        if newest != {asked}:
            return cur
        # 跟去年比是多了还是少了: the year asked about set against the one before it
        said = (asked - 1, asked) if cur.intent is Intent.COMPARE else (asked - 1,)
        years = YearSpec(kind=YearKind.EXPLICIT, years=said, words=cur.years.words)
        return cur.model_copy(update={"years": years})

    # ------------------------------------------------------------------ one question

    def parse_one(self, question: str) -> ParsedQuestion:
        lx = lexicon()
        text, mended = mend_english(prepare(question), self.catalog)
        text, translated = translate_names(text, self.catalog)
        text = translate_phrases(text)
        translated = [*mended, *translated]
        # scope words (各区政府, 各部门) are not the bodies their words name
        scope_spans = [(h.start, h.end) for h in lx.scan(text) if h.kind is Kind.SCOPE]
        masked = "".join(" " if _overlaps(i, i + 1, scope_spans) else c for i, c in enumerate(text))
        city_level = any(h.kind is Kind.SCOPE and ";city" in h.target for h in lx.scan(text))
        mentions, body_spans = resolve_mentions(
            masked, self.catalog, scoped=bool(scope_spans), city_level=city_level
        )
        mentions = [self._confirm(m) for m in mentions]
        years, year_spans, is_range = explicit_years(text)
        blocked = body_spans + [(s.start, s.end) for s in year_spans]
        claims = [
            (_claim_start(m), m.end(), _claimed(m))
            for m in _CLAIM.finditer(text)
            if not _overlaps(_claim_start(m), m.end(), blocked)
        ]
        blocked += [(s, e) for s, e, _ in claims]
        # 左右 after the measure word belongs to the claim (100件左右)
        blocked += [
            (m.end(g), m.end(g) + 2)
            for m in _CLAIM.finditer(text)
            for g in (3, 7)
            if m.group(g) and text[m.end(g) : m.end(g) + 2] in ("左右", "上下")
        ]
        blocking = [(m.start(), m.end()) for p in lx.premise_blocking for m in p.finditer(text)]
        hits = lx.scan(text, blocked + blocking)
        # “三晒三比三提升”活动: an operation word inside a quoted name is part of the name
        quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
        hits = [
            h for h in hits if not (h.kind is Kind.INTENT and _overlaps(h.start, h.end, quoted))
        ]
        covered_premise = blocking
        covered = blocked + covered_premise + [(h.start, h.end) for h in hits]
        covered += [(m.start(), m.end()) for p in lx.premise for m in p.finditer(text)]
        if any(p.search(text) for p in lx.yesno):
            covered += [(m.start(), m.end()) for p in lx.yesno_tails for m in p.finditer(text)]
        covered += [(m.start(), m.end()) for m in _NUMBERING.finditer(text)]
        if lx.category_counts is not None:
            covered += [(m.start(), m.end()) for m in lx.category_counts.finditer(text)]
        parts = _parts_named(text, self.catalog.parts, covered)
        published = [h for h in hits if h.kind is Kind.METRIC and h.target == "published"]
        if published:
            # 主动公开的信息中政策解读类: a part of the 主动公开 total whose name is also a
            # figure's word (政策解读) is the part
            metric_spans = [
                (h.start, h.end) for h in hits if h.kind is Kind.METRIC and h.target != "published"
            ]
            shadowed = _parts_named(
                text, self.catalog.parts, [c for c in covered if c not in metric_spans]
            )
            new = [
                p
                for p in shadowed
                if p not in parts
                and any(s <= p[0] and p[1] <= e or p[0] <= s and e <= p[1] for s, e in metric_spans)
                and _said_as_part(text, published[0].end, p[0], p[1])
            ]
            if new:
                spans = [(s, e) for s, e, _ in new]
                hits = [h for h in hits if not any(_overlaps(h.start, h.end, [sp]) for sp in spans)]
                covered = [
                    c for c in covered if c not in metric_spans or not _overlaps(c[0], c[1], spans)
                ]
                parts += new
        covered += [(s, e) for s, e, _ in parts]
        context = _context_clauses(text, hits, covered)
        covered += context
        # the figure's words of a clause about the asker are not asked (its bodies, years count)
        hits = [h for h in hits if not (h.kind in _TALKING and _overlaps(h.start, h.end, context))]
        unknown, residue = _unknown_words(text, covered)
        if unknown:
            # a name close to a body's (淮按市, 永急街道, 淮安市政付): to be confirmed
            near = self.catalog.near(text, [c for c in covered if c not in body_spans])
            near = [n for n in near if _overlaps(n.start, n.end, _gaps(text, covered))]
            for n in near:
                mentions = [m for m in mentions if not (n.start <= m.start and m.end <= n.end)]
                mentions.append(
                    BodyMention(
                        text=n.text,
                        status=BodyStatus.FUZZY,
                        bodies=tuple(sorted(n.bodies)),
                        start=n.start,
                        end=n.end,
                    )
                )
                covered.append((n.start, n.end))
            if near:
                unknown, residue = _unknown_words(text, covered)
            mentions.sort(key=lambda m: m.start)
        if unknown:
            # 行政复意, 申清: a word that reads as a figure's word is taken as it, and said so
            fixed_hits, notes = _homophones(text, covered)
            if fixed_hits:
                hits = sorted([*hits, *fixed_hits], key=lambda h: h.start)
                covered += [(h.start, h.end) for h in fixed_hits]
                translated = [*translated, *notes]
                unknown, residue = _unknown_words(text, covered)
        text_facts = [h for h in hits if h.kind is Kind.METRIC and registry()[h.target].is_text]
        if text_facts and all(
            not (h.kind is Kind.METRIC and not registry()[h.target].is_text) for h in hits
        ):
            # 淮安市人民政府办公室的邮编: the office named for contact is the body's own
            unknown = [u for u in unknown if u not in lx.contact_fillers]
            mentions = [
                m.model_copy(update={"status": BodyStatus.RESOLVED})
                if m.status is BodyStatus.FUZZY and m.text.endswith(("办公室", "办"))
                else m
                for m in mentions
            ]
        words = _Words(
            text,
            question,
            mentions,
            years,
            year_spans,
            is_range,
            hits,
            claims,
            [p for _, _, p in parts],
            unknown,
            residue,
            translated,
            context=context,
        )
        parsed = words.assemble()
        if parsed.unknown:
            # a phrase grows over the words around it, not over bodies, years or question words
            fixed = (
                blocked[: len(body_spans) + len(year_spans)]
                + [(h.start, h.end) for h in hits if h.kind in (Kind.FIGURE, Kind.YEAR)]
                + [(s, e) for s, e, _ in claims]
                + [(m.start(), m.end()) for m in re.finditer(r"\d+", text)]
            )
            parsed = parsed.model_copy(
                update={"unknown_phrases": _phrases(text, parsed.unknown, fixed, covered)}
            )
        return parsed

    def _confirm(self, m: BodyMention) -> BodyMention:
        """An unknown name that reads like an alias (淮按市, 怀安市政府) is a name to confirm."""
        if m.status is not BodyStatus.UNKNOWN:
            return m
        near = [n for n in self.catalog.near(m.text, []) if n.end - n.start == len(m.text)]
        if not near:
            return m
        return m.model_copy(
            update={"status": BodyStatus.FUZZY, "bodies": tuple(sorted(near[0].bodies))}
        )


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def _gaps(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    mask = _mask(text, covered)
    out, start = [], None
    for i, m in enumerate([*mask, True]):
        if not m and start is None:
            start = i
        elif m and start is not None:
            out.append((start, i))
            start = None
    return out


def _mask(text: str, covered: list[tuple[int, int]]) -> list[bool]:
    mask = [False] * len(text)
    for s, e in covered:
        for i in range(max(0, s), min(len(text), e)):
            mask[i] = True
    return mask


_CLAUSE_SPLIT = re.compile(r"[，,。；;？?！!：:—]")
# the kinds of word that make a clause ask something; a column's word alone does not (我们律所
# 在研究……: who asks, not what)
_TALKING = (Kind.METRIC, Kind.AMBIGUOUS, Kind.INTENT, Kind.FIGURE, Kind.GROUP)


def _remark_word(h: Hit) -> bool:
    """太少了 in a remark; never 比 or 较, which set the figure against another."""
    return h.kind is Kind.INTENT and h.target == "compare" and not re.search("比|较", h.word)


def _context_clauses(
    text: str, hits: list[Hit], covered: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Clauses about the asker, not the figure (我在写一篇课程论文，需要引用……; 老伴让我问问):
    a clause with a word of the asker (我, 帮我, 论文) and no figure, operation or question
    word, nor a word that changes a figure (没, 驳回), in a question of several clauses. Their
    words are not asked about; the bodies and years they name still count."""
    lx = lexicon()
    bounds = [0, *[m.end() for m in _CLAUSE_SPLIT.finditer(text)], len(text)]
    clauses = [
        (a, b)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if text[a:b].strip("，,。；;？?！! ")
    ]
    if len(clauses) < 2:
        return []

    def asks(a: int, b: int) -> bool:  # a question word and a figure's word
        inside = [h for h in hits if a <= h.start < b]
        return any(h.kind is Kind.FIGURE for h in inside) and any(
            h.kind in (Kind.METRIC, Kind.WEAK) for h in inside
        )

    out = []
    for a, b in clauses:
        clause = text[a:b]
        if (
            lx.context_remark is not None
            and lx.context_remark.search(clause.rstrip("，,。；;？?！! "))
            # 这也太少了吧: a change word in a remark compares nothing (no figure, year or body)
            and not any(a <= h.start < b and not _remark_word(h) for h in hits)
            and not re.search("比|较", clause)
            and not _overlaps(
                a, b, [c for c in covered if c not in {(h.start, h.end) for h in hits}]
            )
            and any(asks(c, d) for c, d in clauses if (c, d) != (a, b))
        ):
            # 这也太离谱了吧, 真的假的: the asker's remark on a figure another clause asks
            out.append((a, b))
            continue
        if not any(m in clause.lower() for m in lx.context_markers):
            continue
        if any(k in clause for k in lx.context_keep):
            continue
        said = [  # 比 in 比对: a word of the asker holding an operation's word
            (a + m.start(), a + m.end())
            for w in lx.context_markers
            for m in re.finditer(re.escape(w), clause.lower())
        ]
        inside = [
            h
            for h in hits
            if a <= h.start < b
            and h.kind in _TALKING
            and not any(s <= h.start and h.end <= e for s, e in said)
        ]
        if any(h.kind in (Kind.FIGURE, Kind.INTENT) for h in inside):
            continue
        # 表哥说市监局去年罚了很多商户，我就想看看行政处罚的决定数量是多少: the figure's words of
        # a clause about the asker are context when another clause asks a figure
        if inside and not any(asks(c, d) for c, d in clauses if (c, d) != (a, b)):
            continue
        out.append((a, b))
    # 我在淮安，之前写信反映问题，结果被当成信访…: the asker's story goes on in the clauses after
    # one about the asker, up to the clause that asks; a clause naming nothing the lexicon knows
    # and no word that changes a figure belongs to it
    for i, (a, b) in enumerate(clauses[1:-1], start=1):
        if (
            (a, b) not in out
            and clauses[i - 1] in out
            and not any(a <= h.start < b and h.kind in _TALKING for h in hits)
            and not any(k in text[a:b] for k in lx.context_keep)
            and any(asks(c, d) for c, d in clauses[i + 1 :])
        ):
            out.append((a, b))
    out.sort()
    if len(out) == len(clauses):
        return out[:-1]  # something must be asked: the last clause, where a question ends
    return out


def _said_as_part(text: str, after: int, start: int, end: int) -> bool:
    """主动公开的信息中政策解读类, 主动公开里政策解读有多少: the word is said as one of the
    主动公开 total's parts (not 主动公开多少条、政策解读多少篇: two figures)."""
    between = text[after:start]
    if start < after or re.search(r"[、，,；;]|多少|几", between):
        return False
    return bool(re.search(r"中|里", between)) or text[end : end + 1] == "类"


def _parts_named(
    text: str, parts: frozenset[str], covered: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Parts of the 主动公开 total named in what no other word covers (政策文件, 机构信息)."""
    out: list[tuple[int, int, str]] = []
    for p in sorted((p for p in parts if len(p) >= 2 and p in text), key=len, reverse=True):
        at = text.find(p)
        end = at + len(p)
        if _overlaps(at, end, covered + [(s, e) for s, e, _ in out]):
            continue
        out.append((at, end, p))
    return out


def _unknown_words(text: str, covered: list[tuple[int, int]]) -> tuple[list[str], str]:
    """The content words no span covers (jieba tokens of the uncovered runs that are not
    fillers), and the uncovered text itself."""
    found = _unknown_at(text, covered)
    runs = [text[s:e] for s, e in _gaps(text, covered)]
    return list(dict.fromkeys(tok for tok, _ in found)), " ".join(runs)


def _unknown_at(text: str, covered: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """(token, where) for every content word no span covers."""
    lx = lexicon()
    out: list[tuple[str, int]] = []
    for s, e in _gaps(text, covered):
        for piece in _PIECES.finditer(text, s, e):
            at = piece.start()
            for tok in _tokens(piece.group()):
                i = text.find(tok, at, piece.end())
                at = i + len(tok) if i >= 0 else at
                if _PUNCT_ONLY.match(tok) or lx.is_filler(tok) or tok.isdigit():
                    continue
                out.append((tok, i))
    return out


def _tokens(piece: str) -> Iterable[str]:
    if not re.match(r"[\u4e00-\u9fff]", piece):
        return [piece]
    if lexicon().is_filler(piece):
        return []
    return segment.words(piece)


_STOPS = set("，。？！、；：,.?!;:“”\"'（）() ")


def _phrases(
    text: str,
    unknown: tuple[str, ...],
    fixed: list[tuple[int, int]],
    covered: list[tuple[int, int]],
) -> tuple[str, ...]:
    """The unknown words as the question says them, with up to four characters before and two
    after that are not a body, a year or a question word (按时办结率, 电话咨询, 加急办理)."""
    spans = [[i, i + len(u)] for u, i in _unknown_at(text, covered) if u in unknown and i >= 0]
    spans.sort()
    merged: list[list[int]] = []
    for s in spans:
        if (
            merged
            and s[0] - merged[-1][1] <= 3
            and not any(c in _STOPS for c in text[merged[-1][1] : s[0]])
        ):
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(s)
    out = []
    for a, b in merged:
        for _ in range(4):  # never over English words glued to it (新闻发布会did)
            if a > 0 and _grows_over(text[a - 1]) and not _overlaps(a - 1, a, fixed):
                a -= 1
        for _ in range(2):
            if b < len(text) and _grows_over(text[b]) and not _overlaps(b, b + 1, fixed):
                b += 1
        out.append(text[a:b])
    return tuple(dict.fromkeys(out))


def _grows_over(ch: str) -> bool:
    return ch not in _STOPS and not ("a" <= ch.lower() <= "z")


@dataclass(frozen=True)
class Claim:
    """A number the question states, with the range it covers when said approximately."""

    value: float
    range: tuple[float, float] | None = None
    words: str = ""  # as said, when approximate (一万多件)


_ALL = re.compile(
    r"(?:全部|全都|都)[^，,。？?！!]{0,12}?(?:了(?:吧|吗|嘛|没有|没)?|的(?:吧|吗|嘛))"
    r"(?P<end>[，,。？?！!]|$)"
)


_ALL_ASKED = re.compile(r"(?:是不是|是否)(?:全部|全都|都)[^，,。？?！!]{1,12}(?:[，,。？?！!]|$)")


def _said_all(text: str, verifies: bool) -> bool:
    """全部都予以公开了吧 (checked), 都维持了，维持的一共多少件 (said, then asked): the question
    takes every case to be of one kind."""
    if _ALL_ASKED.search(text):  # 是不是都说不掌握, 是否全部公开
        return True
    m = _ALL.search(text)
    if m is None:
        return False
    rest = text[m.end() :].strip("，,。？?！! ")
    return verifies or re.search(r"[吧吗嘛]", m.group()) is not None or bool(rest)


def counts_a_part(text: str) -> bool:
    """占了多少件, 占几件: the question asks the count of a part, not its share."""
    return _COUNT_OF_SHARE.search(text) is not None


def _claim_start(m: re.Match[str]) -> int:
    return m.start(next(g for g in (1, 4, 5) if m.group(g)))


def _said(m: re.Match[str]) -> str:
    unit = _CLAIM_UNIT.match(m.string, m.end())
    return m.string[_claim_start(m) : unit.end() if unit else m.end()]


def _claimed(m: re.Match[str]) -> Claim:
    """The number a question states: digits, Chinese numerals quoted from a report, or Chinese
    numerals with a 十/百/千/万. 一万多 covers 10000 to 19999 (多/余: up to the next step of its
    last digit), 100来 and 100件左右 80 to 120."""
    from reportqa.numbers import chinese_to_int

    if m.group(1):
        value, before, after = float(m.group(1)), m.group(2), m.group(3)
    elif m.group(4):
        return Claim(float(chinese_to_int(m.group(4)) or 0), words=m.group(4))
    elif m.group(5).startswith("几"):  # 几十件, 几百条: some tens, some hundreds
        step = float(chinese_to_int(m.group(5)[1:]) or 0)
        unit = _CLAIM_UNIT.match(m.string, m.end())
        words = m.string[_claim_start(m) : unit.end() if unit else m.end()]
        return Claim(step, (step, step * 10 - 1e-9), words)
    else:
        value, before, after = float(chinese_to_int(m.group(5)) or 0), m.group(6), m.group(7)
    bound = _CLAIM_BOUND.search(m.string[: _claim_start(m)])
    if bound:  # 不到一百件, 超过2000件: one side of the claim
        unit = _CLAIM_UNIT.match(m.string, m.end())
        words = m.string[bound.start() : unit.end() if unit else m.end()]
        below = bound.group(1) in _BELOW
        return Claim(value, (0.0, value - 1e-9) if below else (value + 1e-9, math.inf), words)
    if before in ("多", "余", "几"):
        step = 10 ** (len(str(int(value))) - len(str(int(value)).rstrip("0"))) if value else 1
        lo, hi = value, value + step
    elif before == "来" or after:
        lo, hi = value * 0.8, value * 1.2
    else:
        # 四百万件: a number in Chinese numerals is said back as written, never as digits the
        # question does not hold
        return Claim(value, words="" if m.group(1) else _said(m))
    unit = _CLAIM_UNIT.match(m.string, m.end())
    words = m.string[_claim_start(m) : unit.end() if unit else m.end()]
    return Claim(value, (lo, hi), words)


def _homophones(text: str, covered: list[tuple[int, int]]) -> tuple[list[Hit], list[str]]:
    """Unknown words that read exactly like one metric or column word (行政复意 → 行政复议),
    as hits of that word, and a note for each saying how it was read."""
    from assistant.names import pinyin_key

    by_sound = _metric_sounds()
    hits: list[Hit] = []
    notes: list[str] = []
    for s, e in _gaps(text, covered):
        run = text[s:e]
        if not re.search(r"[\u4e00-\u9fff]{2}", run):
            continue
        # a piece starts and ends where words do (因为逾期 holds no 为逾, read as 位于)
        bounds = {0, len(run)} | {b for _, a, z in segment.spans(run) for b in (a, z)}
        i = 0
        while i < len(run):  # the longest piece at each place that reads as a figure's word
            for n in range(min(8, len(run) - i), 2, -1):  # (发了 is no 罚了: three or more)
                piece = run[i : i + n]
                terms = (
                    by_sound.get(pinyin_key(piece), [])
                    if re.fullmatch(r"[\u4e00-\u9fff]+", piece) and i in bounds and i + n in bounds
                    else []
                )
                if len(terms) == 1 and terms[0].word != piece:
                    hits.append(Hit(terms[0], s + i, s + i + n))
                    notes.append(f"{piece} → {terms[0].word}")
                    i += n
                    break
            else:
                i += 1
    return hits, notes


@lru_cache(maxsize=1)
def _metric_sounds() -> dict[str, list]:
    from assistant.names import pinyin_key

    out: dict[str, list] = {}
    for t in lexicon().terms:
        if t.kind in (Kind.METRIC, Kind.DIM) and not t.latin and len(t.word) >= 2:
            key = pinyin_key(t.word)
            if all(o.target != t.target for o in out.get(key, [])):
                out.setdefault(key, []).append(t)
    return out


def _named_ratio(ref: MetricRef) -> MetricRef | None:
    for m in registry().metrics.values():
        if m.ratio and m.ratio[0].metric == ref.metric and m.ratio[0].dim == ref.dim:
            return MetricRef(metric=m.id, words=ref.words)
    return None


def _years_in(span: str) -> list[int]:
    years, _, _ = explicit_years(span)
    return list(years)


def _part_inside(
    parts: list[MetricRef], whole: MetricRef
) -> tuple[list[MetricRef], MetricRef | None]:
    """(parts, whole) as the tables have them: one figure said as the whole that is itself a part
    of the other (予以公开率, as a share of 办结: "full disclosure rate, as a share of all requests
    processed") is the part, whatever order the words came in."""
    if len(parts) == 1:
        (part,) = parts
        inner = whole_of(whole)
        if inner is not None and (inner.metric, inner.dim) == (part.metric, part.dim):
            return [whole], part
    return parts, whole


def _whole_with_part(refs: list[MetricRef]) -> bool:
    """复议总数和维持: a figure named with a column or part of its own (never summed)."""
    plain = {r.metric for r in refs if r.dim is None and r.part is None}
    return any(r.metric in plain and (r.dim or r.part) for r in refs)


def _without_containers(ids: list[str], adds: bool = False) -> list[str]:
    """A metric named beside one of its own parts is the part: 不予处理 + 信访举报投诉 is the
    信访 row, 行政诉讼 + 未经复议直接起诉 the 直接起诉 group; but a container named with all its
    parts and 合计 is the container (行政诉讼（未经复议直接起诉与复议后起诉合计）)."""
    reg = registry()

    def cells(mid: str) -> set[str]:
        m = reg[mid]
        return {f"r:{r}" for r in m.rows} | {f"g:{g}" for g in m.groups}

    whole = set()  # containers named with all their parts and 合计/加: they stand for the parts
    if adds:
        for mid in ids:
            mine = cells(mid)
            inner = [o for o in ids if o != mid and cells(o) and cells(o) < mine]
            if inner and set().union(*(cells(o) for o in inner)) == mine:
                whole.add(mid)
    out = []
    for mid in ids:
        mine = cells(mid)
        if any(c != mid and mine and mine < cells(c) for c in whole):
            continue  # a part of a container that stands for it
        inner = [o for o in ids if o != mid and cells(o) and cells(o) < mine]
        if mid in whole or not inner:
            out.append(mid)
    return out


def _holders(metric: str) -> list[str]:
    """Every figure that holds ``metric`` (本机关不掌握 → 无法提供 → 办结)."""
    out: list[str] = []
    ref = all_of(MetricRef(metric=metric))
    while ref is not None and ref.metric not in out and ref.metric != metric:
        out.append(ref.metric)
        ref = all_of(MetricRef(metric=ref.metric))
    return out


def _clause_of(text: str, at: int) -> int:
    return len(_CLAUSE.findall(text[:at]))


def _clause_text(text: str, i: int) -> str:
    """Clause ``i`` (as :func:`_clause_of` counts) with the separator that ends it."""
    ends = [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    return text[(ends[i - 1] if i else 0) : ends[i]]


@dataclass
class _Words:
    """What one question says, found; :meth:`assemble` decides what it asks."""

    text: str
    question: str
    mentions: list[BodyMention]
    years: tuple[int, ...]
    year_spans: list[Span]
    is_range: bool
    hits: list[Hit]
    claims: list[tuple[int, int, Claim]]
    parts: list[str]
    unknown: list[str]
    residue: str
    translated: list[str]
    context: list[tuple[int, int]] = field(default_factory=list)  # clauses about the asker
    by_kind: dict[Kind, list[Hit]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for h in self.hits:
            self.by_kind.setdefault(h.kind, []).append(h)

    def kind(self, k: Kind) -> list[Hit]:
        return self.by_kind.get(k, [])

    # ------------------------------------------------------------------ metrics and columns

    def _asked_apart(self, h: Hit, others: list[Hit]) -> bool:
        """Whether ``h`` and each of ``others`` have an asking word of their own (几件, 多少)
        after them, before the next: 新收申请几件行政许可多少件, not 收到多少行政复议."""
        asks = [a.start for a in self.kind(Kind.FIGURE)]
        for o in others:
            first, second = (h, o) if h.start < o.start else (o, h)
            if not any(first.end <= a < second.start for a in asks):
                return False
            if not any(a >= second.end for a in asks):
                return False
        return bool(others)

    def _narrowest(self, dimension: str, said: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """The columns said, without one that holds another said beside it with nothing asked
        or listed between (法人或其他组织中社会公益组织, public-interest organisations: the
        narrower column)."""
        values = registry().dimensions[dimension].values
        cols = {v: set(values[v].columns) for v, _ in said if v in values}
        out = []
        for v, at in said:
            inside = [
                (u, a)
                for u, a in said
                if u != v
                and u in cols
                and v in cols
                and cols[u] < cols[v]
                and not re.search(
                    r"[和与及、，,；;]|多少|几|其中", self.text[min(at, a) : max(at, a)]
                )
            ]
            if not inside:
                out.append((v, at))
        return out

    def _joined(self, h: Hit, others: list[Hit]) -> bool:
        """Whether ``h`` is listed with one of ``others`` (新收和上年结转分别是多少)."""
        for o in others:
            between = self.text[min(h.end, o.end) : max(h.start, o.start)]
            if _JOINER.fullmatch(between):
                return True
            # 新收 上年结转 结转下年度 分别几件: a list said with spaces, each asked
            if not between and _EACH.search(self.text, max(h.end, o.end)):
                return True
        return False

    def _compared(self, h: Hit, others: list[Hit]) -> bool:
        """Whether ``h`` is set against one of ``others`` (新收的申请比上年结转的多几件)."""
        cues = [c for c in self.kind(Kind.INTENT) if c.target == "compare" and c.word == "比"]
        return any(
            min(h.end, o.end) <= c.start
            and c.end <= max(h.start, o.start)
            and not re.search(
                r"\d|年|[一二三四五六七八九〇零]{2}", self.text[c.end : max(h.start, o.start)]
            )
            for o in others
            for c in cues
        )

    def metric_refs(self) -> tuple[list[MetricRef], list[tuple[str, str]], list[str]]:
        """(metric refs, columns named without a row, ambiguous words)."""
        reg = registry()
        lx = lexicon()
        strong = self.kind(Kind.METRIC)
        if not strong and not self.kind(Kind.AMBIGUOUS):
            # weak words name one figure: the longest, then the first the registry lists
            weak = self.kind(Kind.WEAK)
            order = list(reg.metrics)
            best = min(weak, key=lambda h: (-len(h.word), order.index(h.target)), default=None)
            strong = [h for h in weak if best is not None and h.target == best.target]
        # a generic verb yields to a specific metric of its clause (收到多少行政复议 is about
        # 复议); in two clauses, two figures (收到多少、办结多少)
        clauses: dict[int, list[Hit]] = {}
        share_at = next(
            (
                h.start
                for h in self.kind(Kind.INTENT)
                if h.target == "share" and h.word.startswith(_WHOLE_AFTER)
            ),
            None,
        )
        if share_at is None and any(h.target == "multiple" for h in self.kind(Kind.INTENT)):
            share_at = -1  # 新收申请是上年结转的几倍: both sides are named, plain verbs too
        for h in strong:
            clauses.setdefault(_clause_of(self.text, h.start), []).append(h)
        if share_at is None and len(clauses) >= 2:
            # 依申请公开的答复里，予以公开的是多少件: a clause that only frames the next (ends
            # with 里/中, asks nothing) names the whole the asked figure is part of, not a figure
            frames = [c for c in clauses if _FRAME.search(_clause_text(self.text, c))]
            # 收到的申请，以本机关不掌握为由没法提供的有几件: a clause of plain verbs that asks
            # nothing, before a clause that names a row of its own, frames it too
            frames += [
                c
                for c, g in clauses.items()
                if c not in frames
                and all(reg[h.target].generic for h in g)
                and _ASKS_NOTHING.search(_clause_text(self.text, c))
                and "的" in _clause_text(self.text, c)  # (新收 上年结转 分别几件: a list)
                and not _EACH.search(self.text)
                and not any(_clause_of(self.text, at) == c for at, _, _ in self.claims)
                and any(
                    d > c and any(not reg[h.target].generic for h in clauses[d]) for d in clauses
                )
            ]
            if frames and len(frames) < len(clauses):
                clauses = {c: g for c, g in clauses.items() if c not in frames}
        chosen: list[Hit] = []
        for group in clauses.values():
            # 因本机关不掌握而无法提供的: a reason said with the total it is a reason of is the
            # reason (two figures only when joined: 无法提供和本机关不掌握的各多少)
            group = [
                h
                for h in group
                if not any(
                    o is not h
                    and reg[h.target].rows
                    and reg[o.target].rows  # 行政许可 (table 2) is no part of 新收
                    and set(reg[o.target].rows) < set(reg[h.target].rows)
                    and not _APART.search(self.text[min(o.end, h.end) : max(o.start, h.start)])
                    for o in group
                )
            ]
            specific = [h for h in group if not reg[h.target].generic]
            # the whole of a share is often a plain verb: 予以公开占办结的比例
            wholes = [h for h in group if share_at is not None and h.start > share_at]
            # … or the frame said before the parts: 办结的申请中予以公开和部分公开占比多少
            wholes += [
                h
                for h in group
                if share_at is not None
                and h.start < share_at
                and _FRAMES_PARTS.match(self.text, h.end)
                and any(o.start > h.end for o in specific)
            ]
            # 新收申请几件行政许可多少件: a plain verb asked on its own is a figure of its own
            asked = [
                h
                for h in group
                if h not in specific
                and (
                    self._asked_apart(h, specific)
                    or self._joined(h, specific)
                    or self._compared(h, specific)
                )
            ]
            kept = specific + [h for h in [*wholes, *asked] if h not in specific]
            chosen += kept if specific else group
        chosen.sort(key=lambda h: h.start)
        metric_ids = []
        for m in dict.fromkeys(h.target for h in chosen):
            refused = [w for w in reg[m].not_words if w in self.text]
            others = [h.word for h in chosen if h.target != m] + [
                h.word for h in self.kind(Kind.DIM)
            ]
            money = any(reg[h.target].unit in ("元", "万元") for h in chosen if h.target != m)
            if refused and (money or all(any(w in o for o in others) for w in refused)):
                # 收取信息处理费？收了多少(钱): 收了 counts the fee named, not applications
                continue
            if refused:  # 罚了多少钱: not the count of decisions; the word is not understood
                self.unknown = list(dict.fromkeys([*self.unknown, *refused]))
            else:
                metric_ids.append(m)
        adds = (
            any(h.target == "total" or h.word in ("加", "+", "＋") for h in self.kind(Kind.INTENT))
            or "合计" in self.text
        )
        if share_at is None:  # a share keeps its container: 不予处理里信访占多少
            metric_ids = _without_containers(metric_ids, adds)
            # 一共有多少件申请是这么答复的（本机关不掌握）: a part is never added to its own whole
            held = {w for m in metric_ids for w in _holders(m)}
            if adds and set(metric_ids) - held:
                metric_ids = [m for m in metric_ids if m not in held]
        words_of = {m: tuple(h.word for h in chosen if h.target == m) for m in metric_ids}
        ambiguous = [h.target for h in self.kind(Kind.AMBIGUOUS)]  # the registry's own word

        def related(a: str, b: str) -> bool:  # the same figure, or one a part of the other
            ra, rb = set(reg[a].rows), set(reg[b].rows)
            return a == b or bool(ra and rb and (ra <= rb or rb <= ra))

        for w in ambiguous:
            if set(reg.ambiguous[w]) <= _LEDGER and set(metric_ids) & _LEDGER:
                continue  # 新收和结转的账: the ledger's own rows
            if metric_ids and not any(related(c, m) for c in reg.ambiguous[w] for m in metric_ids):
                # 行政复议里被驳回申请的: 驳回 reads as no column of 复议: not understood
                self.unknown = list(dict.fromkeys([*self.unknown, w]))
        if ambiguous and not metric_ids:
            for w in ambiguous:
                for mid in reg.ambiguous[w]:
                    if mid not in metric_ids:
                        metric_ids.append(mid)
                        words_of[mid] = (w,)
        dim_hits = [(h.target, h.start) for h in self.kind(Kind.DIM)]
        dim_hits += [(lx.implied[h.word], h.start) for h in self.hits if h.word in lx.implied]
        dim_values: dict[str, list[tuple[str, int]]] = {}
        for target, at in sorted(dim_hits, key=lambda x: x[1]):
            dimension, value = target.split(".", 1)
            if value not in [v for v, _ in dim_values.get(dimension, [])]:
                dim_values.setdefault(dimension, []).append((value, at))
        for dimension, said in dim_values.items():
            dim_values[dimension] = self._narrowest(dimension, said)
        refs: list[MetricRef] = []
        for mid in metric_ids:
            metric = reg[mid]
            values = [v for v, _ in dim_values.get(metric.dimension or "", [])]
            if metric.dimension == "t2_column":
                values = [v for v in values if v in reg.dimensions["t2_column"].values]
            if values:
                # 收到多少？其中个人的有多少？, 被起诉了多少件，维持、纠正各几件, 行政复议总数、
                # 结果维持、结果纠正分别是多少: the total, and the columns, all asked
                at = dim_values[metric.dimension or ""][0][1]
                first = next(h.start for h in chosen if h.target == mid) if chosen else 0
                listed = len(values) > 1 and any(
                    _LISTED_WHOLE.match(self.text, h.end) for h in chosen if h.target == mid
                )
                later = _clause_of(self.text, at) > _clause_of(self.text, first)
                # (受理的申请里，自然人几件，法人几件: a clause that asks nothing frames the columns)
                own = _clause_text(self.text, _clause_of(self.text, first))
                asks_here = len(values) == 1 or re.search(r"几|多少", own) is not None
                if (listed or (later and asks_here and self._asks_twice())) and (
                    reg.default_dim(mid) not in values  # 处理决定数量 listed: said once
                ):
                    refs.append(MetricRef(metric=mid, words=words_of[mid]))
            additive = metric.dimension is None or reg.dimensions[metric.dimension].additive
            if len(values) > 1 and additive and self._adds_up():
                # 老百姓和单位一共递了多少: the columns added
                refs.append(MetricRef(metric=mid, dim="+".join(values), words=words_of[mid]))
            elif values:
                refs += [MetricRef(metric=mid, dim=v, words=words_of[mid]) for v in values]
            else:
                refs.append(MetricRef(metric=mid, words=words_of[mid]))
        # 报告说受理了3119件，那答复了多少件: a figure the question states is said, not asked
        stated = {
            h.target
            for h in chosen
            for s, _, _ in self.claims
            if s >= h.end and _clause_of(self.text, s) == _clause_of(self.text, h.start)
        }
        asked_ids = [m for m in metric_ids if m not in stated]
        if stated and asked_ids and not (share_at is not None or self._verifies()):
            refs = [r for r in refs if r.metric in asked_ids]
        at = self.text.find("其中")
        if at >= 0 and not re.search(r"几|多少", self.text[:at]):
            # 答复3050件，其中含上年度结转申请多少件: what follows 其中 is asked, the rest is said
            # (新收了几件？其中予以公开的几件？ asks both)
            after = {h.target for h in chosen if h.start > at}
            if after and after != set(metric_ids):
                refs = [r for r in refs if r.metric in after]
        total_asked = self._total_asked_apart()
        for p in self.parts:
            if not total_asked:
                refs = [r for r in refs if r.metric != "published" or r.part]
            refs.append(MetricRef(metric="published", part=p, words=(p,)))
        orphans = [
            (d, v)
            for d, vs in dim_values.items()
            for v, _ in vs
            if not any(reg[r.metric].dimension == d for r in refs)
        ]
        return refs, orphans, ambiguous

    def _total_asked_apart(self) -> bool:
        """主动公开了多少条信息，里面政策文件占几条: the 主动公开 total has an asking word of its
        own before a part named after it, so both are asked."""
        asks = [a.start for a in self.kind(Kind.FIGURE)]
        for h in self.kind(Kind.METRIC):
            if h.target != "published":
                continue
            for part in self.parts:
                at = self.text.find(part, h.end)
                if (
                    at > 0
                    and any(h.end <= a < at for a in asks)
                    and any(a >= at + len(part) for a in asks)
                ):
                    return True
        return False

    def _verifies(self) -> bool:
        """吗 / 对吗 / 是不是: the question asks whether what it states holds."""
        return any(v in self.text for v in lexicon().verify)

    def _adds_up(self) -> bool:
        return (
            any(h.target == "total" for h in self.kind(Kind.INTENT))
            and not _EACH.search(self.text)  # 总数、维持、纠正分别是多少: each on its own
            and len({b for m in self.mentions if m.status is BodyStatus.RESOLVED for b in m.bodies})
            <= 1
        )

    def _asks_twice(self) -> bool:
        return len(self.kind(Kind.FIGURE)) >= 2

    # ------------------------------------------------------------------ the parse

    def assemble(self) -> ParsedQuestion:
        lx = lexicon()
        intents = {h.target for h in self.kind(Kind.INTENT)}
        narrative = [h.target for h in self.kind(Kind.NARRATIVE)]
        figure_cue = bool(self.kind(Kind.FIGURE))
        # 2023年本年新制作的: 本年 beside a year said is that year, not the newest report's
        year_hits = [h for h in self.kind(Kind.YEAR) if not (self.years and h.word in _THIS_YEAR)]
        relative = [(h.word, *lx.years[h.word]) for h in year_hits]
        said = [(sp.start, y) for sp in self.year_spans for y in _years_in(sp.text)]
        said += [
            (h.start, -(lx.years[h.word][1] + 1))
            for h in year_hits
            if lx.years[h.word][0] in ("latest", "previous")
        ]
        sequence = tuple(dict.fromkeys(v for _, v in sorted(said)))
        years, plan = self.years, "plans" in narrative
        if plan and len(years) == 2 and years[1] == years[0] + 1:
            # 2022年报告里对2023年的工作安排: the report's year is said, with the year planned for
            years, plan = years[:1], False
        ys = year_spec(years, self.is_range, relative, plan, sequence)
        which_year = next((x for x in lx.which_year if x in self.text.lower()), None)
        if which_year and intents & {"extreme", "rank"} and ys.kind is YearKind.NONE:
            ys = YearSpec(kind=YearKind.ALL, words=which_year)  # 哪一年最多: every year, ranked
        refs, orphans, ambiguous = self.metric_refs()
        groups = [h.target for h in self.kind(Kind.GROUP)]
        scopes = [h.target for h in self.kind(Kind.SCOPE)]
        resolved = [m for m in self.mentions if m.status is BodyStatus.RESOLVED]
        if re.search(r"两个|几个|这些|各", self.text):  # 两个住建局: every body the name means
            resolved += [m for m in self.mentions if m.status is BodyStatus.AMBIGUOUS]
        n_bodies = len({b for m in resolved for b in m.bodies})
        words = [h.word for h in self.hits if h.kind is Kind.INTENT]
        order = None
        if intents & {"extreme", "rank"}:
            order = Order.MIN if any(w in _LOW for w in words) or "最少" in self.text else Order.MAX
        # breakdown alone (都是什么结果): every row, no order
        premise = None
        premise_range: tuple[float, float] | None = None
        premise_words = ""
        if any(p.search(self.text) for p in (*lx.premise, *lx.premise_blocking)):
            premise = 0.0
        elif self.claims and (
            any(v in self.text for v in lx.verify)
            or re.search(r"吧[？?。!！]*$", self.text)
            or _WHY_OF_CLAIM.search(self.text)
            or any(p.search(self.text) for p in lx.yesno)  # did X receive 3,050 requests
        ):
            # 复议才35件吗, 纠正了5件，问题出在哪: checked; 复议351件，其中…: context
            claim = self.claims[0][2]
            premise, premise_range, premise_words = claim.value, claim.range, claim.words
        elif (many := _CLAIMS_MANY.search(self.text)) and not _overlaps(
            many.start(), many.end(), self.context
        ):
            # 收了那么多信息处理费: more than none, taken for granted
            premise, premise_range, premise_words = 1.0, (1e-9, math.inf), many.group(0)
        named = {h.target for h in self.kind(Kind.METRIC) + self.kind(Kind.WEAK)}
        said_all = premise is None and _said_all(self.text, any(v in self.text for v in lx.verify))
        if any(p.search(self.text) for p in lx.yesno):
            intents.add("yesno")
        intent = self._intent(
            intents,
            narrative,
            figure_cue,
            refs,
            orphans,
            groups,
            scopes,
            n_bodies,
            ys,
            premise,
            named,
        )
        if (
            intent is not Intent.NARRATIVE
            and refs
            and all(r.metric == "published" and r.part is None for r in refs)
            and _WHAT_KINDS.search(self.text)
            and not re.search(r"多少|几(?!类|方面|个方面|种)", self.text)
        ):
            # 主动公开的主要是哪些信息: what the report says it published, not a count
            intent, narrative = Intent.NARRATIVE, [*narrative, "measures"]
        premise_all = False
        if said_all and len(refs) == 2 and any(r.metric == "total" for r in refs):
            # 最后都咋处理的，是不是都说不掌握: 处理 frames the claim, the other figure is claimed
            refs = [r for r in refs if r.metric != "total"]
        if said_all and len(refs) == 1 and all_of(refs[0]) is not None:
            intent, premise_all = Intent.YESNO, True
        if (
            intent in (Intent.SHARE, Intent.MULTIPLE)
            and ambiguous
            and all(r.words and set(r.words) <= set(ambiguous) for r in refs)
        ):
            # 被拒的比例, refusal rate: the readings of one word are not a part and its whole
            intent = Intent.UNKNOWN
        if intent is Intent.SHARE and len(refs) >= 2 and self._named_twice():
            # what share of review-plus-litigation cases were reviews: a whole that is a sum
            # holding the part is not one figure of the tables; asked back, never half-read
            intent = Intent.UNKNOWN
        whole = None
        if intent is Intent.SHARE and len(refs) >= 2:
            refs, whole = self._share_sides(refs)
        if intent is Intent.SHARE and len(refs) == 1 and whole is None:
            # 复议被纠正的占百分之几: the registry's named rate (复议纠错率)
            rate = _named_ratio(refs[0])
            if rate is not None:
                refs, intent = [rate], Intent.FIGURE
        if intent is Intent.LEDGER and not refs:
            refs = [MetricRef(metric=m) for m in ("new", "carried_in", "total", "carried_out")]
        if intent is Intent.NARRATIVE and premise is not None and refs and not self.unknown:
            intent = Intent.YESNO  # 收了那么多信息处理费是怎么回事: the claim, checked by the table
        if intent in _FIGURE_INTENTS and self.unknown:
            intent = Intent.UNKNOWN
        if (
            intent is Intent.UNKNOWN
            and self.unknown
            and narrative
            and not figure_cue
            and not intents - {"yesno"}
        ):
            # 以后做政策解读会不会考虑企业的需求: words no figure has, asked of the text
            intent = Intent.NARRATIVE
        if intent is Intent.FIGURE and not refs and not orphans:
            intent = Intent.UNKNOWN if (figure_cue or ambiguous) else Intent.NARRATIVE
        group = groups[0] if groups else None
        if intent is Intent.EXTREME:
            group = self._group(refs, groups)
        narrative_kind = None
        plan_words = {h.word for h in self.kind(Kind.NARRATIVE) if h.target == "plans"}
        if "measures" in narrative and plan_words <= _DONE_VERBS and _SAID_DONE.search(self.text):
            # 去年怎么加强信息管理的: what was done (是…的), not what is planned
            narrative = [k for k in narrative if k != "plans"]
        if "plans" in narrative and "problems" in narrative:
            # 针对问题下一步准备怎么做: the problems are what the plans are for
            problem_hits = [h for h in self.kind(Kind.NARRATIVE) if h.target == "problems"]
            if problem_hits and all(
                _AIMED_AT.search(self.text[: h.start])
                or _A_PROBLEM_NAMED.search(self.text[: h.start])
                for h in problem_hits
            ):  # 针对队伍建设的问题准备怎么改: the plans for that problem
                narrative = [k for k in narrative if k != "problems"]
        if "measures" in narrative and "problems" in narrative and "plans" not in narrative:
            # 对公开不及时的问题怎么处理: what is done about a problem named, not the problems
            problem_hits = [h for h in self.kind(Kind.NARRATIVE) if h.target == "problems"]
            if problem_hits and all(
                _A_PROBLEM_NAMED.search(self.text[: h.start]) for h in problem_hits
            ):
                narrative = [k for k in narrative if k != "problems"]
        if "problems" in narrative and lx.narrative.asks_preamble(self.text):
            narrative = [k for k in narrative if k != "problems"]  # 谁编制的，有问题找谁
        if intent is Intent.NARRATIVE:
            narrative_kind = next(
                (NarrativeKind(k) for k in ("problems", "plans", "measures") if k in narrative),
                NarrativeKind.TOPIC,
            )
        topic = self.text
        for m in self.mentions:
            topic = topic.replace(m.text, " ")
        for s in self.year_spans:
            topic = topic.replace(s.text, " ")
        cues = tuple(
            dict.fromkeys(
                h.word for h in self.hits if h.kind in (Kind.INTENT, Kind.NARRATIVE, Kind.FIGURE)
            )
        )
        return ParsedQuestion(
            text=self.question,
            reading=self.text,
            intent=intent,
            bodies=tuple(self.mentions),
            scope=(scopes[0] if scopes else None)
            if intent in (Intent.RANK, Intent.TOTAL)
            else None,
            years=ys,
            metrics=tuple(refs),
            whole=whole,
            group=group,
            order=order,
            premise=premise,
            premise_range=premise_range,
            premise_words=premise_words,
            premise_all=premise_all,
            narrative=narrative_kind,
            topic=re.sub(r"\s+", " ", topic).strip(),
            units=lexicon().units.in_question(self.text),
            ambiguous_words=tuple(ambiguous),
            unknown=tuple(self.unknown),
            translated=tuple(self.translated),
            dims_only=tuple(f"{d}.{v}" for d, v in orphans) if not refs else (),
            elliptical=_ELLIPTICAL.search(self.text) is not None
            and len(re.sub(r"\W", "", self.residue)) <= 4,
            cues=cues,
        )

    def _named_twice(self) -> bool:
        """Whether a figure is named at two places with another figure between (复议加诉讼中
        复议占多少): not one figure said twice in a row (granted fully or partly)."""
        targets = [h.target for h in sorted(self.kind(Kind.METRIC), key=lambda h: h.start)]
        return any(
            targets[i] == targets[k]
            # (不予公开里面行政查询占不予公开的: the whole said twice around its own part)
            and any(t != targets[i] and targets[i] not in _holders(t) for t in targets[i + 1 : k])
            for i in range(len(targets))
            for k in range(i + 2, len(targets))
        )

    def _share_sides(self, refs: list[MetricRef]) -> tuple[list[MetricRef], MetricRef | None]:
        """(parts, whole): the metric said after 占 is the whole (予以公开占办结的比例); else the
        one said first contains the rest (不予公开的申请里，过程性信息占多少)."""
        at = next(
            (h.start for h in self.kind(Kind.INTENT) if h.word.startswith(_WHOLE_AFTER)), None
        )
        starts: dict[str, int] = {}
        for h in self.kind(Kind.METRIC) + self.kind(Kind.WEAK):
            starts.setdefault(h.target, h.start)
        for r in refs:
            if r.part:
                starts.setdefault(r.metric + r.part, self.text.find(r.part))
        pos = {id(r): starts.get(r.metric + (r.part or ""), starts.get(r.metric, 0)) for r in refs}
        if at is not None:
            after = [r for r in refs if pos[id(r)] > at]
            if after:
                whole = after[0]
                return _part_inside([r for r in refs if r is not whole], whole)
        ordered = sorted(refs, key=lambda r: pos[id(r)])
        return _part_inside(ordered[1:], ordered[0])

    def _check_as_verb(self) -> bool:
        """Whether every check word follows a how-word (怎么平衡, 如何平衡) and no figure is asked."""
        checks = [h for h in self.kind(Kind.INTENT) if h.target in ("check", "ledger")]
        if not checks or self.kind(Kind.FIGURE):
            return False
        return all(
            re.search(r"(怎么|怎样|如何|怎么样)(是|来|去)?$", self.text[: h.start]) for h in checks
        )

    def _group(self, refs: list[MetricRef], groups: list[str]) -> str | None:
        """What an extreme compares: a group word, the reasons of a group metric named with
        理由/原因, the results of 复议/诉讼, the metrics listed (许可、处罚、强制哪个最多), the
        parts of 主动公开, or the columns under 法人或其他组织."""
        reg = registry()
        group = groups[0] if groups else None
        has = {r.metric for r in refs}
        if group == "办理结果" and has & {"review", "litigation"}:
            return "outcome"
        if group in (None, "办理结果"):
            for mid in ("deny", "unable", "noproc", "other"):
                if mid in has and (group is None or any(w in self.text for w in _REASON_WORDS)):
                    return {
                        "deny": "不予公开理由",
                        "unable": "无法提供理由",
                        "noproc": "不予处理理由",
                        "other": "其他处理理由",
                    }[mid]
        if group is None and len(has) >= 2:
            return "listed"
        if group is None and "published" in has:
            return "published_parts"
        if group is None and any(r.dim == "corporate" for r in refs):
            return "corporate"
        if group is None and any(reg[r.metric].dimension == "applicant" for r in refs):
            if any(w in self.text for w in ("申请人", "哪类", "谁")):
                return "applicant"
        return group

    def _intent(
        self,
        intents: set[str],
        narrative: list[str],
        figure_cue: bool,
        refs: list[MetricRef],
        orphans: list[tuple[str, str]],
        groups: list[str],
        scopes: list[str],
        n_bodies: int,
        ys: YearSpec,
        premise: float | None,
        named: set[str],
    ) -> Intent:
        reg = registry()
        if "check" in intents and refs and all(reg[r.metric].is_text for r in refs):
            checks = [h for h in self.kind(Kind.INTENT) if h.target == "check"]
            if all("我" in self.text[max(0, h.start - 3) : h.start] for h in checks):
                intents = intents - {"check"}  # 联系电话是多少，我核对一下: the asker's own check
        if intents & {"check", "ledger"} and self._check_as_verb():
            # 是怎么平衡公开和保密的: a way of working the text tells, not a check of the tables
            return Intent.NARRATIVE
        has_metric = bool(refs) or bool(orphans)
        several_years = (
            len(ys.years) > 1
            or len(ys.offsets) > 1
            or ys.kind
            in (
                YearKind.RECENT,
                YearKind.ALL,
            )
        )
        ledger_named = len(named & _LEDGER) >= 2 or "账" in self.text or "收支" in self.text
        if "ledger" in intents and ledger_named and not intents & {"share", "multiple"}:
            return Intent.LEDGER  # (全部公开加部分公开占百分之多少: a sum inside a share)
        if "check" in intents and len(named & _LEDGER) >= 3:
            return Intent.LEDGER  # 新收与上年结转之和是否等于办结与结转下年之和: that identity
        operations = intents & {"compare", "share", "multiple", "trend", "rank", "extreme", "total"}
        ledger_words = {h.word for h in self.kind(Kind.INTENT) if h.target == "ledger"}
        names_a_sum = ledger_words <= {"加", "加上", "+", "＋"} and figure_cue
        if "check" in intents or (
            "ledger" in intents and not (named & _LEDGER) and not operations and not names_a_sum
        ):  # 加 in 行政诉讼（直接起诉加复议后起诉）一共多少: a sum named, not a check
            return Intent.CHECK
        if not has_metric and not groups:
            if "holdings" in intents:
                return Intent.HOLDINGS
            if "chitchat" in intents and not narrative:
                return Intent.HELP  # 你好: what the assistant can answer
            if intents & {"total", "share", "compare", "trend", "multiple"}:
                return Intent.UNKNOWN  # an operation on nothing named: ask which figure
            if figure_cue and not (set(narrative) & {"problems", "plans"}):
                return Intent.UNKNOWN  # 开了几场新闻发布会: a number the prose may state
            if narrative or not figure_cue:
                return Intent.NARRATIVE  # 谁编制的, 哪个科室负责: the text may say
            return Intent.UNKNOWN
        if refs and all(reg[r.metric].is_text for r in refs):
            return Intent.FIGURE
        if "multiple" in intents and "share" not in intents:
            return Intent.MULTIPLE  # 比交通局多几倍: how many times, not how many more
        if "compare" in intents and not ("rank" in intents and n_bodies > 2):
            many = (
                len(ys.years) > 2
                or ys.kind is YearKind.ALL
                or (ys.kind is YearKind.RECENT and ys.count > 2)
            )
            return Intent.TREND if many and n_bodies <= 1 else Intent.COMPARE
        if "share" in intents and not counts_a_part(self.text):
            return Intent.SHARE
        if "multiple" in intents:
            return Intent.MULTIPLE
        if intents & {"rank", "extreme"} and groups and n_bodies == 1 and not scopes:
            return Intent.EXTREME  # 东澜区哪类申请人最多，把前三类排出来: rows of one report
        if intents & {"rank", "extreme"} and n_bodies == 1 and not scopes and several_years:
            return Intent.TREND  # 青屿区22、23、24三年里哪一年最多: one body's years, side by side
        if "rank" in intents or ("extreme" in intents and (scopes or n_bodies >= 2)):
            return Intent.RANK
        if "total" in intents and (scopes or n_bodies >= 2):
            return Intent.TOTAL
        if (
            "total" in intents
            and len({(r.metric, r.dim, r.part) for r in refs}) >= 2
            and n_bodies <= 1
            and not several_years
            and len(re.findall(r"几|多少", self.text)) <= 1  # 发了几件，有效的一共几件: two asked
            and not _EACH.search(self.text)  # 总数、维持、纠正分别是多少: each, not their sum
            and not _whole_with_part(refs)  # 复议的总数和维持: a figure and its own part
        ):
            return Intent.TOTAL  # 行政复议和行政诉讼一共多少件: one body's figures, summed
        if "total" in intents and several_years and "compare" not in intents:
            return Intent.TOTAL  # 三年的复议加起来一共多少: one body, summed over the years
        if "extreme" in intents or "breakdown" in intents:
            which = [h.word for h in self.kind(Kind.NARRATIVE) if h.word.startswith("哪")]
            if which and not groups:
                return Intent.UNKNOWN  # 哪个科室收到的最多: the tables have no 科室 to compare
            return Intent.EXTREME
        if "trend" in intents or several_years:
            return Intent.TREND
        if premise is not None and has_metric:
            return Intent.YESNO
        if "yesno" in intents:
            return Intent.YESNO
        if narrative and not figure_cue and not intents:
            return Intent.NARRATIVE
        if any(sc.split(";")[0] for sc in scopes) and has_metric and not several_years:
            # 东澜区各街道收到多少申请: each body of a kind the scope names, listed (全市 alone
            # may be the city's own report, which speaks for the whole city)
            return Intent.RANK
        return Intent.FIGURE
