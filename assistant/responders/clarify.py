"""Questions not understood: no figure, but what was understood, the words that were not, and the
closest figures as questions to ask instead, found by searching the table rows of the report
(the lexical index and the rows' vectors). And the corpus's own holdings."""

from __future__ import annotations

import re

from assistant import wording as w
from assistant.answer import Answer
from assistant.catalog import Catalog
from assistant.question import BodyStatus, Intent, ParsedQuestion
from assistant.responders.common import (
    Context,
    Refusal,
    bodies_of,
    default_suggestions,
    refusal,
    years_for,
)
from assistant.responders.mentions import mention_answer
from assistant.responders.registry import responder
from reportqa.format import PROSE_METRICS, TABLE3_BY_KEY, TABLE4_GROUP_LABELS
from reportqa.metrics import Source, registry

_ROW_IN_TEXT = re.compile(r"(表[234])“([^”]+)”行")
_PROSE_IN_TEXT = re.compile(r"正文：([^为]+)为")


def metric_of_row(table: str, row: str) -> str | None:
    """The registry metric whose figure is this row (表3“三、本年度办理结果 / （七）总计” →
    total); None for a row no single metric names."""
    for m in registry().metrics.values():
        if m.source is Source.TABLE3 and len(m.rows) == 1 and table == "表3":
            if TABLE3_BY_KEY[m.rows[0]].label == row:
                return m.id
        elif m.source is Source.TABLE4 and len(m.groups) == 1 and table == "表4":
            if TABLE4_GROUP_LABELS[m.groups[0]] == row:
                return m.id
        elif m.source is Source.TABLE2 and table == "表2":
            if row.split(" / ")[-1] in m.t2_rows:
                return m.id
        elif m.source is Source.PROSE and table == "正文":
            if PROSE_METRICS[m.prose or ""][0] == row:
                return m.id
    return None


def candidates(q: ParsedQuestion, ctx: Context, body: str, year: int, k: int = 4) -> list[str]:
    """Metric ids of the table rows and prose figures nearest the question, best first: the
    lexical index over the rows' sentences fused with their vectors."""
    if ctx.index is None:
        return []
    query = " ".join([*q.unknown, *(wd for r in q.metrics for wd in r.words)]) or q.topic
    found: list[str] = []
    rows = []
    for h in ctx.index.lexical_search(query, 12, body=body, year=year, kind="fact"):
        m = _ROW_IN_TEXT.search(h.text)
        if m:
            rows.append((m.group(1), m.group(2)))
        else:
            p = _PROSE_IN_TEXT.search(h.text)
            if p:
                rows.append(("正文", p.group(1)))
    embedder = getattr(ctx.index, "embedder", None)
    if embedder is not None and ctx.index.has_vectors:
        for h in ctx.index.vector_search(query, 8, body=body, year=year, kind="fact"):
            rows.append((h.metadata.get("table", ""), h.metadata.get("row", "")))
    for table, row in rows:
        mid = metric_of_row(table, row)
        if mid and mid not in found:
            found.append(mid)
    for r in q.metrics:  # what the question did name is a candidate too
        if r.metric not in found:
            found.insert(0, r.metric)
    return found[:k]


def understood_text(q: ParsedQuestion, catalog: Catalog) -> str:
    from assistant.interpret import interpretation

    return interpretation(q, catalog)


@responder(Intent.UNKNOWN)
def not_understood(q: ParsedQuestion, ctx: Context) -> Answer:
    try:
        bodies = bodies_of(q, ctx, allow_none=True)
    except Refusal as r:
        if not q.unknown:
            raise
        bodies = []
        _ = r
    body = bodies[0] if bodies else None
    if body is not None and len(bodies) == 1 and (q.unknown or q.units):
        # a figure the prose states (新闻发布会12场): the number and its sentence
        years, note = years_for(q, ctx, body)
        if len(years) == 1 and ctx.catalog.report(body, years[0]) is not None:
            found = mention_answer(q, ctx, body, years[0], note)
            if found is not None:
                return found
    understood = understood_text(q, ctx.catalog)
    text = w.not_understood(understood, list(q.unknown_phrases or q.unknown))
    if not q.unknown and not q.metrics:
        text += w.ask_back_metric()
    sugg: list[str] = []
    if body is not None:
        year = ctx.catalog.bodies[body].newest
        if q.years.years and ctx.catalog.report(body, q.years.years[-1]):
            year = q.years.years[-1]
        short = ctx.catalog.short_name(body)
        for mid in candidates(q, ctx, body, year):
            sugg.append(w.METRIC_QUESTION.format(b=short, y=year, label=registry()[mid].label))
    if sugg:
        text += w.suggestions_title() + "、".join(f"“{s}”" for s in sugg[:3])
    for m in q.mentions(BodyStatus.AMBIGUOUS):  # 区政府: which one, too
        names = [ctx.catalog.bodies[b].name for b in m.bodies]
        text += w.which_of(m.text, names)
    return refusal(
        text,
        ctx.catalog,
        body,
        suggestions=sugg or default_suggestions(ctx.catalog, body),
        route="clarify",
    )


@responder(Intent.HOLDINGS)
def holdings(q: ParsedQuestion, ctx: Context) -> Answer:
    cat = ctx.catalog
    named = q.resolved_bodies  # 永吉街道有哪几年的报告: that body's years only
    infos = [cat.bodies[b] for b in named if b in cat.bodies] or list(cat.bodies.values())
    lines = [f"{i.name}（{'、'.join(str(y) for y in i.years)}年）" for i in infos]
    text = "语料中有以下机关的报告：" + "；".join(lines) + "。"
    ans = refusal(text, cat, route="holdings")
    return ans.model_copy(
        update={
            "found": True,
            "citations": [c for info in infos for c in refusal("", cat, info.body).citations],
        }
    )


@responder(Intent.HELP)
def help_(q: ParsedQuestion, ctx: Context) -> Answer:
    return refusal(w.HELP, ctx.catalog, route="clarify")


def unknown_names(q: ParsedQuestion) -> list[str]:
    return [m.text for m in q.bodies if m.status is BodyStatus.UNKNOWN]
