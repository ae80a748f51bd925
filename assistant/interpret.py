"""A parse echoed in plain Chinese (机关、年度、指标、运算), shown with every answer so that a
misreading is visible."""

from __future__ import annotations

from assistant import wording as w
from assistant.catalog import Catalog
from assistant.figures import label_of
from assistant.question import BodyStatus, ParsedQuestion, YearKind

_STATUS = {
    BodyStatus.AMBIGUOUS: "（有多个同名机关）",
    BodyStatus.UNKNOWN: "（语料中没有）",
    BodyStatus.FUZZY: "（疑似写错，待确认）",
}


def interpretation(q: ParsedQuestion, catalog: Catalog) -> str:
    bodies = []
    for m in q.bodies:
        if m.status is BodyStatus.RESOLVED:
            bodies += [catalog.bodies[b].name for b in m.bodies if b in catalog.bodies]
        else:
            bodies.append(m.text + _STATUS[m.status])
    if q.scope is not None:
        kind = q.scope.split(";")[0]
        bodies.append(
            {
                "": "各机关",
                "局|委员会": "各部门",
                "街道办事处": "各街道",
                "区人民政府": "各区政府",
            }.get(kind, kind)
        )
    ys = q.years
    if ys.kind is YearKind.EXPLICIT:
        year = "、".join(f"{y}年" for y in ys.years)
        if len(ys.years) > 2 and ys.words:
            year = f"{ys.years[0]}—{ys.years[-1]}年"
    elif ys.kind is YearKind.NONE:
        year = "最新报告年度" if q.understood else ""
    else:
        year = f"“{ys.words}”"
    metrics = "、".join(label_of(r) for r in q.metrics)
    if q.whole is not None:
        metrics += f"（占{label_of(q.whole)}）"
    operation = w.INTENT_NAMES[q.intent.value]
    if q.premise is not None:
        operation += w.premise_said(q.premise, q.premise_words)
    if "body" in q.inherited or "metric" in q.inherited:
        operation += (
            "（沿用前面问题的"
            + "、".join({"body": "机关", "year": "年度", "metric": "指标"}[x] for x in q.inherited)
            + "）"
        )
    if q.parser == "model":
        operation += w.READ_BY_MODEL
    return w.interpretation("、".join(dict.fromkeys(bodies)), year, metrics, operation)
