"""The two real sample reports yield exactly what they state."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.parse import ParsedReport, parse_document
from reportqa.format import TABLE3_COLUMN_LABELS, TABLE3_ROWS, TABLE4_GROUP_LABELS, TABLE4_RESULTS

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _parse(name: str) -> ParsedReport:
    return parse_document(load_document(CORPUS / name), "rid", name)


@pytest.fixture(scope="module")
def yongji() -> ParsedReport:
    return _parse("yongji-2024.txt")


@pytest.fixture(scope="module")
def huaian() -> ParsedReport:
    return _parse("huaian-2024.pdf")


def cell(r: ParsedReport, table: str, row: str, column: str):
    hits = [f for f in r.facts if f.table == table and f.row == row and f.column == column]
    assert len(hits) == 1, (table, row, column, hits)
    return hits[0]


def prose(r: ParsedReport, row: str):
    hits = [f for f in r.facts if f.table == "正文" and f.row == row]
    assert len(hits) == 1, (row, hits)
    return hits[0]


def test_yongji_identity(yongji):
    assert (yongji.body_printed, yongji.year, yongji.body_from, yongji.year_from) == (
        "南关区永吉街道办事处",
        2024,
        "title",
        "title",
    )
    assert yongji.title == "2024年南关区永吉街道办事处政府信息公开工作年度报告"
    assert yongji.table_format == "2021"


def test_yongji_published_and_breakdown(yongji):
    total = prose(yongji, "主动公开政府信息")
    assert (total.value, total.unit, total.raw) == (521, "条", "主动公开政府信息521条")
    assert total.provenance.locator == "第7行"
    assert total.provenance.section == "一、总体情况"
    parts = {
        f.row.split(" / ")[1]: f.value
        for f in yongji.facts
        if f.table == "正文" and f.row.startswith("主动公开政府信息 / ")
    }
    assert parts == {"机构信息": 350, "政策文件": 19, "财政信息": 24, "其他信息": 128}


def test_yongji_contact_facts(yongji):
    assert prose(yongji, "联系电话").raw == "0431—81795328"
    assert prose(yongji, "地址").raw == "南关区亚泰大街4660B号"
    assert prose(yongji, "邮政编码").raw == "130000"
    assert prose(yongji, "成立年份").value == 1986
    assert prose(yongji, "统计期间").raw == "2024年1月1日至2024年12月31日"
    assert (prose(yongji, "政策解读").value, prose(yongji, "政策解读").qualifier) == (60, "余")
    fee = prose(yongji, "信息处理费")
    assert (fee.value, fee.raw, fee.provenance.section) == (
        0,
        "未收取信息处理费",
        "六、其他需要报告的事项",
    )


def test_yongji_every_table_cell_is_zero(yongji):
    t2 = [f for f in yongji.facts if f.table == "表2"]
    t3 = [f for f in yongji.facts if f.table == "表3"]
    t4 = [f for f in yongji.facts if f.table == "表4"]
    assert len(t2) == 3 + 3 + 1 + 1 + 1 + 1
    assert len(t3) == (len(TABLE3_ROWS) - 1) * 7  # 2021 form: every leaf row, no single （六） row
    assert len(t4) == 15
    assert all(f.value == 0 for f in t2 + t3 + t4)
    assert {(f.row, f.column) for f in t3} == {
        (r.label, c) for r in TABLE3_ROWS if r.key != "other" for c in TABLE3_COLUMN_LABELS
    }
    assert {(f.row, f.column) for f in t4} == {
        (g, r) for g in TABLE4_GROUP_LABELS for r in TABLE4_RESULTS
    }
    total = cell(yongji, "表3", "三、本年度办理结果 / （七）总计", "总计")
    assert (total.raw, total.provenance.locator) == ("0", "第343行")  # [bookmark: _GoBack] dropped


def test_yongji_hard_checks_pass(yongji):
    hard = [c for c in yongji.checks if c.severity == "hard"]
    assert hard and all(c.passed for c in hard), [c.detail for c in hard if not c.passed]
    assert {c.check for c in hard} >= {"C1", "C2", "C3", "C5", "C6", "C7", "C10"}


def test_huaian_identity(huaian):
    assert (huaian.body_printed, huaian.year, huaian.table_format) == (
        "淮安市人民政府",
        2024,
        "2021",
    )


@pytest.mark.parametrize(
    "table,row,column,value",
    [
        ("表3", "一、本年新收政府信息公开申请数量", "总计", 3119),
        ("表3", "一、本年新收政府信息公开申请数量", "自然人", 3001),
        ("表3", "一、本年新收政府信息公开申请数量", "法人或其他组织 / 法律服务机构", 61),
        ("表3", "二、上年结转政府信息公开申请数量", "总计", 34),
        ("表3", "三、本年度办理结果 / （一）予以公开", "总计", 1362),
        ("表3", "三、本年度办理结果 / （三）不予公开 / 8.属于行政查询事项", "自然人", 105),
        ("表3", "三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息", "总计", 769),
        ("表3", "三、本年度办理结果 / （四）无法提供 / 2.没有现成信息需要另行制作", "总计", 11),
        ("表3", "三、本年度办理结果 / （五）不予处理 / 2.重复申请", "总计", 25),
        ("表3", "三、本年度办理结果 / （六）其他处理 / 3.其他", "总计", 110),
        ("表3", "三、本年度办理结果 / （七）总计", "总计", 3050),
        ("表3", "四、结转下年度继续办理", "总计", 103),
        ("表4", "行政复议", "总计", 351),
        ("表4", "行政复议", "结果维持", 72),
        ("表4", "行政诉讼 / 未经复议直接起诉", "总计", 26),
        ("表4", "行政诉讼 / 复议后起诉", "尚未审结", 6),
        ("表2", "第二十条第（一）项 / 规章", "现行有效件数", 11),
        ("表2", "第二十条第（一）项 / 行政规范性文件", "本年废止件数", 26),
        ("表2", "第二十条第（五）项 / 行政许可", "本年处理决定数量", 447228),
        ("表2", "第二十条第（六）项 / 行政处罚", "本年处理决定数量", 3985758),
        ("表2", "第二十条第（八）项 / 行政事业性收费", "本年收费金额（单位：万元）", 96171.6),
    ],
)
def test_huaian_cells(huaian, table, row, column, value):
    assert cell(huaian, table, row, column).value == value


def test_huaian_has_every_cell(huaian):
    t3 = [f for f in huaian.facts if f.table == "表3"]
    assert len(t3) == (len(TABLE3_ROWS) - 1) * 7
    assert all(f.value is not None for f in t3)
    assert len([f for f in huaian.facts if f.table == "表4"]) == 15
    assert len([f for f in huaian.facts if f.table == "表2"]) == 10


def test_huaian_citations_point_at_pages(huaian):
    f = cell(huaian, "表3", "一、本年新收政府信息公开申请数量", "总计")
    assert f.provenance.page == 4
    assert f.provenance.section == "三、收到和处理政府信息公开申请情况"
    assert cell(huaian, "表4", "行政复议", "总计").provenance.page == 5
    assert prose(huaian, "收到政府信息公开申请").provenance.locator == "第2页第7行"


def test_huaian_checks_pass(huaian):
    hard = [c for c in huaian.checks if c.severity == "hard"]
    assert all(c.passed for c in hard), [c.detail for c in hard if not c.passed]
    c10 = {c.scope: (c.expected, c.actual) for c in hard if c.check == "C10"}
    assert c10 == {
        "正文“受理政府信息公开申请 3119 件”": (3119, 3119),
        "正文“答复 3050 件”": (3050, 3050),
        "正文“103 件顺延到下年”": (103, 103),
        "正文“上年度结转申请 34 件”": (34, 34),
        "正文“行政复议 351件”": (351, 351),
        "正文“行政诉讼 46 件”": (46, 46),
    }
    assert len([c for c in hard if c.check == "C1"]) == 7
