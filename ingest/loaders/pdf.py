"""PDF (pdfplumber): data tables from the ruling lines, the rest of the page as text lines.

A page without a usable text layer (none, or mostly glyphs without a Unicode mapping, private-use
glyphs or mojibake) is a scan: it is read by OCR (``ingest.loaders.ocr``) into the same shapes, ruled
tables as grids (from the rules seen in the image) and the rest as text lines, every cell and line
keeping its boxes and confidence, for the same table reader; the Document lists those pages in
``ocr_pages``.

Per page: ``find_tables()``; a table of one column, or of mostly long prose, is a box around
text, not data, and stays in the text. The page's text outside the data tables becomes lines, and
tables and lines are put in reading order by their top coordinate. A table continued over a page
break comes out as two tables in a row: the parser joins them. Page numbers (``- 3 -``,
``第 3 页``, ``3/6``) are dropped.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from ingest.document import Document, DocumentBuilder, TableCell
from ingest.loaders import clean_text, is_cjk, looks_like_prose
from reportqa.errors import IngestError
from reportqa.progress import OnProgress, Progress, Stage, ignore

CORRUPT = "不是有效的 PDF 文件（文件已损坏或被截断）"
ENCRYPTED = "PDF 文件已加密，需要密码才能打开（请提供未加密的版本）"
NO_TEXT = "PDF 中没有可提取的文字（可能是扫描件）"

_PAGE_NUMBER = [
    re.compile(r"^[-—–－]\s*\d{1,4}\s*[-—–－]$"),
    re.compile(r"^第\s*\d{1,4}\s*页(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$"),
    re.compile(r"^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$"),
    re.compile(r"^(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}$", re.I),
]

_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_MARGIN = 0.08  # share of the page height where a bare number is a page number


@dataclass
class _Item:
    top: float
    text: str | None = None  # a line
    rows: list[list[TableCell]] | None = None  # or a table


def load(path: str, data: bytes, *, on_progress: OnProgress = ignore) -> Document:
    """The document of a PDF; ``on_progress`` hears each scanned page as its OCR begins."""
    head = data[:1024]
    if b"%PDF-" not in head:
        raise IngestError(path, CORRUPT)
    if b"%%EOF" not in data[-8192:]:
        raise IngestError(path, CORRUPT)  # truncated: the end-of-file marker is missing
    import pdfplumber  # late: only PDFs need it

    # pdfminer logs a warning for every odd operator in a damaged content stream; the loader
    # reports what matters through IngestError, so only its errors are let through (set here,
    # when a PDF is read, not as a side effect of importing this module)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    builder = DocumentBuilder(path, "pdf")
    scanned: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            scanned = [i for i, page in enumerate(pdf.pages, start=1) if not _has_text(page)]
            ocr = _Ocr(path, data, len(scanned), on_progress) if scanned else None
            try:
                for page_no, page in enumerate(pdf.pages, start=1):
                    if ocr is not None and page_no in scanned:
                        ocr.page(builder, page_no)
                    else:
                        _page(builder, page, page_no)
                    page.close()  # drop the page's cached layout objects
            finally:
                if ocr is not None:
                    ocr.close()
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path, ENCRYPTED if _is_password_error(exc) else CORRUPT) from exc
    doc = builder.build()
    doc.ocr_pages = tuple(scanned)
    if not doc.blocks:
        raise IngestError(path, NO_TEXT)
    return doc


_MIN_CHARS = 5  # a page with fewer real characters in its text layer is read by OCR


def _has_text(page) -> bool:
    """A usable text layer: some real characters, and few glyphs without a Unicode mapping."""
    chars = page.chars
    if not chars:
        return False
    bad = good = 0
    for c in chars:
        t = c.get("text", "")
        if (
            t.startswith("(cid:")
            or t == "\ufffd"
            or any(0xE000 <= ord(x) <= 0xF8FF or 0x80 <= ord(x) <= 0x24F for x in t)
        ):
            bad += 1  # no Unicode mapping, a private glyph, or mojibake (Ê½ for 式)
        elif t.strip():
            good += 1
    return good >= _MIN_CHARS and bad <= 0.3 * (good + bad)


class _Ocr:
    """The scanned pages of one PDF, read by OCR with a progress bar (a terminal's), each page
    announced to ``on_progress`` as its OCR begins ("文字识别 第 n/m 页")."""

    def __init__(self, path: str, data: bytes, n_pages: int, on_progress: OnProgress = ignore):
        from tqdm import tqdm

        from ingest.loaders import ocr

        if not ocr.available():
            raise IngestError(path, ocr.MISSING)
        import pypdfium2 as pdfium

        self.path = path
        self.ocr = ocr
        self.n_pages = n_pages
        self.done = 0
        self.on_progress = on_progress
        with ocr.pdfium_lock:  # the viewer renders pages in the web server's threads
            self.pdf = pdfium.PdfDocument(data)
        name = path.rsplit("/", 1)[-1]
        self.bar = tqdm(
            total=n_pages, desc=f"文字识别 {name}", unit="页", leave=False, disable=None
        )

    def page(self, builder: DocumentBuilder, page_no: int) -> None:
        self.on_progress(Progress(Stage.OCR, self.done + 1, self.n_pages))
        line_no = 0
        height = self._height(page_no)
        for it in self.ocr.read_page(self.path, self.pdf, page_no - 1):
            if it.rows is not None:
                builder.add_table(it.rows, page=page_no)
                continue
            text = clean_text(it.text)
            boxes = it.boxes
            if text and not _is_page_number(text, boxes[0].y0, boxes[-1].y1, height):
                line_no += 1
                builder.add_line(text, line_no, page=page_no, boxes=boxes)
        self.done += 1
        self.bar.update(1)

    def _height(self, page_no: int) -> float:
        """The page's height in the pixels of the OCR image (for page numbers in the margin)."""
        with self.ocr.pdfium_lock:
            page = self.pdf[page_no - 1]
            try:
                return float(page.get_height()) * self.ocr.DPI / 72
            finally:
                page.close()

    def close(self) -> None:
        self.bar.close()
        with self.ocr.pdfium_lock:
            self.pdf.close()


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in PdfminerException(args=(cause,))."""
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo and len(seen) < 20:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if "Password" in type(e).__name__:
            return True
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return False


def _page(builder: DocumentBuilder, page, page_no: int) -> None:
    items: list[_Item] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in page.find_tables():
        rows = _table_rows(table, page_no)
        if rows is None:
            continue
        boxes.append(table.bbox)
        items.append(_Item(top=table.bbox[1], rows=rows))

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    height = float(page.height) or 1.0
    for line in text_page.extract_text_lines(strip=True, return_chars=False):
        text = clean_text(line["text"])
        if text and not _is_page_number(text, line["top"], line["bottom"], height):
            items.append(_Item(top=line["top"], text=text))
    items.sort(key=lambda it: it.top)
    line_no = 0
    for it in items:
        if it.rows is not None:
            builder.add_table(it.rows, page=page_no)
        elif it.text is not None:
            line_no += 1
            builder.add_line(it.text, line_no, page=page_no)


def _is_page_number(text: str, top: float, bottom: float, height: float) -> bool:
    squashed = text.replace(" ", "")
    if any(p.match(squashed) for p in _PAGE_NUMBER):
        m = re.findall(r"\d+", squashed)
        return len(m) < 2 or "/" not in squashed or int(m[0]) <= int(m[1])
    in_margin = top > height * (1 - _MARGIN) or bottom < height * _MARGIN
    return in_margin and bool(_BARE_NUMBER.match(squashed))


def _table_rows(table, page_no: int) -> list[list[TableCell]] | None:
    """The grid of a data table with merged cells copied, or None for a box around prose."""
    texts = table.extract()
    rows = table.rows
    if not texts or not rows:
        return None
    ncols = max(len(r) for r in texts)
    if ncols < 2:
        return None
    joined = [[None if t is None else _join_wrapped(t) for t in row] for row in texts]
    if looks_like_prose(t for row in joined for t in row if t):
        return None
    # grid lines: the left edge of each column and the top of each row, from the cells that
    # start there; a merged cell covers the grid positions whose corner falls inside it
    col_x = [None] * ncols
    row_y = [None] * len(rows)
    anchors = []
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row.cells):
            if bbox is None or c >= ncols:
                continue
            col_x[c] = bbox[0] if col_x[c] is None else min(col_x[c], bbox[0])
            row_y[r] = bbox[1] if row_y[r] is None else min(row_y[r], bbox[1])
            anchors.append((r, c, bbox))
    grid: list[list[TableCell | None]] = [[None] * ncols for _ in rows]
    for r, c, (_x0, _top, x1, bottom) in anchors:
        text = (joined[r][c] if c < len(joined[r]) else None) or ""
        grid[r][c] = TableCell(text=text, row=r, col=c, page=page_no)
        for rr in range(r, len(rows)):
            y = row_y[rr]
            if y is None:
                continue
            if y >= bottom - 1:
                break
            for cc in range(c, ncols):
                x = col_x[cc]
                if x is None:
                    continue
                if x >= x1 - 1:
                    break
                if grid[rr][cc] is None:
                    grid[rr][cc] = TableCell(text=text, row=rr, col=cc, copy=True, page=page_no)
    return [
        [cell or TableCell(text="", row=r, col=c, page=page_no) for c, cell in enumerate(row)]
        for r, row in enumerate(grid)
    ]


def _join_wrapped(text: str) -> str:
    """Cell text wrapped over several lines, joined back: no space between Chinese characters."""
    parts = [clean_text(p) for p in text.split("\n")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        out += ("" if is_cjk(out[-1]) or is_cjk(p[0]) else " ") + p
    return out
