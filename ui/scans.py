"""A scanned page under its boxes: for a citation into a page read by OCR, the page's image with
the cited cell's box, the cited line's boxes or the cited sentence's boxes drawn over it, placed
in percentages of the image so they stay right at any width (the image is
``/view/{report_id}/page/{n}.png``, served by ``ui.sources``)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from reportqa.records import Report
from ui.sourcedoc import Box, Document, Mark, PageImage, Table, TextLine, is_table

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1: pixels of the page image


def _union(boxes: Sequence[Box]) -> Rect:
    return (
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


def _span_boxes(line: TextLine, lo: int, hi: int) -> list[Box]:
    """The boxes of an OCR line that hold the characters [lo, hi) of the document text: each
    box's text found in the line in turn; all of them when a box's text cannot be found."""
    out: list[Box] = []
    at = 0
    for box in line.boxes:
        text = box.text.strip()
        pos = line.text.find(text, at) if text else -1
        if pos < 0:
            return list(line.boxes)
        start, at = line.start + pos, pos + len(text)
        if start < hi and start + len(text) > lo:
            out.append(box)
    return out


def scan_marks(doc: Document, mark: Mark) -> tuple[int, list[Rect]] | None:
    """The page read by OCR that the mark points into, and the rectangles to draw on its image:
    the cited cell's box, the cited line's boxes, or the boxes of the cited sentence (on its
    first page); None when the mark is not in a scanned page."""
    scanned = set(doc.ocr_pages)
    if not scanned or not mark.any:
        return None
    found: list[tuple[int | None, Rect]] = []
    for block in doc.blocks:
        if is_table(block):
            table: Table = block  # type: ignore[assignment]
            if not (mark.cell and table.index == mark.table):
                continue
            for cells in table.rows:
                for cell in cells:
                    if (cell.row, cell.col) == (mark.row, mark.col) and cell.ocr is not None:
                        found.append((table.page, _union([cell.ocr])))
            continue
        line: TextLine = block  # type: ignore[assignment]
        if not line.boxes or mark.cell:
            continue
        if mark.span:
            boxes = _span_boxes(line, mark.start, mark.end)  # type: ignore[arg-type]
            if boxes:
                found.append((line.page, _union(boxes)))
        elif line.line == mark.line and (mark.page is None or line.page == mark.page):
            found.append((line.page, _union(line.boxes)))
    found = [(p, r) for p, r in found if p in scanned]
    if not found:
        return None
    page = found[0][0]
    assert page is not None
    return page, [r for p, r in found if p == page]


def _percent(value: float, whole: int) -> str:
    return f"{min(max(value / whole * 100, 0.0), 100.0):.3f}%"


def scan_html(report: Report, page: int, image: PageImage, rects: list[Rect], base: str) -> str:
    """The scanned page's image with the cited boxes drawn over it, placed in percentages of the
    image (right at any width); the first box is where the citation's link scrolls to."""
    src = f"{base}/view/{report.report_id}/page/{page}.png"
    boxes = []
    for i, (x0, y0, x1, y1) in enumerate(rects):
        style = (
            f"left:{_percent(x0, image.width)};top:{_percent(y0, image.height)};"
            f"width:{_percent(x1 - x0, image.width)};height:{_percent(y1 - y0, image.height)}"
        )
        ident = ' id="hl"' if i == 0 else ""
        boxes.append(f'<span class="box"{ident} style="{style}"></span>')
    return (
        f'<figure class="scan" aria-label="扫描件第{page}页">'
        f"<figcaption>扫描件第{page}页（文字识别读的页面图像），框出的是引用的位置；"
        '下方的文字是识别结果，<a href="#hl-text">跳到识别出的文字</a></figcaption>'
        f'<div class="sheet"><img src="{html.escape(src, quote=True)}" width="{image.width}" '
        f'height="{image.height}" alt="扫描件第{page}页">' + "".join(boxes) + "</div></figure>"
    )
