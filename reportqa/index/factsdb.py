"""The facts database: reports, table facts, cross-checks, chunks, body aliases and the lexical
index, in one SQLite file (``index_dir/facts.sqlite``).

A report is written in one transaction (:meth:`FactsDB.replace_report`), so a crash at any point
leaves either the old version of a report or the new one, never a mix. ``reports.complete`` is 0
while the vector store may be out of step with this database (see ``ingest.pipeline``).
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reportqa.errors import ConfigError, IndexError_
from reportqa.index import lexical
from reportqa.index.vectors import fact_entries
from reportqa.records import CheckResult, Chunk, Fact, Provenance, Report

if TYPE_CHECKING:
    from reportqa.records import ParsedReport

SCHEMA_VERSION = "3"  # 2: lexical entries per table row, with a scope column; 3: the sentence
# a prose figure stands in (facts.context) and the reader a report was read by (reports.reader)
# columns added since version 2, with their defaults: an index of version 2 gains them in place
# and its reports are read again by the next ingest (their reader is older)
_ADDED_COLUMNS = (
    ("facts", "context", "TEXT NOT NULL DEFAULT ''"),
    ("reports", "reader", "TEXT NOT NULL DEFAULT ''"),
)
T = TypeVar("T")

# ``value``, ``expected`` and ``actual`` are declared without a type on purpose: no column
# affinity, so an int stays an int and a float (12.0 万元) stays a float.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    body_printed TEXT NOT NULL,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    file_format TEXT NOT NULL,
    body_from TEXT NOT NULL,
    year_from TEXT NOT NULL,
    table_format TEXT NOT NULL,
    n_facts INTEGER NOT NULL,
    n_chunks INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0,
    embedded INTEGER NOT NULL DEFAULT 0,
    warnings TEXT NOT NULL DEFAULT '[]',
    reader TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS reports_body_year ON reports (body, year);
CREATE INDEX IF NOT EXISTS reports_path ON reports (path);
CREATE TABLE IF NOT EXISTS facts (
    fact_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    body_printed TEXT NOT NULL,
    year INTEGER NOT NULL,
    "table" TEXT NOT NULL,
    "row" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    value,
    raw TEXT NOT NULL,
    unit TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col_index INTEGER,
    table_format TEXT NOT NULL,
    source TEXT NOT NULL,
    section TEXT NOT NULL,
    locator TEXT NOT NULL,
    page INTEGER,
    line INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    table_index INTEGER,
    row_index INTEGER,
    prov_col_index INTEGER,
    context TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS facts_body_year ON facts (body, year);
CREATE INDEX IF NOT EXISTS facts_cell ON facts ("table", "row", "column");
CREATE INDEX IF NOT EXISTS facts_report ON facts (report_id);
CREATE INDEX IF NOT EXISTS facts_order ON facts (year, body, report_id);
CREATE TABLE IF NOT EXISTS checks (
    check_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    "check" TEXT NOT NULL,
    scope TEXT NOT NULL,
    passed INTEGER NOT NULL,
    severity TEXT NOT NULL,
    expected,
    actual,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_report ON checks (report_id);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    year INTEGER NOT NULL,
    section TEXT NOT NULL,
    subsection TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    locator TEXT NOT NULL,
    char_start INTEGER,
    char_end INTEGER,
    page INTEGER,
    line INTEGER,
    table_index INTEGER,
    row_index INTEGER,
    col_index INTEGER
);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks (report_id);
CREATE TABLE IF NOT EXISTS bodies (body TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS aliases (printed TEXT PRIMARY KEY, body TEXT NOT NULL);
"""

_PROV = ("source", "section", "locator", "page", "line", "char_start", "char_end")
_FACT_COLS = (
    "fact_id report_id body body_printed year table row column value raw unit qualifier row_key "
    "col_index table_format source section locator page line char_start char_end table_index "
    "row_index prov_col_index context"
).split()
_CHUNK_COLS = (
    "chunk_id report_id body year section subsection text source locator char_start char_end "
    "page line table_index row_index col_index"
).split()
_CHECK_COLS = "check_id report_id check scope passed severity expected actual detail".split()
_REPORT_COLS = (
    "report_id path source sha256 body body_printed year title file_format body_from year_from "
    "table_format n_facts n_chunks ingested_at complete embedded warnings reader"
).split()


def _cols(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _insert_sql(table: str, names: Sequence[str], verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} ({_cols(names)}) VALUES ({', '.join('?' * len(names))})"


@dataclass(frozen=True)
class ReportRow:
    """A stored report with its bookkeeping."""

    report: Report
    n_facts: int
    n_chunks: int
    ingested_at: str
    complete: bool  # False: the vector store may hold vectors out of step with this database
    embedded: bool  # True: its facts and chunks have vectors in the vector store
    warnings: list[str] = field(default_factory=list)


MAX_FACTS_PAGE = 1000  # the most facts one page (facts_page) holds


class InvalidCursor(ValueError):
    """A page cursor that :meth:`FactsStore.facts_page` did not make."""

    def __init__(self, cursor: str):
        super().__init__(f"无效的分页游标“{cursor[:40]}”：请使用上一页返回的 next_cursor。")


@dataclass(frozen=True)
class FactsPage:
    """One page of facts; ``next_cursor`` fetches the next one (None: this is the last)."""

    facts: list[Fact]
    next_cursor: str | None


class FactsDB:
    """One SQLite file; thread-safe (one connection behind a lock), WAL, foreign keys on."""

    def __init__(self, path: Path | str, timeout: float = 10.0):
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        except sqlite3.Error as e:
            raise _translate(e, self.path) from e
        with self.writing() as conn:
            _create_schema(conn)
            version = self._meta(conn, "schema_version")
            if version == "2":
                _add_columns(conn)
                version = SCHEMA_VERSION
            if version is None or version == SCHEMA_VERSION:
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
        if version not in (None, SCHEMA_VERSION):
            raise ConfigError(
                f"索引数据库 {self.path} 的格式版本为 {version}，本程序需要 {SCHEMA_VERSION}。"
                f"请删除目录 {self.path.parent} 后重新运行 reportqa ingest。"
            )
        self.lexical = lexical.LexicalIndex(self)

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as e:
                raise _translate(e, self.path) from e

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any exception."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise _translate(e, self.path) from e
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as e:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise _translate(e, self.path) from e
                raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @property
    def location(self) -> str:
        return str(self.path)

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time: a second ``reportqa ingest`` on the same index directory fails
        fast (an flock on ``ingest.lock`` beside the database)."""
        index_dir = self.path.parent
        path = index_dir / "ingest.lock"
        with open(path, "a+") as fh:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: SQLite's own locking only
                yield
                return
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as e:
                raise IndexError_(
                    f"索引 {index_dir} 正被另一个 reportqa ingest 使用（{path}）。请等它结束后再运行。"
                ) from e
            try:
                fh.seek(0)
                fh.truncate()
                fh.write(str(os.getpid()))
                fh.flush()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @staticmethod
    def _meta(conn: sqlite3.Connection, key: str) -> str | None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def get_meta(self, key: str) -> str | None:
        with self.reading() as conn:
            return self._meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with self.writing() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- writing ----------------------------------------------------------------------------

    def replace_report(
        self,
        parsed: ParsedReport,
        report: Report,
        *,
        embedded: bool = False,
        other_checks: Sequence[tuple[str, Sequence[str], Sequence[CheckResult]]] = (),
        replaces: str | None = None,
    ) -> None:
        """Replace everything stored for ``report.report_id`` by ``parsed``, in one transaction,
        and mark the report complete. Duplicate fact or chunk ids keep their first record.

        ``other_checks`` holds (report id, check names, results) of other stored reports that
        compare themselves with this one (the next year's C15), replaced in the same transaction:
        a crash between two commits would leave them computed against the old version, and a
        rerun, finding both reports complete, would never redo them. ``replaces`` is the id of
        the file's earlier content (reports are keyed by content), deleted in the same commit."""
        rid = report.report_id
        facts = [f for f in parsed.facts if f.report_id == rid]
        chunks = [c for c in parsed.chunks if c.report_id == rid]
        if len(facts) != len(parsed.facts) or len(chunks) != len(parsed.chunks):
            raise ValueError(f"records of another report passed to replace_report({rid})")
        with self.writing() as conn:
            self._delete(conn, rid)
            self._bump_generation(conn)
            conn.execute(
                _insert_sql("reports", _REPORT_COLS),
                (
                    rid,
                    report.path,
                    report.source,
                    report.sha256,
                    report.body,
                    report.body_printed,
                    report.year,
                    report.title,
                    report.file_format,
                    report.body_from,
                    report.year_from,
                    report.table_format,
                    0,
                    0,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    1,
                    int(embedded),
                    json.dumps(list(parsed.warnings), ensure_ascii=False),
                    report.reader,
                ),
            )
            conn.executemany(
                _insert_sql("facts", _FACT_COLS, "INSERT OR IGNORE"), [_fact_row(f) for f in facts]
            )
            conn.executemany(
                _insert_sql("chunks", _CHUNK_COLS, "INSERT OR IGNORE"),
                [_chunk_row(c) for c in chunks],
            )
            conn.executemany(
                _insert_sql("checks", _CHECK_COLS, "INSERT OR REPLACE"),
                [_check_row(c) for c in parsed.checks],
            )
            (n_facts,) = conn.execute(
                "SELECT count(*) FROM facts WHERE report_id = ?", (rid,)
            ).fetchone()
            (n_chunks,) = conn.execute(
                "SELECT count(*) FROM chunks WHERE report_id = ?", (rid,)
            ).fetchone()
            conn.execute(
                "UPDATE reports SET n_facts = ?, n_chunks = ? WHERE report_id = ?",
                (n_facts, n_chunks, rid),
            )
            for other_id, names, results in other_checks:
                self._replace_checks(conn, other_id, names, results)
            if replaces is not None and replaces != rid:
                self._delete(conn, replaces)  # the file's earlier content, gone in the same commit
            conn.execute("INSERT OR IGNORE INTO bodies (body) VALUES (?)", (report.body,))
            conn.execute(
                "INSERT OR REPLACE INTO aliases (printed, body) VALUES (?, ?)",
                (report.body_printed, report.body),
            )
            lexical.write_docs(
                conn,
                [
                    lexical.LexicalDoc(e.id, rid, "fact", report.body, report.year, e.document)
                    for e in fact_entries(unique_by(facts, lambda f: f.fact_id))
                ]
                + [
                    lexical.LexicalDoc(c.chunk_id, rid, "chunk", c.body, c.year, c.text)
                    for c in unique_by(chunks, lambda c: c.chunk_id)
                ],
            )

    def replace_checks(
        self, report_id: str, checks: Sequence[str], results: Iterable[CheckResult]
    ) -> None:
        """Replace the checks named ``checks`` (e.g. the cross-year C15) of a stored report."""
        with self.writing() as conn:
            self._bump_generation(conn)
            self._replace_checks(conn, report_id, checks, results)

    @staticmethod
    def _replace_checks(
        conn: sqlite3.Connection,
        report_id: str,
        checks: Sequence[str],
        results: Iterable[CheckResult],
    ) -> None:
        conn.executemany(
            'DELETE FROM checks WHERE report_id = ? AND "check" = ?',
            [(report_id, name) for name in checks],
        )
        conn.executemany(
            _insert_sql("checks", _CHECK_COLS, "INSERT OR REPLACE"),
            [_check_row(c) for c in results if c.report_id == report_id],
        )

    def mark_incomplete(self, report_id: str) -> None:
        """Flag a report whose vectors are about to change, so that an interrupted run redoes it."""
        with self.writing() as conn:
            self._bump_generation(conn)
            conn.execute("UPDATE reports SET complete = 0 WHERE report_id = ?", (report_id,))

    def move_report(self, report_id: str, path: str) -> None:
        with self.writing() as conn:
            conn.execute("UPDATE reports SET path = ? WHERE report_id = ?", (path, report_id))

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and everything derived from it; False if it was not stored."""
        with self.writing() as conn:
            self._bump_generation(conn)
            return self._delete(conn, report_id)

    @staticmethod
    def _bump_generation(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) "
            "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
        )

    @staticmethod
    def _delete(conn: sqlite3.Connection, report_id: str) -> bool:
        lexical.delete_report(conn, report_id)
        cur = conn.execute("DELETE FROM reports WHERE report_id = ?", (report_id,))
        conn.execute("DELETE FROM aliases WHERE body NOT IN (SELECT body FROM reports)")
        conn.execute("DELETE FROM bodies WHERE body NOT IN (SELECT body FROM reports)")
        return cur.rowcount > 0

    # -- reading ----------------------------------------------------------------------------

    def get_report(self, report_id: str) -> ReportRow | None:
        rows = self._reports("WHERE report_id = ?", (report_id,))
        return rows[0] if rows else None

    def get_report_by_path(self, path: Path | str) -> ReportRow | None:
        rows = self._reports("WHERE path = ?", (str(path),))
        return rows[0] if rows else None

    def list_reports(self, body: str | None = None, year: int | None = None) -> list[ReportRow]:
        where, params = _where([("body", body), ("year", year)])
        return self._reports(where, params)

    def _reports(self, where: str, params: Sequence[Any]) -> list[ReportRow]:
        with self.reading() as conn:
            rows = conn.execute(
                f"SELECT {_cols(_REPORT_COLS)} FROM reports {where} ORDER BY body, year, path",
                params,
            ).fetchall()
        return [_report_row(dict(zip(_REPORT_COLS, r, strict=True))) for r in rows]

    def rows(self, table: str) -> list[str]:
        """The distinct row labels of ``table`` over the whole index (the parts of 主动公开 that
        reports list, for the question parser)."""
        with self.reading() as conn:
            return [
                r
                for (r,) in conn.execute(
                    'SELECT DISTINCT row FROM facts WHERE "table" = ?', (table,)
                )
            ]

    def facts(
        self,
        body: str | None = None,
        year: int | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        *,
        report_id: str | None = None,
        row_key: str | None = None,
        row_keys: Sequence[str] | None = None,
        body_contains: str | None = None,
    ) -> list[Fact]:
        """Facts matching every filter given. ``body`` matches the canonical name, the printed
        name or a known alias; ``body_contains`` is a substring of either name."""
        clauses, params = _fact_filters(
            body, year, table, row, column, report_id, row_key, body_contains, row_keys
        )
        sql = f"SELECT {_cols(_FACT_COLS)} FROM facts"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY year, body, report_id, rowid"
        with self.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_fact(dict(zip(_FACT_COLS, r, strict=True))) for r in rows]

    def facts_page(
        self,
        body: str | None = None,
        year: int | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        *,
        report_id: str | None = None,
        row_key: str | None = None,
        body_contains: str | None = None,
        limit: int = MAX_FACTS_PAGE,
        after: str | None = None,
    ) -> FactsPage:
        """One page of :meth:`facts` (same filters, same order): at most ``limit`` facts after
        the cursor ``after`` (from the previous page's ``next_cursor``). The page is cut in SQL
        (keyset on the order's columns and the index ``facts_order``), never in Python."""
        check_page_size(limit)
        clauses, params = _fact_filters(
            body, year, table, row, column, report_id, row_key, body_contains
        )
        if after is not None:
            clauses.append("(year, body, report_id, rowid) > (?, ?, ?, ?)")
            params += list(decode_cursor(after))
        sql = f"SELECT rowid, {_cols(_FACT_COLS)} FROM facts"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY year, body, report_id, rowid LIMIT ?"
        with self.reading() as conn:
            rows = conn.execute(sql, [*params, limit + 1]).fetchall()
        facts = [_fact(dict(zip(_FACT_COLS, r[1:], strict=True))) for r in rows[:limit]]
        if len(rows) <= limit:
            return FactsPage(facts, None)
        last = facts[-1]
        return FactsPage(
            facts, encode_cursor((last.year, last.body, last.report_id, rows[limit - 1][0]))
        )

    def checks(self, report_id: str | None = None, failed_only: bool = True) -> list[CheckResult]:
        where, params = _where([("report_id", report_id)])
        if failed_only:
            where = (where + " AND" if where else "WHERE") + " passed = 0"
        with self.reading() as conn:
            rows = conn.execute(
                f"SELECT {_cols(_CHECK_COLS)} FROM checks {where} ORDER BY report_id, rowid",
                params,
            ).fetchall()
        return [_check(dict(zip(_CHECK_COLS, r, strict=True))) for r in rows]

    def check_counts(self) -> dict[str, tuple[int, int]]:
        """(passed, failed) checks of every report that has checks, by report id: one query
        for a whole list of reports."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT report_id, sum(passed <> 0), sum(passed = 0) FROM checks GROUP BY report_id"
            ).fetchall()
        return {r: (int(p), int(f)) for r, p, f in rows}

    def chunks(
        self,
        report_id: str | None = None,
        body: str | None = None,
        year: int | None = None,
        section: str | None = None,
    ) -> list[Chunk]:
        where, params = _where(
            [("report_id", report_id), ("body", body), ("year", year), ("section", section)]
        )
        with self.reading() as conn:
            rows = conn.execute(
                f"SELECT {_cols(_CHUNK_COLS)} FROM chunks {where} ORDER BY year, body, report_id, rowid",
                params,
            ).fetchall()
        return [_chunk(dict(zip(_CHUNK_COLS, r, strict=True))) for r in rows]

    def chunks_by_ids(self, ids: Iterable[str]) -> dict[str, Chunk]:
        """The committed chunks among ``ids``, by id."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Chunk] = {}
        with self.reading() as conn:
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                rows = conn.execute(
                    f"SELECT {_cols(_CHUNK_COLS)} FROM chunks "
                    f"WHERE chunk_id IN ({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
                for r in rows:
                    d = dict(zip(_CHUNK_COLS, r, strict=True))
                    out[d["chunk_id"]] = _chunk(d)
        return out

    def generation(self) -> int:
        """A number that changes with every committed change to the reports (in any process),
        for readers that cache what they derive from the index."""
        with self.reading() as conn:
            return int(self._meta(conn, "generation") or 0)

    def known_bodies(self) -> list[str]:
        """The canonical bodies already indexed, sorted."""
        with self.reading() as conn:
            return [b for (b,) in conn.execute("SELECT body FROM bodies ORDER BY body")]

    def aliases(self) -> dict[str, str]:
        """Every printed name seen so far, mapped to its canonical body."""
        with self.reading() as conn:
            return dict(conn.execute("SELECT printed, body FROM aliases ORDER BY printed"))

    def complete_report_ids(self) -> set[str]:
        """The reports committed whole (their vectors, if any, are in step with their rows)."""
        with self.reading() as conn:
            return {r for (r,) in conn.execute("SELECT report_id FROM reports WHERE complete = 1")}

    def stats(self) -> dict[str, int]:
        """Totals: reports, facts, chunks, failed checks."""
        with self.reading() as conn:
            return {
                "reports": conn.execute("SELECT count(*) FROM reports").fetchone()[0],
                "facts": conn.execute("SELECT count(*) FROM facts").fetchone()[0],
                "chunks": conn.execute("SELECT count(*) FROM chunks").fetchone()[0],
                "failed_checks": conn.execute(
                    "SELECT count(*) FROM checks WHERE passed = 0"
                ).fetchone()[0],
            }


def _add_columns(conn: sqlite3.Connection) -> None:
    for table, column, decl in _ADDED_COLUMNS:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {decl}')


def _create_schema(conn: sqlite3.Connection) -> None:
    for statement in (_SCHEMA + lexical.SCHEMA).split(";"):
        if statement.strip():
            conn.execute(statement)


def unique_by(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """``items`` without repeated keys; the first of each key wins."""
    seen: set[str] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _fact_filters(
    body: str | None,
    year: int | None,
    table: str | None,
    row: str | None,
    column: str | None,
    report_id: str | None,
    row_key: str | None,
    body_contains: str | None,
    row_keys: Sequence[str] | None = None,
) -> tuple[list[str], list[Any]]:
    """The WHERE clauses and parameters of :meth:`FactsDB.facts`'s filters."""
    where, params = _where(
        [
            ("table", table),
            ("row", row),
            ("column", column),
            ("year", year),
            ("report_id", report_id),
            ("row_key", row_key),
        ]
    )
    clauses = [where[len("WHERE ") :]] if where else []
    if body is not None:
        clauses.append(
            "(body = ? OR body_printed = ? OR body IN (SELECT body FROM aliases WHERE printed = ?))"
        )
        params += [body, body, body]
    if row_keys is not None:  # any of these rows (an empty list matches none)
        clauses.append(f"row_key IN ({', '.join(['?'] * len(row_keys))})" if row_keys else "1 = 0")
        params += list(row_keys)
    if body_contains is not None:
        clauses.append("(instr(body, ?) > 0 OR instr(body_printed, ?) > 0)")
        params += [body_contains, body_contains]
    return clauses, params


def check_page_size(limit: int) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_FACTS_PAGE:
        raise ValueError(f"每页条数必须在 1 到 {MAX_FACTS_PAGE} 之间，现在是 {limit!r}。")


def encode_cursor(key: tuple[int, str, str, int]) -> str:
    """The opaque cursor of a page's last fact: its (year, body, report_id, position)."""
    raw = json.dumps(list(key), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str, str, int]:
    """The key :func:`encode_cursor` made; InvalidCursor for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        year, body, report_id, position = json.loads(raw.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidCursor(cursor) from None
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (year, position))
    if not ints or not isinstance(body, str) or not isinstance(report_id, str):
        raise InvalidCursor(cursor)
    return year, body, report_id, position


def _where(pairs: Sequence[tuple[str, Any]]) -> tuple[str, list[Any]]:
    clauses = [f'"{col}" = ?' for col, value in pairs if value is not None]
    params = [value for _, value in pairs if value is not None]
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _prov_values(p: Provenance) -> tuple[Any, ...]:
    return tuple(getattr(p, name) for name in _PROV)


def _fact_row(f: Fact) -> tuple[Any, ...]:
    p = f.provenance
    return (
        f.fact_id,
        f.report_id,
        f.body,
        f.body_printed,
        f.year,
        f.table,
        f.row,
        f.column,
        f.value,
        f.raw,
        f.unit,
        f.qualifier,
        f.row_key,
        f.col_index,
        f.table_format,
        *_prov_values(p),
        p.table_index,
        p.row_index,
        p.col_index,
        f.context,
    )


def _fact(d: dict[str, Any]) -> Fact:
    return Fact(
        report_id=d["report_id"],
        body=d["body"],
        body_printed=d["body_printed"],
        year=d["year"],
        table=d["table"],
        row=d["row"],
        column=d["column"],
        value=d["value"],
        raw=d["raw"],
        unit=d["unit"],
        qualifier=d["qualifier"],
        provenance=Provenance(
            **{name: d[name] for name in _PROV},
            table_index=d["table_index"],
            row_index=d["row_index"],
            col_index=d["prov_col_index"],
        ),
        row_key=d["row_key"],
        col_index=d["col_index"],
        table_format=d["table_format"],
        context=d["context"],
    )


def _chunk_row(c: Chunk) -> tuple[Any, ...]:
    p = c.provenance
    return (
        c.chunk_id,
        c.report_id,
        c.body,
        c.year,
        c.section,
        c.subsection,
        c.text,
        p.source,
        p.locator,
        p.char_start,
        p.char_end,
        p.page,
        p.line,
        p.table_index,
        p.row_index,
        p.col_index,
    )


def _chunk(d: dict[str, Any]) -> Chunk:
    return Chunk(
        report_id=d["report_id"],
        body=d["body"],
        year=d["year"],
        section=d["section"],
        subsection=d["subsection"],
        text=d["text"],
        provenance=Provenance(
            source=d["source"],
            section=d["section"],
            locator=d["locator"],
            page=d["page"],
            line=d["line"],
            char_start=d["char_start"],
            char_end=d["char_end"],
            table_index=d["table_index"],
            row_index=d["row_index"],
            col_index=d["col_index"],
        ),
    )


def _check_row(c: CheckResult) -> tuple[Any, ...]:
    return (
        c.check_id,
        c.report_id,
        c.check,
        c.scope,
        int(c.passed),
        c.severity,
        c.expected,
        c.actual,
        c.detail,
    )


def _check(d: dict[str, Any]) -> CheckResult:
    d = dict(d)
    d.pop("check_id")
    d["passed"] = bool(d["passed"])
    return CheckResult(**d)


def _report_row(d: dict[str, Any]) -> ReportRow:
    report = Report(**{k: d[k] for k in Report.__dataclass_fields__})
    return ReportRow(
        report=report,
        n_facts=d["n_facts"],
        n_chunks=d["n_chunks"],
        ingested_at=d["ingested_at"],
        complete=bool(d["complete"]),
        embedded=bool(d["embedded"]),
        warnings=json.loads(d["warnings"]),
    )


def _translate(e: sqlite3.Error, path: Path) -> IndexError_:
    """A sqlite3 error as an IndexError_ that names the file and what to do."""
    msg = str(e).lower()
    if "locked" in msg or "busy" in msg:
        why = "被另一个进程锁定（例如另一个 reportqa ingest 正在运行）。请等它结束后重试"
    elif "readonly" in msg or "read-only" in msg:
        why = "是只读的。请检查文件和目录的写权限，或用 --index / REPORTQA_INDEX_DIR 指定可写的目录"
    elif "disk is full" in msg or "disk full" in msg:
        why = "所在磁盘已满。请释放空间后重新运行 reportqa ingest（已导入的报告不会丢失）"
    elif "not a database" in msg or "malformed" in msg:
        why = f"已损坏或不是索引数据库。请删除目录 {path.parent} 后重新运行 reportqa ingest"
    elif "unable to open" in msg:
        why = "无法打开。请检查目录是否存在且可写，或用 --index / REPORTQA_INDEX_DIR 指定其他目录"
    else:
        why = f"出错（{type(e).__name__}: {e}）。请检查该文件，必要时删除目录 {path.parent} 后重新导入"
    return IndexError_(f"索引数据库 {path} {why}。")
