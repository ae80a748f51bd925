"""Within one report: the largest or smallest row of a group (办理结果里哪种最多, 不予公开的理由里
哪个最多, 哪类申请人最多) and the ledger of applications (新收 + 上年结转 = 办结 + 结转下年)."""

from __future__ import annotations

from assistant import wording as w
from assistant.answer import Answer
from assistant.figures import Resolved
from assistant.question import Intent, MetricRef, Order, ParsedQuestion
from assistant.responders.common import (
    Context,
    Refusal,
    Sources,
    bodies_of,
    computed_figure,
    leaf_name,
    need_report,
    refusal,
    resolve_or_refuse,
    stated,
    years_for,
)
from assistant.responders.registry import responder
from reportqa.metrics import registry

_GROUP_NAMES = {
    "办理结果": "办理结果",
    "不予公开理由": "不予公开的理由",
    "无法提供理由": "无法提供的原因",
    "不予处理理由": "不予处理的原因",
    "其他处理理由": "其他处理的原因",
    "applicant": "申请人类型",
    "outcome": "审理结果",
}
_LEAF_FAMILY = {
    "deny": "不予公开理由",
    "unable": "无法提供理由",
    "noproc": "不予处理理由",
    "other": "其他处理理由",
}


def _members(q: ParsedQuestion, ctx: Context, body: str, year: int) -> tuple[str, list[MetricRef]]:
    """The group a question compares (the parser's ``group``) and its members."""
    reg = registry()
    group = q.group or _group_of(q)
    if group == "listed":
        return "所问的几项", list(q.metrics)
    if group == "published_parts":
        parts = [f.row.split(" / ")[-1] for f in ctx.lookup.parts_of_published(body, year)]
        return "主动公开信息的分类", [MetricRef(metric="published", part=p) for p in parts]
    if group == "corporate":
        base = next((r.metric for r in q.metrics), "new")
        return "法人或其他组织", [
            MetricRef(metric=base, dim=v)
            for v in ("business", "research", "public_interest", "legal", "other_org")
        ]
    if group in ("applicant", "outcome"):
        dimension = reg.dimensions[group]
        named = next((r.metric for r in q.metrics if reg[r.metric].dimension == group), None)
        base = named or ("new" if group == "applicant" else "review")
        values = [v for v in dimension.values if v not in (dimension.default, "corporate")]
        return _GROUP_NAMES[group], [MetricRef(metric=base, dim=v) for v in values]
    if group is None:
        return "", []
    if group == "办理结果小项":  # every result row that holds a number: 予以公开 … 3.其他
        families = ("办理结果", "不予公开理由", "无法提供理由", "不予处理理由", "其他处理理由")
        members = [
            m for f in families for m in reg.family(f) if len(m.rows) == 1 and m.id != "total"
        ]
        dim = next((r.dim for r in q.metrics if r.dim), None)
        return "办理结果各项", [MetricRef(metric=m.id, dim=dim) for m in members]
    members = [m for m in reg.family(group) if m.id != "total"]
    dim = next((r.dim for r in q.metrics if r.dim), None)
    return _GROUP_NAMES.get(group, group), [MetricRef(metric=m.id, dim=dim) for m in members]


@responder(Intent.EXTREME)
def extreme(q: ParsedQuestion, ctx: Context) -> Answer:
    body = bodies_of(q, ctx)[0]
    years, note = years_for(q, ctx, body)
    year = years[-1]
    need_report(ctx, body, year, q)
    group, refs = _members(q, ctx, body, year)
    if not refs:
        raise Refusal(
            refusal(
                "请问要在哪一组数字里找最多或最少的一项？例如办理结果、不予公开的理由或申请人类型。",
                ctx.catalog,
                body,
                route="clarify",
            )
        )
    have: list[Resolved] = []
    for ref in refs:
        r = ctx.lookup.resolve(body, year, ref)
        if r is not None and stated(r.value):
            have.append(r)
    if not have:
        raise Refusal(
            refusal(
                f"{ctx.catalog.bodies[body].name}{year}年的报告中没有这组数字。", ctx.catalog, body
            )
        )
    src = Sources()
    name = ctx.catalog.bodies[body].name
    if q.order is None:  # 都是什么结果: every row, largest first
        rows = sorted(have, key=lambda r: -r.number)  # type: ignore[operator]
        listed = "，".join(
            f"{_short_label(r)}{w.value(r.value, r.unit)}{src.cite(r, limit=1)}" for r in rows
        )
        if all(r.number == 0 for r in have):
            text = w.premise_wrong(f"{name}{year}年{group}均为0：{listed}")
        else:
            text = w.breakdown(name, year, group, listed) + note
        return src.answer(text, "extreme")
    low = q.order is Order.MIN
    best = (min if low else max)(r.number for r in have)  # type: ignore[type-var]
    winners = [r for r in have if r.number == best]
    others = [r for r in have if r.number != best]
    top = "、".join(f"{r.label}{w.value(r.value, r.unit)}{src.cite(r, limit=1)}" for r in winners)
    if len(winners) > 1:
        top = w.tie([top])
    rest = [
        f"{r.label}{w.value(r.value, r.unit)}{src.cite(r, limit=1)}"
        for r in sorted(others, key=lambda r: -(r.number or 0) if not low else (r.number or 0))
    ]
    order_word = "最少" if low else "最多"
    lead = "、".join(_short_label(r) for r in winners)
    text = f"{lead}{order_word}。" + w.extreme(name, year, group, top, order_word, rest) + note
    return src.answer(text, "extreme")


def _group_of(q: ParsedQuestion) -> str | None:
    """The group a follow-up compares when it names none (最多的是哪个原因？ after 不予公开)."""
    reg = registry()
    for r in q.metrics:
        if r.metric in _LEAF_FAMILY:
            return _LEAF_FAMILY[r.metric]
    if len(q.metrics) >= 2:
        return "listed"
    if any(r.metric == "published" for r in q.metrics):
        return "published_parts"
    if any(reg[r.metric].dimension == "outcome" for r in q.metrics):
        return "outcome"
    if any(reg[r.metric].dimension == "applicant" for r in q.metrics):
        return "applicant"
    return None


def _short_label(r: Resolved) -> str:
    """What a member of a group is, in few words: 自然人, 予以公开, 属于行政查询事项, 机构信息."""
    reg = registry()
    m = reg[r.ref.metric]
    if r.ref.part:
        return r.ref.part
    if r.ref.dim and m.dimension and r.ref.dim != reg.default_dim(m.id):
        value = reg.dimensions[m.dimension].values.get(r.ref.dim)
        if value is not None and m.source.value != "表2":
            return value.label
    if len(r.facts) == 1 and r.facts[0].table == "表3":
        return leaf_name(r.facts[0].row)
    return m.label


@responder(Intent.LEDGER)
def ledger(q: ParsedQuestion, ctx: Context) -> Answer:
    body = bodies_of(q, ctx)[0]
    years, note = years_for(q, ctx, body)
    year = years[-1]
    need_report(ctx, body, year, q)
    dim = next((r.dim for r in q.metrics if r.dim), None)
    parts = {
        k: resolve_or_refuse(ctx, body, year, MetricRef(metric=k, dim=dim))
        for k in ("new", "carried_in", "total", "carried_out")
    }
    if not all(stated(r.value) for r in parts.values()):
        raise Refusal(refusal("报告中有一项没有填写数字，无法核对。", ctx.catalog, body))
    src = Sources()
    n, c_in, t, c_out = (parts[k] for k in ("new", "carried_in", "total", "carried_out"))
    left_v = n.number + c_in.number  # type: ignore[operator]
    right_v = t.number + c_out.number  # type: ignore[operator]
    source = n.facts[0].provenance.source
    src.add(computed_figure(left_v, "件", "本年新收＋上年结转（计算）", body, year, source))
    src.add(computed_figure(right_v, "件", "办结＋结转下年度（计算）", body, year, source))
    left = (
        f"本年新收{w.value(n.value)}{src.cite(n)}＋上年结转{w.value(c_in.value)}{src.cite(c_in)}"
        f"＝{w.value(left_v)}"
    )
    right = (
        f"办结{w.value(t.value)}{src.cite(t)}＋结转下年度{w.value(c_out.value)}{src.cite(c_out)}"
        f"＝{w.value(right_v)}"
    )
    text = w.ledger(ctx.catalog.bodies[body].name, year, left, right, left_v == right_v) + note
    return src.answer(text, "ledger")
