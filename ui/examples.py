"""Example questions drawn from what the index holds: the bodies and years of its reports, under
the short names people use for them (from the assistant, never a hand-made list). The questions'
wording is the web page's; the assistant fills it in once per index generation."""

from __future__ import annotations

from typing import Any

# one question of each kind the assistant answers: a table figure, the cross-checks, a passage
TEMPLATES = (
    "{b}{y}年收到多少政府信息公开申请？",
    "{b}{y}年的数据一致吗？",
    "{b}{y}年政府信息公开行政复议有多少件？",
    "{b}{y}年存在哪些问题？",
)


def example_questions(assistant: Any, limit: int = 6) -> list[str]:
    """Questions about the newest reports, one template each in turn, at most ``limit`` (the
    assistant computes them once per index generation)."""
    return assistant.example_questions(limit, TEMPLATES)


def holdings(assistant: Any) -> str:
    """ "语料中有……的报告" for the page header."""
    catalog = assistant.catalog
    if not catalog.bodies:
        return "索引中还没有报告。"
    return catalog.holdings() + "。"
