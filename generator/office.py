"""Word 97 ``.doc`` (and ``.wps``) copies of generated ``.docx`` reports, made by LibreOffice the way
an office saves an old-format file: the tables, merged cells and figures are the .docx's."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "apt-get install -y libreoffice-writer-nogui"


def libreoffice_available() -> bool:
    return (shutil.which("soffice") or shutil.which("libreoffice")) is not None


def docx_to_doc(src: Path, dst: Path) -> Path:
    """Save ``src`` (.docx) as Word 97 at ``dst``; a ``.wps`` name gets the same bytes, as WPS
    Office's own .wps files are the Word 97 binary format."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(f"making .doc files needs LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="reportqa-gen-doc-") as tmp:
        work = Path(tmp)
        shutil.copyfile(src, work / "report.docx")
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                str(work / "out"),
                str(work / "report.docx"),
            ],
            capture_output=True,
            timeout=180,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        out = work / "out" / "report.doc"
        if not out.is_file():
            raise RuntimeError(f"LibreOffice did not convert {src.name}")
        dst = Path(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, dst)
    return dst
