"""Example questions drawn from what the index holds: the bodies and years of its reports, under
the short names people use for them (from the assistant's catalog, never a hand-made list)."""

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
    """Questions about the newest reports, one template each in turn, at most ``limit``."""
    catalog = assistant.catalog
    infos = sorted(catalog.bodies.values(), key=lambda i: (-max(i.years), i.name))
    out: list[str] = []
    for r in range(len(TEMPLATES)):  # each round asks every body, each a different kind
        for i, info in enumerate(infos):
            template = TEMPLATES[(r + i) % len(TEMPLATES)]
            q = template.format(b=catalog.short_name(info.body), y=max(info.years))
            if len(out) < limit and q not in out:
                out.append(q)
    return out


def holdings(assistant: Any) -> str:
    """ "语料中有……的报告" for the page header."""
    catalog = assistant.catalog
    if not catalog.bodies:
        return "索引中还没有报告。"
    return catalog.holdings() + "。"
