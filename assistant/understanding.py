"""Reading a question: which bodies, which years, which figure, which route. Follow-ups inherit
body, years and metric from the earlier questions of the conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.catalog import Catalog
from assistant.lexicon import lexicon
from ingest.numbers import chinese_to_int
from reportqa.format import normalize_label

_YEAR = r"((?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})"
_YEAR_RANGE = re.compile(_YEAR + r"\s*年?度?\s*(?:到|至|—|－|-|~|～|—)\s*" + _YEAR + r"\s*年?")
_YEAR_ONE = re.compile(_YEAR + r"\s*年")
_RECENT = re.compile(r"(?:近|最近|过去)([一二两三四五六七八九十\d]{1,2})年")
_RELATIVE = {"前年": -1, "去年": 0, "上一年": 0, "上年度": 0, "今年": 0, "本年度": 0, "最新": 0, "最近一年": 0}
_MENTION = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:街道办事处|街道办|街道|人民政府|市政府|区政府|县政府|镇政府|办事处|镇|乡|区|县|市|州|局|委员会|厅))"
)
_NOT_A_NAME = re.compile(r"^(?:我|本|全|该|各|哪|那|这|请问|一个|城|都)")


@dataclass(frozen=True)
class Metric:
    """Where a figure lives. kind: t3 (row key, column), t4 (group, result), t2 (part, row,
    column), prose (metric key). A group (deny, unable, noproc, other, litigation, corporate) is
    summed from its leaves in code."""

    kind: str
    key: str
    column: str | None = None  # t3: "0".."6" or "corporate"; t4: "0".."4"; t2: "0".."2"
    words: tuple[str, ...] = ()


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


def _year(s: str) -> int:
    return int(s) if s.isdigit() else chinese_to_int(s) or 0


def parse_years(text: str) -> tuple[tuple[int, ...], tuple[int, int] | None, str | None]:
    m = _YEAR_RANGE.search(text)
    if m:
        a, b = sorted((_year(m.group(1)), _year(m.group(2))))
        return tuple(range(a, b + 1)), (a, b), None
    years = tuple(dict.fromkeys(_year(y) for y in _YEAR_ONE.findall(text)))
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
    weight = {"申请": 0, "信息公开申请": 1, "依申请公开": 1}
    best = max(cands, key=lambda h: (weight.get(h.word, len(h.word) + 1), -h.start))
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
        # 其中政策文件有多少条: a part of the published total, named by the question
        m = re.search(r"(?:其中|里面|中)?([\u4e00-\u9fff]{2,6}?)(?:信息|文件)?(?:有|共|是)?多少条", text)
        if m and m.group(1) not in ("主动公开", "公开", "一共", "总共", "共", "信息"):
            return Metric("prose", "published", m.group(1), (best.word,))
    return Metric("prose", best.key, None, (best.word,))


def parse_part_only(text: str) -> str | None:
    """A follow-up naming only a part of the published total: 其中政策文件有多少条？"""
    m = re.search(r"([\u4e00-\u9fff]{2,6}?)(?:有|共|是)?多少条", text)
    if m:
        name = re.sub(r"^(?:其中|里面|那|那么)", "", m.group(1))
        if len(name) >= 2:
            return name
    return None


def parse_route(text: str, years: tuple[int, ...], relative: str | None, metric: Metric | None) -> str:
    lx = lexicon()
    if lx.best(text, "routes") is None and metric is None:
        return "narrative"
    hits = {h.key for h in lx.find(text, "routes")}
    if "check" in hits:
        return "check"
    if "diff" in hits and metric is not None:
        return "diff"
    if metric is not None and (len(years) > 1 or "trend" in hits or (relative or "").startswith("recent:")):
        return "trend"
    if metric is None:
        return "narrative"
    return "figure"


def understand(question: str, catalog: Catalog, history: list[str] | None = None) -> Query:
    """The query for ``question``, with what it leaves unsaid carried from ``history``."""
    state: Query | None = None
    for earlier in history or []:
        state = _merge(state, _parse_one(earlier, catalog))
    return _merge(state, _parse_one(question, catalog))


def _parse_one(question: str, catalog: Catalog) -> Query:
    text = normalize_label(question)
    mentions, spans = catalog.find_bodies(text)
    bodies: list[str] = []
    ambiguous: list[tuple[str, ...]] = []
    for cands in mentions:
        if len(cands) == 1:
            bodies.extend(c for c in cands if c not in bodies)
        else:
            ambiguous.append(tuple(sorted(cands)))
    unknown: list[str] = []
    for m in _MENTION.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        name = m.group(1)
        name = re.sub(r"^.*?(?:年|月|的|是|在|问|请|了|和|与|及|比)", "", name)
        if len(name) >= 3 and not _NOT_A_NAME.match(name) and not _generic(name):
            unknown.append(name)
    years, year_range, relative = parse_years(text)
    metric = parse_metric(_strip_spans(text, spans))
    route = parse_route(text, years, relative, metric)
    explicit = set()
    if bodies or ambiguous or unknown:
        explicit.add("body")
    if years or relative:
        explicit.add("year")
    if metric is not None:
        explicit.add("metric")
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
    )


_GENERIC = ("政府信息", "信息公开", "人民政府", "政府", "全市", "全区", "全县", "城市", "地区", "社区")


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
        out = replace(out, bodies=prev.bodies, ambiguous=prev.ambiguous, unknown_mentions=prev.unknown_mentions)
    if "year" not in cur.explicit:
        out = replace(out, years=prev.years, relative=prev.relative, year_range=prev.year_range)
    if cur.metric is None and prev.metric is not None:
        part = parse_part_only(normalize_label(cur.text))
        if part and prev.metric.key == "published":
            out = replace(out, metric=Metric("prose", "published", part, prev.metric.words))
        else:
            out = replace(out, metric=prev.metric)
        if cur.route == "narrative":
            route = prev.route if prev.route in ("figure", "trend") else "figure"
            if "year" in cur.explicit and len(cur.years) == 1:
                route = "figure"
            out = replace(out, route=route)
    elif cur.metric is not None and prev.metric is not None and not cur.metric.key:
        # "企业呢？": keep the row, change the column
        merged = replace(prev.metric, column=cur.metric.column)
        if prev.metric.kind != cur.metric.kind:
            merged = prev.metric
        out = replace(out, metric=merged, route=prev.route if prev.route != "narrative" else "figure")
    return out
