"""``reportqa ask``: one question printed with its citations, ``--json``, and ``--batch`` JSONL
(one answer per line, with its id); bad batch files are usage errors that name the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportqa.cli import main
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("ask") / "index"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTQA_EMBEDDING_MODEL", "hash")
        assert main(["ingest", str(CORPUS), "--index", str(index)]) == 0
    return index


@pytest.fixture(autouse=True)
def _hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTQA_EMBEDDING_MODEL", "hash")


def test_one_question_is_printed_with_its_citation(index_dir: Path, capsys) -> None:
    assert main(["ask", "永吉街道去年收到多少信息公开申请？", "--index", str(index_dir)]) == 0
    assert capsys.readouterr().out == (
        "0件。南关区永吉街道办事处2024年收到（本年新收）的政府信息公开申请为0件[1]"
        "（“去年”按该机关最新报告年度计，即2024年）。\n"
        "  [1] 南关区永吉街道办事处2024年政府信息公开工作年度报告（yongji-2024.txt，"
        "三、收到和处理政府信息公开申请情况，第82行）："
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：0\n"
    )


def test_json_prints_the_answer_object(index_dir: Path, capsys) -> None:
    assert main(["ask", "淮安市政府2024年被起诉了几次？", "--json", "--index", str(index_dir)]) == 0
    a = json.loads(capsys.readouterr().out)
    assert (a["found"], a["route"]) == (True, "figure")
    # the two cells of 表4 and their sum, marked as computed
    assert [(f["value"], f["computed"]) for f in a["figures"]] == [
        (26, False),
        (20, False),
        (46, True),
    ]
    assert [c["locator"] for c in a["citations"]] == [
        "第5页 表格5 第4行第10列",
        "第5页 表格5 第4行第15列",
    ]


def test_batch_answers_every_line_with_its_id(index_dir: Path, tmp_path: Path, capsys) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {"id": "a", "q": "淮安市政府2024年收到多少申请？"},
                {"id": "b", "q": "那办结了多少？", "history": ["淮安市政府2024年收到多少申请？"]},
                {"id": "c", "q": "北京市政府2024年收到多少申请？"},
            ]
        )
        + "\n\n",
        encoding="utf-8",
    )
    assert main(["ask", "--batch", str(batch), "--index", str(index_dir)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["id"], x["found"]) for x in lines] == [("a", True), ("b", True), ("c", False)]
    assert [x["figures"][0]["value"] for x in lines[:2]] == [3119, 3050]
    assert lines[2]["answer"].startswith("语料中没有“北京市政府”的报告。")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "q": "收到多少？"}\n{not json\n', "第2行不是合法的 JSON"),
        ('{"id": "a", "question": "收到多少？"}\n', '第1行缺少字符串字段 "q"'),
    ],
)
def test_a_bad_batch_file_is_a_usage_error_naming_the_line(
    index_dir: Path, tmp_path: Path, capsys, content: str, message: str
) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["ask", "--batch", str(batch), "--index", str(index_dir)])
    assert e.value.code == 2
    assert f"{batch} {message}" in capsys.readouterr().err


def test_a_question_and_a_batch_together_are_a_usage_error(index_dir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(["ask", "收到多少？", "--batch", "x.jsonl", "--index", str(index_dir)])
    assert e.value.code == 2
    assert "请给出一个问题，或用 --batch 指定 JSONL 文件（二者选一）" in capsys.readouterr().err
