"""Ingest: files and folders in, the index written. One file at a time, each in its own
transaction, so a failure or a crash never costs what is already indexed.

Per file: load -> parse -> resolve the canonical body -> cross-year checks (C15) -> embed ->
vectors upserted FIRST -> facts database committed LAST (one transaction, ``complete = 1``).

Crash safety. SQLite is transactional, so a kill at any point leaves each report either in its
old committed version or in its new one. Chroma is not part of that transaction: before its
vectors change, a stored report is flagged ``complete = 0``; a killed run can therefore leave
extra vectors (of an uncommitted report, or of a flagged one). The next run re-ingests every
report that is not complete or not stored, first deleting its vectors that are not in the new
version, then upserting (deterministic ids: no duplicates). Readers keep only vector hits of
reports committed complete in the facts database (``Index.vector_search``).

Folders are expanded recursively to the files with a supported extension; other files in a
folder (and hidden files) are listed in ``IngestSummary.ignored``, not failed. A file named
explicitly is always attempted, so an unsupported one fails with the loader's message.

Errors: an ``IngestError`` (or any unexpected exception) in one file is recorded in
``IngestSummary.failed`` and the run goes on. A ``ConfigError`` or ``IndexError_`` (the model is
missing, the database is locked, the disk is full) concerns the whole index and ends the run.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from ingest.bodies import resolve_canonical
from ingest.checks import cross_year_checks
from ingest.loaders import ALL_EXTENSIONS, load_document
from ingest.parse import ParsedReport, parse_document
from reportqa.errors import ConfigError, IndexError_, IngestError
from reportqa.index import Index
from reportqa.index.factsdb import ReportRow, unique_by
from reportqa.index.vectors import chunk_entry, fact_entries
from reportqa.progress import OnProgress, Progress, Stage, ignore
from reportqa.records import CheckResult, Report, stable_id

# The checks that compare a report with the previous year's; recomputed when either year changes.
CROSS_YEAR_CHECKS = ("C15", "S3")
# the version of what reading a report yields: a report read by another version is read again even
# when its file is unchanged (raise it whenever parsing adds or changes facts, chunks or checks)
READER_VERSION = "2026.12-scans-2"  # + OCR, .doc/.wps, 统计表 (cited under its printed heading)
# the ids of reports whose vectors a run killed now would leave without rows (_drop_orphans)
PENDING_META = "ingest_pending_reports"
# Test hook: SIGKILL this process right after the Nth file's vectors are upserted (before its
# facts are committed), to exercise crash recovery at the worst point deterministically.
KILL_AFTER_UPSERTS_ENV = "REPORTQA_TEST_KILL_AFTER_UPSERTS"


@dataclass(frozen=True)
class FileFailure:
    path: str
    reason: str


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)  # paths written in this run
    skipped: list[str] = field(default_factory=list)  # unchanged since they were indexed
    moved: list[str] = field(default_factory=list)  # indexed from another folder: path updated
    failed: list[FileFailure] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)  # removed: their file no longer exists
    ignored: list[str] = field(default_factory=list)  # in a folder, with an unsupported type
    facts: int = 0  # written in this run
    chunks: int = 0
    failed_checks: list[CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def reports(self) -> int:
        return len(self.ingested)

    @property
    def ok(self) -> bool:
        return not self.failed


def ingest_paths(
    paths: Iterable[Path | str],
    index: Index,
    prune: bool = False,
    progress: bool = True,
    *,
    max_bytes: int | None = None,
    on_progress: OnProgress | None = None,
) -> IngestSummary:
    """Ingest files and folders into ``index``; embeds when ``index.embedder`` is set.
    ``max_bytes`` caps a file's size (settings.max_file_mb). ``on_progress`` hears each stage of
    each file read as it begins (read, each OCR page, parse, check, embed, write); ``progress``
    is the terminal's bar of files."""
    summary = IngestSummary()
    files, summary.ignored = expand_paths(paths)
    after_upsert = _kill_hook(int(os.environ.get(KILL_AFTER_UPSERTS_ENV, "0") or 0))
    bar = tqdm(files, desc="导入报告", unit="份", file=sys.stderr, disable=not progress)
    with index.write_lock(), bar:
        _drop_orphans(index)
        for path in bar:
            bar.set_postfix_str(path.name, refresh=False)
            try:
                _ingest_file(path, index, summary, max_bytes, after_upsert, on_progress or ignore)
            except (ConfigError, IndexError_):
                raise  # the index or the settings, not this file: stop the run
            except IngestError as e:
                summary.failed.append(FileFailure(str(path), e.reason))
            except Exception as e:
                summary.failed.append(FileFailure(str(path), f"内部错误: {type(e).__name__}: {e}"))
        if prune:
            for row in index.facts.list_reports():
                if not Path(row.report.path).exists():
                    index.delete_report(row.report.report_id)
                    summary.pruned.append(row.report.path)
    return summary


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """The files to ingest (resolved, de-duplicated, folders sorted) and the ignored ones."""
    supported = {e.lower().lstrip(".") for e in ALL_EXTENSIONS}
    files: list[Path] = []
    ignored: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if not f.is_file() or any(part.startswith((".", "~$")) for part in rel):
                    continue
                if f.suffix.lower().lstrip(".") in supported:
                    files.append(f.resolve())
                else:
                    ignored.append(str(f))
        else:
            files.append(p.resolve())
    return list(dict.fromkeys(files)), ignored


def report_id_of(sha256: str) -> str:
    """A report is keyed by its content, not its place: moving the corpus folder re-keys nothing
    (the path is an attribute, updated when the same file turns up elsewhere)."""
    return stable_id(sha256)


def file_report_id(path: Path) -> str:
    """The id the report in ``path`` is (or would be) indexed under."""
    return report_id_of(_sha256(path))


def _ingest_file(
    path: Path,
    index: Index,
    summary: IngestSummary,
    max_bytes: int | None,
    after_upsert: Callable[[], None],
    on_progress: OnProgress = ignore,
) -> None:
    if not path.is_file():
        raise IngestError(str(path), "文件不存在")
    sha256 = _sha256(path)
    report_id = report_id_of(sha256)
    stored = index.facts.get_report(report_id)
    embedder = index.embedder
    embed = embedder is not None
    if stored is not None and stored.report.path != str(path):
        if Path(stored.report.path).exists():
            summary.skipped.append(str(path))
            summary.warnings.append(
                f"{path.name}: 与已导入的 {stored.report.path} 内容完全相同，是同一份报告，未重复导入"
            )
            return
        if stored.report.source == path.name and _unchanged(stored, sha256, embed):
            index.facts.move_report(report_id, str(path))
            summary.moved.append(str(path))
            return
    elif _unchanged(stored, sha256, embed):
        summary.skipped.append(str(path))
        return
    # the file's earlier content, replaced once this version is read
    before = index.facts.get_report_by_path(path)
    earlier = before.report.report_id if before and before.report.report_id != report_id else None

    on_progress(Progress(Stage.READ))
    doc = load_document(path, max_bytes, on_progress=on_progress)
    on_progress(Progress(Stage.PARSE))
    parsed = parse_document(doc, report_id, path.name, on_progress=on_progress)
    canonical = resolve_canonical(parsed.body_printed, index.facts.known_bodies()) or parsed.body
    parsed = _with_body(parsed, canonical)
    _one_report_per_body_year(index, canonical, parsed.year, report_id, path)
    parsed.checks = [c for c in parsed.checks if c.check not in CROSS_YEAR_CHECKS]
    parsed.checks += _previous_year_checks(index, parsed)
    report = Report(
        report_id=report_id,
        path=str(path),
        source=path.name,
        sha256=sha256,
        body=canonical,
        body_printed=parsed.body_printed,
        year=parsed.year,
        title=parsed.title,
        file_format=parsed.file_format,
        body_from=parsed.body_from,
        year_from=parsed.year_from,
        table_format=parsed.table_format,
        reader=READER_VERSION,
    )

    # vectors that no row will name should the run die here: a new report's before its commit,
    # the file's earlier content's after it (see _drop_orphans)
    pending = ([report_id] if stored is None and embed else []) + ([earlier] if earlier else [])
    if not (embed or index.has_vectors):
        pending = []  # no vector store: nothing to leave behind
    if pending:
        index.facts.set_meta(PENDING_META, " ".join(pending))
    if embedder is not None:
        on_progress(Progress(Stage.EMBED))
        entries = fact_entries(parsed.facts) + [chunk_entry(c) for c in parsed.chunks]
        embeddings = index.embed_entries(entries)
        if stored is not None:
            index.facts.mark_incomplete(report_id)
        index.replace_vectors(report_id, entries, embeddings)
        after_upsert()
    elif index.has_vectors and (stored is None or stored.embedded or not stored.complete):
        # fact-only ingest: vectors of an older version (or of a killed run) must not linger
        if stored is not None:
            index.facts.mark_incomplete(report_id)
        index.vectors.delete_report(report_id)

    # the next year's report, if indexed, compares itself with this one: in the same commit
    on_progress(Progress(Stage.WRITE))
    following = []
    for row in index.facts.list_reports(body=canonical, year=parsed.year + 1):
        nxt = row.report.report_id
        results = cross_year_checks(parsed.facts, index.facts.facts(report_id=nxt), nxt)
        following.append((nxt, CROSS_YEAR_CHECKS, results))
    index.facts.replace_report(
        parsed, report, embedded=embed, other_checks=following, replaces=earlier
    )
    if earlier is not None and index.has_vectors:
        index.vectors.delete_report(earlier)  # its rows went in the commit above
    if pending:
        index.facts.set_meta(PENDING_META, "")

    summary.ingested.append(str(path))
    summary.facts += len(parsed.facts)
    summary.chunks += len(parsed.chunks)
    summary.failed_checks += [c for c in parsed.checks if not c.passed]
    summary.warnings += [f"{path.name}: {w}" for w in parsed.warnings]


def _one_report_per_body_year(
    index: Index, body: str, year: int, report_id: str, path: Path
) -> None:
    """One report per body and year: figures would otherwise be counted twice. A report whose
    file is gone (renamed or moved) is replaced; one whose file still exists keeps its place,
    and the new file fails with a message naming both."""
    for row in index.facts.list_reports(body=body, year=year):
        other = row.report
        if other.report_id == report_id or other.path == str(path):
            continue  # this report, or this file's earlier content (replaced by the caller)
        if Path(other.path).exists():
            raise IngestError(
                str(path),
                f"与已导入的 {other.path} 是同一机关（{other.body_printed}）同一年度（{year}年）的报告，"
                "未导入；如要替换，请删除旧文件后运行 reportqa ingest --prune",
            )
        index.delete_report(other.report_id)


def _drop_orphans(index: Index) -> None:
    """The vectors a killed run left that no row names: a new report's whose rows were never
    committed (the file may have changed back meanwhile), or the replaced version's whose rows
    went in the last commit."""
    pending = (index.facts.get_meta(PENDING_META) or "").split()
    for report_id in pending:
        if index.facts.get_report(report_id) is None and index.has_vectors:
            index.vectors.delete_report(report_id)
    if pending:
        index.facts.set_meta(PENDING_META, "")


def _kill_hook(after: int) -> Callable[[], None]:
    """The test hook of KILL_AFTER_UPSERTS_ENV: a SIGKILL after the ``after``-th upsert."""
    done = 0

    def hook() -> None:
        nonlocal done
        done += 1
        if after and done >= after:  # pragma: no cover - the process dies here
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def _unchanged(stored: ReportRow | None, sha256: str, embed: bool) -> bool:
    return (
        stored is not None
        and stored.complete
        and stored.report.sha256 == sha256
        and stored.report.reader == READER_VERSION
        and (stored.embedded or not embed)
    )


def _with_body(parsed: ParsedReport, body: str) -> ParsedReport:
    """The parsed report with every record carrying the canonical body; fact and chunk ids are
    unique (the first record of an id wins: ids are what the stores key on)."""
    return replace(
        parsed,
        body=body,
        facts=unique_by([replace(f, body=body) for f in parsed.facts], lambda f: f.fact_id),
        chunks=unique_by([replace(c, body=body) for c in parsed.chunks], lambda c: c.chunk_id),
        checks=list(parsed.checks),
    )


def _previous_year_checks(index: Index, parsed: ParsedReport) -> list[CheckResult]:
    rows = index.facts.list_reports(body=parsed.body, year=parsed.year - 1)
    rows = [r for r in rows if r.report.report_id != parsed.report_id]
    if not rows:
        return []
    prev = index.facts.facts(report_id=rows[0].report.report_id)
    return cross_year_checks(prev, parsed.facts, parsed.report_id)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
