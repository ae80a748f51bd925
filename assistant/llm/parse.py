"""The model as a second parser: asked only when the rule parser's coverage guard refuses a
question, under a JSON schema whose enums are the registry's metric ids and the catalog's
bodies. A reply that does not validate is ignored; one that does is a
:class:`~assistant.question.ParsedQuestion` like any other, answered in code (the model never
states a figure) and shown to the user as read by the model."""

from __future__ import annotations

import json
import logging
from typing import Any

from assistant.catalog import Catalog
from assistant.llm.client import ChatModel, ModelError
from assistant.question import (
    BodyMention,
    BodyStatus,
    Intent,
    MetricRef,
    NarrativeKind,
    ParsedQuestion,
    YearKind,
    YearSpec,
)
from reportqa.metrics import registry

log = logging.getLogger("reportqa.llm")

# the operations a model's parse may ask for (the others need the rules' own slots)
INTENTS = (
    Intent.FIGURE,
    Intent.COMPARE,
    Intent.TREND,
    Intent.TOTAL,
    Intent.RANK,
    Intent.YESNO,
    Intent.NARRATIVE,
)
MIN_YEAR, MAX_YEAR = 2000, 2100

SYSTEM = (
    "你把关于政府信息公开工作年度报告的问题解析成 JSON。只能使用给定的机关名称和指标编号；"
    "问题没有提到的不要填。无法确定时 understood 填 false。"
)


def schema(catalog: Catalog) -> dict[str, Any]:
    reg = registry()
    dims = sorted({v for d in reg.dimensions.values() for v in d.values})
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["understood", "intent", "bodies", "years", "metrics", "topic"],
        "properties": {
            "understood": {"type": "boolean"},
            "intent": {"enum": [i.value for i in INTENTS]},
            "bodies": {"type": "array", "items": {"enum": sorted(catalog.bodies)}},
            "years": {"type": "array", "items": {"type": "integer"}},
            "metrics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["metric", "dim"],
                    "properties": {
                        "metric": {"enum": sorted(reg.metrics)},
                        "dim": {"enum": [None, *dims]},
                    },
                },
            },
            "topic": {"type": "string"},
        },
    }


def _metric_lines() -> str:
    reg = registry()
    lines = []
    for m in reg.metrics.values():
        dim = reg.dimension_of(m.id)
        dims = (
            f"（dim 可为：{'、'.join(f'{k}={v.label}' for k, v in dim.values.items())}）"
            if dim
            else ""
        )
        lines.append(f"{m.id}: {m.label}{dims}")
    return "\n".join(lines)


def messages(question: str, history: list[str], catalog: Catalog) -> list[dict[str, str]]:
    said = "\n".join(f"之前的问题：{h}" for h in history)
    bodies = "、".join(sorted(catalog.bodies))
    return [
        {"role": "system", "content": SYSTEM},
        {
            "role": "user",
            "content": f"机关：{bodies}\n指标：\n{_metric_lines()}\n{said}\n问题：{question}",
        },
    ]


def from_reply(reply: str, question: str, catalog: Catalog) -> ParsedQuestion | None:
    """The parse a reply states, or None when it does not validate (not JSON, a body or metric
    that does not exist, a dimension another metric has, a year out of range)."""
    try:
        d = json.loads(reply)
    except (TypeError, ValueError):
        return None
    reg = registry()
    try:
        if not isinstance(d, dict) or d.get("understood") is not True:
            return None
        intent = Intent(d["intent"])
        if intent not in INTENTS:
            return None
        bodies = list(d["bodies"])
        years = [int(y) for y in d["years"]]
        refs = []
        for m in d["metrics"]:
            metric, dim = m["metric"], m.get("dim")
            if metric not in reg.metrics:
                return None
            dimension = reg.dimension_of(metric)
            if dim is not None and (dimension is None or dim not in dimension.values):
                return None
            refs.append(MetricRef(metric=metric, dim=dim, words=("语言模型",)))
        topic = str(d.get("topic") or "")
    except (KeyError, TypeError, ValueError):
        return None
    if any(b not in catalog.bodies for b in bodies):
        return None
    if any(not MIN_YEAR <= y <= MAX_YEAR for y in years):
        return None
    if intent is not Intent.NARRATIVE and not refs:
        return None
    return ParsedQuestion(
        text=question,
        intent=intent,
        bodies=tuple(
            BodyMention(text=catalog.bodies[b].name, status=BodyStatus.RESOLVED, bodies=(b,))
            for b in dict.fromkeys(bodies)
        ),
        years=YearSpec(kind=YearKind.EXPLICIT, years=tuple(years)) if years else YearSpec(),
        metrics=tuple(refs),
        narrative=NarrativeKind.TOPIC if intent is Intent.NARRATIVE else None,
        topic=topic or question,
        parser="model",
    )


class ModelParser:
    """A :class:`~assistant.question.QuestionParser`: the rules, and the model for what they do
    not understand."""

    def __init__(self, rules: Any, model: ChatModel, catalog: Catalog):
        self.rules = rules
        self.model = model
        self.catalog = catalog

    def parse(self, question: str, history: list[str] | None = None) -> ParsedQuestion:
        q = self.rules.parse(question, history)
        if q.intent is not Intent.UNKNOWN or not q.unknown:
            return q
        try:
            reply = self.model.complete(
                messages(question, history or [], self.catalog), json_schema=schema(self.catalog)
            )
        except ModelError as e:
            log.warning("model parse failed, the rules' reading stands: %s", e)
            return q
        parsed = from_reply(reply, question, self.catalog)
        if parsed is None:
            log.warning("model parse ignored (does not validate): %r", reply[:300])
            return q
        return parsed
