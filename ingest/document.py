"""What a loader gives the parsers: the document's plain text as lines and tables, in reading order.

Loaders differ (txt, docx, html, pdf); everything after them sees only this shape. Tables are
grids of cells with merged cells resolved (a copy in every covered position, marked ``copy``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Kangxi radicals and compatibility ideographs that PDF text layers put in place of ordinary
# characters (⼈ for 人): folded to the ordinary character everywhere text enters.
_LOOKALIKES = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def fold_lookalikes(text: str) -> str:
    return _LOOKALIKES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


@dataclass(frozen=True)
class OcrBox:
    """One piece of text recognised on a page image: where it stands (pixels of the page rendered
    at ``ingest.loaders.ocr.DPI``) and how sure the recogniser was (0-1)."""

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    confidence: float
    read: str = ""  # what the recogniser returned, when ``text`` reads it otherwise (□ as 0)

    @property
    def where(self) -> str:
        return f"{self.x0},{self.y0},{self.x1},{self.y1}"


@dataclass(frozen=True)
class TextLine:
    text: str
    line: int  # 1-based: line of the source text (txt), or line on its page (pdf), or paragraph no.
    start: int  # offset of the line in Document.text
    page: int | None = None
    # a line read by OCR from a scanned page: its boxes, left to right (the text is their texts
    # joined); empty for text read from a text layer or a file
    boxes: tuple[OcrBox, ...] = ()


@dataclass(frozen=True)
class TableCell:
    text: str
    row: int  # 0-based position in the table grid
    col: int
    copy: bool = False  # repeats a merged cell whose text stands at an earlier position
    line: int | None = None  # source line (txt exports), when known
    page: int | None = None
    ocr: OcrBox | None = None  # a cell of a scanned table: its box, text and (lowest) confidence


@dataclass(frozen=True)
class Table:
    index: int  # 1-based: nth table of the document
    rows: list[list[TableCell]]
    start: int  # offset in Document.text where the table's text rendering starts
    page: int | None = None
    line: int | None = None


Block = TextLine | Table


@dataclass
class Document:
    path: str
    file_format: str  # txt / docx / doc / wps / html / pdf
    blocks: list[Block] = field(default_factory=list)
    text: str = ""  # the whole document as plain text; TextLine.start indexes into it
    encoding: str | None = None
    ocr_pages: tuple[int, ...] = ()  # pages (1-based) read by OCR: a scanned PDF

    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class DocumentBuilder:
    """Appends lines and tables while keeping ``Document.text`` and offsets consistent."""

    def __init__(self, path: str, file_format: str, encoding: str | None = None):
        self.doc = Document(path=path, file_format=file_format, encoding=encoding)
        self._parts: list[str] = []
        self._offset = 0
        self._tables = 0

    def add_line(
        self, text: str, line: int, page: int | None = None, boxes: tuple[OcrBox, ...] = ()
    ) -> None:
        text = fold_lookalikes(text.rstrip("\r\n"))
        self.doc.blocks.append(
            TextLine(text=text, line=line, start=self._offset, page=page, boxes=boxes)
        )
        self._append(text + "\n")

    def add_table(
        self, rows: list[list[TableCell]], page: int | None = None, line: int | None = None
    ) -> None:
        rows = [
            [
                TableCell(fold_lookalikes(c.text), c.row, c.col, c.copy, c.line, c.page, c.ocr)
                for c in r
            ]
            for r in rows
            if r
        ]
        if not rows:
            return
        self._tables += 1
        self.doc.blocks.append(
            Table(index=self._tables, rows=rows, start=self._offset, page=page, line=line)
        )
        rendered = "\n".join(
            " | ".join(c.text.replace("\n", " ") for c in row if not c.copy) for row in rows
        )
        self._append(rendered + "\n")

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._offset += len(s)

    def build(self) -> Document:
        self.doc.text = "".join(self._parts)
        return self.doc
