"""A folder mixing valid reports in several encodings, odd file names and junk: the valid ones are
ingested with correct figures, each bad one gets its own error line naming it, exit status 1,
and what was indexed before is untouched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportqa.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("REPORTQA_EMBEDDING_MODEL", "hash")


def _value(index: Path, body: str, row: str, capsys) -> str:
    assert main(["facts", "--index", str(index), "--body", body, "--json"]) == 0
    import json

    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    hits = [f for f in lines if f["row"] == row and f["column"] in ("", "总计")]
    return [f"{f['source']}={f['value']}" for f in hits]


def test_mixed_folder(tmp_path, capsys):
    index = tmp_path / "index"
    before = tmp_path / "before"
    before.mkdir()
    shutil.copy(CORPUS / "huaian-2024.pdf", before / "huaian-2024.pdf")
    assert main(["ingest", str(before), "--index", str(index)]) == 0
    capsys.readouterr()

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    text = (CORPUS / "yongji-2024.txt").read_text(encoding="utf-8")
    (mixed / "永吉 (GBK) #1.txt").write_bytes(text.encode("gb18030"))
    (mixed / "[utf16] 永吉.txt").write_bytes(text.encode("utf-16"))
    (mixed / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "random.txt").write_bytes(os.urandom(4096))
    (mixed / "fake.docx").write_bytes(os.urandom(2048))
    pdf = (CORPUS / "huaian-2024.pdf").read_bytes()
    (mixed / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (mixed / "notes.txt").write_text(
        "今天天气很好，我们去公园散步。\n明天再说。\n", encoding="utf-8"
    )
    (mixed / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0junk")

    assert main(["ingest", str(mixed), "--index", str(index)]) == 1
    out = capsys.readouterr().out
    # the same report in three encodings: the first one ingested is kept, the others refused
    copies = sorted(["永吉 (GBK) #1.txt", "[utf16] 永吉.txt", "bom.txt"])
    first = copies[0]
    failed = out[out.index("失败的文件") :].splitlines()[1:]
    assert sorted(line.strip() for line in failed) == sorted(
        [
            f"{mixed / 'empty.txt'}：文件为空",
            f"{mixed / 'random.txt'}：看起来是二进制文件，不是文本",
            f"{mixed / 'fake.docx'}：不是有效的 .docx 文件（文件已损坏或被截断）",
            f"{mixed / 'truncated.pdf'}：不是有效的 PDF 文件（文件已损坏或被截断）",
            f"{mixed / 'notes.txt'}：没有找到政府信息公开工作年度报告的内容（无标题、章节或统计表）",
        ]
        + [
            f"{mixed / name}：与已导入的 {mixed / first} 是同一机关（南关区永吉街道办事处）同一年度（2024年）"
            "的报告，未导入；如要替换，请删除旧文件后运行 reportqa ingest --prune"
            for name in copies[1:]
        ]
    )
    assert f"  {mixed / 'table.xls'}" in out  # listed as ignored: not a report type
    # every valid copy came in with the right figures, whatever its encoding and name
    assert _value(index, "永吉", "主动公开政府信息", capsys) == [f"{first}=521"]
    # and what was there before is untouched
    assert _value(index, "淮安", "一、本年新收政府信息公开申请数量", capsys) == [
        "huaian-2024.pdf=3119"
    ]
