"""The facts store contract: what the index, the ingest and the assistant use of the database of
reports, facts, checks, chunks, aliases and the lexical index.

Two implementations, chosen in one place (:class:`reportqa.index.Index`):

* :class:`reportqa.index.factsdb.FactsDB`: one SQLite file in the index directory (the default);
* :class:`reportqa.index.postgres.PostgresFactsDB`: a PostgreSQL database shared by several hosts
  (``REPORTQA_DATABASE_URL``).

``tests/index/test_store_contract.py`` runs one suite against both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reportqa.records import CheckResult, Chunk, Fact, Report

if TYPE_CHECKING:
    from reportqa.index.factsdb import FactsPage, ReportRow
    from reportqa.index.lexical import LexicalHit
    from reportqa.records import ParsedReport


class LexicalSearch(Protocol):
    def search(
        self,
        query: str,
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        report_ids: Iterable[str] | None = None,
    ) -> list[LexicalHit]: ...

    def chunk_count(self, word: str) -> int: ...


class FactsStore(Protocol):
    """Every write is one transaction; every committed change bumps :meth:`generation`."""

    @property
    def lexical(self) -> LexicalSearch: ...

    @property
    def location(self) -> str:
        """Where the store is, for messages (a file, or a database URL without its password)."""
        ...

    def reading(self) -> AbstractContextManager[Any]:
        """A connection for reading (sqlite3 or psycopg; both have ``execute``)."""
        ...

    def writing(self) -> AbstractContextManager[Any]:
        """A connection in one write transaction, committed at the end, rolled back on error."""
        ...

    def write_lock(self) -> AbstractContextManager[None]:
        """One writer (ingest) at a time: a second one fails fast with an IndexError_."""
        ...

    def close(self) -> None: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def replace_report(
        self,
        parsed: ParsedReport,
        report: Report,
        *,
        embedded: bool = False,
        other_checks: Sequence[tuple[str, Sequence[str], Sequence[CheckResult]]] = (),
        replaces: str | None = None,
    ) -> None: ...

    def replace_checks(
        self, report_id: str, checks: Sequence[str], results: Iterable[CheckResult]
    ) -> None: ...

    def mark_incomplete(self, report_id: str) -> None: ...

    def move_report(self, report_id: str, path: str) -> None:
        """The report's file now lives at ``path`` (same name, same content)."""
        ...

    def delete_report(self, report_id: str) -> bool: ...

    def get_report(self, report_id: str) -> ReportRow | None: ...

    def get_report_by_path(self, path: Path | str) -> ReportRow | None: ...

    def list_reports(self, body: str | None = None, year: int | None = None) -> list[ReportRow]: ...

    def rows(self, table: str) -> list[str]: ...

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
    ) -> list[Fact]: ...

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
        limit: int = ...,
        after: str | None = None,
    ) -> FactsPage:
        """One page of :meth:`facts` (the same filters and order), cut in the database: at
        most ``limit`` facts (1 to ``MAX_FACTS_PAGE``, else ValueError) after the cursor
        ``after``, which is the previous page's ``next_cursor`` (InvalidCursor otherwise)."""
        ...

    def checks(
        self, report_id: str | None = None, failed_only: bool = True
    ) -> list[CheckResult]: ...

    def check_counts(self) -> dict[str, tuple[int, int]]:
        """(passed, failed) checks by report id, in one query (reports without checks are
        absent)."""
        ...

    def chunks(
        self,
        report_id: str | None = None,
        body: str | None = None,
        year: int | None = None,
        section: str | None = None,
    ) -> list[Chunk]: ...

    def chunks_by_ids(self, ids: Iterable[str]) -> dict[str, Chunk]: ...

    def generation(self) -> int: ...

    def known_bodies(self) -> list[str]: ...

    def aliases(self) -> dict[str, str]: ...

    def complete_report_ids(self) -> set[str]: ...

    def stats(self) -> dict[str, int]: ...
