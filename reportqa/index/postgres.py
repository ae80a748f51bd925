"""The facts database on PostgreSQL (``REPORTQA_DATABASE_URL``): the same contract as the SQLite
:class:`reportqa.index.factsdb.FactsDB` (see :mod:`reportqa.index.store`), shared by every host.

* A report, its lexical entries and the next year's cross-year checks are written in one
  transaction; every committed change bumps the ``generation`` row of ``meta``, which every
  instance reads before each question.
* One writer at a time: a session-level advisory lock held for the whole ingest (released by the
  server when the writer's connection ends, also after ``kill -9``).
* Values round-trip exactly: a figure is stored in ``value_int`` (BIGINT) or ``value_float``
  (DOUBLE PRECISION), so 12.0 万元 comes back a float and 7 件 an int.
* Row order is the insertion order (an identity column), as SQLite's rowid is.

Connections come from a small pool (one per thread at a time, reused by nested calls).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from reportqa.errors import ConfigError, IndexError_
from reportqa.index import pglexical
from reportqa.index.factsdb import (
    _CHECK_COLS,
    _CHUNK_COLS,
    _FACT_COLS,
    _REPORT_COLS,
    MAX_FACTS_PAGE,
    SCHEMA_VERSION,
    FactsPage,
    ReportRow,
    _check,
    _check_row,
    _chunk,
    _chunk_row,
    _fact,
    _fact_row,
    _report_row,
    check_page_size,
    decode_cursor,
    encode_cursor,
    unique_by,
)
from reportqa.index.lexical import LexicalDoc
from reportqa.index.vectors import fact_entries
from reportqa.records import CheckResult, Chunk, Fact, Report

if TYPE_CHECKING:
    import psycopg

    from reportqa.records import ParsedReport

SETTING = "REPORTQA_DATABASE_URL"
WRITE_LOCK_KEY = 0x7265_706F_7274_7161  # "reportqa": the advisory lock of the one writer
SCHEMA_LOCK_KEY = WRITE_LOCK_KEY + 1  # creating the tables, when several hosts start at once
POOL_SIZE = 8

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
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    fact_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    body_printed TEXT NOT NULL,
    year INTEGER NOT NULL,
    "table" TEXT NOT NULL,
    "row" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    value_int BIGINT,
    value_float DOUBLE PRECISION,
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
CREATE INDEX IF NOT EXISTS facts_report ON facts (report_id, seq);
CREATE INDEX IF NOT EXISTS facts_order ON facts (year, body COLLATE "C", report_id COLLATE "C", seq);
CREATE TABLE IF NOT EXISTS checks (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    check_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    "check" TEXT NOT NULL,
    scope TEXT NOT NULL,
    passed INTEGER NOT NULL,
    severity TEXT NOT NULL,
    expected_int BIGINT,
    expected_float DOUBLE PRECISION,
    actual_int BIGINT,
    actual_float DOUBLE PRECISION,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_report ON checks (report_id, seq);
CREATE TABLE IF NOT EXISTS chunks (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
CREATE INDEX IF NOT EXISTS chunks_report ON chunks (report_id, seq);
CREATE TABLE IF NOT EXISTS bodies (body TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS aliases (printed TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_body ON aliases (body);
"""

# the stored columns of a figure that may be an int or a float, in place of SQLite's untyped one
_NUMBER_COLUMNS = {"value": "value", "expected": "expected", "actual": "actual"}


def _stored(names: Sequence[str]) -> list[str]:
    """Column names as stored here: each number column becomes its _int and _float pair."""
    out: list[str] = []
    for n in names:
        out += [f"{n}_int", f"{n}_float"] if n in _NUMBER_COLUMNS else [n]
    return out


def _cols(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _split_number(value: Any) -> tuple[int | None, float | None]:
    if value is None:
        return None, None
    if isinstance(value, bool | int):
        return int(value), None
    if isinstance(value, float):
        return None, value
    raise TypeError(f"a figure must be an int, a float or None, not {type(value).__name__}")


def _encode(names: Sequence[str], row: Sequence[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for n, v in zip(names, row, strict=True):
        out += _split_number(v) if n in _NUMBER_COLUMNS else [v]
    return tuple(out)


def _decode(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    it = iter(row)
    for n in names:
        if n in _NUMBER_COLUMNS:
            i, f = next(it), next(it)
            d[n] = i if i is not None else f
        else:
            d[n] = next(it)
    return d


def _insert_sql(table: str, names: Sequence[str], conflict: str = "") -> str:
    stored = _stored(names)
    sql = f"INSERT INTO {table} ({_cols(stored)}) VALUES ({', '.join(['%s'] * len(stored))})"
    return sql + (f" {conflict}" if conflict else "")


def _select(table: str, names: Sequence[str]) -> str:
    return f"SELECT {_cols(_stored(names))} FROM {table}"


def _where(pairs: Sequence[tuple[str, Any]]) -> tuple[list[str], list[Any]]:
    clauses = [f'"{col}" = %s' for col, value in pairs if value is not None]
    params = [value for _, value in pairs if value is not None]
    return clauses, params


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
    """The WHERE clauses and parameters of :meth:`PostgresFactsDB.facts`'s filters."""
    clauses, params = _where(
        [
            ("table", table),
            ("row", row),
            ("column", column),
            ("year", year),
            ("report_id", report_id),
            ("row_key", row_key),
        ]
    )
    if body is not None:
        clauses.append(
            "(body = %s OR body_printed = %s OR body IN (SELECT body FROM aliases WHERE printed = %s))"
        )
        params += [body, body, body]
    if row_keys is not None:  # any of these rows (an empty list matches none)
        clauses.append(f"row_key IN ({', '.join(['%s'] * len(row_keys))})" if row_keys else "1 = 0")
        params += list(row_keys)
    if body_contains is not None:
        clauses.append("(strpos(body, %s) > 0 OR strpos(body_printed, %s) > 0)")
        params += [body_contains, body_contains]
    return clauses, params


def _and(clauses: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def masked(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "（无法解析的地址）"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise ConfigError(
            f"设置了 {SETTING}，但没有安装 PostgreSQL 驱动。请运行 pip install 'psycopg[binary]'。"
        ) from e
    return psycopg


class PostgresFactsDB:
    """The facts database in the PostgreSQL database at ``url`` (``postgresql://…``)."""

    def __init__(self, url: str, *, create: bool = True, connect_timeout: float = 10.0):
        if not url.startswith(("postgresql://", "postgres://")):
            raise ConfigError(
                f"{SETTING} 必须是 postgresql://用户:密码@主机:端口/数据库 形式的地址，"
                f"现在是 {masked(url)}。"
            )
        self.url = url
        self._psycopg = _psycopg()
        self._timeout = connect_timeout
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(POOL_SIZE)
        self._local = threading.local()
        self._all: list[psycopg.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False
        with self.writing() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            have = conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
            version = None
            if have:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = row[0] if row else None
            if version is None and not create:
                raise ConfigError(
                    f"数据库 {self.location}（{SETTING}）中还没有索引。请先运行 reportqa ingest 导入报告。"
                )
            if version is None:
                for statement in (_SCHEMA + pglexical.SCHEMA).split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO NOTHING",
                    (SCHEMA_VERSION,),
                )
        if version not in (None, SCHEMA_VERSION):
            raise ConfigError(
                f"数据库 {self.location}（{SETTING}）中索引的格式版本为 {version}，本程序需要 "
                f"{SCHEMA_VERSION}。请把 {SETTING} 指向一个新的空数据库后重新运行 reportqa ingest"
                "（原数据库不会被改动）。"
            )
        self.lexical = pglexical.PostgresLexicalIndex(self)

    @property
    def location(self) -> str:
        return masked(self.url)

    # -- plumbing ---------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        try:
            conn = self._psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=max(1, int(self._timeout)),
                application_name="reportqa",
            )
        except self._psycopg.Error as e:
            raise self._translate(e) from e
        with self._all_lock:
            self._all.append(conn)
        return conn

    def _discard(self, conn: psycopg.Connection) -> None:
        with self._all_lock:
            if conn in self._all:
                self._all.remove(conn)
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close
            pass

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """This thread's connection: the one it already holds (nested calls), or one from the
        pool. A connection that failed is dropped, not reused."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        if self._closed:
            raise IndexError_(f"数据库 {self.location} 的连接已关闭。")
        self._slots.acquire()
        conn = None
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            if conn.closed or conn.broken:
                self._discard(conn)
                conn = self._connect()
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None
            if conn.broken or conn.closed or conn.info.transaction_status != 0:  # not IDLE
                self._discard(conn)
            else:
                self._idle.put(conn)
            conn = None
        except BaseException:
            if conn is not None:
                self._discard(conn)
            raise
        finally:
            self._slots.release()

    @contextmanager
    def reading(self) -> Iterator[Any]:
        with self._connection() as conn:
            try:
                yield conn
            except self._psycopg.Error as e:
                raise self._translate(e) from e

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """One write transaction, committed at the end, rolled back on any exception."""
        with self._connection() as conn:
            try:
                with conn.transaction():
                    yield conn
            except self._psycopg.Error as e:
                raise self._translate(e) from e

    def _translate(self, e: Exception) -> IndexError_:
        """A psycopg error as an IndexError_ that names the database and what to do."""
        errors = self._psycopg.errors
        where = f"数据库 {self.location}（{SETTING}）"
        # a failed connection carries no SQLSTATE: the server's (English) words tell why
        text = str(e)
        if isinstance(e, errors.DiskFull):
            why = "所在磁盘已满。请释放空间后重新运行 reportqa ingest（已导入的报告不会丢失）"
        elif isinstance(e, errors.ReadOnlySqlTransaction):
            why = "是只读的（例如连到了备库）。请把地址指向可写的主库"
        elif isinstance(e, errors.InsufficientPrivilege):
            why = "的用户没有所需的权限。请授予该用户在这个数据库中建表和读写的权限"
        elif isinstance(e, errors.InvalidPassword | errors.InvalidAuthorizationSpecification) or (
            "authentication failed" in text or "no pg_hba.conf entry" in text
        ):
            why = "拒绝了登录。请检查地址中的用户名和密码"
        elif isinstance(e, errors.InvalidCatalogName) or (
            "database" in text and "does not exist" in text
        ):
            why = "不存在。请先创建它（createdb），或检查地址中的数据库名"
        elif isinstance(e, self._psycopg.OperationalError):
            why = (
                "无法连接或连接中断。请检查数据库服务器是否在运行、主机和端口是否正确，"
                "恢复后重试（已提交的数据不会丢失）"
            )
        else:
            why = f"出错（{type(e).__name__}: {str(e).strip()}）"
        return IndexError_(f"{where}{why}。")

    def close(self) -> None:
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time, on every host: a session-level advisory lock on a connection of
        its own, held until the ingest ends (or its process dies, when the server drops it)."""
        conn = self._connect()
        try:
            try:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITE_LOCK_KEY,)).fetchone()
                got = bool(row and row[0])
            except self._psycopg.Error as e:
                raise self._translate(e) from e
            if not got:
                raise IndexError_(
                    f"数据库 {self.location} 中的索引正被另一个 reportqa ingest 使用（可能在另一台主机上，"
                    f"PostgreSQL 咨询锁 {WRITE_LOCK_KEY}）。请等它结束后再运行。"
                )
            yield
        finally:
            self._discard(conn)  # closing the session releases the lock

    def get_meta(self, key: str) -> str | None:
        with self.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        with self.writing() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

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
        """See :meth:`reportqa.index.factsdb.FactsDB.replace_report`: the same, in one
        PostgreSQL transaction."""
        rid = report.report_id
        facts = [f for f in parsed.facts if f.report_id == rid]
        chunks = [c for c in parsed.chunks if c.report_id == rid]
        if len(facts) != len(parsed.facts) or len(chunks) != len(parsed.chunks):
            raise ValueError(f"records of another report passed to replace_report({rid})")
        fact_rows = [_encode(_FACT_COLS, _fact_row(f)) for f in facts]  # TypeError before writing
        check_rows = [_encode(_CHECK_COLS, _check_row(c)) for c in parsed.checks]
        with self.writing() as conn, conn.cursor() as cur:
            self._delete(cur, rid)
            self._bump_generation(cur)
            cur.execute(
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
            if fact_rows:
                cur.executemany(
                    _insert_sql("facts", _FACT_COLS, "ON CONFLICT (fact_id) DO NOTHING"), fact_rows
                )
            if chunks:
                cur.executemany(
                    _insert_sql("chunks", _CHUNK_COLS, "ON CONFLICT (chunk_id) DO NOTHING"),
                    [_chunk_row(c) for c in chunks],
                )
            self._insert_or_replace_checks(cur, check_rows)
            cur.execute(
                "UPDATE reports SET n_facts = (SELECT count(*) FROM facts WHERE report_id = %s), "
                "n_chunks = (SELECT count(*) FROM chunks WHERE report_id = %s) "
                "WHERE report_id = %s",
                (rid, rid, rid),
            )
            for other_id, names, results in other_checks:
                self._replace_checks(cur, other_id, names, results)
            if replaces is not None and replaces != rid:
                self._delete(cur, replaces)  # the file's earlier content, gone in the same commit
            cur.execute(
                "INSERT INTO bodies (body) VALUES (%s) ON CONFLICT DO NOTHING", (report.body,)
            )
            cur.execute(
                "INSERT INTO aliases (printed, body) VALUES (%s, %s) "
                "ON CONFLICT (printed) DO UPDATE SET body = excluded.body",
                (report.body_printed, report.body),
            )
            pglexical.write_docs(
                cur,
                [
                    LexicalDoc(e.id, rid, "fact", report.body, report.year, e.document)
                    for e in fact_entries(unique_by(facts, lambda f: f.fact_id))
                ]
                + [
                    LexicalDoc(c.chunk_id, rid, "chunk", c.body, c.year, c.text)
                    for c in unique_by(chunks, lambda c: c.chunk_id)
                ],
            )

    @staticmethod
    def _insert_or_replace_checks(cur: Any, rows: Sequence[tuple[Any, ...]]) -> None:
        """SQLite's INSERT OR REPLACE: a row whose id is taken replaces the old one and goes to
        the end; of repeated ids in ``rows`` the last wins, in the place of the last."""
        last = {row[0]: i for i, row in enumerate(rows)}
        rows = [row for i, row in enumerate(rows) if last[row[0]] == i]
        if not rows:
            return
        cur.execute("DELETE FROM checks WHERE check_id = ANY(%s)", ([r[0] for r in rows],))
        cur.executemany(_insert_sql("checks", _CHECK_COLS), rows)

    def replace_checks(
        self, report_id: str, checks: Sequence[str], results: Iterable[CheckResult]
    ) -> None:
        with self.writing() as conn, conn.cursor() as cur:
            self._bump_generation(cur)
            self._replace_checks(cur, report_id, checks, results)

    @classmethod
    def _replace_checks(
        cls,
        cur: Any,
        report_id: str,
        checks: Sequence[str],
        results: Iterable[CheckResult],
    ) -> None:
        if checks:
            cur.execute(
                'DELETE FROM checks WHERE report_id = %s AND "check" = ANY(%s)',
                (report_id, list(checks)),
            )
        cls._insert_or_replace_checks(
            cur, [_encode(_CHECK_COLS, _check_row(c)) for c in results if c.report_id == report_id]
        )

    def mark_incomplete(self, report_id: str) -> None:
        with self.writing() as conn:
            self._bump_generation(conn)
            conn.execute("UPDATE reports SET complete = 0 WHERE report_id = %s", (report_id,))

    def move_report(self, report_id: str, path: str) -> None:
        with self.writing() as conn:
            conn.execute("UPDATE reports SET path = %s WHERE report_id = %s", (path, report_id))

    def delete_report(self, report_id: str) -> bool:
        with self.writing() as conn, conn.cursor() as cur:
            self._bump_generation(cur)
            return self._delete(cur, report_id)

    @staticmethod
    def _bump_generation(cur: Any) -> None:
        cur.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) "
            "DO UPDATE SET value = (meta.value::bigint + 1)::text"
        )

    @staticmethod
    def _delete(cur: Any, report_id: str) -> bool:
        pglexical.delete_report(cur, report_id)
        cur.execute("DELETE FROM reports WHERE report_id = %s", (report_id,))
        deleted = cur.rowcount > 0
        if deleted:
            for table in ("aliases", "bodies"):
                cur.execute(
                    f"DELETE FROM {table} t WHERE NOT EXISTS "
                    "(SELECT 1 FROM reports r WHERE r.body = t.body)"
                )
        return deleted

    # -- reading ----------------------------------------------------------------------------

    def get_report(self, report_id: str) -> ReportRow | None:
        rows = self._reports(["report_id = %s"], [report_id])
        return rows[0] if rows else None

    def get_report_by_path(self, path: Path | str) -> ReportRow | None:
        rows = self._reports(["path = %s"], [str(path)])
        return rows[0] if rows else None

    def list_reports(self, body: str | None = None, year: int | None = None) -> list[ReportRow]:
        return self._reports(*_where([("body", body), ("year", year)]))

    def _reports(self, clauses: Sequence[str], params: Sequence[Any]) -> list[ReportRow]:
        sql = (
            f"SELECT {_cols(_REPORT_COLS)} FROM reports{_and(clauses)} "
            'ORDER BY body COLLATE "C", year, path COLLATE "C"'
        )
        with self.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_report_row(dict(zip(_REPORT_COLS, r, strict=True))) for r in rows]

    def rows(self, table: str) -> list[str]:
        with self.reading() as conn:
            return [
                r
                for (r,) in conn.execute(
                    'SELECT "row" FROM facts WHERE "table" = %s GROUP BY "row" ORDER BY "row" COLLATE "C"',
                    (table,),
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
        clauses, params = _fact_filters(
            body, year, table, row, column, report_id, row_key, body_contains, row_keys
        )
        sql = (
            _select("facts", _FACT_COLS)
            + _and(clauses)
            + ' ORDER BY year, body COLLATE "C", report_id COLLATE "C", seq'
        )
        with self.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_fact(_decode(_FACT_COLS, r)) for r in rows]

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
        check_page_size(limit)
        clauses, params = _fact_filters(
            body, year, table, row, column, report_id, row_key, body_contains
        )
        if after is not None:
            clauses.append(
                '(year, body COLLATE "C", report_id COLLATE "C", seq) > (%s, %s, %s, %s)'
            )
            params += list(decode_cursor(after))
        sql = (
            f"SELECT seq, {_cols(_stored(_FACT_COLS))} FROM facts"
            + _and(clauses)
            + ' ORDER BY year, body COLLATE "C", report_id COLLATE "C", seq LIMIT %s'
        )
        with self.reading() as conn:
            rows = conn.execute(sql, [*params, limit + 1]).fetchall()
        facts = [_fact(_decode(_FACT_COLS, r[1:])) for r in rows[:limit]]
        if len(rows) <= limit:
            return FactsPage(facts, None)
        last = facts[-1]
        return FactsPage(
            facts, encode_cursor((last.year, last.body, last.report_id, rows[limit - 1][0]))
        )

    def checks(self, report_id: str | None = None, failed_only: bool = True) -> list[CheckResult]:
        clauses, params = _where([("report_id", report_id)])
        if failed_only:
            clauses.append("passed = 0")
        sql = (
            _select("checks", _CHECK_COLS) + _and(clauses) + ' ORDER BY report_id COLLATE "C", seq'
        )
        with self.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_check(_decode(_CHECK_COLS, r)) for r in rows]

    def check_counts(self) -> dict[str, tuple[int, int]]:
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT report_id, count(*) FILTER (WHERE passed <> 0), "
                "count(*) FILTER (WHERE passed = 0) FROM checks GROUP BY report_id"
            ).fetchall()
        return {r: (int(p), int(f)) for r, p, f in rows}

    def chunks(
        self,
        report_id: str | None = None,
        body: str | None = None,
        year: int | None = None,
        section: str | None = None,
    ) -> list[Chunk]:
        clauses, params = _where(
            [("report_id", report_id), ("body", body), ("year", year), ("section", section)]
        )
        sql = (
            _select("chunks", _CHUNK_COLS)
            + _and(clauses)
            + ' ORDER BY year, body COLLATE "C", report_id COLLATE "C", seq'
        )
        with self.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_chunk(dict(zip(_CHUNK_COLS, r, strict=True))) for r in rows]

    def chunks_by_ids(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        with self.reading() as conn:
            rows = conn.execute(
                _select("chunks", _CHUNK_COLS) + " WHERE chunk_id = ANY(%s)", (ids,)
            ).fetchall()
        found = {r[0]: _chunk(dict(zip(_CHUNK_COLS, r, strict=True))) for r in rows}
        return {i: found[i] for i in ids if i in found}

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def known_bodies(self) -> list[str]:
        with self.reading() as conn:
            return [b for (b,) in conn.execute('SELECT body FROM bodies ORDER BY body COLLATE "C"')]

    def aliases(self) -> dict[str, str]:
        with self.reading() as conn:
            return dict(
                conn.execute('SELECT printed, body FROM aliases ORDER BY printed COLLATE "C"')
            )

    def complete_report_ids(self) -> set[str]:
        with self.reading() as conn:
            return {r for (r,) in conn.execute("SELECT report_id FROM reports WHERE complete = 1")}

    def stats(self) -> dict[str, int]:
        with self.reading() as conn:
            (reports, facts, chunks, failed) = conn.execute(
                "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM facts), "
                "(SELECT count(*) FROM chunks), (SELECT count(*) FROM checks WHERE passed = 0)"
            ).fetchone()
        return {"reports": reports, "facts": facts, "chunks": chunks, "failed_checks": failed}
