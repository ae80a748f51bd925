"""Shares (个人占多少, 予以公开占办结的比例) and multiples (淮安是永吉的几倍)."""

from __future__ import annotations

from assistant import wording as w
from assistant.answer import Answer
from assistant.figures import Resolved, ratio
from assistant.question import Intent, MetricRef, ParsedQuestion, YearKind
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
    years_said,
)
from assistant.responders.registry import responder
from reportqa.metrics import Source, registry

_RESULT_FAMILIES = ("办理结果", "不予公开理由", "无法提供理由", "不予处理理由", "其他处理理由")


def whole_of(part: MetricRef) -> MetricRef | None:
    """The whole a part is a share of when the question names none: the same row's 总计 for a
    column, （七）总计 for a result row, the 主动公开 total for one of its parts."""
    reg = registry()
    m = reg[part.metric]
    if part.part:
        return MetricRef(metric=part.metric)
    dimension = reg.dimension_of(part.metric)
    if dimension is not None and part.dim and part.dim != reg.default_dim(part.metric):
        return MetricRef(metric=part.metric, dim=dimension.default)
    if m.family in _RESULT_FAMILIES and m.id != "total":
        return MetricRef(metric="total", dim=part.dim)
    if m.id in ("litigation.direct", "litigation.after_review"):
        return MetricRef(metric="litigation", dim=part.dim)
    return None


def _shown(r: Resolved) -> str:
    return w.value(r.value, r.unit, r.qualifier)


@responder(Intent.SHARE)
def share(q: ParsedQuestion, ctx: Context) -> Answer:
    if not q.metrics:
        raise Refusal(refusal(w.ask_back_metric(), ctx.catalog, route="clarify"))
    body = bodies_of(q, ctx)[0]
    years, note = years_for(q, ctx, body)
    year = years[-1]
    need_report(ctx, body, year, q)
    part_ref = q.metrics[0]
    if registry()[part_ref.metric].source is Source.RATIO:
        from assistant.responders.figure import figure

        return figure(q, ctx)
    whole_ref = q.whole or whole_of(part_ref)
    if whole_ref is None:
        raise Refusal(
            refusal(
                f"请问“{registry()[part_ref.metric].label}”要算占哪一项的比例？例如占办结的申请，或某类申请人占收到的申请。",
                ctx.catalog,
                body,
                route="clarify",
            )
        )
    parts = [resolve_or_refuse(ctx, body, year, r) for r in q.metrics]
    whole = resolve_or_refuse(ctx, body, year, whole_ref)
    src = Sources()
    name = ctx.catalog.bodies[body].name
    refs = [src.cite(p) for p in parts]
    wr = src.cite(whole)
    if not all(stated(p.value) for p in parts) or not stated(whole.value):
        raise Refusal(refusal("报告中这一项没有填写数字，无法计算占比。", ctx.catalog, body))
    if len(parts) == 1:
        part = parts[0]
        pr = refs[0]
    else:  # 予以公开和部分公开加起来占办结的百分之几
        total = sum(p.number for p in parts)  # type: ignore[misc]
        label = "与".join(p.label for p in parts) + "合计"
        part = Resolved(
            parts[0].ref,
            total,
            parts[0].unit,
            "",
            label,
            [f for p in parts for f in p.facts],
            computed=True,
        )
        pr = (
            "（"
            + "、".join(f"{p.label}{_shown(p)}{r}" for p, r in zip(parts, refs, strict=True))
            + "）"
        )
        src.add(
            computed_figure(
                total,
                part.unit,
                label + "（计算）",
                body,
                year,
                parts[0].facts[0].provenance.source,
            )
        )
    pct = ratio(part.number, whole.number)
    if pct is None:
        text = (
            f"{name}{year}年{part.label}为{_shown(part)}{pr}，{whole.label}为{_shown(whole)}{wr}，"
            + w.share_undefined()
            + "。"
        )  # both figures, each with its citation: the part too, never cited unseen
        return src.answer(text, "share")
    if pct > 100:
        # a part larger than its whole is no part of it: the sides were misread, no share is given
        text = w.share_over_whole(
            name, year, part.label, _shown(part) + pr, whole.label, _shown(whole) + wr
        )
        return src.answer(text, "clarify", found=False)
    src.add(
        computed_figure(
            round(pct, 1),
            "%",
            f"{part.label}占{whole.label}的比例（计算）",
            body,
            year,
            part.facts[0].provenance.source,
        )
    )
    sentence = w.share_sentence(
        name, year, part.label, _shown(part) + pr, whole.label, _shown(whole) + wr, w.percent(pct)
    )
    return src.answer(f"{w.percent(pct)}。{sentence}{note}。", "share")


@responder(Intent.MULTIPLE)
def multiple(q: ParsedQuestion, ctx: Context) -> Answer:
    bodies = bodies_of(q, ctx)
    pairs: list[tuple[str, int, MetricRef]] = []
    if len(bodies) >= 2:
        ref = q.metrics[0]
        b0, b1 = bodies[0], bodies[1]
        if q.years.kind is YearKind.EXPLICIT:
            year = q.years.years[0]
        else:
            common = sorted(set(ctx.catalog.bodies[b0].years) & set(ctx.catalog.bodies[b1].years))
            if not common:
                raise Refusal(refusal("这两个机关没有同一年度的报告，无法比较。", ctx.catalog, b0))
            year = common[-1]
        pairs = [(b0, year, ref), (b1, year, ref)]
    elif len(q.metrics) >= 2:
        body = bodies[0]
        year = years_for(q, ctx, body)[0][-1]
        pairs = [(body, year, q.metrics[0]), (body, year, q.metrics[1])]
    elif q.metrics and len(years_for(q, ctx, bodies[0])[0]) >= 2:
        body = bodies[0]
        ys = years_for(q, ctx, body)[0]
        # 去年的是前年的几倍: the year said first is the one compared
        said = years_said(q, ctx, body) or ys[::-1]
        first = said[0]
        other = next(y for y in [*said, *ys] if y != first)
        pairs = [(body, first, q.metrics[0]), (body, other, q.metrics[0])]
    else:
        raise Refusal(
            refusal(
                "请问要比较哪两个数字？例如两个机关、两个年度，或两项指标。",
                ctx.catalog,
                bodies[0],
                route="clarify",
            )
        )
    src = Sources()
    shown = []
    resolved = []
    for body, year, ref in pairs:
        need_report(ctx, body, year, q)
        r = resolve_or_refuse(ctx, body, year, ref)
        if not stated(r.value):
            raise Refusal(refusal("报告中这一项没有填写数字，无法计算倍数。", ctx.catalog, body))
        resolved.append(r)
        name = ctx.catalog.bodies[body].name
        shown.append(f"{name}{year}年{r.label}为{_shown(r)}{src.cite(r)}")
    a, b = resolved
    if not b.number:
        text = w.multiple_undefined(shown[1]) + "。"
        return src.answer(f"{shown[0]}；{text}", "multiple")
    value = a.number / b.number  # type: ignore[operator]
    src.add(
        computed_figure(
            round(value, 2),
            "倍",
            "前者与后者之比（计算）",
            pairs[0][0],
            pairs[0][1],
            a.facts[0].provenance.source,
        )
    )
    return src.answer(
        f"{w.times(value)}。" + w.multiple_sentence(shown[0], shown[1], w.times(value)) + "。",
        "multiple",
    )
