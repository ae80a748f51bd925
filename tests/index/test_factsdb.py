"""The facts database: exact round trips, one transaction per report, clear errors."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from ingest.parse import ParsedReport
from reportqa.errors import ConfigError, IndexError_
from reportqa.index.factsdb import FactsDB, _translate
from reportqa.records import CheckResult, Chunk, Fact, Provenance, Report

RID = "r2024"


def make_report(rid: str = RID, body: str = "南关区永吉街道办事处", year: int = 2024) -> Report:
    return Report(
        report_id=rid,
        path=f"/data/{rid}.txt",
        source=f"{rid}.txt",
        sha256="ab" * 32,
        body=body,
        body_printed="长春市" + body,
        year=year,
        title=f"长春市{body}{year}年政府信息公开工作年度报告",
        file_format="txt",
        body_from="title",
        year_from="period",
        table_format="2021",
    )


def make_parsed(report: Report) -> ParsedReport:
    rid, body, year = report.report_id, report.body, report.year
    kw = {"report_id": rid, "body": body, "body_printed": report.body_printed, "year": year}
    facts = [
        Fact(
            **kw,
            table="表3",
            row="一、本年新收政府信息公开申请数量",
            column="自然人",
            value=7,
            raw="7",
            unit="件",
            provenance=Provenance(
                source=report.source,
                section="三、收到和处理政府信息公开申请情况",
                locator="第4页 表3 第4行第2列",
                page=4,
                table_index=3,
                row_index=4,
                col_index=2,
            ),
            row_key="new",
            col_index=0,
            table_format="2021",
        ),
        Fact(
            **kw,
            table="表2",
            row="行政事业性收费",
            column="本年收费金额（单位：万元）",
            value=12.0,  # a float that is an integer must come back a float
            raw="12.0",
            unit="万元",
            provenance=Provenance(source=report.source, locator="第3页 表2 第9行第2列"),
        ),
        Fact(
            **kw,
            table="正文",
            row="政策解读",
            column="",
            value=60,
            raw="解读信息60余篇",
            unit="篇",
            qualifier="余",
            provenance=Provenance(
                source=report.source,
                section="一、总体情况",
                locator="第9行",
                line=9,
                char_start=120,
                char_end=128,
            ),
            row_key="interpretation",
        ),
        Fact(
            **kw,
            table="正文",
            row="联系电话",
            column="",
            value=None,
            raw="0431—81795328",
            provenance=Provenance(source=report.source, locator="第3行", line=3),
            row_key="phone",
        ),
    ]
    chunks = [
        Chunk(
            report_id=rid,
            body=body,
            year=year,
            section="一、总体情况",
            subsection="（四）平台建设",
            text="我街政务新媒体共发布解读信息60余篇，方便群众查阅了解。",
            provenance=Provenance(
                source=report.source,
                section="一、总体情况",
                locator="第9行",
                line=9,
                char_start=100,
                char_end=140,
            ),
        )
    ]
    checks = [
        CheckResult(rid, "C1", "表3“自然人”列", True, "hard", 7, 7, "一(7)+二(0)=7"),
        CheckResult(
            rid, "C2", "表3“总计”列", False, "hard", 27, 26, "（七）总计为27，小项之和为26"
        ),
    ]
    return ParsedReport(
        report_id=rid,
        source=report.source,
        file_format="txt",
        body=body,
        body_printed=report.body_printed,
        year=year,
        title=report.title,
        body_from="title",
        year_from="period",
        table_format="2021",
        facts=facts,
        chunks=chunks,
        checks=checks,
        warnings=["表3第5行的数字由相邻单元格拆分而来"],
    )


@pytest.fixture
def db(tmp_path):
    d = FactsDB(tmp_path / "facts.sqlite")
    yield d
    d.close()


def test_round_trip_is_exact(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report, embedded=True)

    assert db.facts() == parsed.facts  # the same records, in insertion order
    assert [type(f.value) for f in db.facts()] == [int, float, int, type(None)]
    assert db.chunks() == parsed.chunks
    assert db.checks() == [parsed.checks[1]]
    assert db.checks(failed_only=False) == parsed.checks
    row = db.get_report(RID)
    assert row is not None
    assert row.report == report
    assert (row.n_facts, row.n_chunks, row.complete, row.embedded) == (4, 1, True, True)
    assert row.warnings == parsed.warnings
    assert db.get_report_by_path(report.path) == row
    assert db.list_reports() == [row]
    assert db.known_bodies() == ["南关区永吉街道办事处"]
    assert db.aliases() == {"长春市南关区永吉街道办事处": "南关区永吉街道办事处"}
    assert db.stats() == {"reports": 1, "facts": 4, "chunks": 1, "failed_checks": 1}


def test_reopening_keeps_everything(tmp_path):
    report = make_report()
    parsed = make_parsed(report)
    with_db = FactsDB(tmp_path / "facts.sqlite")
    with_db.replace_report(parsed, report)
    with_db.close()
    again = FactsDB(tmp_path / "facts.sqlite")
    assert again.facts() == parsed.facts
    again.close()


def test_fact_filters(db):
    a, b = make_report(), make_report("r2023", year=2023)
    db.replace_report(make_parsed(a), a)
    db.replace_report(make_parsed(b), b)
    assert len(db.facts()) == 8
    assert [f.year for f in db.facts()] == [2023] * 4 + [2024] * 4  # ordered by year
    assert {f.year for f in db.facts(year=2024)} == {2024}
    # canonical name, printed name and substring all find the body
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
    assert db.checks(report_id="r2023", failed_only=False) == make_parsed(b).checks


def test_replace_report_replaces_and_delete_cascades(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report)
    newer = replace(report, sha256="cd" * 32)
    changed = replace(parsed, facts=parsed.facts[:1], chunks=[], checks=parsed.checks[:1])
    db.replace_report(changed, newer)
    assert db.facts() == parsed.facts[:1]
    assert db.chunks() == [] and db.checks() == []
    assert db.get_report(RID).report.sha256 == "cd" * 32
    with db.reading() as conn:
        assert conn.execute("SELECT count(*) FROM lexical").fetchone()[0] == 1

    assert db.delete_report(RID) is True
    assert db.delete_report(RID) is False
    assert db.stats() == {"reports": 0, "facts": 0, "chunks": 0, "failed_checks": 0}
    assert db.known_bodies() == [] and db.aliases() == {}
    with db.reading() as conn:
        assert conn.execute("SELECT count(*) FROM lexical").fetchone()[0] == 0


def test_a_failing_write_leaves_the_old_version(db):
    report = make_report()
    parsed = make_parsed(report)
    db.replace_report(parsed, report)
    broken = replace(parsed, facts=[*parsed.facts[:2], replace(parsed.facts[2], value=object())])
    with pytest.raises(Exception):  # noqa: B017 - whatever sqlite3 says about an object
        db.replace_report(broken, replace(report, sha256="ef" * 32))
    assert db.facts() == parsed.facts
    assert db.get_report(RID).report.sha256 == report.sha256


def test_duplicate_ids_keep_the_first_record(db):
    report = make_report()
    parsed = make_parsed(report)
    dup = replace(parsed, facts=[*parsed.facts, replace(parsed.facts[0], value=8)])
    db.replace_report(dup, report)
    assert db.facts() == parsed.facts


def test_mark_incomplete_and_replace_checks(db):
    report = make_report()
    db.replace_report(make_parsed(report), report)
    db.mark_incomplete(RID)
    assert db.get_report(RID).complete is False
    c15 = CheckResult(
        RID, "C15", "表3“总计”列", False, "hard", 3, 4, "上年结转4，上年报告结转下年度3"
    )
    db.replace_checks(RID, ("C15",), [c15])
    db.replace_checks(RID, ("C15",), [c15])
    assert [c.check for c in db.checks()] == ["C2", "C15"]
    db.replace_checks(RID, ("C15",), [])
    assert [c.check for c in db.checks()] == ["C2"]


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


def test_generation_changes_with_every_committed_change(tmp_path):
    path = tmp_path / "facts.sqlite"
    db, other = FactsDB(path), FactsDB(path)
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
    db.close()
    other.close()


def test_meta(db):
    assert db.get_meta("schema_version") == "3"
    db.set_meta("embedding_model", "hash-256")
    assert db.get_meta("embedding_model") == "hash-256"


def test_a_locked_database_is_a_clear_error(tmp_path):
    path = tmp_path / "facts.sqlite"
    FactsDB(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        db = None
        with pytest.raises(IndexError_) as err:
            db = FactsDB(path, timeout=0.1)
            db.set_meta("x", "y")
        assert str(err.value) == (
            f"索引数据库 {path} 被另一个进程锁定（例如另一个 reportqa ingest 正在运行）。请等它结束后重试。"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "facts.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexError_) as err:
        FactsDB(path)
    assert str(err.value) == (
        f"索引数据库 {path} 已损坏或不是索引数据库。请删除目录 {tmp_path} 后重新运行 reportqa ingest。"
    )


def test_disk_full_and_read_only_messages_say_what_to_do(tmp_path):
    path = tmp_path / "facts.sqlite"
    full = _translate(sqlite3.OperationalError("database or disk is full"), path)
    assert str(full) == (
        f"索引数据库 {path} 所在磁盘已满。请释放空间后重新运行 reportqa ingest（已导入的报告不会丢失）。"
    )
    ro = _translate(sqlite3.OperationalError("attempt to write a readonly database"), path)
    assert "只读" in str(ro) and "REPORTQA_INDEX_DIR" in str(ro)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "facts.sqlite"
    db = FactsDB(path)
    db.set_meta("schema_version", "99")
    db.close()
    with pytest.raises(ConfigError) as err:
        FactsDB(path)
    assert str(err.value) == (
        f"索引数据库 {path} 的格式版本为 99，本程序需要 3。"
        f"请删除目录 {tmp_path} 后重新运行 reportqa ingest。"
    )


def test_an_index_of_version_2_gains_the_new_columns_in_place(tmp_path):
    """An index written before prose facts kept their sentence (version 2) opens: its facts and
    reports are kept, the new columns get their defaults, and the version becomes 3."""
    path = tmp_path / "facts.sqlite"
    report = make_report()
    parsed = make_parsed(report)
    db = FactsDB(path)
    db.replace_report(parsed, replace(report, reader="2026.12-mentions"))
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE facts DROP COLUMN context")
    conn.execute("ALTER TABLE reports DROP COLUMN reader")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    db = FactsDB(path)
    assert db.get_meta("schema_version") == "3"
    [row] = db.list_reports()
    assert row.report.reader == ""  # read again by the next ingest
    assert {f.context for f in db.facts(report_id=RID)} == {""}
    assert len(db.facts(report_id=RID)) == len(parsed.facts)
    db.close()
