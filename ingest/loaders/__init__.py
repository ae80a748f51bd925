"""Loaders: turn a report file (.txt, .docx, .doc/.wps, .html/.htm, .pdf) into a ``Document``.

``load_document`` is the only entry point. It checks the file (exists, not empty, not too large),
dispatches on the extension and guarantees that every problem comes out as one ``IngestError``
whose reason says, in Chinese, what is wrong with the file. The format modules are imported on
first use, so importing this package stays cheap (pdfplumber and python-docx load late).

This module also holds the few text helpers every loader shares: cleaning a cell or line, telling
a data grid from a layout box of prose.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.document import Document
from reportqa.errors import IngestError
from reportqa.progress import OnProgress

# read by Python alone
SUPPORTED_EXTENSIONS = (".txt", ".docx", ".html", ".htm", ".pdf")
# read after a conversion by LibreOffice (ingest.loaders.doc), which must be installed
CONVERTED_EXTENSIONS = (".doc", ".wps")
ALL_EXTENSIONS = SUPPORTED_EXTENSIONS + CONVERTED_EXTENSIONS

# extension -> (module, reason used when a library fails in a way the loader did not foresee)
_LOADERS: dict[str, tuple[str, str]] = {
    ".txt": ("ingest.loaders.txt", "无法读取文本文件（内容无法解析）"),
    ".docx": ("ingest.loaders.docx", "不是有效的 .docx 文件（文件已损坏或被截断）"),
    ".doc": ("ingest.loaders.doc", "不是有效的 .doc 文件（文件已损坏或被截断）"),
    ".wps": ("ingest.loaders.doc", "不是有效的 .wps 文件（文件已损坏或被截断）"),
    ".html": ("ingest.loaders.html", "无法解析网页文件（内容已损坏）"),
    ".htm": ("ingest.loaders.html", "无法解析网页文件（内容已损坏）"),
    ".pdf": ("ingest.loaders.pdf", "不是有效的 PDF 文件（文件已损坏或被截断）"),
}
# the loaders that report progress while they read (each page a scanned PDF reads by OCR): their
# ``load`` takes ``on_progress`` as a keyword
_REPORTING = frozenset({".pdf"})

__all__ = ["ALL_EXTENSIONS", "CONVERTED_EXTENSIONS", "SUPPORTED_EXTENSIONS", "load_document"]


def load_document(
    path: Path, max_bytes: int | None = None, *, on_progress: OnProgress | None = None
) -> Document:
    """Read one report file into a ``Document``; raise ``IngestError`` for any problem.

    ``max_bytes`` caps the file size (checked before reading). No exception other than
    ``IngestError`` leaves this function, whatever the bytes of the file are. ``on_progress``
    hears each page read by OCR.
    """
    path = Path(path)
    name = str(path)
    ext = path.suffix.lower()
    if ext not in _LOADERS:
        shown = ext or "（无扩展名）"
        raise IngestError(
            name, f"不支持的文件类型 {shown}（支持 .txt、.docx、.doc、.wps、.html、.htm、.pdf）"
        )
    data = _read_bytes(path, max_bytes)
    module_name, fallback_reason = _LOADERS[ext]
    try:
        load: Callable[..., Document] = importlib.import_module(module_name).load
        if on_progress is not None and ext in _REPORTING:
            doc = load(name, data, on_progress=on_progress)
        else:
            doc = load(name, data)
    except IngestError:
        raise
    except Exception as exc:  # a library failed on bytes we did not foresee: still one error type
        raise IngestError(name, fallback_reason) from exc
    if not doc.blocks:
        raise IngestError(name, "文件中没有可提取的文字")
    return doc


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise IngestError(name, "文件不存在") from None
    except OSError as exc:
        raise IngestError(name, _unreadable(exc)) from None
    if path.is_dir():
        raise IngestError(name, "这是一个文件夹，不是文件")
    if max_bytes is not None and st.st_size > max_bytes:
        raise IngestError(name, _too_large(st.st_size, max_bytes))
    try:
        with path.open("rb") as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(name, _unreadable(exc)) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(name, _too_large(len(data), max_bytes))
    if not data:
        raise IngestError(name, "文件为空")
    return data


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "无法读取文件（没有读取权限）"
    return f"无法读取文件（{exc.strerror or type(exc).__name__}）"


def _too_large(size: int, limit: int) -> str:
    return f"文件过大（{_size(size)}，上限 {_size(limit)}）"


def _size(n: int) -> str:
    mb = 1024 * 1024
    if n >= mb or n == 0:
        value = f"{n / mb:.1f}".removesuffix(".0")
        return f"{value} MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n} 字节"


# --- helpers shared by the format modules -------------------------------------------------------

_ARTEFACTS = re.compile(r"\[bookmark:[^\]\n]*\]")
_SPACES = re.compile(r"[ \t\x0b\x0c\u00a0\u2002-\u200b\u202f\u205f]+")


def clean_text(text: str) -> str:
    """One line or cell as the parsers want it: export artefacts removed, outer blanks stripped.

    Inner spacing is kept as printed (``2024 年`` stays), only runs of blanks become one space.
    """
    text = _ARTEFACTS.sub("", text).replace("\ufeff", "").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def is_cjk(ch: str) -> bool:
    """A character of Chinese script or full-width punctuation."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
    )


def count_cjk(text: str) -> int:
    return sum(1 for ch in text if 0x3400 <= ord(ch) <= 0x9FFF)


LONG_CELL = 60  # characters; the longest Table 3 label is under 40


def looks_like_prose(texts: Iterable[str]) -> bool:
    """True when a grid's non-empty cells are mostly long running text: a layout box, not data."""
    cells = [t for t in texts if t.strip()]
    if not cells:
        return True
    long = sum(1 for t in cells if len(t) > LONG_CELL)
    return long * 2 > len(cells)
