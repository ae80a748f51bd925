"""One contract for the facts store, run against both implementations: the SQLite file
(:class:`FactsDB`) and a real PostgreSQL server that the tests start (:class:`PostgresFactsDB`).
Every test here gets ``open_store``, which opens a connection to one fresh store of one backend
(call it twice for a second process's view of the same store); the results must be exactly the
same on both backends, down to the order of rows and the type of every value."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportqa.errors import ConfigError, IndexError_
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from reportqa.index.factsdb import MAX_FACTS_PAGE, FactsDB, InvalidCursor
from reportqa.index.postgres import WRITE_LOCK_KEY, PostgresFactsDB
from reportqa.index.store import FactsStore
from reportqa.records import CheckResult
from tests.index.test_factsdb import RID, make_parsed, make_report
from tests.pgserver import PASSWORD

OpenStore = Callable[[], FactsStore]


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request, tmp_path) -> Iterator[OpenStore]:
    opened: list[FactsStore] = []
    if request.param == "sqlite":
        path = tmp_path / "facts.sqlite"

        def make() -> FactsStore:
            return FactsDB(path)
    else:
        url = request.getfixturevalue("database_url")

        def make() -> FactsStore:
            return PostgresFactsDB(url)

    def opener() -> FactsStore:
        store = make()
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def db(open_store: OpenStore) -> FactsStore:
    return open_store()


@pytest.fixture
def two(db: FactsStore) -> FactsStore:
    """Two reports of two bodies and years (the lexical tests' corpus)."""
    a, b = make_report(), make_report("r2023", body="东风街道办事处", year=2023)
    db.replace_report(make_parsed(a), a)
    db.replace_report(make_parsed(b), b)
    return db


def _lexical_count(db: FactsStore) -> int:
    with db.reading() as conn:
        return conn.execute("SELECT count(*) FROM lexical").fetchone()[0]


# -- records ----------------------------------------------------------------------------------


def test_round_trip_is_exact(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report, embedded=True)
    assert db.facts() == parsed.facts
    assert [type(f.value) for f in db.facts()] == [int, float, int, type(None)]
    assert [repr(f.value) for f in db.facts()] == ["7", "12.0", "60", "None"]
    assert db.chunks() == parsed.chunks
    assert db.checks() == [parsed.checks[1]]
    assert db.checks(failed_only=False) == parsed.checks
    row = db.get_report(RID)
    assert row is not None and row.report == report
    assert (row.n_facts, row.n_chunks, row.complete, row.embedded) == (4, 1, True, True)
    assert row.warnings == parsed.warnings
    assert db.get_report_by_path(report.path) == row
    assert db.list_reports() == [row]
    assert db.known_bodies() == ["南关区永吉街道办事处"]
    assert db.aliases() == {"长春市南关区永吉街道办事处": "南关区永吉街道办事处"}
    assert db.stats() == {"reports": 1, "facts": 4, "chunks": 1, "failed_checks": 1}
    assert db.rows("正文") == ["政策解读", "联系电话"]
    assert db.rows("表5") == []


def test_reopening_keeps_everything(open_store):
    report = make_report()
    parsed = make_parsed(report)
    first = open_store()
    first.replace_report(parsed, report)
    first.close()
    again = open_store()
    assert again.facts() == parsed.facts
    assert again.get_meta("schema_version") == "3"


def test_fact_filters(db):
    a, b = make_report(), make_report("r2023", year=2023)
    db.replace_report(make_parsed(a), a)
    db.replace_report(make_parsed(b), b)
    assert [f.year for f in db.facts()] == [2023] * 4 + [2024] * 4
    assert {f.year for f in db.facts(year=2024)} == {2024}
    assert len(db.facts(body="南关区永吉街道办事处")) == 8
    assert len(db.facts(body="长春市南关区永吉街道办事处")) == 8
    assert db.facts(body="永吉街道") == []
    assert len(db.facts(body_contains="永吉街道")) == 8
    (cell,) = db.facts(
        year=2023, table="表3", row="一、本年新收政府信息公开申请数量", column="自然人"
    )
    assert (cell.report_id, cell.value) == ("r2023", 7)
    assert [f.raw for f in db.facts(table="正文", year=2024)] == ["解读信息60余篇", "0431—81795328"]
    assert [f.row for f in db.facts(report_id="r2023", row_key="phone")] == ["联系电话"]
    assert [f.row_key for f in db.facts(report_id="r2023", row_keys=["phone", "new"])] == [
        "new",
        "phone",
    ]
    assert db.facts(report_id="r2023", row_keys=[]) == []
    assert db.checks(report_id="r2023", failed_only=False) == make_parsed(b).checks
    assert [r.report.report_id for r in db.list_reports(year=2023)] == ["r2023"]
    assert [r.report.report_id for r in db.list_reports(body="南关区永吉街道办事处")] == [
        "r2023",
        "r2024",
    ]


def test_orders_are_by_code_point_like_sqlite(db):
    """Text is ordered by code point on both (PostgreSQL's own collation would sort 东 and 南
    by their pinyin or not at all, by locale)."""
    names = ["东风街道办事处", "Zeta街道", "南关区永吉街道办事处", "abc街道", "丁街道"]
    for i, name in enumerate(names):
        r = make_report(f"r{i}", body=name)
        db.replace_report(make_parsed(r), r)
    assert db.known_bodies() == sorted(names)
    assert [r.report.body for r in db.list_reports()] == sorted(names)
    assert list(db.aliases()) == sorted("长春市" + n for n in names)


def _paged(db: FactsStore, limit: int, **filters) -> tuple[list, list[int]]:
    """Every page of ``facts_page`` in turn: the facts, and each page's size."""
    facts: list = []
    sizes: list[int] = []
    cursor = None
    while True:
        page = db.facts_page(**filters, limit=limit, after=cursor)
        facts += page.facts
        sizes.append(len(page.facts))
        if page.next_cursor is None:
            return facts, sizes
        cursor = page.next_cursor


def test_facts_come_in_pages_in_the_order_of_facts(db):
    """Keyset pages over (year, body, report, position): the pages put together are exactly
    ``facts()``, in code-point order of the bodies on both backends."""
    names = ["东风街道办事处", "Zeta街道", "南关区永吉街道办事处", "丁街道"]
    for i, name in enumerate(names):
        for year in (2023, 2024):
            r = make_report(f"r{i}-{year}", body=name, year=year)
            db.replace_report(make_parsed(r), r)
    everything = db.facts()
    assert len(everything) == 32
    for limit in (1, 3, 8, 31, 32, 1000):
        facts, sizes = _paged(db, limit)
        assert facts == everything, limit
        assert sizes == [limit] * (32 // limit) + ([32 % limit] if 32 % limit else []), limit
    facts, sizes = _paged(db, 3, year=2024, table="表3")
    assert facts == db.facts(year=2024, table="表3") and sizes == [3, 1]
    facts, _ = _paged(db, 2, body_contains="街道", row_key="phone")
    assert [(f.year, f.body) for f in facts] == [
        (y, n) for y in (2023, 2024) for n in sorted(names)
    ]
    assert db.facts_page(body="没有这个机关", limit=5).facts == []
    assert db.facts_page(body="没有这个机关", limit=5).next_cursor is None


def test_a_page_cursor_survives_new_reports_before_it(db):
    """A report written between two pages that sorts before the cursor neither repeats nor
    shifts what the next page holds."""
    a, b = make_report("ra", body="丁街道"), make_report("rb", body="乙街道")
    db.replace_report(make_parsed(a), a)
    db.replace_report(make_parsed(b), b)
    first = db.facts_page(limit=4)
    assert [f.report_id for f in first.facts] == ["ra"] * 4 and first.next_cursor
    early = make_report("r0", body="丁街道", year=2020)
    db.replace_report(make_parsed(early), early)
    rest = db.facts_page(limit=100, after=first.next_cursor)
    assert [f.report_id for f in rest.facts] == ["rb"] * 4 and rest.next_cursor is None


@pytest.mark.parametrize("limit", [0, -1, MAX_FACTS_PAGE + 1])
def test_a_page_size_out_of_range_is_refused(db, limit):
    with pytest.raises(ValueError, match=f"每页条数必须在 1 到 {MAX_FACTS_PAGE} 之间"):
        db.facts_page(limit=limit)


@pytest.mark.parametrize(
    "cursor", ["", "!!", "bm90IGpzb24", "WzEsMiwzXQ", "WyIyMDI0IiwiYSIsImIiLDFd"]
)
def test_a_cursor_the_store_did_not_make_is_refused(db, cursor):
    """Not base64, not JSON, three items, a year that is a string."""
    with pytest.raises(InvalidCursor, match="请使用上一页返回的 next_cursor"):
        db.facts_page(limit=5, after=cursor)


def test_check_counts_are_every_reports_in_one_query(db):
    a, b = make_report(), make_report("r2023", year=2023)
    db.replace_report(make_parsed(a), a)
    db.replace_report(make_parsed(b), b)
    expected = {}
    for rid in (RID, "r2023"):
        checks = db.checks(report_id=rid, failed_only=False)
        expected[rid] = (sum(c.passed for c in checks), sum(not c.passed for c in checks))
    assert db.check_counts() == expected == {RID: (1, 1), "r2023": (1, 1)}
    db.delete_report("r2023")
    assert db.check_counts() == {RID: (1, 1)}


def test_replace_report_replaces_and_delete_cascades(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report)
    newer = replace(report, sha256="cd" * 32)
    db.replace_report(
        replace(parsed, facts=parsed.facts[:1], chunks=[], checks=parsed.checks[:1]), newer
    )
    assert db.facts() == parsed.facts[:1]
    assert db.chunks() == [] and db.checks() == []
    assert db.get_report(RID).report.sha256 == "cd" * 32
    assert _lexical_count(db) == 1
    assert db.delete_report(RID) is True
    assert db.delete_report(RID) is False
    assert db.stats() == {"reports": 0, "facts": 0, "chunks": 0, "failed_checks": 0}
    assert db.known_bodies() == [] and db.aliases() == {}
    assert _lexical_count(db) == 0


def test_a_failing_write_leaves_the_old_version(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report)
    generation = db.generation()
    broken = replace(parsed, facts=[*parsed.facts[:2], replace(parsed.facts[2], value=object())])
    with pytest.raises(Exception):  # noqa: B017 - sqlite3's or our own TypeError
        db.replace_report(broken, replace(report, sha256="ef" * 32))
    assert db.facts() == parsed.facts
    assert db.get_report(RID).report.sha256 == report.sha256
    assert db.generation() == generation
    assert _lexical_count(db) == 5


def test_records_of_another_report_are_refused(db):
    report = make_report()
    parsed = make_parsed(report)
    other = replace(parsed, facts=[replace(parsed.facts[0], report_id="other")])
    with pytest.raises(ValueError, match=r"records of another report passed to replace_report"):
        db.replace_report(other, report)
    assert db.stats()["reports"] == 0


def test_duplicate_ids_keep_the_first_record(db):
    report = make_report()
    parsed = make_parsed(report)
    dup = replace(parsed, facts=[*parsed.facts, replace(parsed.facts[0], value=8)])
    db.replace_report(dup, report)
    assert db.facts() == parsed.facts
    assert db.get_report(RID).n_facts == 4


def test_a_repeated_check_id_keeps_the_last_result_in_its_place(db):
    """SQLite's INSERT OR REPLACE: the later row wins and takes the later place."""
    report = make_report()
    parsed = make_parsed(report)
    c1, c2 = parsed.checks
    c1_again = replace(c1, passed=False, actual=6, detail="again")
    db.replace_report(replace(parsed, checks=[c1, c2, c1_again]), report)
    assert db.checks(failed_only=False) == [c2, c1_again]


def test_mark_incomplete_and_replace_checks(db):
    report = make_report()
    db.replace_report(make_parsed(report), report)
    db.mark_incomplete(RID)
    assert db.get_report(RID).complete is False
    c15 = CheckResult(
        RID, "C15", "表3“总计”列", False, "hard", 3, 4.5, "上年结转4，上年报告结转下年度3"
    )
    db.replace_checks(RID, ("C15",), [c15])
    db.replace_checks(RID, ("C15",), [c15])
    assert [c.check for c in db.checks()] == ["C2", "C15"]
    assert [(type(c.expected), type(c.actual)) for c in db.checks()][1] == (int, float)
    db.replace_checks(RID, ("C15",), [])
    assert [c.check for c in db.checks()] == ["C2"]


def test_other_checks_commit_with_the_report(db):
    """The next year's C15 is replaced in the same transaction as the report it compares."""
    nxt, report = make_report("r2025", year=2025), make_report()
    db.replace_report(make_parsed(nxt), nxt)
    c15 = CheckResult("r2025", "C15", "表3“总计”列", True, "hard", 7, 7, "一致")
    db.replace_report(make_parsed(report), report, other_checks=[("r2025", ("C15",), [c15])])
    assert db.checks(report_id="r2025", failed_only=False) == [*make_parsed(nxt).checks, c15]


def test_complete_report_ids(db):
    done, flagged = make_report(), make_report("flagged", body="东风街道办事处")
    for report in (done, flagged):
        db.replace_report(make_parsed(report), report)
    db.mark_incomplete(flagged.report_id)
    assert db.complete_report_ids() == {done.report_id}


def test_chunks_by_ids(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report)
    chunk = parsed.chunks[0]
    assert db.chunks_by_ids([chunk.chunk_id, "not-there", chunk.chunk_id]) == {
        chunk.chunk_id: chunk
    }
    assert db.chunks_by_ids([]) == {}
    assert db.chunks(section="一、总体情况") == [chunk] and db.chunks(year=2023) == []


def test_generation_changes_with_every_committed_change(open_store):
    db, other = open_store(), open_store()
    report = make_report()
    seen = [db.generation()]
    db.replace_report(make_parsed(report), report)
    seen.append(other.generation())  # seen from another connection too
    db.mark_incomplete(RID)
    seen.append(db.generation())
    db.replace_checks(RID, ("C15",), [])
    seen.append(db.generation())
    db.delete_report(RID)
    seen.append(other.generation())
    assert seen == [0, 1, 2, 3, 4]


def test_meta(db):
    assert db.get_meta("schema_version") == "3"
    assert db.get_meta("embedding_model") is None
    db.set_meta("embedding_model", "hash-256")
    db.set_meta("embedding_model", "hash-64")
    assert db.get_meta("embedding_model") == "hash-64"


def test_one_writer_at_a_time(open_store):
    a, b = open_store(), open_store()
    with a.write_lock():
        with pytest.raises(IndexError_, match="正被另一个 reportqa ingest 使用"), b.write_lock():
            pass
        a.set_meta("x", "y")  # the lock holder writes as usual
    with b.write_lock():  # released
        pass


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.floats(allow_nan=False),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_figure_round_trips_with_its_type(open_store, values):
    db = open_store()
    report = make_report()
    parsed = make_parsed(report)
    facts = [
        replace(parsed.facts[0], value=v, row=f"第{i}行", raw=str(v)) for i, v in enumerate(values)
    ]
    db.replace_report(replace(parsed, facts=facts), report)
    got = [f.value for f in db.facts()]
    assert got == values and [type(v) for v in got] == [type(v) for v in values]
    db.close()


# -- the lexical index ------------------------------------------------------------------------


def test_search_finds_a_chunk_by_a_chinese_keyword(two):
    hits = two.lexical.search("政务新媒体", k=5, kind="chunk")
    assert sorted((h.report_id, h.kind) for h in hits) == [("r2023", "chunk"), ("r2024", "chunk")]
    assert hits[0].text == "我街政务新媒体共发布解读信息60余篇，方便群众查阅了解。"
    assert hits[0].score > 0


def test_search_finds_fact_sentences_and_filters(two):
    hits = two.lexical.search("联系电话", k=10, kind="fact", year=2024)
    assert [h.text for h in hits][0] == (
        "长春市南关区永吉街道办事处2024年报告正文：联系电话为0431—81795328。"
    )
    assert {h.year for h in hits} == {2024}
    assert [h.report_id for h in two.lexical.search("联系电话", body="东风街道办事处")] == ["r2023"]
    assert two.lexical.search("联系电话", body="没有这个主体") == []
    assert two.lexical.search("", k=5) == [] and two.lexical.search("联系电话", k=0) == []
    assert two.lexical.search("多少？") == [] and two.lexical.search("，。") == []


def test_ranking_prefers_the_text_with_more_matching_words(two):
    report = make_report("r2022", year=2022)
    parsed = make_parsed(report)
    chunk = replace(parsed.chunks[0], text="本年度行政复议案件全部结果维持。", report_id="r2022")
    two.replace_report(replace(parsed, facts=[], chunks=[chunk], checks=[]), report)
    hits = two.lexical.search("行政复议结果维持", k=3)
    assert hits[0].report_id == "r2022"
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_replacing_a_report_replaces_its_entries(two):
    report = make_report()
    parsed = make_parsed(report)
    new_chunk = replace(parsed.chunks[0], text="信息公开专栏集中发布最新文件。")
    two.replace_report(replace(parsed, chunks=[new_chunk]), report)
    assert [h.report_id for h in two.lexical.search("新媒体", kind="chunk")] == ["r2023"]
    assert [h.report_id for h in two.lexical.search("专栏", kind="chunk")] == ["r2024"]


def test_a_search_narrowed_to_reports_sees_only_their_entries(two):
    hits = two.lexical.search("联系电话", k=10, report_ids=["r2023"])
    assert {(h.report_id, h.kind) for h in hits} == {("r2023", "fact")}
    chunks = two.lexical.search("政务新媒体", k=10, kind="chunk", report_ids=["r2024", "r2023"])
    assert sorted(h.report_id for h in chunks) == ["r2023", "r2024"]
    assert two.lexical.search("政务新媒体", k=10, kind="fact", report_ids=["r2024"]) == []
    assert two.lexical.search("联系电话", k=10, report_ids=[]) == []


def test_chunk_count_counts_chunks_holding_a_word(two):
    assert two.lexical.chunk_count("政务") == 2
    assert two.lexical.chunk_count("媒体") == 2
    assert two.lexical.chunk_count("新媒体") == 0  # not one jieba token of the chunk
    assert two.lexical.chunk_count("联系电话") == 0  # in facts only
    assert two.lexical.chunk_count("  ") == 0 and two.lexical.chunk_count("，") == 0


# mixed scripts, case, numbers with marks, full-width forms, symbols FTS5 keeps or splits on
AWKWARD = (
    "2024年收费12.5%（C++、a-b、x_y），ABC与abc、ＡＢＣ１２３、Ⅲ级、①项、×号、℃、㎡、"
    "www.gov.cn、Ünïcode、İstanbul、ǅ、ß、ﬁ、한국어、日本語かな、😀与#标签&符号"
)


def test_both_backends_match_the_same_words(two):
    """A word is matched on both backends exactly when FTS5 would match it: the PostgreSQL
    tsvector holds FTS5's own unicode61 words of the jieba tokens."""
    report = make_report("awkward", body="东风街道办事处", year=2022)
    parsed = make_parsed(report)
    chunk = replace(parsed.chunks[0], text=AWKWARD, report_id="awkward")
    two.replace_report(replace(parsed, facts=[], chunks=[chunk], checks=[]), report)
    found = {
        q: [h.report_id for h in two.lexical.search(q, kind="chunk")]
        for q in ("12.5", "c++", "ABC", "ａｂｃ", "123", "gov", "ünïcode", "ⅲ", "①", "×", "😀", "ß")
    }
    assert found == {
        "12.5": ["awkward"],
        "c++": ["awkward"],
        "ABC": ["awkward"],
        "ａｂｃ": ["awkward"],
        "123": [],
        "gov": ["awkward"],
        "ünïcode": ["awkward"],
        "ⅲ": ["awkward"],
        "①": ["awkward"],
        "×": [],
        "😀": [],
        "ß": ["awkward"],
    }


def test_postgres_words_are_fts5_words(postgres_server):
    """Word for word, the lexemes stored in PostgreSQL are the terms FTS5 stores."""
    from reportqa.index.lexical import tokenize
    from reportqa.index.pglexical import tsvector_literal

    tokens = " ".join(tokenize(AWKWARD))
    lite = sqlite3.connect(":memory:")
    lite.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 0')")
    lite.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    lite.execute("INSERT INTO t (x) VALUES (?)", (tokens,))
    fts5 = [(term, offset + 1) for term, offset in lite.execute("SELECT term, offset FROM v")]
    import psycopg

    with psycopg.connect(postgres_server.url()) as conn:
        (rows,) = conn.execute(
            "SELECT array_agg(ARRAY[lexeme, p::text]) FROM unnest(%s::tsvector) u, "
            "unnest(u.positions) p",
            (tsvector_literal(tokens),),
        ).fetchone()
    assert sorted((w, int(p)) for w, p in rows) == sorted(fts5)


# -- through the Index, and what only PostgreSQL can get wrong ----------------------------------


def test_index_on_postgres_keeps_nothing_but_vectors_in_its_directory(tmp_path, database_url):
    with Index(tmp_path / "host-a", HashEmbedder(), database_url=database_url) as ix:
        report = make_report()
        ix.facts.replace_report(make_parsed(report), report)
        ix.record_embedding_model()
        assert isinstance(ix.facts, PostgresFactsDB)
    assert list((tmp_path / "host-a").iterdir()) == []
    # another host, its own (empty) directory: the same index, opened as a server opens it
    with Index(tmp_path / "host-b", database_url=database_url, create=False) as other:
        assert [r.report.report_id for r in other.facts.list_reports()] == [RID]
        assert other.embedding_model == "hash-256"
        assert [h.kind for h in other.lexical_search("政务新媒体", kind="chunk")] == ["chunk"]
    with pytest.raises(ConfigError) as err:
        Index(tmp_path / "host-b", HashEmbedder(dim=64), database_url=database_url)
    assert str(err.value) == (
        f"数据库 {_masked(database_url)}（REPORTQA_DATABASE_URL）中的索引是用嵌入模型 hash-256 "
        "建立的，当前设置为 hash-64。请设置 REPORTQA_EMBEDDING_MODEL=hash-256 继续使用它，"
        "或把 REPORTQA_DATABASE_URL 指向一个新的空数据库后重新运行 reportqa ingest。"
    )


def _masked(url: str) -> str:
    return url.replace(f":{PASSWORD}@", ":***@")


def test_a_server_on_an_empty_database_is_told_to_ingest_first(tmp_path, database_url):
    with pytest.raises(ConfigError) as err:
        Index(tmp_path, database_url=database_url, create=False)
    assert str(err.value) == (
        f"数据库 {_masked(database_url)}（REPORTQA_DATABASE_URL）中还没有索引。"
        "请先运行 reportqa ingest 导入报告。"
    )


def test_an_unreachable_database_is_a_clear_error_without_the_password(postgres_server):
    from tests.conftest import free_port

    url = f"postgresql://reportqa:{PASSWORD}@127.0.0.1:{free_port()}/reportqa"
    with pytest.raises(IndexError_) as err:
        PostgresFactsDB(url, connect_timeout=2)
    assert str(err.value) == (
        f"数据库 postgresql://reportqa:***@127.0.0.1:{url.split(':')[3].split('/')[0]}/reportqa"
        "（REPORTQA_DATABASE_URL）无法连接或连接中断。请检查数据库服务器是否在运行、主机和端口是否正确，"
        "恢复后重试（已提交的数据不会丢失）。"
    )
    assert PASSWORD not in str(err.value)
    wrong = postgres_server.url("postgres").replace(PASSWORD, "wrong-password")
    with pytest.raises(IndexError_, match="拒绝了登录。请检查地址中的用户名和密码。$"):
        PostgresFactsDB(wrong)
    missing = postgres_server.url("no_such_database")
    with pytest.raises(
        IndexError_, match="不存在。请先创建它（createdb），或检查地址中的数据库名。$"
    ):
        PostgresFactsDB(missing)
    with pytest.raises(ConfigError, match="REPORTQA_DATABASE_URL 必须是 postgresql://"):
        PostgresFactsDB("mysql://x@y/z")


def test_another_schema_version_is_refused_and_kept(database_url):
    db = PostgresFactsDB(database_url)
    report = make_report()
    db.replace_report(make_parsed(report), report)
    db.set_meta("schema_version", "99")
    db.close()
    with pytest.raises(ConfigError) as err:
        PostgresFactsDB(database_url)
    assert str(err.value) == (
        f"数据库 {_masked(database_url)}（REPORTQA_DATABASE_URL）中索引的格式版本为 99，本程序需要 3。"
        "请把 REPORTQA_DATABASE_URL 指向一个新的空数据库后重新运行 reportqa ingest（原数据库不会被改动）。"
    )
    import psycopg

    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM facts").fetchone() == (4,)


def test_a_lost_connection_is_replaced(database_url):
    """A server restart (or a dropped connection) fails one call, not the instance."""
    import psycopg

    db = PostgresFactsDB(database_url)
    assert db.generation() == 0
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'reportqa' AND pid <> pg_backend_pid()"
        )
    with pytest.raises(IndexError_, match="无法连接或连接中断"):
        db.generation()
    assert db.generation() == 0
    db.close()


def test_the_write_lock_is_released_when_its_session_ends(database_url):
    import psycopg

    db = PostgresFactsDB(database_url)
    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
        with pytest.raises(IndexError_) as err, db.write_lock():
            pass
        assert str(err.value) == (
            f"数据库 {_masked(database_url)} 中的索引正被另一个 reportqa ingest 使用（可能在另一台主机上，"
            f"PostgreSQL 咨询锁 {WRITE_LOCK_KEY}）。请等它结束后再运行。"
        )
    with db.write_lock():  # the holder's session ended: released without an unlock
        pass
    db.close()


def test_postgres_ranks_exactly_as_fts5(tmp_path, database_url):
    """Same hits, same order, same bm25 scores to the last bit, before and after a report is
    replaced and another deleted (the statistics follow every write)."""
    lite, pg = FactsDB(tmp_path / "facts.sqlite"), PostgresFactsDB(database_url)
    reports = [
        make_report(),
        make_report("r2023", body="东风街道办事处", year=2023),
        make_report("r2022", year=2022),
    ]
    queries = ("政务新媒体发布", "联系电话", "行政复议结果维持", "解读信息60余篇", "12.0万元收费")

    def same() -> None:
        for q in queries:
            for kw in ({}, {"kind": "chunk"}, {"report_ids": ["r2023", "r2022"]}, {"year": 2024}):
                want = lite.lexical.search(q, 10, **kw)
                assert pg.lexical.search(q, 10, **kw) == want, (q, kw)
        for word in ("政务", "媒体", "信息"):
            assert pg.lexical.chunk_count(word) == lite.lexical.chunk_count(word)

    for db in (lite, pg):
        for r in reports:
            db.replace_report(make_parsed(r), r)
        parsed = make_parsed(reports[2])
        chunk = replace(parsed.chunks[0], text="本年度行政复议案件全部结果维持，政务新媒体发布。")
        db.replace_report(replace(parsed, chunks=[*parsed.chunks, chunk]), reports[2])
    same()
    for db in (lite, pg):
        db.delete_report("r2023")
    same()
    lite.close()
    pg.close()
