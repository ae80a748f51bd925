"""A figure over years (历年, 近三年, 2022到2024年) and the difference between two years or two
bodies (比去年多了多少, 淮安比永吉多多少)."""

from __future__ import annotations

import re

from assistant import wording as w
from assistant.answer import Answer, Chart, ChartPoint, Citation
from assistant.figures import Resolved, label_of
from assistant.question import Intent, Order, ParsedQuestion, YearKind
from assistant.responders.common import (
    WHY,
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
from reportqa.format import STAT_TABLE


def _shown(r: Resolved) -> str:
    return w.percent(r.value) if r.unit == "%" else w.value(r.value, r.unit, r.qualifier)  # type: ignore[arg-type]


def chart_of(
    kind: str, title: str, unit: str, points: list[tuple[str, Resolved, int]]
) -> Chart | None:
    """The chart of an answer: one point per (label, figure, number of its first citation);
    figures that are not numbers (a blank cell) are left out; None when no point is left."""
    shown = [
        ChartPoint(label=label, value=r.number, citation=n)
        for label, r, n in points
        if r.number is not None
    ]
    return Chart(kind=kind, unit=unit, title=title, points=shown) if shown else None  # type: ignore[arg-type]


@responder(Intent.TREND)
def trend(q: ParsedQuestion, ctx: Context) -> Answer:
    bodies = bodies_of(q, ctx)
    if len(bodies) > 1 and q.years.kind is YearKind.EXPLICIT and len(q.years.years) <= 1:
        return compare(q, ctx)
    src = Sources()
    texts = []
    cited: list[tuple[str, Resolved, int]] = []
    titles: list[str] = []
    for body in bodies:
        for ref in q.metrics[:1] if len(bodies) > 1 else q.metrics:
            years, note = years_for(q, ctx, body)
            have: list[tuple[int, Resolved]] = []
            missing = []
            for y in years:
                r = ctx.lookup.resolve(body, y, ref) if ctx.catalog.report(body, y) else None
                if r is None:
                    missing.append(y)
                else:
                    have.append((y, r))
            info = ctx.catalog.bodies[body]
            if not have:
                raise Refusal(
                    refusal(
                        w.figure_not_in_report(info.name, years[-1], label_of(ref))
                        + w.years_missing(ctx.catalog.holdings(body)),
                        ctx.catalog,
                        body,
                    )
                )
            ranked = q.order is not None and len(bodies) == 1 and len(q.metrics) == 1
            if ranked:  # 哪一年最多: the years by value, the largest (or smallest) first
                sign = -1 if q.order is Order.MAX else 1
                have.sort(key=lambda yr: (yr[1].number is None, sign * (yr[1].number or 0)))
                tops = [f"{y}年" for y, r in have if r.number == have[0][1].number]
            bits = []
            for y, r in have:
                cited.append((f"{y}年", r, len(src.citations) + 1))
                bits.append(f"{y}年{_shown(r)}{src.cite(r, limit=1)}")
            titles.append(f"{info.name}：{have[0][1].label}")
            text = (
                w.trend_ranked(
                    info.name,
                    have[0][1].label,
                    w.tie(tops) if len(tops) > 1 else tops[0],
                    q.order is Order.MIN,
                    bits,
                )
                if ranked
                else w.trend(info.name, have[0][1].label, bits)
            )
            old = [y for y, r in have if r.facts and r.facts[0].table == STAT_TABLE]
            if old and len(old) < len(have):
                text += w.format_changed(old, [y for y, _ in have if y not in old])
            if missing:
                text += w.years_missing(ctx.catalog.holdings(body))
                for rep in info.reports.values():
                    src.report(
                        Citation(
                            source=rep.source,
                            title=w.report_title(rep.body_printed, rep.year),
                            body=rep.body,
                            year=rep.year,
                            quote="（语料中的报告）",
                            report_id=rep.report_id,
                        )
                    )
            texts.append(text + note)
    one_series = len(titles) == 1  # one body, one metric: a line over the years
    return src.answer(
        "".join(texts),
        "trend",
        chart_of("bar" if ranked else "line", titles[0], cited[0][1].unit, cited)
        if one_series
        else None,
    )


_ASKS_PERCENT = re.compile(r"百分之|百分比|%|％|幅度|几成|percent")
# a change the question takes for granted (为什么比2022年多了那么多), not one it asks (多了多少)
_CLAIMS_UP = re.compile(r"多了|增加了|增长了|上升了|涨了|翻了|多出|暴增|激增|猛增")
_CLAIMS_DOWN = re.compile(r"少了|减少了|下降了|降了|跌了|锐减|骤降")
_ASKS_CHANGE = re.compile(r"多少|几|多大|百分之|是否|是不是|有没有|吗|呢")


def _claimed_up(text: str) -> bool | None:
    """True / False: the question states a rise / a fall as fact; None: it states none."""
    up, down = bool(_CLAIMS_UP.search(text)), bool(_CLAIMS_DOWN.search(text))
    if up == down or (_ASKS_CHANGE.search(text) and not WHY.search(text)):
        return None
    return up


def _direction_note(q: ParsedQuestion, delta: int | float) -> str:
    claimed = _claimed_up(q.text)
    if claimed is None or (delta > 0) == claimed and delta != 0:
        return ""
    return w.direction_wrong(claimed, delta)


def _two_years(q: ParsedQuestion, ctx: Context, body: str) -> tuple[int, int]:
    years = list(q.years.years)
    if q.years.kind in (YearKind.RECENT, YearKind.ALL) or len(years) > 2:
        got, _ = years_for(q, ctx, body)
        years = [got[0], got[-1]]
    if len(years) < 2:
        base = years[0] if years else years_for(q, ctx, body)[0][-1]
        years = [base - 1, base]
    a, b = sorted(years[:2])
    return a, b


@responder(Intent.COMPARE)
def compare(q: ParsedQuestion, ctx: Context) -> Answer:
    bodies = bodies_of(q, ctx)
    ref = q.metrics[0]
    src = Sources()
    if len(bodies) >= 2:
        a, b = bodies[0], bodies[1]
        ia, ib = ctx.catalog.bodies[a], ctx.catalog.bodies[b]
        if q.years.kind is YearKind.NONE:
            common = sorted(set(ia.years) & set(ib.years))
            if not common:
                raise Refusal(refusal("这两个机关没有同一年度的报告，无法比较。", ctx.catalog, a))
            year = common[-1]
        else:
            year = years_for(q, ctx, a)[0][-1]
        for body in (a, b):
            need_report(ctx, body, year, q)
        ra = resolve_or_refuse(ctx, a, year, ref)
        rb = resolve_or_refuse(ctx, b, year, ref)
        if not (stated(ra.value) and stated(rb.value)):
            raise Refusal(
                refusal("至少有一个机关的报告中这一项没有填写数字，无法比较。", ctx.catalog, a)
            )
        na = len(src.citations) + 1
        sa = f"{ia.name}{_shown(ra)}{src.cite(ra)}"
        nb = len(src.citations) + 1
        sb = f"{ib.name}{_shown(rb)}{src.cite(rb)}"
        chart = chart_of(
            "bar", f"{year}年{ra.label}", ra.unit, [(ia.name, ra, na), (ib.name, rb, nb)]
        )
        delta = _clean(ra.value - rb.value)  # type: ignore[operator]
        src.add(
            computed_figure(
                abs(delta),
                ra.unit,
                f"{ia.name}与{ib.name}之差（计算）",
                a,
                year,
                ra.facts[0].provenance.source,
            )
        )
        text = w.diff_bodies(year, ra.label, sa, sb, ia.name, ib.name, delta, ra.unit)
        return src.answer(_direction_note(q, delta) + text, "compare", chart)
    body = bodies[0]
    y0, y1 = _two_years(q, ctx, body)
    for y in (y0, y1):
        need_report(ctx, body, y, q)
    ra = resolve_or_refuse(ctx, body, y0, ref)
    rb = resolve_or_refuse(ctx, body, y1, ref)
    if not (stated(ra.value) and stated(rb.value)):
        raise Refusal(
            refusal("两个年度中至少有一年这一项没有填写数字，无法比较。", ctx.catalog, body)
        )
    info = ctx.catalog.bodies[body]
    nb = len(src.citations) + 1
    later = f"{y1}年{_shown(rb)}{src.cite(rb)}"
    na = len(src.citations) + 1
    earlier = f"{y0}年{_shown(ra)}{src.cite(ra)}"
    chart = chart_of(
        "line", f"{info.name}：{rb.label}", rb.unit, [(f"{y0}年", ra, na), (f"{y1}年", rb, nb)]
    )
    delta = _clean(rb.value - ra.value)  # type: ignore[operator]
    src.add(
        computed_figure(
            abs(delta),
            rb.unit,
            f"{y1}年与{y0}年之差（计算）",
            body,
            y1,
            rb.facts[0].provenance.source,
        )
    )
    pct = None
    if delta and ra.value:
        pct = round(delta / ra.value * 100, 1)  # type: ignore[operator]
        src.add(
            computed_figure(
                abs(pct),
                "%",
                f"{y1}年比{y0}年的变化幅度（计算）",
                body,
                y1,
                rb.facts[0].provenance.source,
            )
        )
    text = w.diff_years(info.name, rb.label, later, earlier) + w.change(y1, y0, delta, rb.unit, pct)
    if pct is not None and _ASKS_PERCENT.search(q.text):
        text = w.change_lead(delta, pct) + text  # 下降了百分之多少: the rate first
    return src.answer(_direction_note(q, delta) + text, "compare", chart)


def _clean(x: int | float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)
