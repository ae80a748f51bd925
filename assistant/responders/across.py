"""Across bodies: which body has the most (哪个部门收到的申请最多, 排名前三) and a figure added over
several bodies (全市各单位一共, 几个街道加起来)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import wording as w
from assistant.answer import Answer
from assistant.figures import Resolved, label_of
from assistant.lexicon import lexicon
from assistant.question import BodyStatus, Intent, Order, ParsedQuestion, YearKind
from assistant.responders.common import (
    Context,
    Refusal,
    Sources,
    bodies_of,
    computed_figure,
    need_report,
    refusal,
    resolve_or_refuse,
    stated,
    years_for,
)
from assistant.responders.registry import responder
from assistant.responders.series import chart_of

_TOP = {"前三": 3, "前三名": 3, "前五": 5, "前五名": 5, "前十": 10}


@dataclass
class Scope:
    """The bodies a ranking or total runs over, and what the answer must say about them."""

    bodies: list[str]
    left_out: list[str] = field(default_factory=list)  # names do not say they are in the region
    city: str = ""  # 全市 with no city named: the one most bodies are in
    counted_unsure: list[str] = field(default_factory=list)  # counted with that city, unsure

    def note(self, catalog) -> str:
        names = [catalog.bodies[b].name for b in self.counted_unsure]
        out = w.scope_city(self.city, names) if self.city else ""
        if self.left_out:
            out += w.scope_unsure([catalog.bodies[b].name for b in self.left_out])
        return out


def scope_bodies(q: ParsedQuestion, ctx: Context) -> Scope:
    """The bodies named (two or more), or those of the kind the scope word says (各部门,
    各街道), within a region named (澜江市各部门): a body whose names do not place it in that
    region is left out and named. 全市 with no city named is the city most bodies are in;
    bodies whose names say no city are counted with it, and named."""
    cat = ctx.catalog
    if q.scope is None:
        if re.search(r"两个|几个|这些|各|都", q.as_read):
            # 两个住建局一共: every body the ambiguous name can mean
            every = [
                b
                for m in q.bodies
                if m.status in (BodyStatus.RESOLVED, BodyStatus.AMBIGUOUS)
                for b in m.bodies
            ]
            if len(set(every)) >= 2:
                return Scope(sorted(set(every)))
        named = bodies_of(q, ctx, allow_none=True)
        return Scope(named if len(named) >= 2 else sorted(cat.bodies))
    regions = [
        cat.region_of_place(m.text)
        for m in q.bodies
        if m.status is BodyStatus.RESOLVED and cat.is_place(m.text)
    ]
    # a region the corpus names but holds no government of (西澜区的两个街道)
    regions += [
        cat.regions[r]
        for r in sorted(cat.regions, key=len, reverse=True)
        if r in q.text and cat.regions[r] == r and not any(r in m.text for m in q.bodies)
    ]
    named = [
        b
        for m in q.bodies
        if m.status is BodyStatus.RESOLVED and not cat.is_place(m.text)
        for b in m.bodies
    ]
    unclear = [m for m in q.bodies if m.status is not BodyStatus.RESOLVED]
    if unclear:
        # 市直部门（市监局、住建局…）: a name that may mean several bodies is the one of the scope
        # named (the city's 住建局); one that stays unclear is asked back, never left out
        # (市政府加上东澜、青屿两个区政府: which 市政府)
        inside, _ = cat.in_scope(q.scope, regions[0] if regions else None)
        for m in unclear:
            fits = [b for b in m.bodies if b in inside]
            if m.status is not BodyStatus.AMBIGUOUS or len(fits) != 1:
                bodies_of(q, ctx)  # raises: which one is meant, or the name is not in the corpus
            named += fits
    if len(named) >= 2:
        return Scope(named)
    kinds = tuple(k for k in q.scope.split(";")[0].split("|") if k)
    every = list(
        dict.fromkeys(b for m in q.bodies if m.status is BodyStatus.RESOLVED for b in m.bodies)
    )
    if len(every) >= 2 and (named or all(b.endswith(kinds) for b in every if kinds)):
        # 东澜区和青屿区两个区政府: the places named are the bodies; 市政府加上东澜、青屿两个区政府:
        # a body named beside the places, all of them (never the region's 区政府 alone)
        return Scope(every)
    if not regions and ";city" in q.scope:
        kind_bodies, _ = cat.in_scope(q.scope)
        cities: dict[str, int] = {}
        for b in kind_bodies:
            c = cat.city_of(b)
            if c:
                cities[c] = cities.get(c, 0) + 1
        if cities:
            city = max(cities, key=lambda c: (cities[c], c))
            inside, unsure = cat.in_scope(q.scope, city)
            return Scope(sorted(inside + unsure), city=city, counted_unsure=unsure)
    inside, unsure = cat.in_scope(q.scope, regions[0] if regions else None)
    return Scope(inside, left_out=unsure)


def _sum_of_metrics(q: ParsedQuestion, ctx: Context, body: str) -> Answer:
    years, note = years_for(q, ctx, body)
    year = years[-1]
    need_report(ctx, body, year, q)
    rs = [resolve_or_refuse(ctx, body, year, ref) for ref in q.metrics]
    if len({r.unit for r in rs}) > 1 or not all(stated(r.value) for r in rs):
        raise Refusal(refusal(w.cannot_add([r.label for r in rs]), ctx.catalog, body))
    src = Sources()
    parts = [f"{r.label}{w.value(r.value, r.unit, r.qualifier)}{src.cite(r, limit=1)}" for r in rs]
    value = sum(r.number or 0 for r in rs)
    name = ctx.catalog.bodies[body].name
    src.add(
        computed_figure(
            value, rs[0].unit, "合计（计算）", body, year, rs[0].facts[0].provenance.source
        )
    )
    return src.answer(w.sum_of(name, year, w.value(value, rs[0].unit), parts) + note, "total")


_SEVERAL = re.compile(r"几个|这些|各|都|全市|所有")


def _one_body(q: ParsedQuestion, ctx: Context) -> str | None:
    """The one body a total names, with no scope: a total of that body's figure, not of the
    corpus (东澜区住建局……那现在还有效的一共几件). A name that may mean several bodies, or words
    that say several (各, 全市, 这些), are a total over bodies."""
    if q.scope is not None or _SEVERAL.search(q.as_read):
        return None
    if any(m.status is not BodyStatus.RESOLVED for m in q.bodies):
        return None
    named = q.resolved_bodies
    return named[0] if len(named) == 1 else None


def _year(q: ParsedQuestion, ctx: Context, bodies: list[str]) -> int:
    if q.years.kind is YearKind.EXPLICIT:
        return q.years.years[-1]
    newest = max(ctx.catalog.bodies[b].newest for b in bodies)
    if q.years.kind is YearKind.PREVIOUS:
        return newest - q.years.count
    return newest


def _values(
    q: ParsedQuestion, ctx: Context
) -> tuple[int, list[tuple[str, Resolved]], list[str], str]:
    scope = scope_bodies(q, ctx)
    bodies, note = scope.bodies, scope.note(ctx.catalog)
    if not bodies:
        raise Refusal(refusal("语料中没有符合范围的机关。", ctx.catalog, route="refusal"))
    if not q.metrics:
        raise Refusal(refusal(w.ask_back_metric(), ctx.catalog, route="clarify"))
    year = _year(q, ctx, bodies)
    ref = q.metrics[0]
    have, missing = [], []
    for b in bodies:
        r = ctx.lookup.resolve(b, year, ref) if ctx.catalog.report(b, year) else None
        if r is None or r.number is None:
            missing.append(ctx.catalog.bodies[b].name)
        else:
            have.append((b, r))
    if not have:
        raise Refusal(
            refusal(f"语料中没有{year}年的“{label_of(ref)}”数字。", ctx.catalog, route="refusal")
        )
    return year, have, missing, note


@responder(Intent.RANK)
def rank(q: ParsedQuestion, ctx: Context) -> Answer:
    year, have, missing, note = _values(q, ctx)
    low = q.order is Order.MIN
    have.sort(key=lambda x: (x[1].number if not low else -x[1].number, x[0]), reverse=True)  # type: ignore[operator]
    src = Sources()
    top_n = next((n for word, n in _TOP.items() if word in q.as_read), len(have))
    lines = []
    cited = []
    for b, r in have[:top_n]:
        cited.append((ctx.catalog.bodies[b].name, r, len(src.citations) + 1))
        lines.append(
            f"{ctx.catalog.bodies[b].name}{w.value(r.value, r.unit, r.qualifier)}{src.cite(r, limit=1)}"
        )
    best = have[0][1].number
    leaders = [ctx.catalog.bodies[b].name for b, r in have if r.number == best]
    head = w.tie(leaders) if len(leaders) > 1 else leaders[0]
    order_word = "从少到多" if low else "从多到少"
    first = have[0][1]
    text = (
        w.rank_lead(head, w.value(first.value, first.unit, first.qualifier))
        + w.rank(year, first.label, order_word, lines, missing if top_n >= len(have) else [])
        + note
    )
    return src.answer(
        text, "rank", chart_of("bar", f"{year}年{have[0][1].label}", have[0][1].unit, cited)
    )


def _over_years(q: ParsedQuestion, ctx: Context) -> tuple[str, list[int], str] | None:
    """(body, years, year note) when the total is one body's over several years."""
    if q.scope is not None or len(q.bodies) != 1 or q.bodies[0].status is not BodyStatus.RESOLVED:
        return None
    if len(q.bodies[0].bodies) != 1:
        return None
    body = q.bodies[0].bodies[0]
    years, note = years_for(q, ctx, body)
    return (body, years, note) if len(years) >= 2 else None


def _total_over_years(
    q: ParsedQuestion, ctx: Context, body: str, years: list[int], note: str
) -> Answer:
    if not q.metrics:
        raise Refusal(refusal(w.ask_back_metric(), ctx.catalog, body, route="clarify"))
    ref = q.metrics[0]
    src = Sources()
    lines, cited, have, missing = [], [], [], []
    for y in years:
        need_report(ctx, body, y, q)
        r = ctx.lookup.resolve(body, y, ref)
        if r is None or r.number is None:
            missing.append(f"{y}年")
            continue
        cited.append((f"{y}年", r, len(src.citations) + 1))
        lines.append(f"{y}年{w.value(r.value, r.unit, r.qualifier)}{src.cite(r, limit=1)}")
        have.append((y, r))
    if not have:
        name = ctx.catalog.bodies[body].name
        raise Refusal(
            refusal(w.figure_not_in_report(name, years[0], label_of(ref)), ctx.catalog, body)
        )
    s = sum(r.number for _, r in have)  # type: ignore[misc]
    s = int(s) if float(s).is_integer() else round(s, 6)
    unit = have[0][1].unit
    first = have[0][1].facts[0]
    label = have[0][1].label
    src.add(
        computed_figure(
            s,
            unit,
            f"{len(have)}个年度的{label}合计（计算）",
            body,
            have[-1][0],
            first.provenance.source,
        )
    )
    shown = w.value(s, unit)
    name = ctx.catalog.bodies[body].name
    text = (
        f"{shown}。"
        + w.total_years(name, label, [y for y, _ in have], shown, lines, missing)
        + note
    )
    return src.answer(text, "total", chart_of("line", f"{name}{label}", unit, cited))


@responder(Intent.TOTAL)
def total(q: ParsedQuestion, ctx: Context) -> Answer:
    over = _over_years(q, ctx)
    if over is not None:
        return _total_over_years(q, ctx, *over)
    one = _one_body(q, ctx)
    if one is not None and len(q.metrics) >= 2:
        return _sum_of_metrics(q, ctx, one)  # 复议和诉讼一共多少件
    if one is not None:
        if lexicon().says_two(
            q.as_read
        ):  # 两个加起来呢 after 复议, 诉讼: two figures, not two bodies
            raise Refusal(
                refusal(w.which_two(ctx.catalog.bodies[one].name), ctx.catalog, one, "clarify")
            )
        from assistant.responders.figure import figure

        return figure(q.model_copy(update={"intent": Intent.FIGURE}), ctx)  # 现在有效的一共几件
    year, have, missing, note = _values(q, ctx)
    src = Sources()
    lines = []
    cited = []
    for b, r in have:
        cited.append((ctx.catalog.bodies[b].name, r, len(src.citations) + 1))
        lines.append(
            f"{ctx.catalog.bodies[b].name}{w.value(r.value, r.unit, r.qualifier)}{src.cite(r, limit=1)}"
        )
    s = sum(r.number for _, r in have)  # type: ignore[misc]
    s = int(s) if float(s).is_integer() else round(s, 6)
    unit = have[0][1].unit
    src.add(
        computed_figure(
            s,
            unit,
            f"{len(have)}个机关的{have[0][1].label}合计（计算）",
            have[0][0],
            year,
            have[0][1].facts[0].provenance.source,
        )
    )
    shown = w.value(s, unit)
    text = f"{shown}。" + w.total(year, have[0][1].label, len(have), shown, lines, missing) + note
    return src.answer(text, "total", chart_of("bar", f"{year}年{have[0][1].label}", unit, cited))
