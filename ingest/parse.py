"""From a loaded Document to a ParsedReport: identity, table facts, prose facts, chunks, checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportqa.records import CheckResult, Chunk, Fact


@dataclass
class ParsedReport:
    """Everything one report file yields, before it is written to the index.

    ``body`` is the canonical candidate derived from this report alone; the pipeline resolves it
    against the bodies already indexed (ingest.bodies.resolve_canonical) and rewrites the records.
    ``checks`` holds the within-report checks; cross-year checks (C15) need the index.
    """

    report_id: str
    source: str
    file_format: str
    body: str
    body_printed: str
    year: int
    title: str
    body_from: str
    year_from: str
    table_format: str
    facts: list[Fact] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_document(doc, report_id: str, source: str) -> ParsedReport:  # pragma: no cover - stub
    raise NotImplementedError("being written")
