"""The Chinese lexical index (FTS5 over jieba tokens) in the facts database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reportqa.index.factsdb import FactsDB
from reportqa.index.lexical import match_expression, tokenize
from tests.index.test_factsdb import make_parsed, make_report


@pytest.fixture
def db(tmp_path):
    d = FactsDB(tmp_path / "facts.sqlite")
    a, b = make_report(), make_report("r2023", body="东风街道办事处", year=2023)
    d.replace_report(make_parsed(a), a)
    d.replace_report(make_parsed(b), b)
    yield d
    d.close()


def test_tokenize_segments_chinese_and_drops_punctuation():
    assert tokenize("我街政务新媒体共发布解读信息60余篇，方便群众查阅。") == (
        "我街 政务 新 媒体 共 发布 解读 信息 60 余篇 方便 群众 方便群众 查阅".split()
    )
    assert tokenize("，。、“”") == []


def test_match_expression_quotes_tokens_and_drops_question_words():
    assert (
        match_expression("政务新媒体发布了多少篇？") == '"政务" OR "新" OR "媒体" OR "发布" OR "篇"'
    )
    assert match_expression('"') == ""
    assert match_expression("多少？") == ""


def test_search_finds_a_chunk_by_a_chinese_keyword(db):
    hits = db.lexical.search("政务新媒体", k=5, kind="chunk")
    assert sorted((h.report_id, h.kind) for h in hits) == [("r2023", "chunk"), ("r2024", "chunk")]
    assert hits[0].text == "我街政务新媒体共发布解读信息60余篇，方便群众查阅了解。"
    assert hits[0].score > 0


def test_search_finds_fact_sentences_and_filters(db):
    hits = db.lexical.search("联系电话", k=10, kind="fact", year=2024)
    assert [h.text for h in hits][0] == (
        "长春市南关区永吉街道办事处2024年报告正文：联系电话为0431—81795328。"
    )
    assert {h.year for h in hits} == {2024}
    assert [h.report_id for h in db.lexical.search("联系电话", body="东风街道办事处")] == ["r2023"]
    assert db.lexical.search("联系电话", body="没有这个主体") == []
    assert db.lexical.search("", k=5) == [] and db.lexical.search("联系电话", k=0) == []


def test_ranking_prefers_the_text_with_more_matching_words(db):
    report = make_report("r2022", year=2022)
    parsed = make_parsed(report)
    chunk = replace(parsed.chunks[0], text="本年度行政复议案件全部结果维持。", report_id="r2022")
    db.replace_report(replace(parsed, facts=[], chunks=[chunk], checks=[]), report)
    hits = db.lexical.search("行政复议结果维持", k=3)
    assert hits[0].report_id == "r2022"
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_replacing_a_report_replaces_its_entries(db):
    report = make_report()
    parsed = make_parsed(report)
    new_chunk = replace(parsed.chunks[0], text="信息公开专栏集中发布最新文件。")
    db.replace_report(replace(parsed, chunks=[new_chunk]), report)
    assert [h.report_id for h in db.lexical.search("新媒体", kind="chunk")] == ["r2023"]
    assert [h.report_id for h in db.lexical.search("专栏", kind="chunk")] == ["r2024"]


def test_a_search_narrowed_to_reports_sees_only_their_entries(db):
    hits = db.lexical.search("联系电话", k=10, report_ids=["r2023"])
    assert {(h.report_id, h.kind) for h in hits} == {("r2023", "fact")}
    chunks = db.lexical.search("政务新媒体", k=10, kind="chunk", report_ids=["r2024", "r2023"])
    assert sorted(h.report_id for h in chunks) == ["r2023", "r2024"]
    assert db.lexical.search("政务新媒体", k=10, kind="fact", report_ids=["r2024"]) == []
    assert db.lexical.search("联系电话", k=10, report_ids=[]) == []
