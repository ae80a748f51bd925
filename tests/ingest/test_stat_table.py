"""Reports before 2019: the 统计表 (national 2014 style and a provincial variant with a year column
and a cumulative one) becomes facts of table 统计表, and the rows that mean a metric of the registry
carry it, so a figure can be followed across the change of format."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_document
from ingest.parse import parse_document
from ingest.stat_table import rules
from reportqa.metrics import MetricPoint, registry

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "old"


def _parse(name: str):
    return parse_document(load_document(OLD / name), "rid", name)


def _by_metric(parsed, column="本年度"):
    return {
        f.row_key: (f.value, f.unit, f.row)
        for f in parsed.facts
        if f.table == "统计表" and f.row_key and f.column == column
    }


def test_national_2014_table_rows_map_onto_the_metrics():
    p = _parse("lanjiang-dl-2016.txt")
    assert (p.body_printed, p.year, p.table_format) == ("澜江市东澜区人民政府", 2016, "统计表")
    got = {k: v[:2] for k, v in _by_metric(p).items()}
    assert got == {
        "published": (1536, "条"),
        "new": (42, "件"),
        "total": (42, "件"),
        "open": (20, "件"),
        "partial": (4, "件"),
        "deny": (3, "件"),
        "review": (3, "件"),
        "review@upheld": (2, "件"),
        "review@corrected": (1, "件"),
        "review@other_result": (0, "件"),
        "litigation": (1, "件"),
        "litigation@upheld": (1, "件"),
        "litigation@corrected": (0, "件"),
        "litigation@other_result": (0, "件"),
        "fee": (0, "万元"),
    }
    f = next(f for f in p.facts if f.row_key == "deny")
    assert f.row == "三、依申请公开情况 / （三）申请答复数 / 4.不同意公开答复数"
    assert (f.column, f.raw, f.table_format) == ("本年度", "3", "统计表")
    assert f.provenance.locator == "表格1 第21行第3列"
    # every row is kept, mapped or not, with its unit
    rows = {f.row: (f.value, f.unit) for f in p.facts if f.table == "统计表"}
    assert rows["三、依申请公开情况 / （一）收到申请数 / 3.网络申请数"] == (30, "件")
    assert rows["八、机构建设和保障经费情况 / （四）政府信息公开专项经费"] == (3.5, "万元")
    assert not [f for f in p.facts if f.table in ("表2", "表3", "表4")]


def test_provincial_variant_keeps_the_year_and_the_cumulative_column_apart():
    p = _parse("lanjiang-xl-2018.txt")
    assert (p.year, p.table_format) == (2018, "统计表")
    this = {k: v[0] for k, v in _by_metric(p).items()}
    cumulative = {k: v[0] for k, v in _by_metric(p, "历年累计").items()}
    assert this == {
        "published": 680,
        "new": 27,
        "total": 27,
        "open": 15,
        "partial": 5,
        "deny": 2,
        "review": 1,
        "litigation": 0,
    }
    assert cumulative == {
        "published": 9512,
        "new": 305,
        "total": 301,
        "open": 200,
        "partial": 40,
        "deny": 21,
        "review": 6,
        "litigation": 2,
    }
    assert {f.column for f in p.facts if f.table == "统计表"} == {"本年度", "历年累计"}


def test_old_reports_get_sections_chunks_and_prose_figures():
    p = _parse("lanjiang-dl-2016.txt")
    sections = {c.section for c in p.chunks}
    assert {
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    } <= sections
    prose = {f.row_key: f.value for f in p.facts if f.table == "正文"}
    assert (prose["published"], prose["received"], prose["review"], prose["litigation"]) == (
        1536,
        42,
        3,
        1,
    )


def test_every_statistics_table_rule_names_a_registry_metric_and_dimension():
    reg = registry()
    for rule in rules():
        point = MetricPoint.parse(rule.metric)
        assert point.metric in reg.metrics
        if point.dim:
            dim = reg.dimension_of(point.metric)
            assert dim is not None and point.dim in dim.values


# ------------------------------------------------------------------ generated old-style reports


def test_generated_old_style_reports_round_trip(tmp_path):
    import random

    from generator import render
    from generator.old_style import make_old_report

    rng = random.Random(8)
    bad = {}
    for i in range(12):
        variant = ("national", "provincial")[i % 2]
        fmt = ("txt", "docx", "html")[i % 3]
        truth = make_old_report(
            rng, "澜江市东澜区人民政府", "澜江市东澜区人民政府", 2013 + i % 6, variant
        )
        path = render(truth, fmt, tmp_path / f"old{i}.{fmt}", rng)
        parsed = parse_document(load_document(path), "rid", path.name)
        got = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table == "统计表"}
        errs = [k for k, v in truth.cells.items() if got.get(k, "missing") != v]
        errs += [("extra", k) for k in got if k not in truth.cells]
        metrics = {f.row_key: f.value for f in parsed.facts if f.row_key and f.column == "本年度"}
        if metrics != truth.stat_metrics:
            errs.append(("metrics", metrics, truth.stat_metrics))
        if (parsed.year, parsed.table_format) != (truth.year, "统计表"):
            errs.append(("report", parsed.year, parsed.table_format))
        if errs:
            bad[path.name] = errs[:3]
    assert bad == {}


def test_a_figure_is_followed_across_the_change_of_format(tmp_path, index):
    """One body, 2016–2018 with a 统计表 and 2019–2021 with the national tables: every year has
    the 收到申请 figure, from 统计表 (row key ``new``, 本年度) before 2019 and 表3 after."""
    import random

    from generator import make_report, render
    from generator.old_style import make_old_report
    from ingest.pipeline import ingest_paths

    rng = random.Random(12)
    name = "澜江市西澜区人民政府"
    want = {}
    for year in (2016, 2017, 2018):
        t = make_old_report(rng, name, name, year)
        render(
            t,
            ("txt", "docx", "html")[year % 3],
            tmp_path / "in" / f"{year}.{('txt', 'docx', 'html')[year % 3]}",
            rng,
        )
        want[year] = t.stat_metrics["new"]
    for year in (2019, 2020, 2021):
        t = make_report(rng, name, name, year, "2019" if year < 2021 else "2021")
        render(t, "docx", tmp_path / "in" / f"{year}.docx", rng)
        want[year] = t.table3_full["new"][6]
    summary = ingest_paths([tmp_path / "in"], index, progress=False)
    assert summary.failed == [] and summary.reports == 6
    got = {}
    formats = {}
    for row in index.facts.list_reports():
        r = row.report
        formats[r.year] = r.table_format
        facts = index.facts.facts(report_id=r.report_id)
        if r.table_format == "统计表":
            cell = [
                f
                for f in facts
                if f.table == "统计表" and f.row_key == "new" and f.column == "本年度"
            ]
        else:
            cell = [
                f for f in facts if f.table == "表3" and f.row_key == "new" and f.col_index == 6
            ]
        assert len(cell) == 1, r.year
        got[r.year] = cell[0].value
    assert got == want
    assert [y for y, f in sorted(formats.items()) if f == "统计表"] == [2016, 2017, 2018]
