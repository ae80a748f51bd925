"""Several ``reportqa serve`` instances over one corpus (README "多实例部署"): the vectors in one
Chroma server, one facts database (with the lexical index) in an index directory that every
instance opens, one ``reportqa ingest`` that writes both. Every instance notices a committed
ingest through the facts database's generation counter, without a restart, and answers exactly
as the others do. Staff sessions signed with ``REPORTQA_SESSION_SECRET`` are valid on every
instance."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import make_corpus
from ingest.pipeline import ingest_paths
from reportqa.errors import ConfigError
from reportqa.index import CHROMA_DIR, Index
from reportqa.index.embedding import HashEmbedder
from tests.conftest import CORPUS, ROOT
from tests.ui.conftest import STAFF_PASSWORD, STAFF_USER, ui_settings
from ui.auth import COOKIE, StaffAuth

RECEIVED = ("表3", "一、本年新收政府信息公开申请数量", "总计")
SECRET = "multi-instance-test-secret-0123456789abcdef"

YONGJI_RECEIVED = "永吉街道2024年收到多少信息公开申请？"
YONGJI_PUBLISHED = "永吉街道2024年主动公开了多少政府信息？"
YONGJI_PROBLEMS = "永吉街道2024年存在哪些问题？"
YONGJI = "南关区永吉街道办事处"
YONGJI_TITLE = f"{YONGJI}2024年政府信息公开工作年度报告"
PROBLEMS_SECTION = "五、存在的主要问题及改进情况"
PROBLEMS_QUOTE = (
    "政府信息公开工作是新时期政府工作的一项重要内容，2024年，我街政府信息公开工作成效明显，"
    "但仍旧存在公开文件比例低、政策解读质量有待提升、解读方式不够丰富多样等问题。"
)


def _env(chroma_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    return {
        **env,
        "PYTHONUNBUFFERED": "1",
        "REPORTQA_CHROMA_URL": chroma_url,
        "REPORTQA_EMBEDDING_MODEL": "hash",
        "REPORTQA_RATE_LIMIT_PER_MINUTE": "0",
        "REPORTQA_STAFF_USER": STAFF_USER,
        "REPORTQA_STAFF_PASSWORD": STAFF_PASSWORD,
        "REPORTQA_SESSION_SECRET": SECRET,
    }


def _cli(env: dict[str, str], *args: str) -> str:
    """``reportqa ARGS`` in a subprocess; its standard output (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "reportqa.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@dataclass
class Instance:
    url: str
    log: Path  # its standard error, shown when it fails

    def fail(self, why: str) -> str:
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
        return f"{self.url}: {why}\n--- its standard error ---\n{tail}"


@contextmanager
def _serve(env: dict[str, str], index_dir: Path, log: Path) -> Iterator[Instance]:
    """``reportqa serve`` on 127.0.0.1 (a free port), stopped with SIGTERM on the way out."""
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportqa.cli", "serve", "--index", str(index_dir)]
            + ["--host", "127.0.0.1", "--port", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once it can answer
        m = re.search(r"问答服务已启动：(http://127\.0\.0\.1:\d+)/ ", line)
        instance = Instance(m.group(1) if m else "", log)
        assert m, instance.fail(f"reportqa serve did not start (exit {proc.poll()}): {line!r}")
        yield instance
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _ask_all(instances: list[Instance], question: str) -> dict[str, Any]:
    """The answer of every instance to ``question``: all identical (text, citations, figures,
    route, suggestions), returned once."""
    answers = []
    for inst in instances:
        r = httpx.post(inst.url + "/api/ask", json={"question": question}, timeout=60)
        assert r.status_code == 200, inst.fail(f"{question} -> {r.status_code} {r.text}")
        answers.append(r.json())
    for inst, other in zip(instances[1:], answers[1:], strict=True):
        assert other == answers[0], inst.fail(f"answered differently:\n{other}\n!=\n{answers[0]}")
    return answers[0]


def _health_all(instances: list[Instance]) -> dict[str, Any]:
    healths = [httpx.get(i.url + "/api/health", timeout=10).json() for i in instances]
    assert all(h == healths[0] for h in healths), healths
    return healths[0]


def _server_vectors(chroma_url: str) -> int:
    """Records held by the Chroma server, in all its collections."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port = chroma_url.removeprefix("http://").split(":")
    client = chromadb.HttpClient(
        host=host, port=int(port), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return sum(c.count() for c in client.list_collections())


def _received_answer(printed: str, value: int) -> str:
    return f"{value}件。{printed}2024年收到（本年新收）的政府信息公开申请为{value}件[1]。"


@pytest.mark.slow
def test_two_instances_answer_alike_after_each_ingest(chroma_server, tmp_path):
    env = _env(chroma_server)
    index_dir = tmp_path / "index"
    batch1, batch2, empty = tmp_path / "batch1", tmp_path / "batch2", tmp_path / "empty"
    empty.mkdir()
    generated = make_corpus(7, 4, tmp_path / "generated", formats=("txt",), years=(2024,))
    with_total = [(p, r) for p, r in generated if r.cells.get(RECEIVED)]
    assert len(with_total) >= 2, [r.body_printed for _, r in generated]
    (first_path, first), (later_path, later) = with_total[0], with_total[-1]
    batch1.mkdir()
    for path, _ in generated:
        if path != later_path:
            shutil.copy(path, batch1 / path.name)
    shutil.copy(CORPUS / "yongji-2024.txt", batch1 / "yongji-2024.txt")
    batch2.mkdir()
    shutil.copy(later_path, batch2 / later_path.name)

    # an empty index (serve needs one), then both instances, then the ingest
    _cli(env, "ingest", str(empty), "--index", str(index_dir))
    with ExitStack() as stack:
        instances = [
            stack.enter_context(_serve(env, index_dir, tmp_path / f"serve-{n}.log")) for n in (1, 2)
        ]
        assert instances[0].url != instances[1].url
        before = _ask_all(instances, YONGJI_RECEIVED)
        assert (before["found"], before["answer"]) == (
            False,
            "索引中还没有任何报告。请先导入报告（reportqa ingest）。",
        )
        assert _server_vectors(chroma_server) == 0

        out = _cli(env, "ingest", str(batch1), "--index", str(index_dir))
        assert "导入或更新 4 份报告" in out, out

        health = _health_all(instances)
        assert health["reports"] == 4 and health["embedding_model"] == "hash-256"
        # the vectors went to the server; the index directory holds no embedded Chroma
        assert _server_vectors(chroma_server) > 0
        assert not (index_dir / CHROMA_DIR).exists()

        a = _ask_all(instances, YONGJI_RECEIVED)
        assert a["answer"] == f"0件。{YONGJI}2024年收到（本年新收）的政府信息公开申请为0件[1]。"
        assert [(f["value"], f["unit"], f["body"], f["year"]) for f in a["figures"]] == [
            (0, "件", YONGJI, 2024)
        ]
        assert [(c["source"], c["title"], c["quote"]) for c in a["citations"]] == [
            (
                "yongji-2024.txt",
                YONGJI_TITLE,
                "表3“一、本年新收政府信息公开申请数量”行“总计”列：0",
            )
        ]

        a = _ask_all(instances, YONGJI_PUBLISHED)
        assert a["answer"] == f"521条。{YONGJI}2024年主动公开政府信息为521条[1]。"
        assert [(c["source"], c["locator"], c["quote"]) for c in a["citations"]] == [
            (
                "yongji-2024.txt",
                "第7行",
                "2024年，累计主动公开政府信息521条，其中：机构信息350条，政策文件19条，"
                "财政信息24条，其他信息128条。",
            )
        ]

        a = _ask_all(instances, YONGJI_PROBLEMS)
        assert a["route"] == "narrative" and a["found"]
        assert a["answer"] == (
            "要点：公开文件比例低；政策解读质量有待提升；解读方式不够丰富多样。\n"
            f"{YONGJI_TITLE}“{PROBLEMS_SECTION}”中写道：“{PROBLEMS_QUOTE}”[1]"
        )
        assert [(c["source"], c["section"], c["quote"]) for c in a["citations"]] == [
            ("yongji-2024.txt", PROBLEMS_SECTION, PROBLEMS_QUOTE)
        ]

        value = first.cells[RECEIVED]
        a = _ask_all(instances, f"{first.body_printed}2024年收到多少政府信息公开申请？")
        assert a["answer"] == _received_answer(first.body_printed, value)
        assert [(c["source"], c["quote"]) for c in a["citations"]] == [
            (first_path.name, f"表3“一、本年新收政府信息公开申请数量”行“总计”列：{value}")
        ]

        later_question = f"{later.body_printed}2024年收到多少政府信息公开申请？"
        assert not _ask_all(instances, later_question)["found"]

        # the second ingest: a changed file (same path, new figures) and a new report
        yongji = batch1 / "yongji-2024.txt"
        text = yongji.read_text(encoding="utf-8")
        changed = text.replace(
            "累计主动公开政府信息521条，其中：机构信息350条",
            "累计主动公开政府信息530条，其中：机构信息359条",
        )
        assert changed != text
        yongji.write_text(changed, encoding="utf-8")
        out = _cli(env, "ingest", str(batch1), str(batch2), "--index", str(index_dir))
        assert "导入或更新 2 份报告，跳过未变化的 3 份" in out, out

        assert _health_all(instances)["reports"] == 5
        a = _ask_all(instances, YONGJI_PUBLISHED)
        assert a["answer"] == f"530条。{YONGJI}2024年主动公开政府信息为530条[1]。"
        assert [f["value"] for f in a["figures"]] == [530]
        assert a["citations"][0]["quote"] == (
            "2024年，累计主动公开政府信息530条，其中：机构信息359条，政策文件19条，"
            "财政信息24条，其他信息128条。"
        )

        value = later.cells[RECEIVED]
        a = _ask_all(instances, later_question)
        assert a["answer"] == _received_answer(later.body_printed, value)
        assert [(c["source"], c["quote"]) for c in a["citations"]] == [
            (later_path.name, f"表3“一、本年新收政府信息公开申请数量”行“总计”列：{value}")
        ]

        # a staff login made on one instance is valid on the other (one session secret)
        login = httpx.post(
            instances[0].url + "/staff/login",
            data={"username": STAFF_USER, "password": STAFF_PASSWORD},
            timeout=30,
        )
        assert login.status_code == 303, login.text
        cookie = login.cookies[COOKIE]
        r = httpx.get(instances[1].url + "/api/feedback", cookies={COOKIE: cookie}, timeout=30)
        assert r.status_code == 200, r.text
        r = httpx.get(
            instances[1].url + "/api/feedback", cookies={COOKIE: cookie + "0"}, timeout=30
        )
        assert r.status_code == 401
        assert json.loads(r.text)["error"]["code"] == "unauthorized"


# -- what the multi-instance design rests on, in process ------------------------------------


def test_a_session_secret_signs_sessions_alike_on_every_instance(tmp_path):
    one = StaffAuth(ui_settings(tmp_path, session_secret=SECRET))
    other = StaffAuth(ui_settings(tmp_path, session_secret=SECRET))
    token = one.make_session(STAFF_USER)
    assert other.session_user(token) == STAFF_USER
    # without the setting each process signs with its own random key
    assert StaffAuth(ui_settings(tmp_path)).session_user(token) is None
    assert (
        StaffAuth(ui_settings(tmp_path, session_secret=SECRET[:-1] + "x")).session_user(token)
        is None
    )


def test_a_short_session_secret_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="REPORTQA_SESSION_SECRET 太短：至少需要 32 个字符"):
        StaffAuth(ui_settings(tmp_path, session_secret="short"))


def test_an_instance_started_on_an_empty_index_refuses_vectors_of_another_model(tmp_path):
    """The embedding model is recorded by the first ingest; an instance started before it checks
    the model again when the index changes, instead of comparing vectors of two models."""
    from assistant.chain import Assistant

    serving = Index(tmp_path / "index", HashEmbedder())
    assistant = Assistant(serving)
    assert assistant.ask(YONGJI_RECEIVED).answer.startswith("索引中还没有任何报告")
    with Index(tmp_path / "index", HashEmbedder(64)) as writer:
        assert ingest_paths([CORPUS / "yongji-2024.txt"], writer, progress=False).ok
    with pytest.raises(ConfigError, match="是用嵌入模型 hash-64 建立的，当前设置为 hash-256"):
        assistant.ask(YONGJI_RECEIVED)
    serving.close()
