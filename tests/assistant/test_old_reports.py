"""Reports from before 2019 answer like today's: a figure of the old 统计表 is found by the same
question, and a series across 2019 says where the format changed (issue 11)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from assistant.chain import Assistant
from generator import make_report, render
from generator.old_style import make_old_report
from ingest.pipeline import ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder

NAME = "澜江市西澜区人民政府"
FORMATS = ("txt", "docx", "html")


@pytest.fixture(scope="module")
def six_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, dict]]:
    """One body: 2016–2018 with a 统计表 (one report per reading path), 2019–2021 national."""
    root = tmp_path_factory.mktemp("old")
    rng = random.Random(12)
    truth = {}
    for year in (2016, 2017, 2018):
        t = make_old_report(rng, NAME, NAME, year)
        fmt = FORMATS[year % 3]
        render(t, fmt, root / "in" / f"{year}.{fmt}", rng)
        truth[year] = t.stat_metrics
    for year in (2019, 2020, 2021):
        t = make_report(rng, NAME, NAME, year, "2019" if year < 2021 else "2021")
        render(t, "docx", root / "in" / f"{year}.docx", rng)
        truth[year] = {"new": t.table3_full["new"][6]}
    with Index(root / "index", HashEmbedder()) as index:
        assert ingest_paths([root / "in"], index, progress=False).reports == 6
        yield Assistant(index), truth


def test_a_series_across_2019_says_where_the_format_changed(six_years) -> None:
    assistant, truth = six_years
    a = assistant.ask("西澜区2016年到2021年每年收到多少申请？")
    assert [truth[y]["new"] for y in range(2016, 2022)] == [34, 67, 16, 132, 244, 86]
    assert a.answer == (
        "澜江市西澜区人民政府收到（本年新收）的政府信息公开申请："
        "2016年34件[1]，2017年67件[2]，2018年16件[3]，2019年132件[4]，2020年244件[5]，"
        "2021年86件[6]。（报告格式在2019年改变：2016年、2017年、2018年的数字取自旧格式的"
        "《政府信息公开情况统计表》，2019年、2020年、2021年的取自现行格式的表格，"
        "两种格式的统计口径不完全相同。）"
    )
    first = a.citations[0]
    assert (first.source, first.section, first.locator) == (
        "2016.txt",
        "七、其他需要报告的事项",
        "表格1 第13行第3列",
    )
    assert first.quote == "统计表“三、依申请公开情况 / （一）收到申请数”行“本年度”列：34"
    assert a.citations[3].quote == "表3“一、本年新收政府信息公开申请数量”行“总计”列：132"


def test_one_old_year_is_answered_from_its_statistics_table(six_years) -> None:
    assistant, truth = six_years
    a = assistant.ask("西澜区2016年复议被纠错几件")
    assert truth[2016]["review@corrected"] == 0
    assert (
        a.answer
        == "0件。澜江市西澜区人民政府2016年政府信息公开行政复议（审理结果：结果纠正）为0件[1]。"
    )
    assert a.citations[0].quote == "统计表“四、行政复议数量 / （二）被依法纠错数”行“本年度”列：0"
    b = assistant.ask("西澜区2018年被起诉几次")
    assert truth[2018]["litigation"] == 2
    assert b.answer == "2件。澜江市西澜区人民政府2018年政府信息公开行政诉讼为2件[1]。"


def test_a_column_the_statistics_table_does_not_have_is_not_answered(six_years) -> None:
    """The 统计表 counts applications in all; 个人 is a column of today's 表3 only."""
    assistant, _ = six_years
    a = assistant.ask("西澜区2016年个人申请多少")
    assert not a.found and a.figures == []
    assert a.answer.startswith(
        "澜江市西澜区人民政府2016年的报告中没有“收到（本年新收）的政府信息公开申请（申请人：自然人）”这一项数字。"
    )
