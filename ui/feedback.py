"""The 有用/没用 (helpful / not helpful) feedback of the citizen chat: the question, the answer, its
sources and the rating. One interface (:class:`FeedbackLog`), two stores, chosen by the
composition root:

* :class:`FeedbackStore`: its own SQLite file (``settings.feedback_db``, by default
  ``index_dir/feedback.sqlite``), one per host; one connection per thread.
* :class:`PostgresFeedbackStore`: a ``feedback`` table in the PostgreSQL database of the facts
  (``REPORTQA_DATABASE_URL``), through that database's connection pool, shared by every host.

One vote per answer: voting again on the same answer (same chat session, same turn) replaces the
vote, and withdrawing it deletes the row.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.answer import Answer
from reportqa.errors import ConfigError

if TYPE_CHECKING:
    from reportqa.index.postgres import PostgresFactsDB

RATINGS = ("up", "down")
RATING_LABELS = {"up": "有用", "down": "没用"}  # words: the fonts have no emoji
# the kind of answer (Answer.route) as the feedback table and its CSV show it
ROUTE_LABELS = {
    "figure": "数字",
    "compare": "比较",
    "share": "占比",
    "multiple": "倍数",
    "total": "合计",
    "yesno": "是否",
    "rank": "排名",
    "extreme": "最多或最少",
    "ledger": "明细",
    "trend": "趋势",
    "narrative": "原文",
    "check": "数据一致性",
    "clarify": "请用户说明",
    "refusal": "没有找到",
    "holdings": "收录情况",
}


def route_label(route: str) -> str:
    return ROUTE_LABELS.get(route, "其他") if route else ""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    vote_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    found INTEGER NOT NULL,
    route TEXT NOT NULL,
    sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""
# the same table in PostgreSQL: the same columns, the id an identity column
_PG_SCHEMA = _SCHEMA.replace(
    "id INTEGER PRIMARY KEY", "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
)
_COLUMNS = "id, created_at, rating, question, answer, found, route, sources"
_UPSERT = (
    "INSERT INTO feedback (vote_key, created_at, rating, question, answer, found, route, sources) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (vote_key) DO UPDATE "
    "SET rating = excluded.rating, created_at = excluded.created_at"
)
_NEWEST_FIRST = f"SELECT {_COLUMNS} FROM feedback ORDER BY created_at DESC, id DESC"
_COUNTS = "SELECT rating, count(*) FROM feedback GROUP BY rating"


@dataclass(frozen=True)
class FeedbackEntry:
    id: int
    created_at: str
    rating: str
    question: str
    answer: str
    found: bool
    route: str
    sources: list[dict[str, Any]]

    def sources_text(self) -> str:
        """The sources on one line: "[1] 标题（文件，位置）：引文"."""
        return "；".join(
            f"[{i}] {s.get('title', '')}（{s.get('source', '')}"
            + (f"，{s['locator']}" if s.get("locator") else "")
            + f"）：{s.get('quote', '')}"
            for i, s in enumerate(self.sources, 1)
        )


class FeedbackLog(Protocol):
    """What the web layer records votes in and lists them from."""

    def record(self, vote_key: str, rating: str, question: str, answer: Answer) -> None:
        """Store (or replace) the vote ``vote_key`` on ``answer`` to ``question``."""
        ...

    def withdraw(self, vote_key: str) -> None: ...

    def entries(self, limit: int | None = None) -> list[FeedbackEntry]:
        """Newest first."""
        ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...


def _row(vote_key: str, rating: str, question: str, answer: Answer) -> tuple[Any, ...]:
    """The stored row of a vote (the columns of ``_UPSERT``)."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    sources = json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        vote_key,
        now,
        rating,
        question,
        answer.answer,
        int(answer.found),
        answer.route,
        sources,
    )


def _entries(rows: list[Any]) -> list[FeedbackEntry]:
    return [
        FeedbackEntry(i, t, r, q, a, bool(f), route, json.loads(s))
        for i, t, r, q, a, f, route, s in rows
    ]


def _counts(rows: list[Any]) -> dict[str, int]:
    out = dict.fromkeys(RATINGS, 0)
    out.update({rating: int(n) for rating, n in rows})
    return out


class FeedbackStore:
    """The feedback log in a SQLite file of this host."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._conn() as conn:
                conn.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(
                f"无法打开反馈数据库 {self.path}（{e}）。请检查目录是否可写，"
                "或用 REPORTQA_FEEDBACK_DB 指定其他文件。"
            ) from e

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10)
            conn.execute("PRAGMA journal_mode = WAL")
            self._local.conn = conn
        return conn

    def record(self, vote_key: str, rating: str, question: str, answer: Answer) -> None:
        row = _row(vote_key, rating, question, answer)
        with self._conn() as conn:
            conn.execute(_UPSERT.format(p="?"), row)

    def withdraw(self, vote_key: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM feedback WHERE vote_key = ?", (vote_key,))

    def entries(self, limit: int | None = None) -> list[FeedbackEntry]:
        if limit is None:
            return _entries(self._conn().execute(_NEWEST_FIRST).fetchall())
        return _entries(self._conn().execute(_NEWEST_FIRST + " LIMIT ?", (limit,)).fetchall())

    def counts(self) -> dict[str, int]:
        return _counts(self._conn().execute(_COUNTS).fetchall())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class PostgresFeedbackStore:
    """The feedback log in the ``feedback`` table of the facts database on PostgreSQL, shared by
    every host; connections (and the errors that name the database) are the facts database's."""

    def __init__(self, db: PostgresFactsDB):
        from reportqa.index.postgres import SCHEMA_LOCK_KEY

        self.db = db
        with db.writing() as conn:  # several hosts starting at once create the table once
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            for statement in _PG_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def record(self, vote_key: str, rating: str, question: str, answer: Answer) -> None:
        row = _row(vote_key, rating, question, answer)
        with self.db.writing() as conn:
            conn.execute(_UPSERT.format(p="%s"), row)

    def withdraw(self, vote_key: str) -> None:
        with self.db.writing() as conn:
            conn.execute("DELETE FROM feedback WHERE vote_key = %s", (vote_key,))

    def entries(self, limit: int | None = None) -> list[FeedbackEntry]:
        with self.db.reading() as conn:
            if limit is None:
                return _entries(conn.execute(_NEWEST_FIRST).fetchall())
            return _entries(conn.execute(_NEWEST_FIRST + " LIMIT %s", (limit,)).fetchall())

    def counts(self) -> dict[str, int]:
        with self.db.reading() as conn:
            return _counts(conn.execute(_COUNTS).fetchall())

    def close(self) -> None:
        """Nothing of its own to close: the connections are the facts database's."""
