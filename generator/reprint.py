"""A real sample report printed again: the blocks of a loaded document (a .txt export, a .docx:
lines with ``text``, tables with ``rows`` of cells with ``text`` and ``copy``) laid out as paragraphs
and ruled tables and printed to PDF by the same writer as generated reports, so a sample can be
scanned and read back (tests/ingest/test_ocr.py). The generator does not import ingest: blocks
are taken by their shape.

A table row with fewer cells than the table is widest keeps its values in the rightmost columns,
its first cell spanning the rest, as the exports flatten merged label cells.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .render import Cell, Grid, Layout, Para
from .render_html import write_pdf

_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九]|\d)\s*[、.．]\s*\S.{1,30}$")


def document_layout(blocks: Iterable[Any]) -> Layout:
    out: list[Para | Grid] = []
    title: list[str] = []
    for i, b in enumerate(blocks):
        if hasattr(b, "rows"):
            out.append(_grid(b))
            continue
        if not b.text.strip():
            continue
        if i < 2 and len(b.text) <= 40:
            title.append(b.text)
            out.append(Para(b.text, "title"))
        elif _HEADING.match(b.text) and not b.text.endswith("。"):
            out.append(Para(b.text, "heading"))
        else:
            out.append(Para(b.text))
    return Layout(blocks=out, title=title)


def _grid(table: Any) -> Grid:
    rows = [[c for c in row if not c.copy] for row in table.rows]
    ncols = max(len(r) for r in rows)
    out = []
    for row in rows:
        span = ncols - len(row) + 1
        cells = [Cell(row[0].text, colspan=span)]
        cells += [Cell(c.text, value=True) for c in row[1:]]
        out.append(cells)
    return Grid("sample", out, ncols)


def reprint_pdf(blocks: Iterable[Any], path: Path, seed: int = 0) -> Path:
    """Print the blocks of a document to PDF at ``path`` (needs Chromium and CJK fonts)."""
    write_pdf(document_layout(blocks), Path(path), random.Random(seed))
    return Path(path)
