"""Reading a question: which bodies, which years, which figure, which route. Follow-ups inherit
body, years and metric from the earlier questions of the conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.catalog import Catalog, Mention
from assistant.lexicon import lexicon
from ingest.numbers import chinese_to_int
from reportqa.format import normalize_label

_CN_YEAR = r"(?:一九|二[〇○零])[一二三四五六七八九〇○零]{2}"  # 一九九九 / 二〇二三
_YEAR = r"((?:19|20)\d{2}|" + _CN_YEAR + ")"
_YEAR_RANGE = re.compile(_YEAR + r"\s*年?度?\s*(?:到|至|—|－|-|~|～|—)\s*" + _YEAR + r"\s*年?")
_YEAR_ONE = re.compile(_YEAR + r"\s*年")
_YEAR_SHORT = re.compile(r"(?<![\d.])([12]\d)年(?!度?[底初末中])")  # 24年 → 2024
# prose metrics that are words, not counts: a "what is" question asks for them
TEXT_FACTS = frozenset({"phone", "address", "postcode", "email", "founded", "period"})
_RECENT = re.compile(r"(?:近|最近|过去)([一二两三四五六七八九十\d]{1,2})年")
_RELATIVE = {
    "前年": -1,
    "去年": 0,
    "上一年": 0,
    "上年度": 0,
    "今年": 0,
    "本年度": 0,
    "最新": 0,
    "最近一年": 0,
}
_MENTION = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:街道办事处|街道办|街道|人民政府|市政府|区政府|县政府|镇政府|办事处|镇|乡|区|县|市|州|局|委员会|厅))"
)
_NOT_A_NAME = re.compile(r"^(?:我|本|全|该|各|哪|那|这|请问|一个|城|都)")
# a name continuing after a region (西澜区 + 白沙镇, 淮安市 + 清江浦区人民政府): another body
_TAIL = re.compile(
    r"([\u4e00-\u9fff]{1,12}?)(街道办事处|街道办|街道|人民政府|政府|镇|乡|局|委员会|厅)"
)
_TAIL_STOP = set("年月日的是在问请了与及比多少有收共去今前那呢吗几个为被因这哪什么怎")
_REGION_END = tuple("省市区县州旗")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# what is left of a bare follow-up ("永吉街道呢？", "那2023年呢？") once names and years are gone
_FILLER = re.compile(
    r"[那么呢吗啊呀吧的了是和与及年度报告情况怎样如何又还也再请问一下，,。？?！!：:、\s]"
)
_DIFF = re.compile(
    r"比(?:(?:19|20)\d{2}|" + _CN_YEAR + r")年?|比上一?年|比去年|比前年|与上年|和上年"
)


@dataclass(frozen=True)
class Metric:
    """Where a figure lives. kind: t3 (row key, column), t4 (group, result), t2 (part, row,
    column), prose (metric key). A group (deny, unable, noproc, other, litigation, corporate) is
    summed from its leaves in code."""

    kind: str
    key: str
    column: str | None = None  # t3: "0".."6" or "corporate"; t4: "0".."4"; t2: "0".."2"
    words: tuple[str, ...] = ()
    # published: the conversation's texts, newest last, that may name a part of the total
    # (其中政策文件有多少条): matched against the parts the report lists
    hints: tuple[str, ...] = ()
    alt: Metric | None = None  # published: what to answer when the hints name no part


@dataclass(frozen=True)
class Query:
    text: str
    bodies: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, ...], ...] = ()
    unknown_mentions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    relative: str | None = None  # 去年 / 今年 / 前年 / recent:N
    year_range: tuple[int, int] | None = None
    metric: Metric | None = None
    route: str = "figure"  # figure / trend / diff / check / narrative
    explicit: frozenset[str] = field(default_factory=frozenset)  # what this question itself said
    topic: str = ""  # the text narrative retrieval reads (a bare follow-up keeps the earlier one)
    bare: bool = False  # nothing but a body or a year: "永吉街道呢？", "那2023年呢？"
    elliptical: bool = False  # a short "…呢？" naming no figure: "机构信息呢？"
    short: bool = False  # a short "…呢？" or "其中…" follow-up, naming a figure or not


def _year(s: str) -> int:
    return int(s) if s.isdigit() else chinese_to_int(s) or 0


def parse_years(text: str) -> tuple[tuple[int, ...], tuple[int, int] | None, str | None]:
    m = _YEAR_RANGE.search(text)
    if m:
        a, b = sorted((_year(m.group(1)), _year(m.group(2))))
        return tuple(range(a, b + 1)), (a, b), None
    years = tuple(dict.fromkeys(_year(y) for y in _YEAR_ONE.findall(text)))
    if not years:
        years = tuple(dict.fromkeys(2000 + int(y) for y in _YEAR_SHORT.findall(text)))
    if years:
        return years, None, None
    m = _RECENT.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else chinese_to_int(m.group(1)) or 3
        return (), None, f"recent:{n}"
    for word in sorted(_RELATIVE, key=len, reverse=True):
        if word in text:
            return (), None, word
    return (), None, None


def parse_metric(text: str) -> Metric | None:
    lx = lexicon()
    if lx.is_off_topic(text):
        return None
    applicant = lx.best(text, "applicants")
    col = applicant.key if applicant else None
    t4_result = lx.best(text, "t4_results")
    cands = []
    for section in ("t3", "t4", "t2", "prose"):
        hit = lx.best(text, section)
        if hit:
            cands.append(hit)
    if not cands:
        if col is not None:  # "企业呢？": only the column changes
            return Metric("t3", "", col, (applicant.word,))  # type: ignore[union-attr]
        if t4_result is not None and t4_result.key != "4":
            return Metric("t4", "", t4_result.key, (t4_result.word,))
        return None
    # a generic "申请" loses to anything more specific
    best = max(cands, key=lambda h: (lx.weight(h), -h.start))
    if best.section == "t3":
        key = best.key
        leaves = lx.t3_groups.get(key)
        if leaves:  # 因不掌握相关信息无法提供: the leaf named beside its group wins
            leaf = next((h for h in lx.find(text, "t3") if h.key in leaves), None)
            if leaf is not None:
                key, best = leaf.key, leaf
        return Metric("t3", key, col, (best.word,))
    if best.section == "t4":
        return Metric("t4", best.key, t4_result.key if t4_result else None, (best.word,))
    if best.section == "t2":
        c = lx.best(text, "t2_columns")
        return Metric("t2", best.key, c.key if c else None, (best.word,))
    if best.key == "published":
        return Metric("prose", "published", None, (best.word,), hints=(text,))
    return Metric("prose", best.key, None, (best.word,))


def parse_route(
    text: str, years: tuple[int, ...], relative: str | None, metric: Metric | None
) -> str:
    lx = lexicon()
    if lx.best(text, "routes") is None and metric is None:
        return "narrative"
    hits = {h.key for h in lx.find(text, "routes")}
    if "check" in hits:
        return "check"
    if ("diff" in hits or _DIFF.search(text)) and metric is not None:
        return "diff"
    if metric is not None and (
        len(years) > 1 or "trend" in hits or (relative or "").startswith("recent:")
    ):
        return "trend"
    if metric is None:
        return "narrative"
    if "narrative" in hits and "figure" not in hits and metric.key not in TEXT_FACTS:
        return "narrative"  # 在政策解读方面有什么问题: what the text says, not a number
    return "figure"


def understand(question: str, catalog: Catalog, history: list[str] | None = None) -> Query:
    """The query for ``question``, with what it leaves unsaid carried from ``history``."""
    state: Query | None = None
    for earlier in history or []:
        state = _merge(state, _parse_one(earlier, catalog))
    return _merge(state, _parse_one(question, catalog))


def resolve_mentions(
    text: str, catalog: Catalog
) -> tuple[list[str], list[tuple[str, ...]], list[str], list[tuple[int, int]]]:
    """(bodies, ambiguous candidate sets, unknown names, spans) named in ``text``.

    A region just before a name narrows it (东澜区 + 新华街道 is the 东澜区 one) or, where no
    body of that name lies in that region, makes it a body the corpus does not hold; a region
    followed by a name that is no alias (西澜区白沙镇, 淮安市清江浦区人民政府) is such a body too.
    Regions chain: 澜江市 + 东澜区 + 长乐街道办事处.
    """
    mentions = catalog.find_bodies(text)
    bodies: list[str] = []
    ambiguous: list[tuple[str, ...]] = []
    unknown: list[str] = []
    spans: list[tuple[int, int]] = []
    qualifiers: list[tuple[str, int]] = []  # regions (alias, start) narrowing the next name
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        first = qualifiers[0][1] if qualifiers else m.start
        if m.alias.endswith(_REGION_END):
            tail = _name_tail(text, m.end)
            adjacent = nxt is not None and nxt.start == m.end
            inner = nxt is not None and tail is not None and m.end <= nxt.start < tail.end()
            if adjacent or inner:
                qualifiers.append((m.alias, m.start))
                continue
            if tail is not None:  # 西澜区 + 白沙镇: a body of that region the corpus lacks
                spans.append((first, tail.end()))
                unknown.append(text[first : tail.end()])
                qualifiers = []
                continue
        regions = [r for r, _ in qualifiers]
        if not qualifiers:
            region, at = _region_before(text, m, spans)
            if region:  # 青屿区 + 新华街道: a region the catalog does not know rules names out
                regions, first = [region], at
        qualifiers = []
        keep = frozenset(
            b for b in m.bodies if all(catalog.within(b, r) is not False for r in regions)
        )
        spans.append((first, m.end))
        if not keep:
            unknown.append(text[first : m.end])
        elif len(keep) == 1:
            bodies.extend(b for b in keep if b not in bodies)
        else:
            ambiguous.append(tuple(sorted(keep)))
    return bodies, ambiguous, unknown, spans


def _name_tail(text: str, at: int) -> re.Match[str] | None:
    """The rest of a name going on at ``at`` (白沙镇, 清江浦区人民政府, 住房和城乡建设局), or None
    where the text goes on with the question (收到多少, 和永吉街道)."""
    tail = _TAIL.match(text, at)
    if tail is None or set(tail.group(1)) & _TAIL_STOP or tail.group(1)[0] in "和跟同":
        return None
    return tail


def _region_before(text: str, m: Mention, spans: list[tuple[int, int]]) -> tuple[str, int]:
    """(region, where it starts) named just before mention ``m`` and covered by no earlier
    mention: 青屿区 in 青屿区新华街道; 西澜区 in 西澜区教育局 (sharing 区 with the alias
    区教育局); or a level alone, 市 in 市住房和城乡建设局. ("", -1) when there is none."""

    def region(seg: str, at: int) -> bool:
        return (
            len(seg) >= 3
            and seg.endswith(_REGION_END)
            and re.fullmatch(r"[\u4e00-\u9fff]+", seg) is not None
            and not set(seg) & _TAIL_STOP
            and not any(s < m.start and at < e for s, e in spans)
        )

    start = m.start
    if m.alias[0] in "市区县" and start > 0:
        for n in (3, 4):
            at = start + 1 - n
            if at >= 0 and region(text[at : start + 1], at):
                return text[at : start + 1], at
    for n in (3, 4):
        at = start - n
        if at >= 0 and region(text[at:start], at):
            return text[at:start], at
    prev = text[start - 2] if start >= 2 else ""
    if start >= 1 and text[start - 1] in "市区县" and (not _CJK.match(prev) or prev in _TAIL_STOP):
        return text[start - 1], start - 1
    return "", -1


def _parse_one(question: str, catalog: Catalog) -> Query:
    text = normalize_label(question)
    bodies, ambiguous, unknown, spans = resolve_mentions(text, catalog)
    for m in _MENTION.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        name = m.group(1)
        name = re.sub(r"^.*?(?:年|月|的|是|在|问|请|了|和|与|及|比)", "", name)
        if len(name) >= 3 and not _NOT_A_NAME.match(name) and not _generic(name):
            unknown.append(name)
    years, year_range, relative = parse_years(text)
    stripped = _strip_spans(text, spans)
    metric = parse_metric(stripped)
    route = parse_route(text, years, relative, metric)
    explicit = set()
    if bodies or ambiguous or unknown:
        explicit.add("body")
    if years or relative:
        explicit.add("year")
    if metric is not None:
        explicit.add("metric")
    rest = re.sub(_YEAR + r"\s*年?", "", stripped)
    for word in _RELATIVE:
        rest = rest.replace(word, "")
    content = _FILLER.sub("", rest)
    bare = metric is None and not content
    short = (len(content) <= 8 and re.search(r"呢[？?！!。]*$", text) is not None) or "其中" in text
    elliptical = metric is None and short
    return Query(
        text=question,
        bodies=tuple(bodies),
        ambiguous=tuple(ambiguous),
        unknown_mentions=tuple(unknown),
        years=years,
        relative=relative,
        year_range=year_range,
        metric=metric,
        route=route,
        explicit=frozenset(explicit),
        topic=question,
        bare=bare,
        elliptical=elliptical or bare,
        short=short or bare,
    )


_GENERIC = (
    "政府信息",
    "信息公开",
    "人民政府",
    "政府",
    "全市",
    "全区",
    "全县",
    "城市",
    "地区",
    "社区",
)


def _generic(name: str) -> bool:
    return name in _GENERIC or name.endswith(("信息公开", "公开"))


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The question with body names blanked, so 淮安市交通运输局 does not read as a metric."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def _merge(prev: Query | None, cur: Query) -> Query:
    if prev is None:
        return cur
    out = cur
    if "body" not in cur.explicit:
        out = replace(
            out,
            bodies=prev.bodies,
            ambiguous=prev.ambiguous,
            unknown_mentions=prev.unknown_mentions,
        )
    if "year" not in cur.explicit:
        out = replace(out, years=prev.years, relative=prev.relative, year_range=prev.year_range)
    if (
        cur.short
        and cur.metric is not None
        and cur.metric.kind == "prose"
        and cur.metric.key != "published"
        and prev.metric is not None
        and prev.metric.key == "published"
    ):
        # "政策解读呢？" after 主动公开: a part of the total if the report lists one so named
        metric = replace(
            prev.metric, hints=prev.metric.hints + (normalize_label(cur.text),), alt=cur.metric
        )
        out = replace(out, metric=metric)
    elif cur.metric is None and prev.metric is not None and cur.elliptical:
        metric = prev.metric
        if metric.key == "published":  # 机构信息呢？: the part may be named now
            metric = replace(metric, hints=metric.hints + (normalize_label(cur.text),))
        route = cur.route
        if route == "narrative":
            route = prev.route if prev.route in ("figure", "trend", "diff") else "figure"
        if route in ("trend", "diff") and "year" in cur.explicit and len(cur.years) == 1:
            route = "figure"
        out = replace(out, metric=metric, route=route)
    elif cur.metric is not None and prev.metric is not None and not cur.metric.key:
        # "企业呢？": keep the row, change the column
        merged = replace(prev.metric, column=cur.metric.column)
        if prev.metric.kind != cur.metric.kind:
            merged = prev.metric
        out = replace(
            out, metric=merged, route=prev.route if prev.route != "narrative" else "figure"
        )
    elif cur.metric is None and prev.metric is None and cur.bare:
        # "永吉街道呢？" after a narrative or consistency question: the same question, for it
        out = replace(out, route=prev.route, topic=prev.topic)
    return out
