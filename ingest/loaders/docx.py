"""Word .docx: paragraphs and tables in body order, merged cells resolved on the grid.

The body XML is walked directly (python-docx opens the package): ``Paragraph.text`` misses runs
inside tracked insertions, content controls and fields, and python-docx's cell API hides how a
cell spans the grid. Horizontal merges (``gridSpan``) and vertical merges (``vMerge``) put a copy of
the merged cell's text in every grid position it covers, marked ``copy=True`` after the first.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ingest.document import Document, DocumentBuilder, TableCell
from ingest.loaders import clean_text, looks_like_prose
from reportqa.errors import IngestError

CORRUPT = "不是有效的 .docx 文件（文件已损坏或被截断）"
OLD_WORD = "不是 .docx 文件：这是旧版 Word（.doc）或加密的文档，请用 Word 另存为 .docx 后再导入"
NOT_WORD = "不是 Word 文档（.docx 文件里没有 Word 正文）"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_UNZIPPED = 512 * 1024 * 1024  # a zip bomb is refused before python-docx inflates it

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
# wrappers whose children belong to the enclosing block sequence
_TRANSPARENT = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}
_TEXT_TAGS = (_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen")
_SKIP_INSIDE = {_MC_FALLBACK, _W + "txbxContent", _W + "del", _W + "moveFrom"}
_MAX_SPAN = 64


def load(path: str, data: bytes) -> Document:
    body = _open_body(path, data)
    builder = DocumentBuilder(path, "docx")
    _BodyWalker(builder).walk(body)
    doc = builder.build()
    if not doc.blocks:
        raise IngestError(path, "文档中没有文字内容")
    return doc


class _BodyWalker:
    """Emits paragraphs as lines (numbered in body order) and data tables as tables.

    A table of one column or of mostly long prose is a layout box around text (a bordered
    preamble, a page laid out in a grid): its cells are walked like the body. Tables nested in a
    data table's cell are flattened into that cell's text, one line a row.
    """

    def __init__(self, builder: DocumentBuilder):
        self.b = builder
        self.paragraph_no = 0

    def walk(self, parent) -> None:
        for el in _blocks(parent):
            if el.tag == _P:
                self.paragraph_no += 1
                for part in _paragraph_text(el).split("\n"):
                    text = clean_text(part)
                    if text:
                        self.b.add_line(text, self.paragraph_no)
                continue
            rows = _table_cells(el)
            cells = [c for row in rows for c in row]
            if max((len(row) for row in rows), default=0) <= 1 or looks_like_prose(
                c.text for c in cells if not c.copy
            ):
                for tr in _children(el, _TR):
                    for tc in _children(tr, _TC):
                        self.walk(tc)
            else:
                self.b.add_table(rows)


def _open_body(path: str, data: bytes):
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, OLD_WORD)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if sum(i.file_size for i in zf.infolist()) > _MAX_UNZIPPED:
                raise IngestError(path, "文件异常：解压后超过 512 MB（文件可能已损坏）")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(path, CORRUPT) from exc
    if "word/document.xml" not in names and "[Content_Types].xml" in names:
        raise IngestError(path, NOT_WORD)
    import docx  # late: python-docx is only needed for .docx files

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # bad zip, bad XML, or "file ... is not a Word file, content type ..."
        reason = NOT_WORD if "not a Word file" in str(exc) else CORRUPT
        raise IngestError(path, reason) from exc
    body = getattr(document.element, "body", None)  # None: the root is not <w:document>
    if body is None:
        raise IngestError(path, CORRUPT)
    return body


def _blocks(parent) -> Iterator:
    """Paragraph and table elements under ``parent`` in document order."""
    for child in parent:
        tag = child.tag
        if tag == _P or tag == _TBL:
            yield child
        elif tag in _TRANSPARENT:
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if _skipped(el, p):
            continue
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _skipped(el, stop) -> bool:
    """Text inside a deleted revision, a text box or a compatibility fallback copy."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in _SKIP_INSIDE:
            return True
        node = node.getparent()
    return False


def _cell_text(tc) -> str:
    lines: list[str] = []
    for el in _blocks(tc):
        if el.tag == _P:
            lines.extend(_paragraph_text(el).split("\n"))
        else:  # a nested table: one line a row
            for row in _table_cells(el):
                lines.append(" ".join(c.text for c in row if not c.copy and c.text))
    return "\n".join(t for t in (clean_text(x) for x in lines) if t)


def _children(parent, tag: str) -> Iterator:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _int_attr(el, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(_W + "val", default)), _MAX_SPAN))
    except ValueError:
        return default


def _table_cells(tbl) -> list[list[TableCell]]:
    rows: list[list[TableCell]] = []
    above: dict[int, str] = {}  # grid column -> text of the vertically merged cell above
    for tr in _children(tbl, _TR):
        r = len(rows)
        row: list[TableCell] = []
        tr_pr = tr.find(_W + "trPr")
        col = _int_attr(tr_pr.find(_W + "gridBefore") if tr_pr is not None else None, 0)
        row.extend(TableCell(text="", row=r, col=c) for c in range(col))
        for tc in _children(tr, _TC):
            tc_pr = tc.find(_W + "tcPr")
            span = max(1, _int_attr(tc_pr.find(_W + "gridSpan") if tc_pr is not None else None, 1))
            vmerge = tc_pr.find(_W + "vMerge") if tc_pr is not None else None
            text = _cell_text(tc)
            copy = False
            if vmerge is not None and vmerge.get(_W + "val", "continue") == "continue":
                if col in above:
                    text, copy = above[col], True
            elif vmerge is not None:  # restart
                for c in range(col, col + span):
                    above[c] = text
            else:
                for c in range(col, col + span):
                    above.pop(c, None)
            for k in range(span):
                row.append(TableCell(text=text, row=r, col=col + k, copy=copy or k > 0))
            col += span
        if row:  # a row without cells would shift the row numbers the builder keeps
            rows.append(row)
    return rows
