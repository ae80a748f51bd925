"""Several hosts (README "多台主机部署"), simulated on loopback: two ``reportqa serve`` processes,
each with an index directory of its own (as on two machines), one PostgreSQL server holding the
facts database and the lexical index (``REPORTQA_DATABASE_URL``), one Chroma server holding the
vectors, and ``reportqa ingest`` run from a third directory (a third host). Both instances answer
every question identically, and see each ingest on their next question, without a restart."""

from __future__ import annotations

import shutil
from contextlib import ExitStack

import pytest

from generator import make_corpus
from reportqa.index import FACTS_FILE
from tests.conftest import CORPUS
from tests.ui.test_multi_instance import (
    RECEIVED,
    YONGJI,
    YONGJI_PROBLEMS,
    YONGJI_PUBLISHED,
    YONGJI_RECEIVED,
    _ask_all,
    _cli,
    _env,
    _health_all,
    _received_answer,
    _serve,
)


@pytest.mark.slow
def test_two_hosts_answer_alike_after_an_ingest_from_a_third(
    chroma_server, postgres_server, tmp_path
):
    env = {**_env(chroma_server), "REPORTQA_DATABASE_URL": postgres_server.create_database()}
    hosts = [tmp_path / "host-1", tmp_path / "host-2"]
    ingest_host = tmp_path / "host-3"
    batch1, batch2, empty = tmp_path / "batch1", tmp_path / "batch2", tmp_path / "empty"
    empty.mkdir()
    generated = make_corpus(11, 3, tmp_path / "generated", formats=("txt",), years=(2024,))
    with_total = [(p, r) for p, r in generated if r.cells.get(RECEIVED)]
    assert len(with_total) >= 2, [r.body_printed for _, r in generated]
    later_path, later = with_total[-1]
    batch1.mkdir()
    for path, _ in generated:
        if path != later_path:
            shutil.copy(path, batch1 / path.name)
    shutil.copy(CORPUS / "yongji-2024.txt", batch1 / "yongji-2024.txt")
    batch2.mkdir()
    shutil.copy(later_path, batch2 / later_path.name)

    _cli(env, "ingest", str(empty), "--index", str(ingest_host))  # creates the tables
    with ExitStack() as stack:
        instances = [stack.enter_context(_serve(env, d, tmp_path / f"{d.name}.log")) for d in hosts]
        before = _ask_all(instances, YONGJI_RECEIVED)
        assert (before["found"], before["answer"]) == (
            False,
            "索引中还没有任何报告。请先导入报告（reportqa ingest）。",
        )

        out = _cli(env, "ingest", str(batch1), "--index", str(ingest_host))
        assert "导入或更新 3 份报告" in out, out
        assert _health_all(instances)["reports"] == 3
        a = _ask_all(instances, YONGJI_RECEIVED)
        assert a["answer"] == f"0件。{YONGJI}2024年收到（本年新收）的政府信息公开申请为0件[1]。"
        assert [c["source"] for c in a["citations"]] == ["yongji-2024.txt"]
        a = _ask_all(instances, YONGJI_PUBLISHED)
        assert a["answer"] == f"521条。{YONGJI}2024年主动公开政府信息为521条[1]。"
        a = _ask_all(instances, YONGJI_PROBLEMS)  # the lexical leg, on PostgreSQL
        assert a["route"] == "narrative" and a["found"]
        assert [c["source"] for c in a["citations"]] == ["yongji-2024.txt"]
        later_question = f"{later.body_printed}2024年收到多少政府信息公开申请？"
        assert not _ask_all(instances, later_question)["found"]

        yongji = batch1 / "yongji-2024.txt"
        text = yongji.read_text(encoding="utf-8")
        changed = text.replace(
            "累计主动公开政府信息521条，其中：机构信息350条",
            "累计主动公开政府信息530条，其中：机构信息359条",
        )
        assert changed != text
        yongji.write_text(changed, encoding="utf-8")
        out = _cli(env, "ingest", str(batch1), str(batch2), "--index", str(ingest_host))
        assert "导入或更新 2 份报告，跳过未变化的 2 份" in out, out

        assert _health_all(instances)["reports"] == 4
        a = _ask_all(instances, YONGJI_PUBLISHED)
        assert a["answer"] == f"530条。{YONGJI}2024年主动公开政府信息为530条[1]。"
        value = later.cells[RECEIVED]
        a = _ask_all(instances, later_question)
        assert a["answer"] == _received_answer(later.body_printed, value)
        assert [(c["source"], c["quote"]) for c in a["citations"]] == [
            (later_path.name, f"表3“一、本年新收政府信息公开申请数量”行“总计”列：{value}")
        ]

    # no host keeps a facts database of its own
    for d in [*hosts, ingest_host]:
        assert not (d / FACTS_FILE).exists(), d
