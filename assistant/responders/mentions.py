"""Figures the prose states that no row of the format holds (新闻发布会12场, 政务新媒体95个, 主动公开
的“规划计划”2839条): a count asked for that no table row answers is looked up among the report's
numbers in words, answered with the number and cited to its sentence.

A mention answers only when it accounts for the whole question: every word the parser did not
know is in its noun, most of its noun is in the question, and it counts in the measure asked (培训
3次 never answers 培训了多少人次). Two mentions that fit equally well with different numbers answer
nothing: the question is asked back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import wording as w
from assistant.answer import Answer, Figure
from assistant.lexicon import lexicon
from assistant.question import MetricRef, ParsedQuestion, claim_holds
from assistant.responders.common import Context, cite_fact
from reportqa import segment
from reportqa.format import MENTION, PATH_SEP, PROSE, to_simplified
from reportqa.metrics import registry
from reportqa.numbers import NUM_PATTERN
from reportqa.records import Fact
from reportqa.values import PREFIX_QUALIFIERS

ROLE_TOTAL, ROLE_PART, ROLE_CHANGE = "总数", "其中", "同比变化"
_ROLE_RANK = {ROLE_TOTAL: 0, ROLE_PART: 1, ROLE_CHANGE: 2}
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# the words of a question that ask rather than name what is counted
_ASKING = re.compile(
    r"多少|几|数量|是多少|有多少|一共|总共|共计|共|全年|去年|今年|前年|年度|报告|里面|里|中|的|了|吗|"
    r"呢|啊|吧|请问|开了|开过|办了|搞了|做了|出了|发了|编了|召开|举办|组织|开展|发布|印发|办理|"
    r"累计|新增|都|有|是|为|过|在|总|个|一下|情况|数"
)
_CHANGE_ASKED = re.compile(r"增长|增加|减少|下降|变化|多了|少了|同比|环比")
_CLAUSE_SEP = re.compile(r"[、，,；;]|以及|和|及")  # 多少件建议、多少件提案: one count each
_OWNER = re.compile(r"^全(?:市|区|县|镇)")  # 全市在运维政务新媒体: whose, not what
MIN_COVER = 0.6  # the share of the noun's characters the question must say
MIN_WORDS = 0.6  # and of its words


@dataclass(frozen=True)
class _Ask:
    unit: str | None  # the measure asked (几场 → 场), None when not said
    content: str  # its clause (or the whole question) without bodies and years


def _names_out(text: str, q: ParsedQuestion) -> str:
    """The question without the bodies and years it names."""
    for m in q.bodies:
        text = text.replace(m.text, " ")
    return re.sub(r"(?:19|20)\d{2}年?度?|\d+", " ", text)


def _strip(text: str, q: ParsedQuestion) -> str:
    """The words that name what is counted: no bodies, years, asking words or measures."""
    text = _names_out(text, q)
    for u in lexicon().units.asked:
        text = re.sub(rf"(?<=几|少){re.escape(u)}", " ", text)
    return "".join(_CJK.findall(_ASKING.sub(" ", text)))


def _asks(q: ParsedQuestion) -> list[_Ask]:
    """One entry per count asked (多少件人大代表建议、多少件政协提案 asks two), each with the words
    of its own clause, or of the whole question when its clause names nothing (几次、多少人次)."""
    text = to_simplified(q.reading or q.text)
    whole = _names_out(text, q)
    marks = [m.start() for m in re.finditer(r"几|多少", text)]
    if len(marks) <= 1:
        return [_Ask(q.units[0] if q.units else None, whole)]
    units = lexicon().units
    out = []
    cuts = [0] + [m.end() for m in _CLAUSE_SEP.finditer(text)] + [len(text) + 1]
    for at in marks:
        start = max(c for c in cuts if c <= at)
        end = min(c for c in cuts if c > at) - 1
        clause = text[start:end]
        found = units.in_question(text[at:end])
        named = len(_strip(clause, q)) >= 2
        out.append(_Ask(found[0] if found else None, _names_out(clause, q) if named else whole))
    return out


def _noun(f: Fact) -> str:
    """What a prose number counts, without whose it is (全市…, 淮安市人民政府公报 → 公报)."""
    noun = f.row.split(PATH_SEP)[-1] if f.row_key != MENTION else f.row
    for name in (f.body_printed, f.body):
        if noun.startswith(name) and len(noun) - len(name) >= 2:
            noun = noun[len(name) :]
    return _OWNER.sub("", noun)


def _own_clause(f: Fact) -> str:
    """The words of a prose number's own clause, before it (其中自然人申请89件: 其中自然人申请)."""
    sentence = to_simplified(f.context)
    at = sentence.find(to_simplified(f.raw).strip())
    if at < 0:
        return ""
    start = max((sentence.rfind(c, 0, at) for c in "，,；;。：:"), default=-1) + 1
    return sentence[start:at]


def _clause(f: Fact) -> str:
    """The clause a prose number stands in, up to the number (全年对照检查标准开展自查整改5次:
    对照检查标准 says what the 自查整改 were)."""
    sentence = to_simplified(f.context)
    at = sentence.find(to_simplified(f.raw).strip())
    if at < 0:
        return ""
    start = max((sentence.rfind(c, 0, at) for c in "，,；;。：:"), default=-1) + 1
    noun = to_simplified(_noun(f))
    if start > 1 and noun:
        # 全年组织政务公开业务培训7次，培训25人次: a clause naming the noun of the one before
        # goes on with it
        before = max((sentence.rfind(c, 0, start - 1) for c in "，,；;。：:"), default=-1) + 1
        if noun in sentence[before : start - 1]:
            start = before
    return sentence[start:at]


_PRINTED = re.compile(NUM_PATTERN)


def _as_printed(f: Fact) -> str:
    """The number as the report prints it, with its qualifier and unit (超364万次, 60余篇):
    a large count stays in the report's 万."""
    m = _PRINTED.search(to_simplified(f.raw))
    if m is None or not f.unit:
        return ""
    pre = m.group("pre") if m.group("pre") in PREFIX_QUALIFIERS else ""
    return f"{pre}{m.group('num').replace(' ', '')}{m.group('mult') or ''}{m.group('post') or ''}{f.unit}"


def _printed(f: Fact) -> str:
    """What a prose number counts, as the report words it (淮安市人民政府公报)."""
    return f.row.split(PATH_SEP)[-1]


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _cover(content: str, noun: str) -> float:
    """The share of the noun's characters the question says; 0 unless it says two of them side
    by side and most of the noun's words (政府信息公开栏目全覆盖检查 is not named by 申请政府信息
    公开 and 检查 in two places)."""
    if not noun or not (_bigrams(content) & _bigrams(noun)):
        return 0.0
    words = segment.words(noun)
    if sum(_said(x, content) for x in words) < MIN_WORDS * len(words):
        return 0.0  # 内部事务信息 says 信息 of 人事信息, not 人事
    return sum(1 for ch in noun if ch in content) / len(noun)


def _said(word: str, content: str) -> float:
    """How much of ``word`` the question says: all of it, or its longest run of two characters
    or more (政协 of 政协委员: a half)."""
    if word in content:
        return 1.0
    for k in range(len(word) - 1, 1, -1):
        if any(word[i : i + k] in content for i in range(len(word) - k + 1)):
            return k / len(word)
    return 0.0


def _unknown_fits(q: ParsedQuestion, nouns: list[str]) -> bool:
    """Every phrase the parser did not know is in one of the nouns: 粉丝, 财政预算, 开庭 are named
    by no mention of 培训 or 新媒体, so those questions are asked back, never answered."""
    for phrase in q.unknown:
        rest = _strip(to_simplified(phrase), q)
        for unit in sorted(q.units, key=len, reverse=True):  # 场发布会: a measure asks
            rest = rest.replace(unit, "")
        if not rest:
            continue  # only asking words and measures (人次)
        if len(rest) == 1:
            if not any(rest in n for n in nouns):
                return False
        elif not any(_bigrams(rest) & _bigrams(n) or rest in n for n in nouns):
            return False
    return True


def _candidates(ctx: Context, body: str, year: int) -> list[Fact]:
    return [
        f
        for f in ctx.lookup.table(body, year, PROSE)
        if f.value is not None and (f.row_key == MENTION or f.row_key.startswith("published/"))
    ]


def _best(ask: _Ask, facts: list[Fact], change: bool) -> Fact | None:
    ranked = _ranked(ask, facts, change)
    if not ranked:
        return None
    top = [f for s, f in ranked if s == ranked[0][0]]
    if len({(f.value, f.unit) for f in top}) > 1:
        return None  # two readings as good as each other: never pick one
    return top[0]


def _ranked(ask: _Ask, facts: list[Fact], change: bool) -> list[tuple[tuple, Fact]]:
    units = lexicon().units
    scored = []
    for f in facts:
        if f.column == ROLE_CHANGE and not change:
            continue
        if ask.unit and not units.compatible(ask.unit, f.unit):
            continue
        cover = _cover(ask.content, _noun(f))
        if cover < MIN_COVER:
            continue
        exact = int(ask.unit is not None and ask.unit == f.unit)
        role = 1 if change and f.column == ROLE_CHANGE else -_ROLE_RANK.get(f.column, 1)
        scored.append(((round(cover, 3), exact, role), f))  # 同比增长了多少: the change first
    scored.sort(key=lambda x: x[0], reverse=True)
    return scored


def _direction(f: Fact) -> str:
    """增长 or 下降: the word before a change the text states (同比增长5.26%)."""
    sentence = to_simplified(f.context)
    at = sentence.find(to_simplified(f.raw).strip())
    before = sentence[max(0, at - 6) : max(0, at)]
    said = re.findall(r"增长|增加|上升|提高|下降|减少|降低", before)
    return said[-1] if said else "变化"


def find_mentions(
    q: ParsedQuestion, ctx: Context, body: str, year: int, ref: MetricRef | None = None
) -> list[Fact] | None:
    """The mentions of the report of ``body`` and ``year`` that answer every count the question
    asks, or None when any of them is not found or the words the parser did not know are left
    unexplained."""
    facts = _candidates(ctx, body, year)
    if ref is not None:
        # in place of a table's figure (信息处理费, 自然人的申请): a number in its measure, and a
        # column's figure only from a sentence that names the column
        metric = registry()[ref.metric]
        units = lexicon().units
        facts = [f for f in facts if units.compatible(metric.unit, f.unit)]
        if ref.dim and ref.dim != registry().default_dim(ref.metric):
            dim = registry().dimension_of(ref.metric)
            said = dim.values[ref.dim].label if dim and ref.dim in dim.values else ref.dim
            facts = [f for f in facts if said in _noun(f) + _own_clause(f)]
    if not facts:
        return None
    change = bool(_CHANGE_ASKED.search(q.as_read))
    found: list[Fact] = []
    if q.premise is not None and not re.search(r"多少|几", q.as_read):
        # 没有组织过培训吧: every number that says otherwise (培训1次, 培训40人次)
        [ask] = _asks(q)
        found = [f for _, f in _ranked(ask, facts, change)][:3]
        if found and _unknown_fits(q, [_noun(f) + _clause(f) for f in found]):
            return found
        return None
    asks = _asks(q)
    if ref is not None and "metric" in q.inherited:
        # 其中自然人多少 after 受理了多少申请: the figure's own name, which the follow-up leaves out
        asks = [_Ask(a.unit, a.content + registry()[ref.metric].label) for a in asks]
    for ask in asks:
        f = _best(ask, facts, change)
        if f is None or (f in found and len(asks) > 1):
            return None  # every count asked has its own number, or none is given
        found.append(f)
    if not _unknown_fits(q, [_noun(f) + _clause(f) for f in found]):
        return None
    return found


def mention_answer(
    q: ParsedQuestion,
    ctx: Context,
    body: str,
    year: int,
    note: str = "",
    ref: MetricRef | None = None,
) -> Answer | None:
    found = find_mentions(q, ctx, body, year, ref)
    if not found:
        return None
    citations, figures, sentences, shown_all = [], [], [], []
    for i, f in enumerate(found, 1):
        citations.append(cite_fact(f))
        figures.append(
            Figure(
                value=f.value if f.value is not None else f.raw,
                unit=f.unit,
                label=f"正文：{_printed(f)}（{f.column or ROLE_PART}）",
                body=body,
                year=year,
                source=f.provenance.source,
                locator=f.provenance.locator,
                qualifier=f.qualifier,
            )
        )
        shown = _as_printed(f) or w.value(f.value, f.unit, f.qualifier)
        shown_all.append(shown)
        part = f.column not in ("", ROLE_TOTAL)
        change = _direction(f) if f.column == ROLE_CHANGE else ""
        sentences.append(
            w.mention_sentence(f.body_printed, year, _printed(f), shown, part, change) + f"[{i}]"
        )
    sentence = "；".join(sentences)
    if q.premise is not None and not any(claim_holds(q, f.value) for f in found):
        text = w.premise_wrong(sentence) + note
    else:
        text = f"{'，'.join(shown_all)}。{sentence}。{note}"
    return Answer(answer=text, found=True, citations=citations, figures=figures, route="figure")
