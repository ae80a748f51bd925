"""Responders registered by intent: a new kind of question is a new entry, not a new ``if``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.answer import Answer
from assistant.question import Intent, ParsedQuestion

if TYPE_CHECKING:
    from assistant.responders.common import Context
else:
    Context = Any  # common imports this module: the type is only named here

Responder = Callable[[ParsedQuestion, Context], Answer]
RESPONDERS: dict[Intent, Responder] = {}


def responder(intent: Intent) -> Callable[[Responder], Responder]:
    def register(fn: Responder) -> Responder:
        if intent in RESPONDERS:
            raise ValueError(f"two responders for {intent}")
        RESPONDERS[intent] = fn
        return fn

    return register
