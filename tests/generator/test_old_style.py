"""Old-style (before 2019) reports and scanned copies from the generator: a 统计表 whose figures
add up the way the national table's do, and image-only PDFs with no text layer."""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest

from generator.old_style import CUMULATIVE, THIS_YEAR, make_old_report
from generator.render import render_with_info
from generator.scan import ScanStyle, scan_pdf

ROOT = Path(__file__).resolve().parents[2]


def _by_label(truth, column=THIS_YEAR):
    return {k[1].split(" / ")[-1]: v for k, v in truth.cells.items() if k[2] == column}


@pytest.mark.parametrize("seed", range(8))
def test_national_table_adds_up(seed):
    truth = make_old_report(
        random.Random(seed), "澜江市东澜区人民政府", "澜江市东澜区人民政府", 2016, "national"
    )
    v = _by_label(truth)
    channels = ["1.当面申请数", "2.传真申请数", "3.网络申请数", "4.信函申请数"]
    assert sum(v[c] for c in channels) == v["（一）收到申请数"]
    assert v["1.按时办结数"] + v["2.延期办结数"] == v["（二）申请办结数"]
    replies = [
        "1.属于已主动公开范围数",
        "2.同意公开答复数",
        "3.同意部分公开答复数",
        "4.不同意公开答复数",
        "5.不属于本行政机关公开数",
        "6.申请信息不存在数",
        "7.告知作出更改补充数",
        "8.告知通过其他途径办理数",
    ]
    assert sum(v[k] for k in replies) == v["（三）申请答复数"]
    assert truth.stat_metrics["review"] == sum(
        truth.stat_metrics[f"review@{d}"] for d in ("upheld", "corrected", "other_result")
    )
    assert truth.table_format == "统计表" and truth.year == 2016


def test_provincial_table_has_a_year_and_a_cumulative_column(tmp_path):
    rng = random.Random(3)
    truth = make_old_report(rng, "澜江市西澜区人民政府", "澜江市西澜区人民政府", 2018, "provincial")
    assert {k[2] for k in truth.cells} == {THIS_YEAR, CUMULATIVE}
    info = render_with_info(truth, "html", tmp_path / "old.html", rng)
    html = Path(info.path).read_text(encoding=info.encoding or "utf-8")
    assert "指标名称" in html and "2018年度" in html and "历年累计" in html
    assert "附表：政府信息公开情况统计表" in html and "一、概述" in html


def test_a_scan_has_no_text_layer_and_keeps_the_page_count(tmp_path):
    src = ROOT / "corpus" / "huaian-2024.pdf"
    out = scan_pdf(src, tmp_path / "scan.pdf", random.Random(1), ScanStyle(dpi=72))
    with pdfplumber.open(src) as a, pdfplumber.open(out) as b:
        assert len(a.pages) == len(b.pages) == 6
        assert all(not p.chars for p in b.pages)
        assert all(p.images for p in b.pages)
