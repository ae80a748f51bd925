"""One responder per intent (assistant/question.py ``Intent``), registered by name; ``respond``
runs the one a parse asks for and attaches the parse, in words and as data, to the answer."""

from __future__ import annotations

from assistant import wording as w
from assistant.answer import Answer
from assistant.interpret import interpretation
from assistant.question import ParsedQuestion
from assistant.responders import (  # noqa: F401 - each module registers its responders
    across,
    checks,
    clarify,
    figure,
    narrative,
    ratios,
    series,
    within,
)
from assistant.responders.common import Context, Refusal
from assistant.responders.registry import RESPONDERS

__all__ = ["Context", "respond"]


def respond(q: ParsedQuestion, ctx: Context) -> Answer:
    if not ctx.catalog.bodies:
        answer = Answer(answer=w.NO_REPORTS, found=False, route="refusal")
    else:
        try:
            answer = RESPONDERS[q.intent](q, ctx)
        except Refusal as r:
            answer = r.answer
    return answer.model_copy(
        update={
            "interpretation": interpretation(q, ctx.catalog),
            "parse": q.model_dump(mode="json"),
        }
    )
