"""The vector store contract, run against embedded Chroma and a Chroma server alike."""

from __future__ import annotations

import copy
import math
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from reportqa.errors import ConfigError
from reportqa.index.vectors import (
    ChromaVectorStore,
    _parse_url,
    chunk_entry,
    fact_entry,
    sanitize_metadata,
    where_filter,
)
from reportqa.records import Chunk, Fact, Provenance

CHROMA_BIN = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not Path(CHROMA_BIN).exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [CHROMA_BIN, "run", "--path", str(tmp_path_factory.mktemp("server")), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("localhost", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the Chroma server did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.slow)])
def store(request, tmp_path):
    collection = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "embedded":
        return ChromaVectorStore(tmp_path / "chroma", collection=collection)
    return ChromaVectorStore(url=request.getfixturevalue("chroma_server"), collection=collection)


def _unit(*xs: float) -> list[float]:
    n = math.sqrt(sum(x * x for x in xs))
    return [x / n for x in xs]


IDS = ["a", "b", "c"]
DOCS = ["甲街道2024年主动公开521条", "甲街道2023年主动公开400条", "乙街道2024年行政复议0件"]
EMB = [_unit(1, 0, 0), _unit(1, 1, 0), _unit(0, 0, 1)]
META = [
    {
        "report_id": "r1",
        "body": "甲街道",
        "year": 2024,
        "kind": "fact",
        "value": None,
        "tags": ["x", "y"],
    },
    {"report_id": "r2", "body": "甲街道", "year": 2023, "kind": "chunk", "value": 400},
    {"report_id": "r3", "body": "乙街道", "year": 2024, "kind": "fact", "value": 0.5},
]


def test_upsert_is_idempotent_and_does_not_mutate_inputs(store):
    args = (list(IDS), list(DOCS), copy.deepcopy(EMB), copy.deepcopy(META))
    before = copy.deepcopy(args)
    store.upsert(*args)
    store.upsert(*args)
    assert args == before
    assert store.count() == 3
    assert store.all_ids() == IDS


def test_query_returns_similarities_best_first_with_sanitised_metadata(store):
    store.upsert(IDS, DOCS, EMB, META)
    hits = store.query(_unit(1, 0, 0), k=10)
    assert [h.id for h in hits] == ["a", "b", "c"]
    assert [round(h.similarity, 4) for h in hits] == [1.0, round(1 / math.sqrt(2), 4), 0.0]
    assert hits[0].document == DOCS[0]
    assert hits[0].metadata == {
        "report_id": "r1",
        "body": "甲街道",
        "year": 2024,
        "kind": "fact",
        "tags": "x、y",
    }
    assert hits[2].metadata["value"] == 0.5


def test_filters_by_body_year_and_kind(store):
    store.upsert(IDS, DOCS, EMB, META)
    q = _unit(1, 0, 0)
    assert [h.id for h in store.query(q, 10, body="甲街道")] == ["a", "b"]
    assert [h.id for h in store.query(q, 10, year=2024)] == ["a", "c"]
    assert [h.id for h in store.query(q, 10, body="甲街道", year=2024, kind="fact")] == ["a"]
    assert store.query(q, 10, body="丙街道") == []
    assert [h.id for h in store.query(q, 1)] == ["a"]
    assert store.query(q, 0) == []


def test_delete_missing_ids_is_a_no_op_and_delete_report(store):
    store.upsert(IDS, DOCS, EMB, META)
    store.delete(["not-there"])
    store.delete([])
    assert store.count() == 3
    store.delete(["a", "not-there"])
    assert store.all_ids() == ["b", "c"]
    assert store.ids_for_report("r2") == ["b"]
    store.delete_report("r2")
    store.delete_report("no-such-report")
    assert store.all_ids() == ["c"]
    assert store.ids_for_report("r2") == []


def test_upsert_replaces_document_and_metadata(store):
    store.upsert(IDS, DOCS, EMB, META)
    store.upsert(["a"], ["新的文字"], [_unit(0, 1, 0)], [{"report_id": "r1", "year": 2025}])
    (hit,) = store.query(_unit(0, 1, 0), 1)
    assert (hit.id, hit.document, hit.metadata) == (
        "a",
        "新的文字",
        {"report_id": "r1", "year": 2025},
    )


def test_length_mismatch_is_refused(store):
    with pytest.raises(ValueError):
        store.upsert(["a"], [], [], [])


def test_embedded_store_persists(tmp_path):
    ChromaVectorStore(tmp_path / "chroma", collection="persist").upsert(IDS, DOCS, EMB, META)
    assert ChromaVectorStore(tmp_path / "chroma", collection="persist").count() == 3


def test_sanitize_metadata_keeps_scalars_only_and_copies():
    md = {
        "a": None,
        "b": [1, None, "二"],
        "c": 1.5,
        "d": True,
        "e": float("nan"),
        "f": ("x",),
        "g": Path("p"),
    }
    frozen = copy.deepcopy(md)
    out = sanitize_metadata(md)
    assert out == {"b": "1、二", "c": 1.5, "d": True, "f": "x", "g": "p"}
    assert md.keys() == frozen.keys() and md["b"] == frozen["b"]


def test_where_filter():
    assert where_filter(body=None, year=None) is None
    assert where_filter(body="甲", year=None) == {"body": "甲"}
    assert where_filter(body="甲", year=2024) == {"$and": [{"body": "甲"}, {"year": 2024}]}


def test_fact_and_chunk_entries_keep_the_raw_cell_and_provenance():
    fact = Fact(
        report_id="r1",
        body="甲街道",
        body_printed="某市甲街道",
        year=2024,
        table="表3",
        row="一、本年新收政府信息公开申请数量",
        column="自然人",
        value=None,
        raw="—",
        provenance=Provenance(
            source="a.pdf",
            section="三、收到和处理政府信息公开申请情况",
            locator="第4页 表3 第4行第2列",
        ),
        row_key="new",
        col_index=0,
    )
    e = fact_entry(fact)
    assert e.id == fact.fact_id and e.document == fact.sentence()
    assert e.metadata == {
        "kind": "fact",
        "report_id": "r1",
        "body": "甲街道",
        "body_printed": "某市甲街道",
        "year": 2024,
        "table": "表3",
        "row": "一、本年新收政府信息公开申请数量",
        "column": "自然人",
        "raw": "—",
        "unit": "",
        "qualifier": "",
        "row_key": "new",
        "source": "a.pdf",
        "section": "三、收到和处理政府信息公开申请情况",
        "locator": "第4页 表3 第4行第2列",
    }
    chunk = Chunk(
        "r1",
        "甲街道",
        2024,
        "一、总体情况",
        "",
        "正文",
        Provenance("a.pdf", locator="第9行", char_start=3),
    )
    assert chunk_entry(chunk).metadata == {
        "kind": "chunk",
        "report_id": "r1",
        "body": "甲街道",
        "year": 2024,
        "section": "一、总体情况",
        "subsection": "",
        "source": "a.pdf",
        "locator": "第9行",
        "char_start": 3,
    }


def test_parse_url():
    assert _parse_url("http://127.0.0.1:8123") == ("127.0.0.1", 8123, False)
    assert _parse_url("localhost:9000") == ("localhost", 9000, False)
    assert _parse_url("https://chroma.example.cn") == ("chroma.example.cn", 443, True)
    with pytest.raises(ConfigError, match="REPORTQA_CHROMA_URL=ftp://x 不是有效的地址"):
        _parse_url("ftp://x")


def test_an_unreachable_server_is_a_config_error():
    with pytest.raises(ConfigError, match="REPORTQA_CHROMA_URL"):
        ChromaVectorStore(url=f"http://127.0.0.1:{_free_port()}", collection="nothing")
