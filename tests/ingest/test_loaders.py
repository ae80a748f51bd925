"""Loaders: exact lines, cells, line/page numbers and error messages for every supported format."""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.document import Document, Table, TableCell, TextLine
from ingest.loaders import SUPPORTED_EXTENSIONS, load_document
from reportqa.errors import IngestError

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
YONGJI = CORPUS / "yongji-2024.txt"
HUAIAN = CORPUS / "huaian-2024.pdf"


def texts(row: list[TableCell]) -> list[str]:
    return [c.text for c in row]


def find_row(table: Table, first_label: str) -> list[TableCell]:
    hits = [row for row in table.rows if first_label in texts(row)]
    assert len(hits) == 1, (first_label, hits)
    return hits[0]


def assert_offsets(doc: Document) -> None:
    for block in doc.blocks:
        if isinstance(block, TextLine):
            assert doc.text[block.start : block.start + len(block.text)] == block.text


def reason(path: Path, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        load_document(path, **kwargs)
    assert info.value.path == str(path)
    return info.value.reason


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- .txt ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yongji() -> Document:
    return load_document(YONGJI)


def test_txt_lines_keep_source_line_numbers(yongji):
    assert yongji.file_format == "txt" and yongji.encoding == "utf-8"
    lines = {ln.line: ln.text for ln in yongji.lines()}
    assert lines[1] == "2024年南关区永吉街道办事处"
    assert lines[11] == "二、主动公开政府信息情况"
    assert lines[57] == "3、 收到和处理政府信息公开申请情况"
    assert lines[355] == "4、 政府信息公开行政复议、行政诉讼情况"
    assert lines[403] == "本年度未收取信息处理费。"
    assert sorted(lines) == [*range(1, 12), 57, 355, 400, 401, 402, 403]
    assert_offsets(yongji)


def test_txt_docx_export_becomes_three_tables(yongji):
    assert [b.line for b in yongji.blocks if isinstance(b, Table)] == [12, 58, 356]
    t2, t3, t4 = yongji.tables()
    assert [len(t.rows) for t in (t2, t3, t4)] == [14, 28, 4]
    assert texts(t2.rows[1]) == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [(c.text, c.line) for c in t2.rows[2]] == [("规章", 19), ("0", 20), ("0", 21), ("0", 22)]
    assert (
        texts(t4.rows[2]) == [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    )
    assert texts(t4.rows[3]) == ["0"] * 15 and t4.rows[3][-1].line == 397


def test_txt_table3_blank_cells_and_bookmark_artefact(yongji):
    t3 = yongji.tables()[1]
    total = find_row(t3, "（七）总计")
    assert [(c.text, c.line) for c in total] == [
        ("", 335),
        ("（七）总计", 336),
        *[("0", n) for n in range(337, 344)],
    ]
    assert [c.col for c in total] == list(range(9))
    assert not any(c.copy for row in t3.rows for c in row)
    assert texts(t3.rows[1]) == ["", "自然人", "法人或其他组织", "总计"]
    assert texts(t3.rows[2]) == [
        "",
        "",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "",
    ]
    assert "[bookmark" not in yongji.text


def test_txt_merged_cell_text_after_blank_lines_joins_its_row(yongji):
    t3 = yongji.tables()[1]
    row = t3.rows[5]
    assert [(c.text, c.line) for c in row[:3]] == [
        ("三、本年度办理结果", 106),
        ("（一）予以公开", 107),
        ("0", 108),
    ]
    assert len(row) == 9
    assert texts(t3.rows[6])[:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert [ln.line for ln in yongji.lines() if "本年度办理结果" in ln.text] == []


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
        (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
        (lambda s: s.encode("utf-16-le"), "utf-16-le"),
        (lambda s: s.encode("utf-16-be"), "utf-16-be"),
        (lambda s: s.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
    ids=[
        "gb18030",
        "utf-8-bom",
        "utf-16le-bom",
        "utf-16be-bom",
        "utf-16le",
        "utf-16be",
        "gbk-crlf",
    ],
)
def test_txt_reencoded_gives_identical_blocks(tmp_path, yongji, encode, encoding):
    source = YONGJI.read_text(encoding="utf-8")
    doc = load_document(write(tmp_path, "yongji.txt", encode(source)))
    assert doc.encoding == encoding
    assert doc.blocks == yongji.blocks
    assert doc.text == yongji.text


def test_txt_big5_mirror_is_recognised(tmp_path):
    text = (
        "淮安市人民政府2024年政府信息公開工作年度報告\n本年度總計收到申請三十件，收取費用兩萬元。\n"
        * 3
    )
    doc = load_document(write(tmp_path, "big5.txt", text.encode("big5")))
    assert doc.encoding == "big5"
    assert doc.lines()[0].text == "淮安市人民政府2024年政府信息公開工作年度報告"


def test_txt_pipe_flattened_table(tmp_path):
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "| 项目 | 自然人 | 总计 |\n"
        "| --- | --- | --- |\n"
        "一、本年新收政府信息公开申请数量 | 12 |  | \n"
        "（七）总计 | 7 | 7 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    doc = load_document(write(tmp_path, "pipes.txt", text.encode("utf-8")))
    assert [type(b).__name__ for b in doc.blocks] == ["TextLine", "Table", "TextLine"]
    table = doc.tables()[0]
    assert [texts(r) for r in table.rows] == [
        ["项目", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "12", ""],
        ["（七）总计", "7", "7"],
    ]
    assert [r[0].line for r in table.rows] == [2, 4, 5] and table.line == 2


def test_txt_tab_indented_prose_is_not_a_table(tmp_path):
    para = (
        "\t本机关严格落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息一千二百余条，" * 2
    )
    doc = load_document(write(tmp_path, "indented.txt", f"标题\n{para}\n{para}\n".encode()))
    assert doc.tables() == []
    assert [ln.line for ln in doc.lines()] == [1, 2, 3]


# --- .docx ---------------------------------------------------------------------------------------


def build_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("2024年某某区人民政府政府信息公开工作年度报告")
    d.add_paragraph("")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for i, label in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, i).text = label
    t.cell(2, 0).merge(t.cell(3, 0)).text = "规章"
    for i, value in enumerate(["1", "0", "11"], start=1):
        t.cell(2, i).text = value
    t.cell(3, 1).text = "2"
    inner = t.cell(3, 3).add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "甲", (0, 1): "1", (1, 0): "乙", (1, 1): "2"}.items():
        inner.cell(r, c).text = value
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return build_docx()


def test_docx_paragraphs_and_tables_in_body_order(tmp_path, docx_bytes):
    doc = load_document(write(tmp_path, "report.docx", docx_bytes))
    assert doc.file_format == "docx"
    kinds = [(type(b).__name__, getattr(b, "line", None)) for b in doc.blocks]
    assert kinds == [("TextLine", 1), ("TextLine", 3), ("Table", None), ("TextLine", 4)]
    assert doc.lines()[-1].text == "三、收到和处理政府信息公开申请情况"
    assert_offsets(doc)


def test_docx_merged_cells_resolved(tmp_path, docx_bytes):
    (table,) = load_document(write(tmp_path, "report.docx", docx_bytes)).tables()
    grid = [[(c.text, c.copy) for c in row] for row in table.rows]
    assert grid[0] == [("第二十条第（一）项", False)] + [("第二十条第（一）项", True)] * 3
    assert grid[1] == [
        (x, False) for x in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    ]
    assert grid[2] == [("规章", False), ("1", False), ("0", False), ("11", False)]
    assert grid[3] == [("规章", True), ("2", False), ("", False), ("甲 1\n乙 2", False)]
    assert [[(c.row, c.col) for c in row] for row in table.rows] == [
        [(r, c) for c in range(4)] for r in range(4)
    ]
    assert (
        "规章 | 1 | 0 | 11\n2 |  | 甲 1 乙 2"
        in load_document(write(tmp_path, "again.docx", docx_bytes)).text
    )


def test_docx_one_column_box_is_prose(tmp_path):
    d = docx.Document()
    d.add_paragraph("2024年某某区人民政府政府信息公开工作年度报告")
    box = d.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "本报告由某某区人民政府办公室编制。"
    box.add_paragraph("报告所列统计期限自2024年1月1日至2024年12月31日。")
    d.add_paragraph("一、总体情况")
    buf = io.BytesIO()
    d.save(buf)
    doc = load_document(write(tmp_path, "box.docx", buf.getvalue()))
    assert doc.tables() == []
    assert [(ln.line, ln.text) for ln in doc.lines()] == [
        (1, "2024年某某区人民政府政府信息公开工作年度报告"),
        (2, "本报告由某某区人民政府办公室编制。"),
        (3, "报告所列统计期限自2024年1月1日至2024年12月31日。"),
        (4, "一、总体情况"),
    ]


# --- .html ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2024年某某区政府信息公开工作年度报告_某某区人民政府</title>
<script>var x = "脚本里的字";</script><style>.a { color: red }</style></head>
<body>
<header><div class="logo">某某区人民政府门户网站</div></header>
<nav><a href="/">首页</a> <a>政务公开</a> <a>政府信息公开年报</a></nav>
<div class="top-menu"><a>网站地图</a> <a>无障碍浏览</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<table width="1000"><tr><td class="left"><ul><li>栏目一</li><li>栏目二</li></ul></td>
<td><div id="zoom">
<p>　　本报告根据《中华人民共和国政府信息公开条例》编制。报告所列数据统计期限自2024年1月1日起至2024年12月31日止。</p>
<p>一、总体情况</p><p>2024年，我区主动公开政府信息
共计1234条，解读60余篇。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="2">申请人情况</td></tr>
<tr><td>自然人</td><td>总计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>&nbsp;</td></tr>
<tr><td rowspan="2">三、本年度<br>办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>5</td></tr>
<tr><td colspan="2">（七）总计</td><td>7</td><td>7</td></tr>
</table>
<p>六、其他需要报告的事项<br>本年度未收取信息处理费。</p>
</div></td></tr></table>
<footer>主办单位：某某区人民政府办公室</footer>
<div class="copyright">版权所有：某某区人民政府 网站标识码 1234</div>
<div class="share">分享到：微信 微博</div>
</body></html>
"""


def load_page(tmp_path: Path, html: str = PAGE, encoding: str = "gbk", name: str = "page.html"):
    return load_document(write(tmp_path, name, html.encode(encoding)))


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        '<meta charset="gbk">',
    ],
)
def test_html_gbk_meta_charset_and_page_chrome_dropped(tmp_path, declaration):
    html = PAGE.replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', declaration
    )
    doc = load_page(tmp_path, html)
    assert (doc.file_format, doc.encoding) == ("html", "gb18030")
    assert [(ln.line, ln.text) for ln in doc.lines()] == [
        (1, "2024年某某区政府信息公开工作年度报告"),
        (
            2,
            "本报告根据《中华人民共和国政府信息公开条例》编制。"
            "报告所列数据统计期限自2024年1月1日起至2024年12月31日止。",
        ),
        (3, "一、总体情况"),
        (4, "2024年，我区主动公开政府信息共计1234条，解读60余篇。"),
        (5, "三、收到和处理政府信息公开申请情况"),
        (6, "六、其他需要报告的事项"),
        (7, "本年度未收取信息处理费。"),
    ]
    for noise in (
        "首页",
        "网站",
        "栏目一",
        "主办单位",
        "版权所有",
        "分享到",
        "脚本里的字",
        "color",
    ):
        assert noise not in doc.text
    assert_offsets(doc)


def test_html_rowspan_colspan_expanded(tmp_path):
    (table,) = load_page(tmp_path).tables()
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    grid = [[(c.text, c.copy) for c in row] for row in table.rows]
    assert grid[0] == [
        (note, False),
        (note, True),
        (note, True),
        ("申请人情况", False),
        ("申请人情况", True),
    ]
    assert grid[1] == [(note, True)] * 3 + [("自然人", False), ("总计", False)]
    assert grid[2][3:] == [("12", False), ("", False)]
    assert grid[3] == [
        ("三、本年度\n办理结果", False),
        ("（一）予以公开", False),
        ("（一）予以公开", True),
        ("5", False),
        ("5", False),
    ]
    assert grid[4][:2] == [("三、本年度\n办理结果", True), ("（七）总计", False)]


def test_html_utf8_without_declaration_and_layout_table(tmp_path):
    prose = "我区坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。" * 3
    html = (
        "<html><body><div class='crumb'>当前位置：首页 > 政务公开 > 政府信息公开年报</div>"
        "<table><tr><td><p>一、总体情况</p>"
        f"<p>{prose}</p>"
        "<table><tr><th>信息内容</th><th>本年处理决定数量</th></tr>"
        "<tr><td>行政许可</td><td>447228</td></tr></table>"
        "</td></tr></table><footer>主办单位：某某区人民政府办公室</footer></body></html>"
    )
    doc = load_page(tmp_path, html, "utf-8", name="layout.htm")
    assert doc.encoding == "utf-8"
    assert [ln.text for ln in doc.lines()] == ["一、总体情况", prose]
    (table,) = doc.tables()
    assert [texts(r) for r in table.rows] == [
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "447228"],
    ]


def test_html_declared_charset_wrong_but_utf8_valid(tmp_path):
    html = PAGE.replace("gb2312", "gbk")
    doc = load_page(tmp_path, html, "utf-8")
    assert doc.encoding == "utf-8"
    assert doc.lines()[2].text == "一、总体情况"


# --- .pdf ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def huaian() -> Document:
    return load_document(HUAIAN)


def test_pdf_tables_by_page(huaian):
    assert huaian.file_format == "pdf"
    assert [(t.index, t.page, len(t.rows), len(t.rows[0])) for t in huaian.tables()] == [
        (1, 3, 8, 4),
        (2, 4, 6, 2),
        (3, 4, 16, 10),
        (4, 5, 12, 10),
        (5, 5, 4, 15),
    ]
    t2a, t2b, t3a, t3b, t4 = huaian.tables()
    assert texts(t2a.rows[3]) == ["行政规范性文件", "8", "26", "66"]
    assert texts(t2b.rows[1]) == ["行政处罚", "3985758"]
    assert texts(t2b.rows[5]) == ["行政事业性收费", "96171.6"]
    new = find_row(t3a, "一、本年新收政府信息公开申请数量")
    assert [(c.text, c.copy) for c in new] == [
        ("一、本年新收政府信息公开申请数量", False),
        ("一、本年新收政府信息公开申请数量", True),
        ("一、本年新收政府信息公开申请数量", True),
        *[(v, False) for v in ["3001", "53", "0", "0", "61", "4", "3119"]],
    ]
    assert {c.page for row in t3a.rows for c in row} == {4}
    assert texts(t3a.rows[2])[4:9] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert texts(t3a.rows[6])[:2] == [
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]
    assert t3a.rows[6][0].copy
    assert texts(find_row(t3b, "（七）总计"))[3:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert texts(t4.rows[3]) == "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20".split()


def test_pdf_lines_with_pages_in_reading_order(huaian):
    lines = huaian.lines()
    hit = [ln for ln in lines if "2024 年，全市共受理政府信息公开申请 3119 件，答" in ln.text]
    assert [(ln.page, ln.line, ln.text) for ln in hit] == [
        (2, 7, "和针对性。2024 年，全市共受理政府信息公开申请 3119 件，答")
    ]
    # the single-column boxes pdfplumber finds on pages 1 and 3 are prose
    assert (lines[2].page, lines[2].line, lines[2].text) == (
        1,
        3,
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府",
    )
    assert any(
        ln.page == 3 and ln.text.startswith("（五）政府信息公开监督保障情况") for ln in lines
    )
    assert not any(ln.text.replace(" ", "") in {f"-{n}-" for n in range(1, 7)} for ln in lines)
    order = [b.text if isinstance(b, TextLine) else f"T{b.index}" for b in huaian.blocks]
    assert order[order.index("二、主动公开政府信息情况") + 1] == "T1"
    assert order[order.index("三、收到和处理政府信息公开申请情况") - 1 : order.index("T3") + 1] == [
        "T2",
        "三、收到和处理政府信息公开申请情况",
        "T3",
    ]
    assert "3119" not in [ln.text for ln in lines]  # table cells are not repeated as lines
    assert_offsets(huaian)


def make_pdf(lines: list[str], *, encrypt: bool = False) -> bytes:
    """A one-page PDF with Helvetica text, built by hand (offsets computed)."""
    body = " ".join(f"({line}) '" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td 14 TL {body} ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objs.append(f"<< /Filter /Standard /V 1 /R 2 /O <{'ab' * 32}> /U <{'cd' * 32}> /P -4 >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    extra = f" /Encrypt {len(objs)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]" if encrypt else ""
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R{extra} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_page_numbers_dropped(tmp_path):
    pdf = make_pdf(["Report 2024", "3119", "- 1 -", "1/6", "Page 1 of 6", "6/1"])
    doc = load_document(write(tmp_path, "tiny.pdf", pdf))
    assert [(ln.page, ln.line, ln.text) for ln in doc.lines()] == [
        (1, 1, "Report 2024"),
        (1, 2, "3119"),
        (1, 3, "6/1"),
    ]


# --- errors --------------------------------------------------------------------------------------

RANDOM = random.Random(20240101).randbytes(4096)
CORRUPT_DOCX = "不是有效的 .docx 文件（文件已损坏或被截断）"
CORRUPT_PDF = "不是有效的 PDF 文件（文件已损坏或被截断）"


@pytest.mark.parametrize("ext", SUPPORTED_EXTENSIONS)
def test_error_empty_file(tmp_path, ext):
    assert reason(write(tmp_path, f"empty{ext}", b"")) == "文件为空"


@pytest.mark.parametrize(
    ("ext", "message"),
    [
        (".txt", "看起来是二进制文件，不是文本"),
        (".docx", CORRUPT_DOCX),
        (".pdf", CORRUPT_PDF),
        (".html", "看起来是二进制文件，不是文本"),
    ],
)
def test_error_random_bytes(tmp_path, ext, message):
    assert reason(write(tmp_path, f"random{ext}", RANDOM)) == message


def test_error_truncated_docx(tmp_path, docx_bytes):
    half = docx_bytes[: len(docx_bytes) // 2]
    assert reason(write(tmp_path, "half.docx", half)) == CORRUPT_DOCX


def test_error_docx_whose_main_part_is_not_a_document(tmp_path, docx_bytes):
    # found by benchmarks/fuzz.py: the root element is not <w:document>, so there is no body
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = b'<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
            zout.writestr(item, data)
    path = write(tmp_path, "no-body.docx", out.getvalue())
    with pytest.raises(IngestError) as info:
        load_document(path)
    assert info.value.reason == CORRUPT_DOCX
    assert info.value.__cause__ is None  # our own check, not an AttributeError caught late


def test_error_old_word_file_named_docx(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert reason(write(tmp_path, "old.docx", ole)) == (
        "不是 .docx 文件：这是旧版 Word（.doc）或加密的文档，请用 Word 另存为 .docx 后再导入"
    )


def test_error_truncated_pdf(tmp_path):
    data = HUAIAN.read_bytes()
    assert reason(write(tmp_path, "half.pdf", data[: len(data) // 2])) == CORRUPT_PDF


def test_error_encrypted_pdf(tmp_path):
    path = write(tmp_path, "locked.pdf", make_pdf(["secret"], encrypt=True))
    assert reason(path) == "PDF 文件已加密，需要密码才能打开（请提供未加密的版本）"


def test_error_pdf_without_text(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf([]))
    assert reason(path) == "PDF 中没有可提取的文字（可能是扫描件）"


@pytest.mark.parametrize(
    ("name", "shown"),
    [("report.xls", ".xls"), ("REPORT.XLSX", ".xlsx"), ("report", "（无扩展名）")],
)
def test_error_unknown_extension(tmp_path, name, shown):
    path = write(tmp_path, name, b"anything")
    assert (
        reason(path)
        == f"不支持的文件类型 {shown}（支持 .txt、.docx、.doc、.wps、.html、.htm、.pdf）"
    )


def test_extension_is_case_insensitive(tmp_path, yongji):
    doc = load_document(write(tmp_path, "YONGJI.TXT", YONGJI.read_bytes()))
    assert doc.blocks == yongji.blocks


def test_error_undecodable_text(tmp_path):
    data = "政府信息公开".encode() + b"\x80\xff" * 50 + "年度报告".encode()
    assert reason(write(tmp_path, "bad.txt", data)) == (
        "无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030 文本）"
    )


def test_error_too_large(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * (3 * 1024 * 1024))
    assert reason(path, max_bytes=2 * 1024 * 1024) == "文件过大（3 MB，上限 2 MB）"


def test_error_missing_file(tmp_path):
    assert reason(tmp_path / "nowhere.pdf") == "文件不存在"


def test_error_whitespace_only_text(tmp_path):
    assert reason(write(tmp_path, "blank.txt", " \n\t\n　\n".encode())) == "文件为空"


# --- no other exception escapes ------------------------------------------------------------------


def seeds() -> dict[str, bytes]:
    page = PAGE.encode("gbk")
    return {
        ".txt": YONGJI.read_bytes()[:1500],
        ".docx": build_docx(),
        ".html": page,
        ".htm": page,
        ".pdf": make_pdf(["Report 2024", "3119"]),
    }


SEEDS = seeds()


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    ext = draw(st.sampled_from(SUPPORTED_EXTENSIONS))
    data = bytearray(SEEDS[ext])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos : pos + draw(st.integers(1, 512))]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
    return ext, bytes(data)


def loads_or_ingest_error(path: Path) -> None:
    try:
        doc = load_document(path)
    except IngestError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert doc.blocks
        assert_offsets(doc)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated())
def test_mutated_files_load_or_raise_ingest_error(tmp_path, case):
    ext, data = case
    loads_or_ingest_error(write(tmp_path, f"mutated{ext}", data))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ext=st.sampled_from(SUPPORTED_EXTENSIONS), data=st.binary(max_size=600))
def test_random_bytes_load_or_raise_ingest_error(tmp_path, ext, data):
    loads_or_ingest_error(write(tmp_path, f"random{ext}", data))


_TEXT = st.text(
    alphabet=st.sampled_from(
        list("政府信息公开工作年度报告申请件条万元一二三四五六七八九十，。：、（）")
        + list("0123456789 .-|abc\n\t")
    ),
    min_size=20,
    max_size=300,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_txt_encoding_round_trip(tmp_path, text, codec):
    def outcome(name: str, data: bytes):
        try:
            return load_document(write(tmp_path, name, data)).blocks
        except IngestError as exc:
            return exc.reason

    assert outcome("encoded.txt", text.encode(codec)) == outcome("plain.txt", text.encode())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_txt_prose_heavy_utf16_without_bom(tmp_path, codec):
    """Chinese prose in UTF-16 without a BOM has few NUL bytes (and 一 puts one on the wrong side),
    and its low bytes look like control codes: charset-normalizer tells it from binary."""
    text = (
        "澜江市东澜区人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
        "2024年，我区认真贯彻落实《中华人民共和国政府信息公开条例》，一是加强组织领导，"
        "二是规范公开程序。全年主动公开政府信息一万余条。\n"
    ) * 4
    doc = load_document(write(tmp_path, "prose.txt", text.encode(codec)))
    assert doc.encoding == codec
    assert doc.lines()[1].text == "一、总体情况"
    assert doc.text == text.replace("\n\n", "\n")
