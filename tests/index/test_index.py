"""The index directory: embedding-model bookkeeping, committed-only vector hits, one writer."""

from __future__ import annotations

import pytest

from reportqa.errors import ConfigError, IndexError_
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from reportqa.index.vectors import chunk_entry, fact_entries
from tests.index.test_factsdb import make_parsed, make_report


def test_creates_the_directory_and_opens_no_vector_store_until_needed(tmp_path):
    with Index(tmp_path / "a" / "b", HashEmbedder()) as ix:
        assert (tmp_path / "a" / "b" / "facts.sqlite").is_file()
        assert not ix.has_vectors and not (tmp_path / "a" / "b" / "chroma").exists()
        assert ix.embedding_model is None
        assert ix.vector_search("任何问题") == []


def test_create_false_refuses_a_missing_index(tmp_path):
    with pytest.raises(ConfigError) as err:
        Index(tmp_path / "none", create=False)
    assert (
        str(err.value)
        == f"索引目录 {tmp_path / 'none'} 不存在。请先运行 reportqa ingest 导入报告。"
    )
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="中没有索引"):
        Index(tmp_path / "empty", create=False)


def test_an_unwritable_location_is_an_index_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(IndexError_, match="无法创建索引目录"):
        Index(tmp_path / "file" / "index")


def test_the_model_is_recorded_on_first_write_and_a_different_model_is_refused(tmp_path):
    d = tmp_path / "index"
    with Index(d, HashEmbedder()) as ix:
        ix.record_embedding_model()
        assert ix.embedding_model == "hash-256"
    with Index(d, HashEmbedder()) as ix:  # the same model: fine
        ix.record_embedding_model()
    with Index(d) as ix:  # no embedder (facts only): fine
        assert ix.embedding_model == "hash-256"
    with pytest.raises(ConfigError) as err:
        Index(d, HashEmbedder(dim=64))
    assert str(err.value) == (
        f"索引 {d} 是用嵌入模型 hash-256 建立的，当前设置为 hash-64。"
        "请删除该目录后重新运行 reportqa ingest 重建索引，或设置 REPORTQA_EMBEDDING_MODEL=hash-256 继续使用它。"
    )


def test_vector_search_returns_only_committed_records(index):
    committed, pending = make_report(), make_report("pending", body="东风街道办事处")
    for report in (committed, pending):
        parsed = make_parsed(report)
        entries = fact_entries(parsed.facts) + [chunk_entry(c) for c in parsed.chunks]
        index.replace_vectors(report.report_id, entries, index.embed_entries(entries))
    # only the first is committed: the second is what a run killed before its commit leaves
    index.facts.replace_report(make_parsed(committed), committed, embedded=True)
    hits = index.vector_search("政务新媒体发布解读信息", k=10)
    assert hits and {h.metadata["report_id"] for h in hits} == {committed.report_id}
    assert hits[0].id == make_parsed(committed).chunks[0].chunk_id
    assert [h.metadata["kind"] for h in index.vector_search("联系电话", k=3, kind="fact")] == [
        "fact"
    ] * 3
    assert index.vector_search("联系电话", k=3, body="东风街道办事处") == []


def test_vector_search_needs_an_embedder(tmp_path):
    with Index(tmp_path) as ix, pytest.raises(ConfigError, match="没有配置嵌入模型"):
        ix.vector_search("问题")


def test_lexical_search_through_the_index(index):
    report = make_report()
    index.facts.replace_report(make_parsed(report), report)
    assert [h.kind for h in index.lexical_search("政务新媒体", kind="chunk")] == ["chunk"]


def test_delete_report_removes_it_from_both_stores(index):
    report = make_report()
    parsed = make_parsed(report)
    entries = [chunk_entry(c) for c in parsed.chunks]
    index.replace_vectors(report.report_id, entries, index.embed_entries(entries))
    index.facts.replace_report(parsed, report, embedded=True)
    index.delete_report(report.report_id)
    assert index.vectors.count() == 0 and index.facts.stats()["reports"] == 0


def test_one_writer_at_a_time(tmp_path):
    with Index(tmp_path) as a, Index(tmp_path) as b:
        with a.write_lock():
            with pytest.raises(IndexError_) as err, b.write_lock():
                pass
            assert str(err.value) == (
                f"索引 {tmp_path} 正被另一个 reportqa ingest 使用（{tmp_path / 'ingest.lock'}）。请等它结束后再运行。"
            )
        with b.write_lock():  # released
            pass
