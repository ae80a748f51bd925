"""OCR of scanned PDF pages: RapidOCR (PP-OCR detection, direction and recognition models shipped
inside the ``rapidocr-onnxruntime`` wheel; nothing is downloaded at run time).

A page is rendered to an image (pypdfium2, at :data:`DPI`) and straightened, its text boxes
recognised (no direction classifier: pages are upright, and it turns short numbers upside down),
and the boxes outside tables grouped into lines the way a text layer gives them: top to bottom,
left to right, a space between boxes that stand apart. Each line keeps its boxes, so the table
reader can quote a value's box and confidence.

Ruled tables are rebuilt as grids from their rules (``ingest.loaders.ocr_grid``), each cell keeping
its box and the lowest confidence of its text; a cell the detector left empty is recognised again
on its own. Text outside the tables becomes lines.
"""

from __future__ import annotations

import re
import statistics
import threading
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.document import OcrBox, TableCell
from reportqa.errors import IngestError
from reportqa.numbers import parse_cell

DPI = 150  # render scale for recognition (scans are mostly 150-300 dpi; 150 keeps 2 cores busy ~4 s a page)
PACKAGE = "rapidocr-onnxruntime==1.4.4"
MISSING = (
    "PDF 中没有可提取的文字（可能是扫描件）；识别扫描件需要文字识别组件 rapidocr-onnxruntime，"
    f"请安装（pip install {PACKAGE}）后重新导入"
)

_engine = None
_engine_lock = threading.Lock()
# pdfium must not run in two threads at once: an upload's OCR and the source viewer's page images
# (ingest.loaders.page_image) render under this one lock
pdfium_lock = threading.RLock()
KNOWLEDGE_PATH = Path(__file__).resolve().parent.parent / "ocr.toml"


@lru_cache(maxsize=1)
def knowledge() -> dict:
    """ingest/ocr.toml: lookalike shapes, digit confusions, confidence thresholds."""
    return tomllib.loads(KNOWLEDGE_PATH.read_text(encoding="utf-8"))


def engine():
    """The recogniser, loaded on first use (about a second) and shared."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
        return _engine


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:
        return False
    return True


def as_value(text: str, conf: float) -> tuple[str, float, str] | None:
    """A cell's recognised text read as a value: (text, confidence, what was read) when the
    text is a number or placeholder, or digits and lookalike shapes (□ for 0, 一 for a dash);
    else None. A lookalike reading gets a low confidence, so the checks must confirm it."""
    text = text.strip()
    if not text:
        return None
    k = knowledge()
    if text in k["placeholders"]:  # before numbers: 一 alone in a table cell is a dash
        return k["placeholders"][text], min(conf, float(k["confidence"]["lookalike"])), text
    if parse_cell(text).kind in ("number", "placeholder") and not _CHINESE_NUMERAL.search(text):
        return text, conf, ""
    look = k["lookalikes"]
    if len(text) <= 6 and all(ch.isdigit() or ch in look for ch in text):
        fixed = "".join(look.get(ch, ch) for ch in text)
        if parse_cell(fixed).kind == "number":
            return fixed, min(conf, float(k["confidence"]["lookalike"])), text
    return None


# table cells print digits: a Chinese numeral read in one is a misreading, not a number
_CHINESE_NUMERAL = re.compile("[一二三四五六七八九十百千零〇两]")


@dataclass
class _Box:
    box: OcrBox
    cx: float  # centre
    cy: float
    h: float


@dataclass
class PageItem:
    """A line or a table of a scanned page, with its top (pixels) for reading order."""

    top: float
    text: str = ""
    boxes: tuple[OcrBox, ...] = ()
    rows: list[list[TableCell]] | None = None


def read_page(path: str, pdf, index: int) -> list[PageItem]:
    """The lines and ruled tables of page ``index`` (0-based) of an open pypdfium2 document."""
    if not available():
        raise IngestError(path, MISSING)
    import numpy as np

    from ingest.loaders import ocr_grid

    with pdfium_lock:
        page = pdf[index]
        try:
            gray = np.asarray(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
        finally:
            page.close()
    gray = ocr_grid.deskew(gray)
    rgb = np.stack([gray] * 3, axis=-1)
    eng = engine()
    with _engine_lock:
        # no direction classifier: it turns short numbers upside down (61 read as 19)
        result, _elapse = eng(rgb, use_cls=False)
    boxes = [b for b in (_to_box(q, t, c) for q, t, c in (result or [])) if b is not None]
    height = int(statistics.median(b.h for b in boxes)) if boxes else int(DPI / 72 * 12)
    items: list[PageItem] = []
    loose = [b.box for b in boxes]
    for lat in ocr_grid.find_lattices(gray, height):
        grid = ocr_grid.cells(lat)
        loose = ocr_grid.place(grid, lat, loose)
        rows = _table_rows(grid, lat, gray, height, index + 1)
        items.append(PageItem(top=lat.y0, rows=rows))
    by_box = {id(b.box): b for b in boxes}
    rest = [by_box[id(b)] for b in loose]
    for line in _group(rest):
        items.append(
            PageItem(
                top=min(b.box.y0 for b in line), text=_join(line), boxes=tuple(b.box for b in line)
            )
        )
    items.sort(key=lambda it: it.top)
    return items


def _table_rows(grid, lat, gray, height: int, page_no: int) -> list[list[TableCell]]:
    from ingest.loaders import ocr_grid

    nr, nc = len(lat.ys) - 1, len(lat.xs) - 1
    rows: list[list[TableCell | None]] = [[None] * nc for _ in range(nr)]
    _reread([g for g in grid if g.rowspan == 1 and g.colspan <= 3], gray, lat)
    for g in grid:
        text = ocr_grid.cell_text(g, height)
        box = None
        if not g.boxes and g.rowspan == 1 and g.colspan <= 3:
            box = OcrBox("", g.x0, g.y0, g.x1, g.y1, 0.0)  # blank on the scan (or too faint)
        if g.boxes:
            conf = min(b.confidence for b in g.boxes)
            box = OcrBox(text, g.x0, g.y0, g.x1, g.y1, conf)
        for r in range(g.row, g.row + g.rowspan):
            for c in range(g.col, g.col + g.colspan):
                rows[r][c] = TableCell(
                    text=text,
                    row=r,
                    col=c,
                    copy=(r, c) != (g.row, g.col),
                    page=page_no,
                    ocr=box,
                )
    return [
        [cell or TableCell(text="", row=r, col=c, page=page_no) for c, cell in enumerate(row)]
        for r, row in enumerate(rows)
    ]


def _to_box(quad, text: str, conf) -> _Box | None:
    text = (text or "").strip()
    if not text:
        return None
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    box = OcrBox(
        text, round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)), round(float(conf), 3)
    )
    return _Box(box, (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(ys) - min(ys))


def _group(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes into lines (the page is straightened first): a box joins the line whose centre
    line it overlaps by half its height."""
    boxes.sort(key=lambda b: b.cy)
    lines: list[list[_Box]] = []
    centres: list[float] = []
    for b in boxes:
        best, best_d = None, None
        for i in range(max(0, len(lines) - 6), len(lines)):
            h = min(b.h, statistics.median(x.h for x in lines[i]))
            d = abs(b.cy - centres[i])
            if d < 0.5 * h and (best_d is None or d < best_d):
                best, best_d = i, d
        if best is None:
            lines.append([b])
            centres.append(b.cy)
        else:
            lines[best].append(b)
            centres[best] = statistics.fmean(x.cy for x in lines[best])
    for line in lines:
        line.sort(key=lambda b: b.cx)
    order = sorted(range(len(lines)), key=lambda i: centres[i])
    return [lines[i] for i in order]


def _join(line: list[_Box]) -> str:
    out = ""
    prev: _Box | None = None
    for b in line:
        if prev is not None:
            gap = b.box.x0 - prev.box.x1
            out += " " if gap > 0.35 * min(b.h, prev.h) else ""
        out += b.box.text
        prev = b
    return out


def _reread(cells, gray, lat) -> None:
    """Recognise small cells again on their own ink (recognition only, in batches) when the
    page pass left them empty, read something that is not a value, or read a value with low
    confidence; a new reading is kept when it is a value and the more confident one."""
    from ingest.loaders import ocr_grid

    todo = []  # (cell, its text, its value as read, images)
    for g in cells:
        text = "".join(b.text for b in g.boxes)
        conf = min((b.confidence for b in g.boxes), default=0.0)
        value = as_value(text, conf) if text else None
        if len(text) <= 1 and (not text or value is not None):
            # a lone mark: a slash (the placeholder /) is told by its shape, not read
            image = ocr_grid.cell_image(gray, lat, g)
            if image is not None and ocr_grid.slant(image) < SLASH_CORRELATION:
                _set(g, ("/", max(conf, REREAD_BELOW), text if text != "/" else ""))
                continue
        if value is not None and (value[1] >= REREAD_BELOW or len(g.boxes) > 1):
            _set(g, value)
        elif value is not None or len(text) <= 3:  # (a longer text is a label)
            todo.append((g, text, value, ocr_grid.cell_images(gray, lat, g)))
    # round by round (the deepest cut of every cell first), in batches; a cell read with
    # confidence is not read again
    # per cell: the best value read, and the best reading that is no value (a unit, a label)
    state: list[tuple[tuple[str, float, str] | None, tuple[str, float] | None]] = [
        (value, None) for _g, _t, value, _i in todo
    ]
    for depth in range(max((len(images) for *_, images in todo), default=0)):
        ask = [
            k
            for k, (_g, _t, _v, images) in enumerate(todo)
            if depth < len(images) and not _confident(state[k][0])
        ]
        for k, got in zip(ask, _recognise_all([todo[k][3][depth] for k in ask]), strict=True):
            value, other = state[k]
            as_read = as_value(*got) if got is not None else None
            if got is not None and as_read is None:
                if other is None or got[1] > other[1]:
                    other = got
            elif as_read is not None and (value is None or as_read[1] > value[1]):
                value = as_read
            state[k] = (value, other)
    for (g, text, _v, images), (value, other) in zip(todo, state, strict=True):
        if value is not None:
            _set(g, value)
        elif (
            not text
            and other is not None
            and other[1] >= MIN_TEXT_CONFIDENCE
            and all("\u4e00" <= ch <= "\u9fff" for ch in other[0])
        ):
            _set(g, (other[0], other[1], ""))  # 件, 条: a unit the page pass did not see
        elif images and (not text or len(text) == 1):
            # ink that reads as no value (nothing, or a stray mark): unread, confidence 0
            g.boxes[:] = [OcrBox("", g.x0, g.y0, g.x1, g.y1, 0.0, text or "?")]


def _confident(value: tuple[str, float, str] | None) -> bool:
    return value is not None and value[1] >= REREAD_BELOW


def _set(g, value: tuple[str, float, str]) -> None:
    text, conf, read = value
    g.boxes[:] = [OcrBox(text, g.x0, g.y0, g.x1, g.y1, round(conf, 3), read)]


REREAD_BELOW = 0.9  # a value read with less confidence is read again on its own
MIN_TEXT_CONFIDENCE = 0.6  # a cell's text the page pass missed is taken above this
SLASH_CORRELATION = float(knowledge()["shapes"]["slash_correlation"])


def _recognise_all(images) -> list[tuple[str, float] | None]:
    """Recognition alone on many cells' ink at once: (text, confidence) for each, or None where
    it reads nothing. Each image is prepared as the recogniser's own call prepares it."""
    import numpy as np

    if not images:
        return []
    eng = engine()
    prepared = [eng.preprocess(np.stack([image] * 3, axis=-1))[0] for image in images]
    with _engine_lock:
        results, _ = eng.text_rec(prepared)
    out: list[tuple[str, float] | None] = []
    for text, conf in results:
        text = (text or "").strip()
        out.append((text, float(conf)) if text else None)
    return out
