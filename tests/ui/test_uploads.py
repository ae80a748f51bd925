"""Upload checks: file names, extensions, contents, sizes; a failed ingest keeps the old file."""

from __future__ import annotations

import io

import pytest

from reportqa.app import build_uploader
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from reportqa.progress import Progress, Stage
from tests.conftest import CORPUS
from tests.ui.conftest import variant_report
from ui.uploads import UploadError, check_content, safe_filename

EXTENSIONS = (".txt", ".docx", ".html", ".htm", ".pdf")


@pytest.mark.parametrize(
    "name, safe",
    [
        ("淮安市2024年报告.pdf", "淮安市2024年报告.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\a\\报告（终稿）.DOCX", "报告(终稿).docx"),
        (".hidden.html", "hidden.html"),
        ("<script>x</script>.htm", "script.htm"),  # "/" splits off a folder
        ("<img src=x onerror=1>.htm", "img_src_x_onerror_1.htm"),
        ("a b;rm -rf *.txt", "a_b_rm_-rf.txt"),
        ("....txt", "report.txt"),
        ("名" * 200 + ".txt", "名" * 80 + ".txt"),
        ("ｆｕｌｌ.ＴＸＴ", "full.txt"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name, EXTENSIONS) == safe


@pytest.mark.parametrize("name", ["a.exe", "a", "a.txt.exe", "a.doc", "", "a.pdf/"])
def test_unsupported_extensions(name):
    with pytest.raises(UploadError) as e:
        safe_filename(name, EXTENSIONS)
    assert e.value.status == 400 and e.value.code == "bad_extension"
    assert e.value.message.endswith("只能上传 .txt、.docx、.html、.htm、.pdf 格式的报告。")


def test_check_content():
    check_content("a.pdf", b"%PDF-1.7\n")
    check_content("a.docx", b"PK\x03\x04...")
    check_content("a.txt", "中文".encode("gbk"))
    check_content("a.txt", b"\xff\xfea\x00")  # UTF-16 with its BOM
    for name, head in [("a.pdf", b"PK\x03\x04"), ("a.docx", b"%PDF"), ("a.txt", b"\x00\x01")]:
        with pytest.raises(UploadError, match="不符"):
            check_content(name, head)
    with pytest.raises(UploadError, match="空"):
        check_content("a.txt", b"")
    check_content("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00")  # Word 97 (OLE)
    check_content("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00")
    check_content("a.doc", b"PK\x03\x04")  # a .docx renamed
    check_content("a.doc", b"{\\rtf1\\ansi")
    with pytest.raises(UploadError) as e:
        check_content("a.doc", b"%PDF-1.7")
    assert e.value.message == "文件 a.doc 的内容与扩展名 .doc 不符，请检查是否选错了文件。"


def test_the_same_report_uploaded_under_another_name_is_refused(index_copy, tmp_path):
    with Index(index_copy, HashEmbedder()) as index:
        up = build_uploader(index, index_copy / "uploads", 10 * 1024 * 1024)
        assert up.extensions[-2:] == (".doc", ".wps")
        good = variant_report(tmp_path / "v.txt", inject="")
        first = up.store("v.txt", io.BytesIO(good.read_bytes()))
        n = index.facts.stats()["reports"]
        with pytest.raises(UploadError) as e:
            up.store("v-副本.txt", io.BytesIO(good.read_bytes()))
        kept = (index_copy / "uploads" / "v.txt").resolve()
        assert (e.value.status, e.value.code, e.value.message) == (
            409,
            "duplicate",
            f"文件 v-副本.txt 未导入：与已导入的 {kept} 内容完全相同，是同一份报告，未重复导入",
        )
        assert sorted(p.name for p in (index_copy / "uploads").iterdir()) == ["v.txt"]
        assert index.facts.stats()["reports"] == n
        assert index.facts.get_report(first.report.report.report_id) is not None


def test_a_failed_new_version_keeps_the_previous_file(index_copy, tmp_path):
    with Index(index_copy, HashEmbedder()) as index:
        up = build_uploader(index, index_copy / "uploads", 10 * 1024 * 1024)
        good = variant_report(tmp_path / "v.txt", inject="")
        out = up.store("v.txt", io.BytesIO(good.read_bytes()))
        assert out.report is not None and out.report.report.year == 2023
        with pytest.raises(UploadError) as e:
            up.store("v.txt", io.BytesIO("不是报告。".encode()))
        assert e.value.code == "ingest_failed" and "v.txt" in e.value.message
        assert (index_copy / "uploads" / "v.txt").read_bytes() == good.read_bytes()
        assert sorted(p.name for p in (index_copy / "uploads").iterdir()) == ["v.txt"]
        assert index.facts.get_report(out.report.report.report_id) is not None


def test_too_large_is_refused_before_ingest(index_copy):
    with Index(index_copy, HashEmbedder()) as index:
        up = build_uploader(index, index_copy / "uploads", 1000)
        with pytest.raises(UploadError) as e:
            up.store("a.txt", io.BytesIO(b"x" * 1001))
        assert e.value.status == 413 and "MB" in e.value.message
        assert list((index_copy / "uploads").iterdir()) == []


# -- progress by stage -------------------------------------------------------------------------

INGEST_STAGES = ["解析表格和正文", "勾稽校验", "计算向量", "写入索引"]


def test_a_scan_reports_each_page_it_reads_by_ocr_in_order_then_parse_check_embed(scanned_site):
    heard = scanned_site.heard
    assert [p.label for p in heard] == [
        "检查文件（类型、大小、内容）",
        "读取文件",
        "文字识别 第 1/2 页",
        "文字识别 第 2/2 页",
        *INGEST_STAGES,
    ]
    assert [(p.step, p.steps) for p in heard if p.stage is Stage.OCR] == [(1, 2), (2, 2)]
    shares = [p.fraction for p in heard]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] < 1


def test_a_text_pdf_reports_no_ocr_stage_and_an_unchanged_one_only_its_check(tmp_path):
    pdf = CORPUS / "huaian-2024.pdf"
    with Index(tmp_path / "index", HashEmbedder()) as index:
        up = build_uploader(index, tmp_path / "uploads", 10 * 1024 * 1024)
        heard: list[Progress] = []
        up.store_path(pdf.name, pdf, heard.append)
        assert [p.stage for p in heard] == [
            Stage.RECEIVE,
            Stage.READ,
            Stage.PARSE,
            Stage.CHECK,
            Stage.EMBED,
            Stage.WRITE,
        ]
        heard.clear()
        assert up.store_path(pdf.name, pdf, heard.append).unchanged
        assert heard == [Progress(Stage.RECEIVE)]
