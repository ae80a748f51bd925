"""A figure over years (历年, 近三年, 2022到2024年) and the difference between two years or two
bodies (比去年多了多少, 淮安比永吉多多少)."""

from __future__ import annotations

import re

from assistant import wording as w
from assistant.answer import Answer, Chart, ChartPoint, Citation
from assistant.figures import Resolved, label_of
from assistant.lexicon import Kind, lexicon, words_of
from assistant.question import Intent, MetricRef, Order, ParsedQuestion, YearKind
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
from assistant.responders.mentions import ROLE_CHANGE, mention_answer
from assistant.responders.registry import RESPONDERS, responder
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
            numbers = [(y, r) for y, r in have if stated(r.value)]
            if not ranked and len(numbers) >= 2 and _asks_change(q):
                # 从2022年到2024年变了多少: the change from the first year to the last
                text = text.rstrip("。") + _span_change(numbers, body, src)
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


def _asks_change(q: ParsedQuestion) -> bool:
    return any(c in words_of(Kind.INTENT, "compare") for c in q.cues)


def _span_change(numbers: list[tuple[int, Resolved]], body: str, src: Sources) -> str:
    (y0, ra), (y1, rb) = numbers[0], numbers[-1]
    delta, pct = _change_between(ra, rb, (y0, y1), body, src)
    return w.change(y1, y0, delta, rb.unit, pct)


def _change_between(
    ra: Resolved, rb: Resolved, years: tuple[int, int], body: str, src: Sources
) -> tuple[int | float, float | None]:
    """The change from ``ra`` (the earlier year) to ``rb`` and its rate, each added as a computed
    figure so that the answer's numbers trace to them."""
    y0, y1 = years
    delta = _clean(rb.value - ra.value)  # type: ignore[operator]
    source = rb.facts[0].provenance.source
    src.add(computed_figure(abs(delta), rb.unit, f"{y1}年与{y0}年之差（计算）", body, y1, source))
    pct = None
    if delta and ra.value:
        pct = round(delta / ra.value * 100, 1)  # type: ignore[operator]
        src.add(
            computed_figure(abs(pct), "%", f"{y1}年比{y0}年的变化幅度（计算）", body, y1, source)
        )
    return delta, pct


_ASKS_PERCENT = re.compile(r"百分之|百分比|%|％|幅度|增幅|降幅|涨幅|几成|percent|[长降少化减]率")
# a change the question takes for granted (为什么比2022年多了那么多), not one it asks (多了多少)
_YEAR_ON_YEAR = re.compile(r"同比|环比|同期|较上年|较去年")
_CLAIMS_UP = re.compile(r"多了|增加了|增长了|上升了|涨了|翻了|多出|暴增|激增|猛增")
_CLAIMS_DOWN = re.compile(r"少了|减少了|下降了|降了|跌了|锐减|骤降")
_ASKS_CHANGE = re.compile(r"多少|几|多大|百分之|是否|是不是|有没有|吗|呢")


def _claimed_up(text: str) -> bool | None:
    """True / False: the question states a rise / a fall as fact; None: it states none."""
    up, down = bool(_CLAIMS_UP.search(text)), bool(_CLAIMS_DOWN.search(text))
    if up == down or (_ASKS_CHANGE.search(text) and not WHY.search(text)):
        return None
    return up


# a comparison asked as yes or no (办结的是不是比收到的少, 2024年比2023年多吗): the verdict first
_ASKS_WHETHER = re.compile(r"是不是|是否|有没有|吗|[吧嘛][？?。!！]*$|[多少]么[？?]*$")
_SAID_MORE = re.compile(r"比[^，。？?]*?(多|高|大|增|涨|上升)")
_SAID_LESS = re.compile(r"比[^，。？?]*?(少|低|小|减|降|下降)")


def _verdict(q: ParsedQuestion, delta: int | float) -> str:
    """是。/ 不是。 for a comparison asked as yes or no, ``delta`` being the first-named side
    minus the other; "" when the question claims no direction or asks how much."""
    if (
        not _ASKS_WHETHER.search(q.as_read)
        or re.search(r"多少|几", q.as_read)
        or WHY.search(q.as_read)
    ):
        return ""  # 为什么多了那么多: a claim, corrected by the direction note
    more, less = _SAID_MORE.search(q.as_read), _SAID_LESS.search(q.as_read)
    if bool(more) == bool(less):
        return ""
    holds = delta > 0 if more else delta < 0
    return "是。" if holds else "不是。"


def _subject_first(q: ParsedQuestion, earlier: int, later: int) -> bool:
    """Whether the earlier year is the side the question names first (2023年是不是比2024年少)."""
    at = q.as_read.find("比")
    a, b = q.as_read.find(str(earlier)), q.as_read.find(str(later))
    return 0 <= a < at and (b < 0 or b > at)


def _direction_note(q: ParsedQuestion, delta: int | float) -> str:
    claimed = _claimed_up(q.as_read)
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
    if len(bodies) > 2:
        # 澜江市 vs 东澜区 vs 青屿区: three or more are set side by side, ranked, none dropped
        return RESPONDERS[Intent.RANK](q.model_copy(update={"intent": Intent.RANK}), ctx)
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
        text = _verdict(q, delta) + _direction_note(q, delta) + text
        return src.answer(text, "compare", chart)
    body = bodies[0]
    refs = list(dict.fromkeys(q.metrics))
    if len(refs) >= 2 and not _years_said_apart(q):
        return _metrics_apart(q, ctx, body)  # 收到和办结的申请差几件: two figures, one year
    y0, y1 = _two_years(q, ctx, body)
    try:
        need_report(ctx, body, y0, q)
    except Refusal:
        said = _change_stated(q, ctx, body, y1, refs)
        if said is None:
            raise
        return said  # 比上年增长了多少 with no report of the year before: the text's own 同比增长
    need_report(ctx, body, y1, q)
    texts, chart = [], None
    for ref in refs:  # 收到和办结的申请比去年各多几件: each figure over the two years
        text, delta, shown = _years_apart(q, ctx, body, ref, (y0, y1), src)
        chart = chart or shown
        verdict = _verdict(q, -delta if _subject_first(q, y0, y1) else delta)
        texts.append(verdict + _direction_note(q, delta) + text)
    return src.answer("".join(texts), "compare", chart)


def _change_stated(
    q: ParsedQuestion, ctx: Context, body: str, year: int, refs: list[MetricRef]
) -> Answer | None:
    """A change the report of ``year`` states itself (同比增长5.26%), found only when that report
    is in the corpus and the one of the year before is not."""
    if ctx.catalog.report(body, year) is None or len(refs) != 1:
        return None
    # the figure's own name said too (办理的依申请公开量: 政府信息公开申请)
    named = q.model_copy(update={"reading": (q.reading or q.text) + label_of(refs[0])})
    said = mention_answer(named, ctx, body, year)
    if said is None or not all(f.label.endswith(f"（{ROLE_CHANGE}）") for f in said.figures):
        return None
    return said


def _years_said_apart(q: ParsedQuestion) -> bool:
    """Whether the question sets years against each other (2023年和2024年, 比去年, 同比), so two
    figures named are each compared over the years rather than with each other."""
    ys = q.years
    if max(len(ys.years), len(ys.offsets), len(ys.sequence)) >= 2 or ys.kind in (
        YearKind.RECENT,
        YearKind.ALL,
    ):
        return True
    if _YEAR_ON_YEAR.search(q.as_read):
        return True
    at = q.as_read.find("比")
    after = q.as_read[at + 1 :] if at >= 0 else ""
    for word in q.metrics_words():
        after = after.replace(word, " ")  # 比上年结转的多: a figure's own words, not a year
    return bool(re.search(r"\d{2,4}\s*年", after)) or any(w in after for w in lexicon().years)


def _years_apart(
    q: ParsedQuestion,
    ctx: Context,
    body: str,
    ref: MetricRef,
    years: tuple[int, int],
    src: Sources,
) -> tuple[str, int | float, Chart | None]:
    """One figure of one body in two years: the sentence, the change, the chart."""
    y0, y1 = years
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
    delta, pct = _change_between(ra, rb, (y0, y1), body, src)
    text = w.diff_years(info.name, rb.label, later, earlier) + w.change(y1, y0, delta, rb.unit, pct)
    if pct is not None and _ASKS_PERCENT.search(q.as_read):
        text = w.change_lead(delta, pct) + text  # 下降了百分之多少: the rate first
    return text, delta, chart


def _metrics_apart(q: ParsedQuestion, ctx: Context, body: str) -> Answer:
    """Two figures of one body compared in one year (新收比办结多几件). Three figures say no
    single difference: asked back, never guessed."""
    if len(set(q.metrics)) > 2:
        raise Refusal(refusal(w.which_difference(), ctx.catalog, body, "clarify"))
    years, note = years_for(q, ctx, body)
    year = years[-1]
    need_report(ctx, body, year, q)
    ra, rb = (resolve_or_refuse(ctx, body, year, ref) for ref in q.metrics)
    if ra.unit != rb.unit or not (stated(ra.value) and stated(rb.value)):
        raise Refusal(refusal(w.cannot_subtract([ra.label, rb.label]), ctx.catalog, body))
    src = Sources()
    sa = f"{ra.label}{_shown(ra)}{src.cite(ra)}"
    sb = f"{rb.label}{_shown(rb)}{src.cite(rb)}"
    delta = _clean(ra.value - rb.value)  # type: ignore[operator]
    info = ctx.catalog.bodies[body]
    src.add(
        computed_figure(
            abs(delta),
            ra.unit,
            f"{ra.label}与{rb.label}之差（计算）",
            body,
            year,
            ra.facts[0].provenance.source,
        )
    )
    text = w.diff_metrics(info.name, year, sa, sb, ra.label, rb.label, delta, ra.unit)
    return src.answer(_verdict(q, delta) + text + note, "compare")


def _clean(x: int | float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)
