"""The typed records that flow from ingest to the index to the assistant.

One provenance type is shared by chunks and facts, so every figure and every quoted sentence
can be traced to a file, a section and a locator precise enough to show the cell or the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from reportqa.values import Number, format_number, format_value

__all__ = ["format_number"]  # re-exported: the checks and the CLI write numbers with it


def stable_id(*parts: object) -> str:
    """A deterministic id: the same inputs give the same id in every run."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:20]


@dataclass(frozen=True)
class Provenance:
    """Where a fact or a chunk comes from."""

    source: str  # file name shown to users
    section: str = ""  # canonical section heading, e.g. "三、收到和处理政府信息公开申请情况"
    locator: str = ""  # human readable: "第4页 表3 第4行第10列" / "第57行"
    page: int | None = None
    line: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    col_index: int | None = None


@dataclass(frozen=True)
class Report:
    report_id: str
    path: str  # resolved path of the source file
    source: str  # file name
    sha256: str
    body: str  # canonical body
    body_printed: str  # as printed in this report
    year: int
    title: str
    file_format: str  # txt / docx / html / pdf
    body_from: str = "title"  # title / preamble / filename
    year_from: str = "title"  # title / period / text / filename
    table_format: str = "2021"  # 2021 / 2019 / mixed / none
    reader: str = ""  # the version of the reader that read it (ingest.READER_VERSION)

    def display_name(self) -> str:
        return f"{self.body_printed}{self.year}年政府信息公开工作年度报告"


@dataclass(frozen=True)
class Fact:
    """One table cell, or one figure stated in the prose."""

    report_id: str
    body: str
    body_printed: str
    year: int
    table: str  # 表2 / 表3 / 表4 / 正文
    row: str  # format labels joined by " / "
    column: str  # format labels joined by " / " ("" for prose figures)
    value: Number | None  # None for a blank or placeholder cell, or a text fact
    raw: str  # the cell or phrase as printed
    unit: str = ""
    qualifier: str = ""  # 余 / 多 / 近 / 约 / 超过 ...
    provenance: Provenance = field(default_factory=lambda: Provenance(source=""))
    row_key: str = ""  # internal key of the row, e.g. "deny.secret" or prose metric
    col_index: int | None = None
    table_format: str = ""  # 2021 / 2019 for table cells
    context: str = ""  # a prose figure: the sentence it stands in, as quoted

    @property
    def fact_id(self) -> str:
        p = self.provenance
        return stable_id(self.report_id, self.table, self.row, self.column, p.locator, self.raw)

    def shown(self) -> str:
        """The value as an answer shows it: the number with its qualifier and unit, or the
        printed text of a blank, placeholder or text cell."""
        if self.value is None:
            return self.raw
        return format_value(self.value, self.unit, self.qualifier)

    def sentence(self) -> str:
        """This one fact as a readable Chinese sentence (lexical index and display)."""
        where = f"{self.body_printed}{self.year}年报告"
        if self.table == "正文":
            return f"{where}正文：{self.row}为{self.shown()}。"
        col = f"“{self.column}”列" if self.column else ""
        return f"{where}{self.table}“{self.row}”行{col}为{self.shown()}。"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        prov = d.pop("provenance")
        d["source"] = prov["source"]
        d["locator"] = prov["locator"]
        d["section"] = prov["section"]
        d["provenance"] = prov
        return d


@dataclass(frozen=True)
class Chunk:
    """A section-aware piece of report text."""

    report_id: str
    body: str
    year: int
    section: str
    subsection: str
    text: str
    provenance: Provenance

    @property
    def chunk_id(self) -> str:
        return stable_id(self.report_id, "chunk", self.provenance.char_start, self.text)


@dataclass(frozen=True)
class CheckResult:
    """One cross-check (勾稽关系) evaluated on one report."""

    report_id: str
    check: str  # C1 ... C15, S1 ...
    scope: str  # e.g. the column or row checked
    passed: bool
    severity: str  # hard / soft
    expected: Number | None
    actual: Number | None
    detail: str  # Chinese explanation with the numbers

    @property
    def check_id(self) -> str:
        return stable_id(self.report_id, self.check, self.scope)


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
