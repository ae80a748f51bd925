"""Word 97 .doc and WPS .wps reports: converted by a real LibreOffice, read like the .docx they
were made from; every problem is one error naming the file and what to do."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator import make_report, render
from generator.office import docx_to_doc, libreoffice_available
from ingest.loaders import load_document
from ingest.parse import parse_document
from ingest.pipeline import ingest_paths
from reportqa.errors import IngestError
from tests.ingest.test_roundtrip import mismatches

pytestmark = pytest.mark.skipif(
    not libreoffice_available(), reason="needs LibreOffice (scripts/system-deps.sh)"
)


def _cells(parsed):
    return sorted(
        (f.table, f.row, f.column, f.value, f.raw) for f in parsed.facts if f.table != "正文"
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Three generated reports (2021, 2019 and mixed formats) as .docx, .doc and .wps."""
    out = tmp_path_factory.mktemp("doc")
    rng = random.Random(41)
    made = []
    for i, fmt in enumerate(("2021", "2019", "mixed")):
        name = ("澜江市东澜区人民政府", "澜江市西澜区文昌街道办事处", "澜江市交通运输局")[i]
        truth = make_report(rng, name, name, 2023, fmt)
        docx = render(truth, "docx", out / f"r{i}.docx", rng)
        old = docx_to_doc(docx, out / (f"r{i}.wps" if i == 2 else f"r{i}.doc"))
        made.append((docx, old, truth))
    return made


def test_doc_and_wps_give_the_cells_of_the_docx(made):
    for docx, old, truth in made:
        doc = load_document(old)
        assert doc.file_format == old.suffix[1:]
        parsed = parse_document(doc, "rid", old.name)
        assert mismatches(parsed, truth) == [], old.name
        assert parsed.file_format == old.suffix[1:]
        from_docx = parse_document(load_document(docx), "rid", docx.name)
        assert _cells(parsed) == _cells(from_docx)
        # provenance: the cell's place in the Word table, as for a .docx
        f = next(
            f for f in parsed.facts if f.table == "表3" and f.row_key == "new" and f.col_index == 6
        )
        g = next(
            f
            for f in from_docx.facts
            if f.table == "表3" and f.row_key == "new" and f.col_index == 6
        )
        # (Word 97 joins tables that touch, so the table's number may differ)
        assert f.provenance.locator.endswith(" 第4行第10列")
        assert (f.provenance.row_index, f.provenance.col_index) == (
            g.provenance.row_index,
            g.provenance.col_index,
        )


def _reason(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        load_document(path)
    assert info.value.path == str(path)
    return info.value.reason


def test_missing_libreoffice_names_the_package_and_the_run_goes_on(
    made, tmp_path, monkeypatch, index
):
    _docx, old, truth = made[0]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "旧版.doc").write_bytes(old.read_bytes())
    rng = random.Random(5)
    other = make_report(rng, "澜江市青屿区人民政府", "澜江市青屿区人民政府", 2024)
    txt = render(other, "txt", folder / "new.txt", rng)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    assert _reason(folder / "旧版.doc") == (
        "无法读取 .doc 文件：没有找到 LibreOffice（转换 .doc 需要它）。"
        "请安装 Debian 软件包 libreoffice-writer-nogui（apt-get install libreoffice-writer-nogui）后重新导入"
    )
    summary = ingest_paths([folder], index, progress=False)
    assert [(Path(f.path).name, f.reason[:29]) for f in summary.failed] == [
        ("旧版.doc", "无法读取 .doc 文件：没有找到 LibreOffice")
    ]
    assert summary.ingested == [str(txt.resolve())]


def test_bad_doc_and_wps_files(tmp_path):
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"\x00\x01 this is not a word file" * 20)
    assert _reason(junk) == "不是有效的 .doc 文件（不是 Word 97–2003 文档，文件可能已损坏）"
    wps = tmp_path / "junk.wps"
    wps.write_bytes(b"random bytes " * 40)
    assert _reason(wps) == "不是有效的 .wps 文件（不是 WPS 文字文档，文件可能已损坏）"
    ole = tmp_path / "ole.doc"  # an OLE file without a Word stream: not imported as text
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    assert _reason(ole) == "不是有效的 .doc 文件（不是 Word 97–2003 文档，文件可能已损坏）"


def test_damaged_doc(made, tmp_path):
    data = bytearray(made[0][1].read_bytes())
    data[512 : len(data) // 2] = bytes(len(data) // 2 - 512)  # the text zeroed, the directory kept
    broken = tmp_path / "broken.doc"
    broken.write_bytes(bytes(data))
    assert _reason(broken) == (
        "LibreOffice 无法转换这个 .doc 文件（文件已损坏、加密，或不是文字处理文档）"
    )


def test_a_docx_saved_under_doc_is_read_directly(made, tmp_path):
    docx, _old, truth = made[1]
    renamed = tmp_path / "renamed.doc"
    renamed.write_bytes(docx.read_bytes())
    parsed = parse_document(load_document(renamed), "rid", renamed.name)
    assert mismatches(parsed, truth) == []
