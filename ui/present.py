"""What the web shows of an Answer, for the API, the chat and the widget alike: each citation's
link to its source (:mod:`ui.sources`) and a consistency answer in plain words
(:mod:`ui.checkwords`). The assistant's figures and citations are never changed."""

from __future__ import annotations

import re
from typing import Any

from assistant.answer import Answer
from reportqa.records import CheckResult
from ui.checkwords import reword
from ui.sources import with_urls

_CHECK_QUOTE = re.compile(r"^([CS]\d+)：")


def cited_checks(answer: Answer, db: Any) -> dict[int, CheckResult]:
    """Citation number → the check result it quotes (matched by report, code and scope)."""
    by_report: dict[str, list[CheckResult]] = {}
    out: dict[int, CheckResult] = {}
    for n, c in enumerate(answer.citations, 1):
        m = _CHECK_QUOTE.match(c.quote)
        if m is None or not c.report_id:
            continue
        if c.report_id not in by_report:
            by_report[c.report_id] = db.checks(report_id=c.report_id, failed_only=False)
        found = [
            r for r in by_report[c.report_id] if r.check == m.group(1) and r.scope == c.locator
        ]
        if found:
            out[n] = found[0]
    return out


def present(answer: Answer, services: Any) -> Answer:
    answer = with_urls(answer, services.base_url)
    if answer.route == "check" and answer.found:
        results = cited_checks(answer, services.index.facts)
        if results:
            answer = answer.model_copy(update={"answer": reword(answer.answer, results)})
    return answer
