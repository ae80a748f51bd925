"""Reading questions: the rule parser and what it is made of (text preparation, years, bodies,
the coverage guard, follow-ups)."""

from assistant.parsing.rules import RuleParser

__all__ = ["RuleParser"]
