"""Uploads of new reports (staff only), for the HTTP API and the staff workspace alike.

A file is checked before anything is written: the extension (one the loaders read), the size
(``settings.max_upload_mb``), the first bytes (a .pdf must start as a PDF, a .docx as a zip), and
its name is sanitised (no folders, no hidden files, only letters, digits and a few marks). It is
then kept in ``upload_dir`` (the index refers to it; a file of the same name is a new version of
that report and replaces it) and ingested like ``reportqa ingest`` does, through the
``ingest_file`` callable and the ``extensions`` the composition root (:mod:`reportqa.app`) hands
over: the web layer never imports the ingest package itself. Each stage is reported as it begins
(``reportqa.progress``): the file's checks here, then the ingest's own (read, each page read by
OCR, parse, check, embed, write). A file that cannot be ingested is
removed again (the previous version, if any, is put back).

One upload is ingested at a time in this process; another ``reportqa ingest`` on the same index
makes it fail fast with a clear message (the index's write lock).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from reportqa.errors import IndexError_
from reportqa.index.factsdb import ReportRow
from reportqa.progress import OnProgress, Progress, Stage, ignore
from reportqa.records import CheckResult

_UNSAFE = re.compile(r"[^\w\-.()]+")  # after NFKC: full-width marks are ASCII
_CHUNK = 1 << 16


class IngestSummary(Protocol):
    """What the upload reads of an ingest's outcome (``ingest.pipeline.IngestSummary``)."""

    ingested: Sequence[Any]  # the files read and written (empty: the same file was indexed)
    failed: Sequence[Any]  # the files that could not be ingested, each with a ``reason``
    failed_checks: Sequence[CheckResult]
    warnings: Sequence[str]


# ingest one stored file into the index (the root binds the index and the size limit), telling
# the listener each stage as it begins; raises IndexError_ when another writer holds the index
IngestFile = Callable[[Path, OnProgress], IngestSummary]


class UploadError(Exception):
    """A rejected upload: ``status`` 400 / 413 / 409, a stable ``code``, a Chinese message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class UploadOutcome:
    name: str  # the sanitised file name it is stored under
    report: ReportRow | None = None
    unchanged: bool = False  # the same file was already indexed
    failed_checks: list[CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def safe_filename(name: str, extensions: Sequence[str]) -> str:
    """``name`` without folders and unsafe characters, with one of ``extensions``; raises
    UploadError(400) otherwise. Chinese letters are kept: report names are Chinese."""
    base = unicodedata.normalize("NFKC", name or "").replace("\\", "/").split("/")[-1].strip()
    stem, dot, ext = base.rpartition(".")
    ext = (dot + ext).lower() if dot else ""
    if ext not in extensions:
        shown = ext or "（无扩展名）"
        raise UploadError(
            400,
            "bad_extension",
            f"不支持的文件类型 {shown}：只能上传 {'、'.join(extensions)} 格式的报告。",
        )
    stem = _UNSAFE.sub("_", stem).strip("._ ")[:80].strip("._ ")
    return (stem or "report") + ext


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_content(name: str, head: bytes) -> None:
    """Refuse a file whose first bytes do not match its extension."""
    ext = os.path.splitext(name)[1].lower()
    if not head:
        raise UploadError(400, "empty_file", f"文件 {name} 是空的。")
    ok = True
    if ext == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif ext == ".docx":
        ok = head.startswith(b"PK\x03\x04")
    elif ext in (".doc", ".wps"):
        # Word 97 / WPS (OLE), a .docx renamed, or what Word also saves as .doc (RTF, a web page)
        ok = head.startswith((_OLE, b"PK\x03\x04", b"{\\rtf")) or head.lstrip()[:1] == b"<"
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        ok = False  # binary data under a text extension
    if not ok:
        raise UploadError(
            400, "bad_content", f"文件 {name} 的内容与扩展名 {ext} 不符，请检查是否选错了文件。"
        )


class Uploader:
    """Keeps and ingests uploaded files. ``ingest_file`` ingests one kept file into ``index``;
    ``extensions`` are the ones it reads (lower case, with the dot)."""

    def __init__(
        self,
        index: Any,
        upload_dir: Path,
        max_bytes: int,
        *,
        ingest_file: IngestFile,
        extensions: Sequence[str],
    ):
        self.index = index
        self.upload_dir = Path(upload_dir)
        self.max_bytes = max_bytes
        self.ingest_file = ingest_file
        self.extensions = tuple(e.lower() for e in extensions)
        self._lock = threading.Lock()

    @property
    def max_mb(self) -> float:
        return self.max_bytes / (1024 * 1024)

    def _too_large(self, name: str) -> UploadError:
        return UploadError(
            413, "file_too_large", f"文件 {name} 超过了 {self.max_mb:g} MB 的上传上限。"
        )

    def store(
        self, original_name: str, src: BinaryIO, on_progress: OnProgress | None = None
    ) -> UploadOutcome:
        """Check, keep and ingest one file read from ``src``; ``on_progress`` hears each stage
        as it begins."""
        progress = on_progress or ignore
        progress(Progress(Stage.RECEIVE))
        name = safe_filename(original_name, self.extensions)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            incoming = self.upload_dir / f".incoming-{threading.get_ident()}-{name}"
            try:
                size = 0
                head = b""
                with open(incoming, "wb") as out:
                    while block := src.read(_CHUNK):
                        if not head:
                            head = block[:8192]
                        size += len(block)
                        if size > self.max_bytes:
                            raise self._too_large(name)
                        out.write(block)
                check_content(name, head)
                return self._ingest(name, incoming, progress)
            finally:
                incoming.unlink(missing_ok=True)

    def store_path(
        self, original_name: str, path: Path, on_progress: OnProgress | None = None
    ) -> UploadOutcome:
        if Path(path).stat().st_size > self.max_bytes:
            raise self._too_large(safe_filename(original_name, self.extensions))
        with open(path, "rb") as src:
            return self.store(original_name, src, on_progress)

    def _ingest(self, name: str, incoming: Path, progress: OnProgress) -> UploadOutcome:
        dest = self.upload_dir / name
        backup = self.upload_dir / f".previous-{name}"
        had_previous = dest.exists()
        if had_previous:
            os.replace(dest, backup)
        os.replace(incoming, dest)
        try:
            summary = self.ingest_file(dest, progress)
        except IndexError_ as e:
            self._restore(dest, backup, had_previous)
            raise UploadError(409, "index_busy", str(e)) from e
        except BaseException:
            self._restore(dest, backup, had_previous)
            raise
        if summary.failed:
            self._restore(dest, backup, had_previous)
            reason = summary.failed[0].reason
            raise UploadError(400, "ingest_failed", f"文件 {name} 无法导入：{reason}")
        report = self.index.facts.get_report_by_path(dest.resolve())
        if report is None and not summary.ingested:
            # the same bytes are indexed from another file: one report, not two
            self._restore(dest, backup, had_previous)
            said = summary.warnings[-1].split(": ", 1)[-1] if summary.warnings else ""
            raise UploadError(409, "duplicate", f"文件 {name} 未导入：{said}")
        backup.unlink(missing_ok=True)
        # the checks as the index holds them, for a new file and an unchanged one alike (an
        # unchanged file is not read again, so the ingest summary has none of its checks; the
        # index also holds the checks against the year before)
        failed = (
            self.index.facts.checks(report_id=report.report.report_id, failed_only=True)
            if report is not None
            else list(summary.failed_checks)
        )
        return UploadOutcome(
            name=name,
            report=report,
            unchanged=not summary.ingested,
            failed_checks=failed,
            warnings=list(summary.warnings),
        )

    @staticmethod
    def _restore(dest: Path, backup: Path, had_previous: bool) -> None:
        dest.unlink(missing_ok=True)
        if had_previous:
            os.replace(backup, dest)
