"""Shared fixtures, and a tiny "fake report" format for testing the index and the pipeline
without depending on what the real parser makes of a real report.

A fake report is a .txt file (read by the real txt loader; fields are separated by
"；" because the loader reads "|" and tabs as table cells) whose lines are::

    主体：甲街道办事处
    年度：2024
    事实：表3；一、本年新收政府信息公开申请数量；总计；5[；row_key；col_index]
    校验：C1；表3“总计”列；5；4；0          (check, scope, expected, actual, passed)
    警告：……
    慢：0.3                            (sleep that many seconds while parsing)
    崩溃                                (raise RuntimeError: an unexpected error)
    any other line                      (one chunk of text)

:func:`fake_parse_document` parses it; tests monkeypatch ``ingest.pipeline.parse_document``
with it, and :data:`FAKE_CLI` runs ``reportqa`` in a subprocess with it.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ingest.document import Document
from ingest.parse import ParsedReport
from reportqa.errors import IngestError
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from reportqa.records import CheckResult, Chunk, Fact, Provenance

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# python -c FAKE_CLI ingest ...: the reportqa command with the fake parser.
FAKE_CLI = (
    "import sys; import ingest.pipeline as p; from tests.conftest import fake_parse_document; "
    "p.parse_document = fake_parse_document; from reportqa.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def _num(s: str) -> int | float | None:
    s = s.strip()
    if not s:
        return None
    return float(s) if "." in s else int(s)


def fake_parse_document(
    doc: Document, report_id: str, source: str, *, on_progress: Any = None
) -> ParsedReport:
    body = ""
    year = 0
    facts: list[Fact] = []
    chunks: list[Chunk] = []
    checks: list[CheckResult] = []
    warnings: list[str] = []
    for ln in doc.lines():
        text = ln.text.strip()
        key, _, rest = text.partition("：")
        if not text:
            continue
        if key == "主体":
            body = rest
        elif key == "年度":
            year = int(rest)
        elif key == "事实":
            parts = rest.split("；")
            table, row, column, raw = parts[:4]
            row_key = parts[4] if len(parts) > 4 else ""
            col_index = int(parts[5]) if len(parts) > 5 else None
            facts.append(
                Fact(
                    report_id=report_id,
                    body=body,
                    body_printed=body,
                    year=year,
                    table=table,
                    row=row,
                    column=column,
                    value=_num(raw),
                    raw=raw,
                    unit="件",
                    provenance=Provenance(
                        source=source,
                        section="三、收到和处理政府信息公开申请情况",
                        locator=f"第{ln.line}行",
                        line=ln.line,
                    ),
                    row_key=row_key,
                    col_index=col_index,
                    table_format="2021",
                )
            )
        elif key == "校验":
            check, scope, expected, actual, passed = rest.split("；")
            checks.append(
                CheckResult(
                    report_id,
                    check,
                    scope,
                    passed == "1",
                    "hard",
                    _num(expected),
                    _num(actual),
                    f"{scope}：应为{expected}，实为{actual}",
                )
            )
        elif key == "警告":
            warnings.append(rest)
        elif key == "慢":
            time.sleep(float(rest))
        elif text == "崩溃":
            raise RuntimeError("boom")
        else:
            chunks.append(
                Chunk(
                    report_id=report_id,
                    body=body,
                    year=year,
                    section="一、总体情况",
                    subsection="",
                    text=text,
                    provenance=Provenance(
                        source=source,
                        section="一、总体情况",
                        locator=f"第{ln.line}行",
                        line=ln.line,
                        char_start=ln.start,
                        char_end=ln.start + len(ln.text),
                    ),
                )
            )
    if not body or not year:
        raise IngestError(source, "没有找到报告的主体和年度")
    return ParsedReport(
        report_id=report_id,
        source=source,
        file_format=doc.file_format,
        body=body,
        body_printed=body,
        year=year,
        title=f"{body}{year}年政府信息公开工作年度报告",
        body_from="title",
        year_from="title",
        table_format="2021",
        facts=facts,
        chunks=chunks,
        checks=checks,
        warnings=warnings,
    )


def write_fake(path: Path, body: str, year: int, *lines: str, new: int = 5) -> Path:
    """A fake report with a Table 3 fact, a passing check and the given extra lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = [
        f"主体：{body}",
        f"年度：{year}",
        f"事实：表3；一、本年新收政府信息公开申请数量；总计；{new}；new；6",
        f"校验：C1；表3“总计”列；{new}；{new}；1",
        f"{year}年，{body}主动公开政府信息，政务新媒体发布解读信息。",
        *lines,
    ]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.pipeline

    monkeypatch.setattr(ingest.pipeline, "parse_document", fake_parse_document)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def index(tmp_path: Path, hash_embedder: HashEmbedder):
    with Index(tmp_path / "index", hash_embedder) as ix:
        yield ix


def snapshot(index: Index) -> dict[str, Any]:
    """Everything an index holds that must not depend on how often or in what order (or with
    how many crashes) it was built: ids, contents and bookkeeping, without timestamps."""
    db = index.facts
    reports = sorted(
        (
            r.report.report_id,
            r.report.sha256,
            r.report.body,
            r.report.year,
            r.n_facts,
            r.n_chunks,
            r.complete,
            r.embedded,
        )
        for r in db.list_reports()
    )
    with db.reading() as conn:
        lexical_rows = sorted(conn.execute("SELECT doc_id, report_id, kind, tokens FROM lexical"))
    return {
        "reports": reports,
        "facts": sorted((f.fact_id, f.value, f.raw, f.body) for f in db.facts()),
        "chunks": sorted((c.chunk_id, c.text) for c in db.chunks()),
        "checks": sorted(
            (c.check_id, c.passed, c.expected, c.actual) for c in db.checks(failed_only=False)
        ),
        "lexical": lexical_rows,
        "vectors": index.vectors.all_ids() if index.has_vectors else [],  # type: ignore[attr-defined]
        "embedding_model": index.embedding_model,
    }


def count_reports(db_path: Path) -> int:
    """Committed reports, read by a separate read-only connection (safe while another process
    writes: WAL)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM reports WHERE complete = 1").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


# -- a Chroma server (``chroma run``) on loopback ----------------------------------------------

CHROMA_BIN = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    """The URL of a real Chroma server listening on 127.0.0.1, for the tests of one module."""
    if not Path(CHROMA_BIN).exists():
        pytest.skip("the chroma command is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [CHROMA_BIN, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the Chroma server did not start")
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
