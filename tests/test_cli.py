"""The reportqa command: exit codes, summaries, the JSON lines of facts and checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.pipeline import file_report_id
from reportqa.cli import main
from tests.conftest import write_fake

pytestmark = pytest.mark.usefixtures("fake_parser")

FACT_FIELDS = {
    "body",
    "body_printed",
    "year",
    "table",
    "row",
    "column",
    "value",
    "raw",
    "unit",
    "qualifier",
    "source",
    "locator",
    "section",
}


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTQA_EMBEDDING_MODEL", "hash")
    monkeypatch.setenv("REPORTQA_INDEX_DIR", str(tmp_path / "default-index"))


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    write_fake(root / "a.txt", "甲街道办事处", 2024, "校验：C2；表3“自然人”列；27；26；0")
    write_fake(root / "b.txt", "乙街道办事处", 2023, "事实：正文；政策解读；；60")
    return root


def test_ingest_prints_a_chinese_summary_and_exits_0(corpus, tmp_path, capsys):
    ix = tmp_path / "ix"
    assert main(["ingest", str(corpus), "--index", str(ix)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "导入完成：导入或更新 2 份报告，跳过未变化的 0 份；写入事实 3 条、文本块 2 个。",
        f"索引 {ix} 现有 2 份报告、事实 3 条、文本块 2 个、未通过的校验 1 项。",
        "本次未通过的校验（1 项）：",
        "  甲街道办事处2024年（a.txt） [C2 未通过] 表3“自然人”列（应为 27，实为 26）：表3“自然人”列：应为27，实为26",
    ]
    assert main(["ingest", str(corpus), "--index", str(ix)]) == 0
    assert capsys.readouterr().out.startswith("导入完成：导入或更新 0 份报告，跳过未变化的 2 份；")


def test_ingest_uses_the_index_setting_by_default(corpus, tmp_path, capsys):
    assert main(["ingest", str(corpus), "--no-embed"]) == 0
    assert (tmp_path / "default-index" / "facts.sqlite").is_file()
    assert not (tmp_path / "default-index" / "chroma").exists()


def test_a_failed_file_exits_1_and_is_listed_with_its_reason(corpus, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("没有主体的文字。\n", encoding="utf-8")
    assert main(["ingest", str(corpus), str(bad), "--index", str(tmp_path / "ix")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == [
        "失败的文件（1 个）：",
        f"  {bad.resolve()}：没有找到报告的主体和年度",
    ]
    assert "导入或更新 2 份报告" in out


def test_prune_is_reported(corpus, tmp_path, capsys):
    ix = str(tmp_path / "ix")
    main(["ingest", str(corpus), "--index", ix])
    (corpus / "b.txt").unlink()
    capsys.readouterr()
    assert main(["ingest", str(corpus), "--index", ix, "--prune"]) == 0
    out = capsys.readouterr().out
    assert f"已删除源文件不存在的报告（1 份）：\n  {(corpus / 'b.txt').resolve()}\n" in out


def test_a_missing_path_is_a_usage_error_that_names_it(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["ingest", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert e.value.code == 2
    assert f"路径不存在：{tmp_path / 'nope'}" in capsys.readouterr().err
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize("argv", [[], ["ingest"], ["facts", "--year", "二〇二四"], ["nonsense"]])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2


def test_facts_json_lines(corpus, tmp_path, capsys):
    ix = str(tmp_path / "ix")
    main(["ingest", str(corpus), "--index", ix])
    capsys.readouterr()
    assert main(["facts", "--index", ix, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 and all(FACT_FIELDS <= r.keys() for r in rows)
    assert [(r["body"], r["year"], r["table"], r["value"]) for r in rows] == [
        ("乙街道办事处", 2023, "表3", 5),
        ("乙街道办事处", 2023, "正文", 60),
        ("甲街道办事处", 2024, "表3", 5),
    ]
    first = rows[0]
    assert first["row"] == "一、本年新收政府信息公开申请数量" and first["column"] == "总计"
    assert (first["raw"], first["unit"], first["source"], first["locator"]) == (
        "5",
        "件",
        "b.txt",
        "第3行",
    )
    assert first["section"] == "三、收到和处理政府信息公开申请情况"
    assert first["report_id"] == file_report_id(corpus / "b.txt")

    assert (
        main(
            [
                "facts",
                "--index",
                ix,
                "--json",
                "--body",
                "甲街道",
                "--year",
                "2024",
                "--table",
                "表3",
            ]
        )
        == 0
    )
    (only,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert only["body"] == "甲街道办事处"


def test_facts_table_is_aligned(corpus, tmp_path, capsys):
    from reportqa.cli import _width

    ix = str(tmp_path / "ix")
    main(["ingest", str(corpus), "--index", ix])
    capsys.readouterr()
    assert main(["facts", "--index", ix]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["主体", "年度", "表", "行", "列", "数值", "原文", "出处"]
    assert lines[2].split()[:3] == ["乙街道办事处", "2023", "表3"]
    assert lines[-1] == "共 3 条。"
    # rows of different label lengths: the 出处 column starts at one display column (CJK = 2)
    header_at = _width(lines[0][: lines[0].index("出处")])
    for line in lines[2:5]:
        assert _width(line[: line.index(".txt") - 1]) == header_at
    assert main(["facts", "--index", ix, "--body", "丙"]) == 0
    assert capsys.readouterr().out == "没有符合条件的事实。\n"


def test_checks_lists_failures_with_numbers(corpus, tmp_path, capsys):
    ix = str(tmp_path / "ix")
    main(["ingest", str(corpus), "--index", ix])
    capsys.readouterr()
    assert main(["checks", "--index", ix, "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row == {
        "report_id": file_report_id(corpus / "a.txt"),
        "body": "甲街道办事处",
        "year": 2024,
        "source": "a.txt",
        "check": "C2",
        "scope": "表3“自然人”列",
        "passed": False,
        "severity": "hard",
        "expected": 27,
        "actual": 26,
        "detail": "表3“自然人”列：应为27，实为26",
    }
    assert main(["checks", "--index", ix]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "甲街道办事处2024年（a.txt） [C2 未通过] 表3“自然人”列（应为 27，实为 26）：表3“自然人”列：应为27，实为26",
        "共 1 项，其中未通过 1 项。",
    ]
    assert main(["checks", "--index", ix, "--all", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_reading_a_missing_index_exits_1_with_what_to_do(tmp_path, capsys):
    assert main(["facts", "--index", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err == (
        f"错误：索引目录 {tmp_path / 'none'} 不存在。请先运行 reportqa ingest 导入报告。\n"
    )
    assert not (tmp_path / "none").exists()


def test_a_different_embedding_model_exits_1_naming_both(corpus, tmp_path, capsys, monkeypatch):
    ix = tmp_path / "ix"
    main(["ingest", str(corpus), "--index", str(ix)])
    monkeypatch.setenv("REPORTQA_EMBEDDING_MODEL", "hash-64")
    capsys.readouterr()
    assert main(["ingest", str(corpus), "--index", str(ix)]) == 1
    err = capsys.readouterr().err
    assert "hash-256" in err and "hash-64" in err and str(ix) in err
    # facts only: no model needed, no complaint
    assert main(["facts", "--index", str(ix)]) == 0


def test_invalid_settings_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("REPORTQA_EMBEDDING_BATCH_SIZE", "0")
    assert main(["facts"]) == 2
    assert "REPORTQA_" in capsys.readouterr().err
