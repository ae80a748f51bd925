"""CSV exports (the figure explorer, the feedback log): UTF-8 with a BOM so that Excel shows the
Chinese, and cells that a spreadsheet would run as a formula (=, +, -, @ at the start) prefixed
with an apostrophe: a question typed by a citizen must never become a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ui.feedback import RATING_LABELS, FeedbackEntry, route_label
from ui.times import local_time

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


FEEDBACK_HEADER = ("时间", "评价", "问题", "回答", "是否找到", "类型", "出处")


def feedback_rows(entries: Iterable[FeedbackEntry]) -> list[list[str]]:
    return [
        [
            local_time(e.created_at),
            RATING_LABELS.get(e.rating, e.rating),
            e.question,
            e.answer,
            "是" if e.found else "否",
            route_label(e.route),
            e.sources_text(),
        ]
        for e in entries
    ]


def feedback_csv(entries: Iterable[FeedbackEntry]) -> str:
    return to_csv(FEEDBACK_HEADER, feedback_rows(entries))
