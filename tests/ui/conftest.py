"""Fixtures of the web tests: the index of the two real samples in corpus/ (built once per
session with the hash embedder), copies of it for tests that write, the app, and live servers on
127.0.0.1 (a free port each) that the tests stop, and the PostgreSQL server of tests/pgserver.py."""

from __future__ import annotations

import random
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from reportqa.progress import Progress
from reportqa.settings import Settings
from tests.conftest import CORPUS
from tests.pgserver import database_url, postgres_server  # noqa: F401  (the tests of this folder)

STAFF_USER = "staff"
STAFF_PASSWORD = "correct horse battery"
XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)>{{7*7}}${7*7}"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def ui_settings(index_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app: the hash embedder, a staff account, no rate limit to speak of."""
    values: dict[str, Any] = {
        "index_dir": index_dir,
        "embedding_model": "hash",
        "staff_user": STAFF_USER,
        "staff_password": STAFF_PASSWORD,
        "rate_limit_per_minute": 10_000,
        "widget_frame_ancestors": "",
        "feedback_db": None,
        "upload_dir": None,
        "chroma_url": None,
    }
    values.update(overrides)
    return Settings(**values)


def variant_report(path: Path, year: int = 2023, inject: str = XSS) -> Path:
    """The Yongji sample as the report of another year, with ``inject`` in its problems
    paragraph (asked with "永吉街道{year}年存在哪些问题？")."""
    text = (CORPUS / "yongji-2024.txt").read_text(encoding="utf-8")
    text = text.replace("2025年", f"{year + 1}年").replace("2024", str(year))
    text = text.replace("但仍旧存在公开文件比例低", f"但仍旧存在{inject}公开文件比例低")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index of corpus/ (both real samples), built once; do not write to it."""
    root = tmp_path_factory.mktemp("corpus-index") / "index"
    with Index(root, HashEmbedder()) as index:
        summary = ingest_paths([CORPUS], index, progress=False)
    assert summary.ok and len(summary.ingested) == 2, summary.failed
    return root


@dataclass
class ScannedSite:
    app: Any  # the site over an index holding only the report below
    pdf: Path  # as uploaded
    report_id: str
    heard: list[Progress]  # what the upload reported, in order


SCANNED_PAGES = (3, 6)  # of the Huaian sample: 表2, and the prose that states 信息处理费 3940 元


def scanned_huaian(folder: Path) -> Path:
    """The Huaian sample with pages SCANNED_PAGES scanned (image only: read by OCR, about 6 s a
    page), the others keeping their text layer."""
    from generator.scan import scan_pages

    return scan_pages(
        CORPUS / "huaian-2024.pdf", folder / "淮安扫描件.pdf", SCANNED_PAGES, random.Random(1)
    )


@pytest.fixture(scope="session")
def scanned_site(tmp_path_factory: pytest.TempPathFactory) -> ScannedSite:
    """The scanned Huaian sample uploaded through the staff upload into an index of its own (the
    text sample is the same body and year), and the site over that index; do not write to it."""
    from ingest.loaders import ocr

    if not ocr.available():
        pytest.skip(f"scanned PDFs need {ocr.PACKAGE}")
    root = tmp_path_factory.mktemp("scanned-site")
    pdf = scanned_huaian(root)
    with Index(root / "index", HashEmbedder()):
        pass
    app = build_app(
        ui_settings(root / "index", feedback_db=root / "fb.sqlite", upload_dir=root / "uploads")
    )
    heard: list[Progress] = []
    outcome = app.state.services.uploader.store_path(pdf.name, pdf, heard.append)
    assert outcome.report is not None and not outcome.unchanged
    return ScannedSite(app, pdf, outcome.report.report.report_id, heard)


@pytest.fixture
def index_copy(corpus_index: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus index, for tests that upload or vote."""
    dest = tmp_path / "index"
    shutil.copytree(corpus_index, dest)
    return dest


def build_app(settings: Settings, **kw: Any):
    """The whole site as ``reportqa serve`` builds it (through the composition root), without
    warming the models up."""
    from reportqa.app import build_web_app

    return build_web_app(settings, warm_up=False, **kw)


@pytest.fixture
def make_app():
    return build_app


@contextmanager
def client_for(app) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(scope="module")
def shared_client(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """One app over the corpus index for read-only API tests (feedback in its own tmp dir)."""
    fb = tmp_path_factory.mktemp("feedback") / "feedback.sqlite"
    app = build_app(ui_settings(corpus_index, feedback_db=fb, upload_dir=fb.parent / "uploads"))
    with client_for(app) as client:
        yield client


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1 (a free port) in a thread, until ``stop``."""

    def __init__(self, app: Any):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@contextmanager
def live_server(app: Any) -> Iterator[LiveServer]:
    server = LiveServer(app).start()
    try:
        yield server
    finally:
        server.stop()


def basic(user: str = STAFF_USER, password: str = STAFF_PASSWORD) -> tuple[str, str]:
    return (user, password)


def error_of(response) -> dict[str, str]:
    """The error of a response, asserting the one shape: {"error": {"code", "message"}}."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium "
            "(scripts/system-deps.sh installs it)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need playwright (pip install playwright)"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []  # any alert() would land here: the XSS tests assert it stays empty
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
