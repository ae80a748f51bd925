"""The vector store contract, run against embedded Chroma and a Chroma server alike."""

from __future__ import annotations

import copy
import math
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from reportqa.errors import ConfigError
from reportqa.index.vectors import (
    ChromaVectorStore,
    _parse_url,
    chunk_entry,
    fact_entries,
    sanitize_metadata,
    where_filter,
)
from reportqa.records import Chunk, Fact, Provenance, stable_id
from tests.conftest import free_port


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


# META[0] as stored: None dropped, the list joined
META_A_STORED = {"report_id": "r1", "body": "甲街道", "year": 2024, "kind": "fact", "tags": "x、y"}


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
    assert hits[0].metadata == META_A_STORED
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


def test_a_query_narrowed_to_reports_ranks_their_records_exactly(store):
    store.upsert(IDS, DOCS, EMB, META)
    q = _unit(1, 0.2, 0)
    hits = store.query(q, 10, report_ids=["r1", "r2"])
    assert [h.id for h in hits] == ["a", "b"]
    assert [round(h.similarity, 6) for h in hits] == [
        round(1 / math.sqrt(1.04), 6),
        round(1.2 / math.sqrt(2 * 1.04), 6),
    ]
    assert hits[0].metadata == META_A_STORED
    assert [h.id for h in store.query(q, 10, report_ids=["r1", "r2", "r3"], kind="fact")] == [
        "a",
        "c",
    ]
    assert [h.id for h in store.query(q, 1, report_ids=["r1", "r2"])] == ["a"]
    assert [h.id for h in store.query(q, 10, report_ids=["r1", "r2"], year=2023)] == ["b"]
    assert store.query(q, 10, report_ids=[]) == []
    assert store.query(q, 10, report_ids=["no-such-report"]) == []


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


def test_fact_entries_are_one_per_table_row_with_the_cells_in_the_document():
    prov = Provenance(
        source="a.pdf",
        section="三、收到和处理政府信息公开申请情况",
        locator="第4页 表3 第4行第2列",
    )
    cell = Fact(
        report_id="r1",
        body="甲街道",
        body_printed="某市甲街道",
        year=2024,
        table="表3",
        row="一、本年新收政府信息公开申请数量",
        column="自然人",
        value=None,
        raw="—",
        provenance=prov,
        row_key="new",
        col_index=0,
    )
    total = replace(cell, column="总计", value=12, raw="12", unit="件", col_index=6)
    prose = replace(
        cell, table="正文", row="联系电话", column="", raw="0431—81795328", row_key="phone"
    )
    row, text = fact_entries([cell, prose, total])
    assert row.id == stable_id("r1", "row", "表3", "一、本年新收政府信息公开申请数量")
    assert row.document == (
        "某市甲街道2024年报告表3“一、本年新收政府信息公开申请数量”行：自然人—；总计12件。"
    )
    # what is embedded is the row's place in the format: the same in every report
    assert row.text_to_embed == "表3“一、本年新收政府信息公开申请数量”行：自然人、总计"
    assert row.metadata == {
        "kind": "fact",
        "report_id": "r1",
        "body": "甲街道",
        "body_printed": "某市甲街道",
        "year": 2024,
        "table": "表3",
        "row": "一、本年新收政府信息公开申请数量",
        "row_key": "new",
        "fact_ids": f"{cell.fact_id} {total.fact_id}",
        "source": "a.pdf",
        "section": "三、收到和处理政府信息公开申请情况",
        "locator": "第4页 表3 第4行第2列",
    }
    assert (text.id, text.document, text.text_to_embed) == (
        prose.fact_id,
        "某市甲街道2024年报告正文：联系电话为0431—81795328。",
        "正文：联系电话",
    )
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
        ChromaVectorStore(url=f"http://127.0.0.1:{free_port()}", collection="nothing")
