"""The synthetic-report generator itself: consistent truth, planted errors that break exactly one
check, files that open and hold what the truth says, and corpora that chain across years."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus import all_bodies, make_corpus
from generator.model import (
    PLANTABLE,
    T3,
    carry_over_mismatches,
    check_failures,
    failed_checks,
    make_report,
    value_of,
)
from generator.render import build_layout, render_with_info
from generator.render_html import pdf_available
from reportqa.format import (
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    to_simplified,
)

BODIES = all_bodies(0)
SPEC_BY_NAME = {b.canonical: b for b in BODIES}


def _report(seed: int, name: str, table_format: str = "2021", plant: str | None = None):
    spec = SPEC_BY_NAME[name]
    return make_report(
        random.Random(seed),
        spec.variants[0],
        spec.canonical,
        2024,
        table_format,
        plant,
        info=spec.info,
    )


def _full_checks(report) -> set[str]:
    """C1–C3 and C5–C7 on the complete tables, blank and placeholder cells included."""
    t3, fails = report.table3_full, set()
    leaves = report.table3_rows()[2:-2]
    for c in range(7):
        if t3["new"][c] + t3["carried_in"][c] != t3["total"][c] + t3["carried_out"][c]:
            fails.add("C1")
        if sum(t3[k][c] for k in leaves) != t3["total"][c]:
            fails.add("C2")
    if any(sum(v[:6]) != v[6] for v in t3.values()):
        fails.add("C3")
    for g, label in enumerate(TABLE4_GROUP_LABELS):
        v = report.table4_full[label]
        if sum(v[:4]) != v[4]:
            fails.add(f"C{5 + g}")
    return fails


# --- truth ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    name=st.sampled_from(sorted(SPEC_BY_NAME)),
    table_format=st.sampled_from(["2021", "2019", "mixed"]),
)
def test_generated_tables_pass_every_check(seed, name, table_format):
    r = _report(seed, name, table_format)
    assert failed_checks(r) == set()
    assert _full_checks(r) == set()
    assert r.planted_errors == []
    # every printed cell is a non-negative integer in Tables 3 and 4, or None for blank/placeholder
    for (table, _row, _col), v in r.cells.items():
        if table in ("表3", "表4") and v is not None:
            assert isinstance(v, int) and v >= 0
    # the truth has exactly the canonical keys of its format
    rows3 = {k for (t, k, _c) in r.cells if t == T3}
    assert rows3 == {TABLE3_BY_KEY[k].label for k in r.table3_rows()}
    assert len([k for k in r.cells if k[0] == "表4"]) == 15
    assert set(r.cells) == set(r.raw)
    # the value is what the printed cell says
    assert all(value_of(r.raw[k]) == v for k, v in r.cells.items())


def test_table3_rows_follow_the_format():
    r19 = _report(1, "澜江市人民政府", "2019")
    r21 = _report(1, "澜江市人民政府", "2021")
    assert "三、本年度办理结果 / （六）其他处理" in {k[1] for k in r19.cells}
    assert "三、本年度办理结果 / （六）其他处理 / 3.其他" in {k[1] for k in r21.cells}
    assert len(r21.table3_rows()) == 25 and len(r19.table3_rows()) == 23
    assert ("表2", "第二十条第（九）项 / 政府集中采购", "采购总金额") in r19.cells
    assert ("表2", "第二十条第（一）项 / 规章", "本年制发件数") in r21.cells
    mixed = _report(1, "澜江市人民政府", "mixed")
    assert (mixed.table2_format, mixed.table3_format) == ("2021", "2019")


@pytest.mark.parametrize("seed", range(6))
def test_prose_agrees_with_tables(seed):
    r = _report(seed, "澜江市人民政府")  # a city always has applications
    t3 = r.table3_full
    pairs = {
        "received": t3["new"][6],
        "answered": t3["total"][6],
        "carried_in": t3["carried_in"][6],
        "carried_out": t3["carried_out"][6],
        "review": r.table4_full[TABLE4_GROUP_LABELS[0]][4],
    }
    for metric, value in pairs.items():
        if metric in r.prose:
            assert r.prose[metric] == (value, "", "件")
    assert r.prose["received"][0] == t3["new"][6]


def test_magnitudes_differ_by_kind():
    def apps(name):
        return [_report(s, name).table3_full["new"][6] for s in range(30)]

    streets, cities = apps("澜江市东澜区文昌街道办事处"), apps("澜江市人民政府")
    assert sum(v == 0 for v in streets) >= 8  # many small bodies have nothing
    assert min(cities) >= 600
    penalties = [_report(s, "澜江市人民政府").table2_full for s in range(30)]
    assert (
        max(v[("表2", "第二十条第（六）项 / 行政处罚", "本年处理决定数量")] for v in penalties)
        > 1_000_000
    )


@pytest.mark.parametrize("check", PLANTABLE)
@pytest.mark.parametrize("seed", range(8))
def test_planted_error_breaks_exactly_that_check(check, seed):
    name = ["澜江市人民政府", "澜江市东澜区文昌街道办事处", "澜江市交通运输局"][seed % 3]
    r = _report(seed, name, "2019" if seed % 4 == 3 else "2021", plant=check)
    assert r.planted_errors == [check]
    assert failed_checks(r) == {check}, check_failures(r)


def test_plant_rejects_unknown_checks():
    with pytest.raises(ValueError, match="C4"):
        _report(0, "澜江市人民政府", plant="C4")


def test_same_seed_same_report():
    a, b = _report(42, "澜江市西澜区人民政府"), _report(42, "澜江市西澜区人民政府")
    assert a.cells == b.cells and a.raw == b.raw and a.prose_raw == b.prose_raw


# --- rendering --------------------------------------------------------------------------------


def _text_of(path: Path, info) -> str:
    if info.fmt == "txt":
        return path.read_bytes().decode(info.encoding)
    if info.fmt == "docx":
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if info.fmt == "html":
        return BeautifulSoup(path.read_bytes(), "lxml").get_text("\n")
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
@pytest.mark.parametrize("seed", range(4))
def test_render_opens_and_names_body_and_year(tmp_path, fmt, seed):
    name = [
        "澜江市人民政府",
        "澜江市西澜区新华街道办事处",
        "澜江市自然资源和规划局",
        "澜江市东澜区人民政府",
    ][seed]
    r = _report(seed, name, ["2021", "2019", "mixed", "2021"][seed])
    info = render_with_info(r, fmt, tmp_path / f"r.{fmt}", random.Random(seed))
    text = to_simplified(_text_of(tmp_path / f"r.{fmt}", info))
    assert r.body_printed in text and f"{r.year}年" in text
    for key in ("received", "published", "fee"):
        if key in r.prose_raw:
            assert r.prose_raw[key] in text


def _docx_table3(path: Path):
    d = docx.Document(str(path))
    return next(t for t in d.tables if any("本年新收" in c.text for c in t.columns[0].cells))


@pytest.mark.parametrize("seed", range(5))
def test_docx_cells_hold_the_raw_values_with_real_merges(tmp_path, seed):
    r = _report(seed, "澜江市人民政府", "2019" if seed == 4 else "2021")
    path = tmp_path / "r.docx"
    render_with_info(r, "docx", path, random.Random(seed))
    table = _docx_table3(path)
    xml = table._tbl.xml
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    grid = [[c.text for c in row.cells] for row in table.rows]  # merged cells repeat
    assert len(grid) == 3 + len(r.table3_rows())
    body = grid[3:]
    for key, row in zip(r.table3_rows(), body, strict=True):
        label = TABLE3_BY_KEY[key].label
        assert row[3:] == [r.raw[(T3, label, c)] for c in TABLE3_COLUMN_LABELS], key
    t4 = next(t for t in docx.Document(str(path)).tables if "尚未审结" in t._tbl.xml)
    last = [c.text for c in t4.rows[-1].cells]
    assert last == [r.raw[("表4", g, res)] for g in TABLE4_GROUP_LABELS for res in TABLE4_RESULTS]


def test_tika_txt_has_one_cell_a_line(tmp_path):
    from generator.render_text import write_txt

    r = _report(3, "澜江市东澜区人民政府")
    layout = build_layout(r, random.Random(3), "txt")
    path = tmp_path / "r.txt"
    style, encoding = write_txt(layout, path, random.Random(3), style="tika")
    lines = path.read_bytes().decode(encoding).splitlines()
    i = next(n for n, s in enumerate(lines) if s.lstrip("\t").startswith("一、本年新收"))
    assert lines[i].startswith("\t")
    label = TABLE3_BY_KEY["new"].label
    assert [s[1:] for s in lines[i + 1 : i + 8]] == [
        r.raw[(T3, label, c)] for c in TABLE3_COLUMN_LABELS
    ]
    assert lines[i + 8] == ""


def test_html_keeps_rowspan_and_colspan(tmp_path):
    r = _report(5, "澜江市人民政府")
    info = render_with_info(r, "html", tmp_path / "r.html", random.Random(5))
    soup = BeautifulSoup((tmp_path / "r.html").read_bytes(), "lxml")
    assert info.encoding in ("utf-8", "gbk")
    assert soup.find("td", rowspan=True) is not None and soup.find("td", colspan=True) is not None
    assert soup.find(class_="nav") is not None and soup.find(class_="footer") is not None


def test_variations_are_all_exercised():
    seen: dict[str, Counter] = defaultdict(Counter)
    texts = []
    for seed in range(80):
        r = _report(seed, BODIES[seed % len(BODIES)].canonical)
        layout = build_layout(r, random.Random(seed), "html")
        for k, v in layout.variations.items():
            seen[k][v] += 1
        texts.append("\n".join(getattr(b, "text", "") for b in layout.blocks))
    for key in (
        "headings",
        "sub_numerals",
        "brackets",
        "sub_sep",
        "quotes",
        "typo",
        "caption",
        "table4",
        "preamble",
        "section6",
        "title",
    ):
        assert len(seen[key]) >= 2, (key, seen[key])
    joined = "\n".join(texts)
    for needle in ("3、", "依申请公开政府信息情况", "存在的问题和改进措施", "余", "顺延", "未收取"):
        assert needle in joined, needle
    assert seen["renamed"]


# --- corpus -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(11, 60, tmp_path_factory.mktemp("corpus"))


def test_corpus_spreads_over_similar_bodies_and_years(corpus):
    assert len(corpus) == 60
    bodies = {r.body_canonical for _p, r in corpus}
    years = {r.year for _p, r in corpus}
    assert len(bodies) >= 15 and len(years) == 3
    assert all(p.exists() and p.stat().st_size > 0 for p, _r in corpus)
    assert {r.rendered.fmt for _p, r in corpus} == {"txt", "docx", "html"}
    names = " ".join(r.body_printed for _p, r in corpus)
    assert "永吉" not in names and "淮安" not in names
    printed = defaultdict(set)
    for _p, r in corpus:
        printed[r.body_canonical].add(r.body_printed)
    assert any(len(v) > 1 for v in printed.values())  # some bodies change their printed name
    kinds = Counter(r.info.kind for _p, r in corpus)
    assert len(kinds) >= 3
    encodings = {r.rendered.encoding for _p, r in corpus if r.rendered.fmt == "txt"}
    assert len(encodings) >= 2


def test_corpus_carry_over_chains_across_years(corpus):
    by_body = defaultdict(list)
    for _p, r in corpus:
        by_body[r.body_canonical].append(r)
    chained = 0
    for reports in by_body.values():
        reports.sort(key=lambda r: r.year)
        for prev, cur in zip(reports, reports[1:], strict=False):
            assert cur.year == prev.year + 1
            assert carry_over_mismatches(prev, cur) == []
            chained += 1
    assert chained >= 30


def test_corpus_is_reproducible(tmp_path):
    a = make_corpus(3, 6, tmp_path / "a", formats=("txt", "html"))
    b = make_corpus(3, 6, tmp_path / "b", formats=("txt", "html"))
    assert [p.name for p, _ in a] == [p.name for p, _ in b]
    assert all(pa.read_bytes() == pb.read_bytes() for (pa, _), (pb, _) in zip(a, b, strict=True))


def test_corpus_with_planted_errors(tmp_path):
    out = make_corpus(5, 12, tmp_path, formats=("txt",), plant_rate=0.5)
    planted = [r for _p, r in out if r.planted_errors]
    assert planted
    for _p, r in out:
        assert failed_checks(r) == set(r.planted_errors)


@pytest.mark.skipif(
    not pdf_available(), reason="needs chromium, fonts-arphic-uming, fonts-wqy-zenhei"
)
def test_pdf_render(tmp_path):
    r = _report(2, "澜江市人民政府")
    info = render_with_info(r, "pdf", tmp_path / "r.pdf", random.Random(2))
    text = _text_of(tmp_path / "r.pdf", info)
    assert r.body_printed in text.replace("\n", "") and "2024" in text
    assert "⼈" not in text  # no Kangxi radicals in the text layer
    assert r.raw[(T3, TABLE3_BY_KEY["total"].label, TABLE3_COLUMN_LABELS[6])] in text


@pytest.mark.parametrize("seed", range(3))
def test_tika_export_matches_the_docx_cells(tmp_path, seed):
    """The tab-cell .txt is what exporting our .docx would give: Word's physical cells per row
    (a horizontal merge once, a vertical merge as an empty cell)."""
    from docx.oxml.ns import qn

    from generator.render import Grid
    from generator.render_docx import write_docx
    from generator.render_text import physical_cells

    r = _report(seed, BODIES[seed].canonical, ["2021", "2019", "mixed"][seed])
    layout = build_layout(r, random.Random(seed), "docx")
    write_docx(layout, tmp_path / "r.docx", random.Random(seed))
    grids = [b for b in layout.blocks if isinstance(b, Grid)]
    tables = docx.Document(str(tmp_path / "r.docx")).tables
    assert len(grids) == len(tables)
    for grid, table in zip(grids, tables, strict=True):
        for i, tr in enumerate(table._tbl.tr_lst):
            stored = [
                "\n".join(
                    "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))
                )
                for tc in tr.tc_lst
            ]
            expected = [
                "\n".join([""] * lead + text.split("\n"))
                for text, lead, _c in physical_cells(grid, i)
            ]
            assert stored == expected, (grid.table, i)


def test_runon_txt_runs_a_rows_digits_together(tmp_path):
    from generator.render_text import write_txt

    r = _report(8, "澜江市人民政府")
    layout = build_layout(r, random.Random(8), "txt")
    style, encoding = write_txt(layout, tmp_path / "r.txt", random.Random(8), style="runon")
    text = (tmp_path / "r.txt").read_bytes().decode(encoding)
    label = TABLE3_BY_KEY["new"].label
    digits = "".join(r.raw[(T3, label, c)] for c in TABLE3_COLUMN_LABELS)
    assert f"一、本年新收政府信息公开申请数量 {digits}" in text
