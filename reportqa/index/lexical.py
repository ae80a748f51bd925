"""A Chinese lexical index: SQLite FTS5 over jieba tokens, in the facts database.

Living in ``facts.sqlite`` lets :meth:`FactsDB.replace_report` write a report's facts and its
lexical entries in one transaction. FTS5 has no Chinese tokenizer, so texts are segmented with
``jieba.cut_for_search`` and stored space-joined; FTS5's ``unicode61`` tokenizer then splits on
the spaces. Queries are segmented the same way and OR-ed; ranking is bm25.

A search narrowed to some reports matches their ``scope`` token (kind + report id) in the same
MATCH expression, so FTS5 walks only those reports' entries: filtering the matches of common
words afterwards would cost time in proportion to the whole corpus.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportqa.format import to_simplified
from reportqa.segment import jieba

if TYPE_CHECKING:
    from reportqa.index.factsdb import FactsDB

# Question words and particles that carry no content; dropped from queries only.
QUERY_STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 有 为 吗 呢 吧 啊 多少 几 哪些 哪个 什么 怎么 怎样 如何 请问 是否 一共 共".split()
)

SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS lexical USING fts5(
    tokens,
    scope,
    doc_id UNINDEXED,
    report_id UNINDEXED,
    kind UNINDEXED,
    body UNINDEXED,
    year UNINDEXED,
    text UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
"""


def _is_content(token: str) -> bool:
    return any(unicodedata.category(c)[0] not in "PZC" for c in token)


def tokenize(text: str) -> list[str]:
    """jieba search-mode tokens of ``text`` in Simplified script (a Traditional-script mirror
    matches a Simplified question), without punctuation and whitespace."""
    return [t for t in jieba().cut_for_search(to_simplified(text)) if _is_content(t)]


@dataclass(frozen=True)
class LexicalDoc:
    doc_id: str  # a table row's vector id (see vectors.fact_entries) or a chunk_id
    report_id: str
    kind: str  # fact / chunk
    body: str
    year: int
    text: str


@dataclass(frozen=True)
class LexicalHit:
    doc_id: str
    report_id: str
    kind: str
    body: str
    year: int
    text: str
    score: float  # -bm25: higher is better


def write_docs(conn: sqlite3.Connection, docs: Iterable[LexicalDoc]) -> None:
    """Insert entries; the caller owns the transaction."""
    conn.executemany(
        "INSERT INTO lexical (tokens, scope, doc_id, report_id, kind, body, year, text) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                " ".join(tokenize(d.text)),
                scope_token(d.kind, d.report_id),
                d.doc_id,
                d.report_id,
                d.kind,
                d.body,
                d.year,
                d.text,
            )
            for d in docs
        ],
    )


def scope_token(kind: str, report_id: str) -> str:
    """One unicode61 token (letters and digits only) naming a report's entries of one kind."""
    return "".join(c for c in f"{kind}{report_id}" if c.isalnum())


def delete_report(conn: sqlite3.Connection, report_id: str) -> None:
    """Remove a report's entries; the caller owns the transaction."""
    conn.execute("DELETE FROM lexical WHERE report_id = ?", (report_id,))


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a free-text query: its content tokens as OR-ed phrases."""
    tokens = [t for t in tokenize(query) if t not in QUERY_STOPWORDS]
    seen: list[str] = []
    for t in tokens:
        if t not in seen:
            seen.append(t)
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in seen)


def search(
    conn: sqlite3.Connection,
    query: str,
    k: int = 10,
    *,
    body: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    report_ids: Iterable[str] | None = None,
) -> list[LexicalHit]:
    """The ``k`` best entries for ``query`` (bm25), optionally of one body, year or kind, or of
    the given reports only."""
    expr = match_expression(query)
    if not expr or k < 1:
        return []
    if report_ids is not None:
        kinds = [kind] if kind is not None else ["fact", "chunk"]
        scopes = [scope_token(kd, r) for r in report_ids for kd in kinds]
        if not scopes:
            return []
        expr = f"scope : ({' OR '.join(scopes)}) AND tokens : ({expr})"
    sql = (
        "SELECT doc_id, report_id, kind, body, year, text, bm25(lexical, 1.0, 0.0) AS rank "
        "FROM lexical WHERE lexical MATCH ?"
    )
    params: list[Any] = [expr]
    for column, value in (("body", body), ("year", year), ("kind", kind)):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    sql += " ORDER BY rank LIMIT ?"
    params.append(k)
    return [
        LexicalHit(doc_id, rid, knd, bdy, int(yr), text, -float(rank))
        for doc_id, rid, knd, bdy, yr, text, rank in conn.execute(sql, params)
    ]


class LexicalIndex:
    """The lexical index of one facts database (see :class:`reportqa.index.factsdb.FactsDB`)."""

    def __init__(self, db: FactsDB):
        self.db = db

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        report_ids: Iterable[str] | None = None,
    ) -> list[LexicalHit]:
        with self.db.reading() as conn:
            return search(conn, query, k, body=body, year=year, kind=kind, report_ids=report_ids)

    def chunk_count(self, word: str) -> int:
        """How many chunks of text, in every report, hold ``word`` (one jieba token): whether
        reports use a word at all."""
        if not word.strip():
            return 0
        expr = 'tokens : "' + word.replace('"', '""') + '"'
        sql = "SELECT count(*) FROM lexical WHERE lexical MATCH ? AND kind = 'chunk'"
        with self.db.reading() as conn:
            (n,) = conn.execute(sql, (expr,)).fetchone()
        return int(n)
