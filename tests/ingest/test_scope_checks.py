"""C10 compares a figure the prose states with its table cell. A text that says it counts less
(本级, 不含…) and differs a little is a difference of 口径: a note, not an error."""

from __future__ import annotations

import pytest

from ingest.checks import HARD, SCOPE, check_report
from reportqa.records import Fact, Provenance

RID = "r"
KW = {"report_id": RID, "body": "甲市人民政府", "body_printed": "甲市人民政府", "year": 2024}


def _facts(stated: int, sentence: str, table: int = 80) -> list[Fact]:
    return [
        Fact(
            **KW,
            table="表3",
            row="一、本年新收政府信息公开申请数量",
            column="总计",
            value=table,
            raw=str(table),
            unit="件",
            row_key="new",
            col_index=6,
            provenance=Provenance(source="a.txt"),
        ),
        Fact(
            **KW,
            table="正文",
            row="收到政府信息公开申请",
            column="",
            value=stated,
            raw=f"受理政府信息公开申请{stated}件",
            unit="件",
            row_key="received",
            context=sentence,
            provenance=Provenance(source="a.txt"),
        ),
    ]


def _c10(facts: list[Fact]):
    [c] = [c for c in check_report(RID, facts) if c.check == "C10"]
    return c


def test_a_narrower_count_close_to_the_table_is_a_difference_of_scope() -> None:
    c = _c10(_facts(78, "2024年，市政府本级共受理政府信息公开申请78件。"))
    assert (c.passed, c.severity) == (False, SCOPE)
    assert c.detail == (
        "正文“受理政府信息公开申请78件”为78，表3“一、本年新收政府信息公开申请数量·总计”为80；"
        "正文所述为“本级”口径，与表格统计口径不同，不是数据错误"
    )


@pytest.mark.parametrize(
    ("stated", "sentence"),
    [
        (78, "2024年，共受理政府信息公开申请78件。"),  # no narrower wording: an error
        (20, "2024年，市政府本级共受理政府信息公开申请20件。"),  # far apart: an error
    ],
)
def test_otherwise_a_difference_is_an_error(stated: int, sentence: str) -> None:
    c = _c10(_facts(stated, sentence))
    assert (c.passed, c.severity) == (False, HARD)
    assert "口径" not in c.detail


def test_equal_figures_pass() -> None:
    c = _c10(_facts(80, "2024年，市政府本级共受理政府信息公开申请80件。"))
    assert (c.passed, c.severity) == (True, HARD)
