"""What the source viewer reads of a loaded document, and the place in it a citation marks.

The shapes of ``ingest.document`` (its blocks in reading order, each a line of text or a table;
the OCR boxes of a scanned page) as protocols: the web layer does not import the ingest package,
whose ``load_document`` and ``render_page`` the composition root hands over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Box(Protocol):
    """Where the OCR read a piece of text: pixels of the page image (``PageImage``)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> int: ...
    @property
    def y0(self) -> int: ...
    @property
    def x1(self) -> int: ...
    @property
    def y1(self) -> int: ...


class TextLine(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def page(self) -> int | None: ...
    @property
    def boxes(self) -> Sequence[Box]: ...  # a line read by OCR; empty otherwise


class TableCell(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def copy(self) -> bool: ...
    @property
    def ocr(self) -> Box | None: ...  # a cell read by OCR


class Table(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def rows(self) -> Sequence[Sequence[TableCell]]: ...
    @property
    def page(self) -> int | None: ...


class Document(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def blocks(self) -> Sequence[TextLine | Table]: ...
    @property
    def ocr_pages(self) -> Sequence[int]: ...  # the pages (1-based) read by OCR
    def lines(self) -> Sequence[TextLine]: ...


class PageImage(Protocol):
    @property
    def png(self) -> bytes: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


LoadDocument = Callable[[Path], Document]  # raises IngestError when the file cannot be read
# page n (1-based) of a PDF as the OCR saw it; None when it has no such page; raises IngestError
RenderPage = Callable[[Path, int], PageImage | None]
PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}$")


def is_table(block: TextLine | Table) -> bool:
    return hasattr(block, "rows")


@dataclass(frozen=True)
class Mark:
    """What the viewer marks: a table cell, a span of the text, or a line."""

    table: int | None = None
    row: int | None = None
    col: int | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    page: int | None = None

    @property
    def cell(self) -> bool:
        return None not in (self.table, self.row, self.col)

    @property
    def span(self) -> bool:
        return self.start is not None and self.end is not None and self.end > self.start

    @property
    def any(self) -> bool:
        return self.cell or self.span or self.line is not None
