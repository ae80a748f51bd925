"""Word 97–2003 ``.doc`` and WPS ``.wps``: converted to ``.docx`` by LibreOffice (headless), then
read by the .docx loader, so real tables with merged cells come out as they do from a .docx.

The conversion runs in a temporary directory with its own LibreOffice profile (conversions may run
side by side) and a time limit. A ``.doc`` that is really a ``.docx`` (a renamed file) goes to the
.docx loader directly. LibreOffice is found on ``PATH`` (``soffice`` or ``libreoffice``); without it
the file fails with an error that names the Debian package to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.document import Document
from ingest.loaders import docx as docx_loader
from reportqa.errors import IngestError

LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_S = 180
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# the name of the main stream of a Word 97 (and WPS Office) file in the OLE directory (UTF-16LE)
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# what else Word and WPS save under .doc: rich text, and web pages (单个文件网页, HTML)
_OTHER_WORD = (b"{\\rtf", b"MIME-Version", b"<html", b"<HTML", b"<?xml", b"<!DOCTYPE")


def missing_libreoffice(ext: str) -> str:
    return (
        f"无法读取 {ext} 文件：没有找到 LibreOffice（转换 {ext} 需要它）。"
        f"请安装 Debian 软件包 {LIBREOFFICE_PACKAGE}（apt-get install {LIBREOFFICE_PACKAGE}）后重新导入"
    )


def not_word(ext: str) -> str:
    kind = "WPS 文字文档" if ext == ".wps" else "Word 97–2003 文档"
    return f"不是有效的 {ext} 文件（不是 {kind}，文件可能已损坏）"


def failed(ext: str) -> str:
    return f"LibreOffice 无法转换这个 {ext} 文件（文件已损坏、加密，或不是文字处理文档）"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def load(path: str, data: bytes) -> Document:
    ext = Path(path).suffix.lower() or ".doc"
    fmt = ext.lstrip(".")
    if data.startswith(_ZIP_MAGIC):  # a .docx saved under the old extension
        doc = docx_loader.load(path, data)
        doc.file_format = fmt
        return doc
    head = data[:512].lstrip(b"\xef\xbb\xbf \r\n\t")
    word97 = data.startswith(_OLE_MAGIC) and _WORD_STREAM in data
    if word97:
        infilter = "MS Word 97"
    elif (data.startswith(_OLE_MAGIC) and ext == ".wps") or head.startswith(_OTHER_WORD):
        infilter = None  # Works .wps, rich text, a web page: LibreOffice tells them apart
    else:
        # an OLE file without a Word stream (or any other bytes) would be imported as text
        raise IngestError(path, not_word(ext))
    converted = to_docx(path, data, ext, infilter)
    doc = docx_loader.load(path, converted)
    doc.file_format = fmt
    return doc


def to_docx(path: str, data: bytes, ext: str, infilter: str | None = None) -> bytes:
    """The bytes of the .docx LibreOffice makes of ``data``; IngestError when it cannot."""
    soffice = soffice_path()
    if soffice is None:
        raise IngestError(path, missing_libreoffice(ext))
    with tempfile.TemporaryDirectory(prefix="reportqa-doc-") as tmp:
        work = Path(tmp)
        src = work / f"report{ext}"  # an ASCII name: the original may hold any characters
        src.write_bytes(data)
        out = work / "out"
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            *([f"--infilter={infilter}"] if infilter else []),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            subprocess.run(
                cmd,
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired:
            raise IngestError(
                path, f"LibreOffice 转换 {ext} 文件超时（超过 {TIMEOUT_S} 秒），文件可能已损坏"
            ) from None
        except OSError as exc:
            raise IngestError(path, f"无法启动 LibreOffice（{exc.strerror or exc}）") from None
        result = out / "report.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise IngestError(path, failed(ext))
        return result.read_bytes()
