"""Scanned reports: pages rendered to images, blurred, noised and turned a little, saved as
image-only PDFs, then read back by real OCR into the same facts; doubtful digits are corrected only
when exactly one reading makes every check hold, and every doubtful cell is flagged."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from generator import make_corpus, make_report, pdf_available, render
from generator.scan import scan_pdf
from ingest.document import OcrBox, Table
from ingest.loaders import load_document, ocr
from ingest.ocr_review import flagged
from ingest.parse import parse_document
from reportqa.format import normalize_label

ROOT = Path(__file__).resolve().parents[2]
HUAIAN = ROOT / "corpus" / "huaian-2024.pdf"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason=f"needs {ocr.PACKAGE}")
needs_pdf = pytest.mark.skipif(not pdf_available(), reason="needs Chromium and CJK fonts")


# ------------------------------------------------------------------ the correction rule


@pytest.fixture(scope="module")
def clean_doc(tmp_path_factory):
    """A generated report with every cell filled (no blanks), as a loaded .docx."""
    rng = random.Random(3)
    while True:
        truth = make_report(rng, "澜江市东澜区人民政府", "澜江市东澜区人民政府", 2024)
        t3 = [v for k, v in truth.cells.items() if k[0] == "表3"]
        if all(isinstance(v, int) for v in t3) and truth.table3_format == "2021":
            break
    path = render(truth, "docx", tmp_path_factory.mktemp("ocr") / "r.docx", rng)
    return truth, load_document(path)


def _scanned(doc, reads: dict[tuple[str, int], tuple[str, float]]):
    """The document as a scan would give it: every 表3 cell carries an OCR box (confidence 0.99);
    ``reads`` overrides the text and confidence of cells by (row key, column)."""
    from ingest.tables import classify

    blocks = []
    for b in doc.blocks:
        if isinstance(b, Table) and classify(b) == "表3":
            rows = []
            for row in b.rows:
                label = normalize_label("".join(c.text for c in row if not c.copy))
                cells = []
                for c in row:
                    text, conf = c.text, 0.99
                    for (key, col), (new, p) in reads.items():
                        if key in label and c.col == len(row) - 7 + col and not c.copy:
                            text, conf = new, p
                    box = OcrBox(text, 10 * c.col, 10 * c.row, 10 * c.col + 9, 10 * c.row + 9, conf)
                    cells.append(replace(c, text=text, ocr=box))
                rows.append(cells)
            b = replace(b, rows=rows)
        blocks.append(b)
    return replace(doc, blocks=blocks, ocr_pages=(1,))


def _cell(parsed, key, col):
    return next(
        f for f in parsed.facts if f.table == "表3" and f.row_key == key and f.col_index == col
    )


@needs_ocr
def test_a_low_confidence_digit_is_corrected_when_one_reading_makes_every_check_hold(clean_doc):
    truth, doc = clean_doc
    total = truth.t3("new", 6)
    wrong = str(total).replace("3", "8", 1) if "3" in str(total) else None
    if wrong is None:  # choose a digit the table has: 1 read as 7
        wrong = str(total).replace("1", "7", 1)
    assert wrong != str(total)
    parsed = parse_document(_scanned(doc, {("本年新收", 6): (wrong, 0.61)}), "rid", "scan.pdf")
    f = _cell(parsed, "new", 6)
    assert (f.value, f.raw) == (total, str(total))
    assert f.provenance.locator.endswith(f"（识别为“{wrong}”，按勾稽关系更正为“{total}”）")
    o1 = [c for c in parsed.checks if c.check == "O1"]
    assert [(c.scope, c.expected, c.actual, c.passed, c.severity) for c in o1] == [
        ("表3“一、本年新收政府信息公开申请数量”行“总计”列", total, int(wrong), False, "soft")
    ]
    assert o1[0].detail == (
        f"表3“一、本年新收政府信息公开申请数量”行“总计”列：扫描件识别为“{wrong}”（置信度 0.61），"
        f"表格勾稽不成立；只有改读为“{total}”能使所有勾稽校验成立，已按“{total}”采用，请核对原件"
    )
    assert all(c.passed for c in parsed.checks if c.check in ("C1", "C2", "C3"))


@needs_ocr
def test_a_confident_misreading_is_kept_and_its_checks_fail(clean_doc):
    truth, doc = clean_doc
    total = truth.t3("new", 6)
    wrong = str(total + 1)
    parsed = parse_document(_scanned(doc, {("本年新收", 6): (wrong, 0.99)}), "rid", "scan.pdf")
    assert _cell(parsed, "new", 6).value == total + 1
    assert not [c for c in parsed.checks if c.check == "O1"]
    failed = {(c.check, c.scope) for c in parsed.checks if not c.passed and c.check.startswith("C")}
    assert ("C1", "表3“总计”列") in failed
    assert ("C3", "表3“一、本年新收政府信息公开申请数量”行") in failed
    assert (
        "扫描件的表格勾稽校验不成立，低置信度数字没有能使所有校验成立的唯一改读，按识别结果保留"
        in parsed.warnings
    )


@needs_ocr
def test_doubtful_cells_that_the_checks_confirm_are_neither_changed_nor_flagged(clean_doc):
    truth, doc = clean_doc
    a, b = truth.t3("total", 6), truth.t3("carried_out", 6)
    reads = {("（七）总计", 6): (str(a), 0.5), ("结转下年度", 6): (str(b), 0.5)}
    parsed = parse_document(_scanned(doc, reads), "rid", "scan.pdf")
    assert not [c for c in parsed.checks if c.check in ("O1", "O2")]
    assert (_cell(parsed, "total", 6).value, _cell(parsed, "carried_out", 6).value) == (a, b)


@needs_ocr
def test_a_doubtful_cell_no_check_covers_is_flagged(clean_doc):
    truth, doc = clean_doc
    a = truth.t3("total", 6)
    reads = {("（七）总计", 6): (str(a), 0.5), ("（七）总计", 0): ("", 0.0)}
    parsed = parse_document(_scanned(doc, reads), "rid", "scan.pdf")
    o2 = [(c.scope, c.detail) for c in parsed.checks if c.check == "O2"]
    # the blank is flagged; the doubtful 总计 is confirmed by its column's checks (C1, C2)
    assert o2 == [
        (
            "表3“三、本年度办理结果 / （七）总计”行“自然人”列",
            "表3“三、本年度办理结果 / （七）总计”行“自然人”列：扫描件识别结果为空白（或字迹太淡，未能识别），"
            "置信度 0.00，没有勾稽校验能印证，请核对原件",
        )
    ]
    assert _cell(parsed, "total", 6).value == a


@needs_ocr
def test_a_doubtful_leaf_is_flagged_when_only_its_columns_totals_add_up(clean_doc):
    """C1 adds 一、二、（七）总计 and 四 of a column: it holds whatever a result leaf reads, so it
    confirms no leaf. With a blank beside the leaf in its row and in its column (no C2, no C3), a
    doubtful 1 (a table rule read as a digit) is flagged, not taken as confirmed."""
    _truth, doc = clean_doc
    reads = {
        ("属于三类内部事务信息", 0): ("1", 0.17),
        ("属于三类内部事务信息", 1): ("", 0.0),
        ("没有现成信息需要另行制作", 0): ("", 0.0),
    }
    parsed = parse_document(_scanned(doc, reads), "rid", "scan.pdf")
    assert any(c.check == "C1" and c.scope == "表3“自然人”列" and c.passed for c in parsed.checks)
    leaf = "表3“三、本年度办理结果 / （三）不予公开 / 5.属于三类内部事务信息”行“自然人”列"
    o2 = {c.scope: c.detail for c in parsed.checks if c.check == "O2"}
    assert o2[leaf] == f"{leaf}：扫描件识别结果为“1”，置信度 0.17，没有勾稽校验能印证，请核对原件"


def _scanned_table2(doc, text: dict[str, str]):
    """The document with 表2's cells read by OCR (confidence 0.97); ``text`` replaces the first
    value cell of the rows it names."""
    from ingest.tables import classify

    blocks = []
    for b in doc.blocks:
        if isinstance(b, Table) and classify(b) == "表2":
            rows = []
            for row in b.rows:
                new = text.get(row[0].text)
                cells = []
                for c in row:
                    t = new if new is not None and c.col >= 1 else c.text
                    box = OcrBox(t, 10 * c.col, 10 * c.row, 10 * c.col + 9, 10 * c.row + 9, 0.97)
                    cells.append(replace(c, text=t, ocr=box))
                rows.append(cells)
            b = replace(b, rows=rows)
        blocks.append(b)
    return replace(doc, blocks=blocks, ocr_pages=(1,))


@needs_ocr
def test_a_count_read_with_a_point_and_three_digits_is_a_thousands_separator(clean_doc):
    _truth, doc = clean_doc
    parsed = parse_document(
        _scanned_table2(doc, {"行政许可": "2.987", "行政事业性收费": "1.250"}), "rid", "scan.pdf"
    )
    # the unit printed in the cell (30.219件) changes nothing
    with_unit = parse_document(_scanned_table2(doc, {"行政许可": "2.987件"}), "rid", "scan.pdf")
    permit_unit = next(
        f for f in with_unit.facts if f.table == "表2" and f.row.endswith("/ 行政许可")
    )
    assert (permit_unit.value, permit_unit.raw) == (2987, "2987")
    permit = next(f for f in parsed.facts if f.table == "表2" and f.row.endswith("/ 行政许可"))
    assert (permit.value, permit.raw) == (2987, "2987")
    assert permit.provenance.locator.endswith("（识别为“2.987”，按千位分隔符读作“2987”）")
    o1 = [c for c in parsed.checks if c.check == "O1"]
    assert [(c.scope, c.expected, c.actual, c.detail) for c in o1] == [
        (
            "表2“第二十条第（五）项 / 行政许可”行“本年处理决定数量”列",
            2987,
            2.987,
            "表2“第二十条第（五）项 / 行政许可”行“本年处理决定数量”列：扫描件识别为“2.987”；件数不会有小数，"
            "小数点后正好三位是被识别成小数点的千位分隔符，已按“2987”采用，请核对原件",
        )
    ]
    # money keeps its decimals: 1.250 万元 is read as it stands
    fee = next(f for f in parsed.facts if f.table == "表2" and f.row.endswith("/ 行政事业性收费"))
    assert (fee.value, fee.unit) == (1.25, "万元")


# ------------------------------------------------------------------ real scans (slow)


def _flagged(parsed, key) -> bool:
    return flagged(parsed.checks, *key)


@pytest.mark.slow
@needs_ocr
@needs_pdf
def test_scanned_generated_reports_round_trip(tmp_path):
    corpus = make_corpus(23, 3, tmp_path / "pdf", ("pdf",))
    total = right = 0
    unflagged = []
    for i, (pdf, truth) in enumerate(corpus):
        scan = scan_pdf(pdf, tmp_path / f"scan{i}.pdf", random.Random(i))
        doc = load_document(scan)
        assert doc.ocr_pages == tuple(range(1, doc.ocr_pages[-1] + 1))
        parsed = parse_document(doc, "rid", scan.name)
        assert parsed.year == truth.year and parsed.body_printed == truth.body_printed
        got = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table != "正文"}
        for key, value in truth.cells.items():
            total += 1
            if got.get(key, "missing") == value:
                right += 1
            elif not _flagged(parsed, key):
                unflagged.append((scan.name, key, got.get(key, "missing"), value))
        # provenance: page, table, cell, and the box with its confidence
        f = next(
            f for f in parsed.facts if f.table == "表3" and f.row_key == "new" and f.col_index == 6
        )
        assert f.provenance.page and f.provenance.table_index and f.provenance.row_index
        assert "（OCR 框 " in f.provenance.locator and "置信度 " in f.provenance.locator
    assert unflagged == []
    assert right / total >= 0.99, (right, total)


@pytest.mark.slow
@needs_ocr
def test_the_scanned_huaian_sample_gives_the_cells_of_its_text_version(tmp_path):
    scan = scan_pdf(HUAIAN, tmp_path / "huaian-scan.pdf", random.Random(1))
    text = parse_document(load_document(HUAIAN), "rid", HUAIAN.name)
    parsed = parse_document(load_document(scan), "rid", "huaian-2024.pdf")
    assert (parsed.body_printed, parsed.year) == (text.body_printed, text.year)
    want = {(f.table, f.row, f.column): f.value for f in text.facts if f.table != "正文"}
    got = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table != "正文"}
    wrong = {k: (got.get(k, "missing"), v) for k, v in want.items() if got.get(k, "missing") != v}
    assert [k for k in wrong if not _flagged(parsed, k)] == []
    assert len(wrong) <= len(want) // 100, wrong  # at least 99% of the cells, the rest flagged
    # the headline figures, exactly
    for key, value in [
        (("表3", "一、本年新收政府信息公开申请数量", "总计"), 3119),
        (("表3", "三、本年度办理结果 / （七）总计", "总计"), 3050),
        (("表3", "四、结转下年度继续办理", "总计"), 103),
        (("表4", "行政复议", "总计"), 351),
    ]:
        assert got[key] == value


@needs_ocr
def test_a_blank_image_pdf_says_it_has_no_text(tmp_path):
    from PIL import Image

    path = tmp_path / "blank.pdf"
    Image.new("L", (600, 800), 240).save(path, "PDF", resolution=72.0)
    from reportqa.errors import IngestError

    with pytest.raises(IngestError) as info:
        load_document(path)
    assert info.value.reason == "PDF 中没有可提取的文字（可能是扫描件）"


@pytest.mark.slow
@needs_ocr
@needs_pdf
def test_a_scanned_old_style_report_gives_its_statistics_table(tmp_path):
    from generator.old_style import make_old_report

    rng = random.Random(4)
    truth = make_old_report(rng, "澜江市青屿区人民政府", "澜江市青屿区人民政府", 2017, "national")
    pdf = render(truth, "pdf", tmp_path / "old.pdf", rng)
    scan = scan_pdf(pdf, tmp_path / "old-scan.pdf", random.Random(2))
    parsed = parse_document(load_document(scan), "rid", scan.name)
    assert (parsed.year, parsed.table_format) == (2017, "统计表")
    got = {(f.table, f.row, f.column): f for f in parsed.facts if f.table == "统计表"}
    flagged = {c.scope for c in parsed.checks if c.check == "O2"}
    wrong = [k for k, v in truth.cells.items() if k not in got or got[k].value != v]
    assert [k for k in wrong if f"{k[0]}“{k[1]}”行“{k[2]}”列" not in flagged] == []
    assert len(wrong) <= len(truth.cells) // 100
    metrics = {f.row_key: f.value for f in got.values() if f.row_key}
    assert {k: v for k, v in metrics.items() if k in ("new", "published", "review")} == {
        k: truth.stat_metrics[k] for k in ("new", "published", "review")
    }


def test_without_the_ocr_package_a_scan_fails_naming_what_to_install(tmp_path):
    """A Python without rapidocr-onnxruntime (its import blocked in a fresh interpreter)."""
    import subprocess
    import sys

    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), outline=0, width=3)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=72.0)
    code = (
        "import sys; sys.modules['rapidocr_onnxruntime'] = None\n"
        "from pathlib import Path\n"
        "from ingest.loaders import load_document\n"
        "from reportqa.errors import IngestError\n"
        "try:\n"
        f"    load_document(Path({str(path)!r}))\n"
        "except IngestError as e:\n"
        "    print(e.reason)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.stdout.strip() == (
        "PDF 中没有可提取的文字（可能是扫描件）；识别扫描件需要文字识别组件 rapidocr-onnxruntime，"
        "请安装（pip install rapidocr-onnxruntime==1.4.4）后重新导入"
    )


@pytest.mark.slow
@needs_ocr
@needs_pdf
def test_the_yongji_sample_printed_and_scanned_gives_the_facts_of_the_print(tmp_path):
    """The .txt sample printed to PDF (text layer) and the same print scanned: the same cells,
    the same body, year and stated figures (主动公开 521 条 and its parts)."""
    from generator.reprint import reprint_pdf

    sample = load_document(ROOT / "corpus" / "yongji-2024.txt")
    printed = reprint_pdf(sample.blocks, tmp_path / "y.pdf")
    scan = scan_pdf(printed, tmp_path / "y-scan.pdf", random.Random(3))
    text = parse_document(load_document(printed), "rid", "yongji-2024.pdf")
    parsed = parse_document(load_document(scan), "rid", "yongji-2024.pdf")
    assert (parsed.body_printed, parsed.year) == ("南关区永吉街道办事处", 2024)
    want = {(f.table, f.row, f.column): f.value for f in text.facts if f.table != "正文"}
    got = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table != "正文"}
    assert len(want) >= 190
    wrong = [k for k, v in want.items() if got.get(k, "missing") != v]
    assert [k for k in wrong if not _flagged(parsed, k)] == []
    assert len(wrong) <= len(want) // 100
    stated = {f.row: f.value for f in parsed.facts if f.table == "正文" and f.column == ""}
    assert stated["主动公开政府信息"] == 521
    assert stated["主动公开政府信息 / 机构信息"] == 350
