"""The stages of reading a report: their names as the staff see them, and the bar's shares."""

from __future__ import annotations

import pytest

from reportqa.progress import STAGES, Progress, Stage


def test_every_stage_has_a_chinese_name_and_the_shares_fill_the_bar():
    assert list(STAGES) == list(Stage)  # in the order the stages run
    assert sum(s.share for s in STAGES.values()) == pytest.approx(1.0)
    assert [Progress(s).label for s in Stage if s is not Stage.OCR] == [
        "检查文件（类型、大小、内容）",
        "读取文件",
        "解析表格和正文",
        "勾稽校验",
        "计算向量",
        "写入索引",
    ]


def test_a_page_read_by_ocr_is_counted_and_moves_the_bar():
    pages = [Progress(Stage.OCR, n, 6) for n in range(1, 7)]
    assert pages[2].label == "文字识别 第 3/6 页"
    bar = [Progress(Stage.READ).fraction, *(p.fraction for p in pages)]
    bar.append(Progress(Stage.PARSE).fraction)
    assert bar == sorted(bar) and len(set(bar)) == len(bar)
    assert bar[1] == pytest.approx(0.07) and bar[-1] == pytest.approx(0.77)
