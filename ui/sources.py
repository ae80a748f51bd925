"""The report behind a citation: its file, and a page that shows its text with the cited place
marked.

    GET /files/{report_id}/{name}   the file as it was indexed (a PDF opens at ``#page=N``)
    GET /view/{report_id}?t=&r=&c=  the report's text and tables, the cited table cell marked
    GET /view/{report_id}?s=&e=     ... the cited sentence marked (offsets in the document text)
    GET /view/{report_id}?line=&page=   ... the cited line marked
    GET /view/{report_id}/page/{n}.png  page n of a scanned PDF, as the OCR read it

Only the files that the index records as the source of one of its reports are served, found by
the report's id (20 hex digits), never by a path taken from the request: an id the index does not
hold, a file name that is not that report's, a file that is gone, replaced by a link, or changed
since it was indexed, a page that is not a scanned page of that report are all refused with a
Chinese message. The page is rendered from the document as the loaders read it
(``ingest.loaders.load_document``, handed over by the composition root: the web layer does not
import the ingest package), the same text the citations point into, so it looks the same for pdf,
docx, html and txt; everything from the document is escaped.

A citation into a page read by OCR also shows that page's image with the cited boxes drawn over
it (``ui.scans``): the figure can be checked against the scan itself, not only against the OCR's
reading of it. The image is rendered by ``render_page`` (``ingest.loaders.page_image``, handed
over like ``load_document``), only for a page the document read by OCR, and cached.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from assistant.answer import Answer, Citation, source_url
from reportqa.errors import IngestError
from reportqa.records import Fact, Report
from ui.errors import error_response
from ui.scans import scan_html, scan_marks
from ui.sourcedoc import (
    PAGE_NUMBER,
    Document,
    LoadDocument,
    Mark,
    PageImage,
    RenderPage,
    Table,
    TextLine,
    is_table,
)

REPORT_ID = re.compile(r"^[0-9a-f]{20}$")
_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "htm": "text/html",
    "txt": "text/plain",
}


class SourceError(Exception):
    """A refused source request: ``status``, a stable ``code`` and a Chinese ``message``."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# -- links ------------------------------------------------------------------------------------


def view_url(c: Citation, base: str = "") -> str | None:
    """The viewer page of the citation's report, with its place marked; None without a report."""
    if not c.report_id:
        return None
    return base + source_url(c.report_id, c.provenance)


def file_url(report_id: str, source: str, page: int | None = None, base: str = "") -> str:
    url = f"{base}/files/{report_id}/{quote(source)}"
    return url + (f"#page={page}" if page else "")


def citation_file_url(c: Citation, base: str = "") -> str | None:
    if not c.report_id:
        return None
    page = (c.provenance or {}).get("page")
    return file_url(c.report_id, c.source, page if isinstance(page, int) else None, base)


def with_urls(answer: Answer, base: str = "") -> Answer:
    """The answer with each citation's ``url`` under the site's public address ``base``."""
    if not base or not any(c.report_id for c in answer.citations):
        return answer
    cites = [c.model_copy(update={"url": view_url(c, base)}) for c in answer.citations]
    return answer.model_copy(update={"citations": cites})


# -- the files --------------------------------------------------------------------------------


class SourceFiles:
    """The indexed reports' files, by report id (hashes, loaded documents and page images
    cached); ``load_document`` reads a file as the ingest did, ``render_page`` draws a page of a
    scanned PDF as the OCR saw it."""

    def __init__(
        self,
        index: Any,
        load_document: LoadDocument,
        render_page: RenderPage | None = None,
        cache_size: int = 8,
    ):
        self.index = index
        self.load_document = load_document
        self.render_page = render_page
        self.cache_size = cache_size
        self._lock = threading.Lock()
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._docs: OrderedDict[tuple[str, str], Document] = OrderedDict()
        self._pages: OrderedDict[tuple[str, str, int], PageImage] = OrderedDict()

    def report(self, report_id: str) -> Report:
        shown = report_id[:40]
        if not REPORT_ID.match(report_id):
            raise SourceError(
                404, "report_not_found", f"出处编号“{shown}”无效：出处链接应当来自问答中的引用。"
            )
        row = self.index.facts.get_report(report_id)
        if row is None:
            raise SourceError(
                404,
                "report_not_found",
                f"语料中没有编号为“{shown}”的报告：报告可能已被删除或替换，请重新提问以获得新的出处链接。",
            )
        return row.report

    def path(self, report: Report, name: str | None = None) -> Path:
        """The report's own file, checked: the name asked for is its name, it is still a regular
        file (not a link) at the indexed path, and its content is the indexed content."""
        if name is not None and name != report.source:
            raise SourceError(
                404,
                "file_not_found",
                f"报告“{report.display_name()}”的文件不是“{name[:80]}”，只能打开它自己的文件 {report.source}。",
            )
        path = Path(report.path)
        if not path.is_absolute() or path.is_symlink() or not path.is_file():
            raise SourceError(
                404,
                "file_missing",
                f"报告文件 {report.source} 已不在服务器上，无法打开原文；请工作人员重新导入。",
            )
        if self._sha256(path) != report.sha256:
            raise SourceError(
                409,
                "file_changed",
                f"报告文件 {report.source} 在导入后被修改过，出处的位置可能已对不上；请工作人员重新导入后再打开。",
            )
        return path

    def media_type(self, report: Report) -> str:
        return _MEDIA.get(report.file_format, "application/octet-stream")

    def document(self, report: Report) -> Document:
        key = (report.report_id, report.sha256)
        with self._lock:
            if key in self._docs:
                self._docs.move_to_end(key)
                return self._docs[key]
        path = self.path(report)
        try:
            doc = self.load_document(path)
        except IngestError as e:
            raise SourceError(
                500, "file_unreadable", f"报告文件 {report.source} 无法读取：{e.reason}"
            ) from e
        with self._lock:
            self._docs[key] = doc
            while len(self._docs) > self.cache_size:
                self._docs.popitem(last=False)
        return doc

    def page_image(self, report: Report, page: int) -> PageImage:
        """Page ``page`` of the report's file as the OCR saw it: only a page its document read
        by OCR (a scan), from the file as indexed."""
        doc = self.document(report)  # checks the file; cached
        if not doc.ocr_pages or self.render_page is None:
            raise SourceError(
                404,
                "not_scanned",
                f"报告“{report.display_name()}”不是扫描件，没有页面图像；请在原文查看页或原文件中查看。",
            )
        if page not in doc.ocr_pages:
            pages = "、".join(f"第{n}页" for n in doc.ocr_pages)
            raise SourceError(
                404,
                "page_not_found",
                f"报告“{report.display_name()}”没有第{page}页的扫描图像（扫描的页：{pages}）。",
            )
        key = (report.report_id, report.sha256, page)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        try:
            image = self.render_page(self.path(report), page)
        except IngestError as e:
            raise SourceError(
                500, "file_unreadable", f"报告文件 {report.source} 无法读取：{e.reason}"
            ) from e
        if image is None:  # the document said it had the page: the file is not what was read
            raise SourceError(404, "page_not_found", f"报告文件 {report.source} 中没有第{page}页。")
        with self._lock:
            self._pages[key] = image
            while len(self._pages) > self.cache_size:
                self._pages.popitem(last=False)
        return image

    def _sha256(self, path: Path) -> str:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            if key in self._hashes:
                return self._hashes[key]
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(1 << 16):
                h.update(block)
        digest = h.hexdigest()
        with self._lock:
            self._hashes[key] = digest
        return digest


# -- the viewer page --------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def cited_fact(facts: list[Fact], mark: Mark) -> Fact | None:
    """The table cell the mark points at, with its labels in the national format."""
    if not mark.cell:
        return None
    for f in facts:
        p = f.provenance
        if (p.table_index, p.row_index, p.col_index) == (mark.table, mark.row, mark.col):
            return f
    return None


def where_in_file(report: Report, mark: Mark) -> str:
    """The position in the file, in words (second to the report's own labels)."""
    bits = []
    if mark.page:
        bits.append(f"第{mark.page}页")
    if mark.cell:
        bits.append(f"文件中的第{mark.table}个表格")
        bits.append(f"第{mark.row + 1}行第{mark.col + 1}列")  # type: ignore[operator]
    elif mark.line:
        bits.append(f"第{mark.line}行")
    return "，".join(bits)


def _take(anchor: list[str]) -> str:
    """The id attribute of the first marked element (the place the link scrolls to), once."""
    ident = f' id="{anchor[0]}"' if anchor[0] else ""
    anchor[0] = ""
    return ident


def _marked_text(text: str, start: int, lo: int, hi: int, anchor: list[str]) -> str:
    """``text`` (beginning at document offset ``start``) escaped, with [lo, hi) marked."""
    a, b = max(lo - start, 0), min(hi - start, len(text))
    if a >= b:
        return _esc(text)
    ident = _take(anchor)
    return f'{_esc(text[:a])}<mark class="hl"{ident}>{_esc(text[a:b])}</mark>{_esc(text[b:])}'


def _line_html(block: TextLine, mark: Mark, anchor: list[str]) -> str:
    gutter = f'<span class="ln">{block.line}</span>'
    if mark.span:
        body = _marked_text(block.text, block.start, mark.start, mark.end, anchor)  # type: ignore[arg-type]
    elif (
        not mark.cell
        and mark.line is not None
        and block.line == mark.line
        and (mark.page is None or block.page == mark.page)
    ):
        body = f'<mark class="hl"{_take(anchor)}>{_esc(block.text)}</mark>'
    else:
        body = _esc(block.text)
    return f'<p class="tl">{gutter}<span class="tx">{body or "&nbsp;"}</span></p>'


def _table_html(table: Table, mark: Mark, anchor: list[str]) -> str:
    hit = mark.cell and table.index == mark.table
    rows = []
    for cells in table.rows:
        tds = []
        for cell in cells:
            cls = []
            if cell.copy:
                cls.append("copy")
            if hit and cell.row == mark.row and cell.col == mark.col:
                cls.append("hl")
            elif hit and (cell.row == mark.row or cell.col == mark.col):
                cls.append("hl-line")
            ident = _take(anchor) if "hl" in cls else ""
            text = "" if cell.copy else _esc(cell.text).replace("\n", "<br>")
            attr = f' class="{" ".join(cls)}"' if cls else ""
            tds.append(f"<td{attr}{ident}>{text}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    caption = f"文件中的第{table.index}个表格" + (f"（第{table.page}页）" if table.page else "")
    return (
        f'<div class="tbl"><div class="tcap">{caption}</div><table>'
        + "".join(rows)
        + "</table></div>"
    )


def document_html(doc: Document, mark: Mark, anchor_id: str = "hl") -> str:
    """The document's blocks in reading order, pages headed, the marked place with id
    ``anchor_id``."""
    out: list[str] = []
    anchor = [anchor_id]
    page: int | None = None
    for block in doc.blocks:
        block_page = block.page
        if block_page is not None and block_page != page:
            page = block_page
            out.append(f'<h2 class="pg" id="page-{page}">第{page}页</h2>')
        if is_table(block):
            out.append(_table_html(block, mark, anchor))  # type: ignore[arg-type]
        else:
            out.append(_line_html(block, mark, anchor))  # type: ignore[arg-type]
    return "".join(out)


def cited_text(doc: Document, mark: Mark) -> str:
    """The cited sentence or line, as the document has it (line breaks of a PDF joined)."""
    if mark.span:
        return re.sub(r"\s*\n\s*", "", doc.text[mark.start : mark.end]).strip()
    if mark.line is not None and not mark.cell:
        for b in doc.lines():
            if b.line == mark.line and (mark.page is None or b.page == mark.page):
                return b.text.strip()
    return ""


def cited_html(report: Report, doc: Document, mark: Mark, fact: Fact | None) -> str:
    """The box at the top: what is cited in the report's own terms first (table, row and column
    labels, or the sentence), then where it stands in the file."""
    if fact is not None:
        col = f"“{fact.column}”列" if fact.column else ""
        what = f"{fact.table}“{fact.row}”行{col}：{fact.raw}"
    else:
        what = cited_text(doc, mark)
    if not what:
        return ""
    where = where_in_file(report, mark)
    return (
        '<section class="cited"><div class="k">引用的内容</div>'
        f'<div class="what">{_esc(what)}</div>'
        + (f'<div class="where">文件中的位置：{_esc(where)}</div>' if where else "")
        + '<a href="#hl">跳到标出的位置</a></section>'
    )


VIEW_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.7 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2328;
  margin: 0; background: #f6f8fa; }}
header {{ background: #0b3d91; color: #fff; padding: 12px 20px; }}
header h1 {{ font-size: 1.2em; margin: 0; }}
header .meta {{ font-size: 0.9em; opacity: 0.9; }}
header a {{ color: #fff; }}
main {{ max-width: 960px; margin: 0 auto; padding: 12px 16px 48px; background: #fff; }}
.cited {{ border-left: 4px solid #d4a72c; background: #fff8c5; padding: 8px 12px;
  margin: 8px 0 16px; border-radius: 4px; }}
.cited .k {{ font-size: 0.85em; color: #57606a; }}
.cited .what {{ font-weight: 600; overflow-wrap: anywhere; }}
.cited .where {{ font-size: 0.9em; color: #57606a; }}
.tl {{ margin: 0; display: flex; gap: 10px; }}
.ln {{ color: #8c959f; min-width: 2.5em; text-align: right; font-size: 0.8em; padding-top: 0.2em;
  user-select: none; flex: none; }}
.tx {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.pg {{ font-size: 0.95em; color: #57606a; border-top: 1px dashed #d0d7de; padding-top: 6px;
  margin: 16px 0 6px; }}
.tbl {{ overflow-x: auto; margin: 8px 0; }}
.tcap {{ font-size: 0.8em; color: #8c959f; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td {{ border: 1px solid #d0d7de; padding: 2px 6px; vertical-align: top; min-width: 2em; }}
td.copy {{ background: #f6f8fa; }}
td.hl-line {{ background: #fff8c5; }}
td.hl, mark.hl {{ background: #ffd33d; outline: 2px solid #bf8700; }}
#hl, #hl-text {{ scroll-margin-top: 40vh; }}
.scan {{ margin: 0 0 16px; }}
.scan figcaption {{ font-size: 0.85em; color: #57606a; margin-bottom: 4px; }}
.scan .sheet {{ position: relative; max-width: 720px; border: 1px solid #d0d7de; }}
.scan img {{ display: block; width: 100%; height: auto; }}
.scan .box {{ position: absolute; box-sizing: border-box; border: 3px solid #cf222e;
  background: rgba(255, 211, 61, 0.35); }}
.err {{ color: #cf222e; }}
</style></head><body>{body}</body></html>"""


def view_page(files: SourceFiles, report_id: str, mark: Mark, base: str = "") -> str:
    """The whole viewer page; raises SourceError for an id or a file it must refuse."""
    report = files.report(report_id)
    doc = files.document(report)
    facts = files.index.facts.facts(report_id=report.report_id) if mark.cell else []
    fact = cited_fact(facts, mark)
    name = report.display_name()
    link = file_url(report.report_id, report.source, base=base)
    page_link = (
        f' · <a href="{_esc(file_url(report.report_id, report.source, mark.page, base))}" '
        f'target="_blank" rel="noopener">打开PDF第{mark.page}页</a>'
        if report.file_format == "pdf" and mark.page
        else ""
    )
    header = (
        f"<header><h1>{_esc(name)}</h1>"
        f'<div class="meta">{_esc(report.body_printed)} · {report.year}年 · 文件 '
        f'<a href="{_esc(link)}" download>{_esc(report.source)}</a>{page_link}</div></header>'
    )
    body = header + "<main>" + cited_html(report, doc, mark, fact)
    scan = scan_marks(doc, mark) if files.render_page is not None else None
    if scan is not None:  # the scan itself first; the OCR's reading of it below
        page_no, rects = scan
        body += scan_html(report, page_no, files.page_image(report, page_no), rects, base)
        body += document_html(doc, mark, anchor_id="hl-text") + "</main>"
    else:
        body += document_html(doc, mark) + "</main>"
    return VIEW_PAGE.format(title=_esc(f"{name} · 原文"), body=body)


def error_page(message: str) -> str:
    return VIEW_PAGE.format(
        title="无法打开出处",
        body=(
            "<header><h1>无法打开出处</h1></header><main>"
            f'<p class="err" role="alert">{_esc(message)}</p>'
            '<p><a href="/">返回问答</a></p></main>'
        ),
    )


# -- routes -----------------------------------------------------------------------------------


def build_router(services: Any) -> APIRouter:
    """``/files/...`` and ``/view/...``: public, rate-limited like the API; refusals are a
    Chinese page in a browser and the API's JSON error shape otherwise."""
    from ui.ratelimit import client_key

    router = APIRouter(include_in_schema=False)
    files: SourceFiles = services.sources

    def refuse(request: Request, e: SourceError) -> Response:
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(error_page(e.message), status_code=e.status)
        return error_response(e.status, e.code, e.message)

    @router.get("/files/{report_id}/{name}")
    def report_file(request: Request, report_id: str, name: str) -> Response:
        services.limiter.check(client_key(request))
        try:
            report = files.report(report_id)
            path = files.path(report, name)
        except SourceError as e:
            return refuse(request, e)
        inline = report.file_format == "pdf"
        disposition = "inline" if inline else "attachment"
        headers = {
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(report.source)}",
            "Cache-Control": "no-cache",
        }
        if not inline:  # a report's own HTML never runs as a page of this site
            headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return FileResponse(path, media_type=files.media_type(report), headers=headers)

    @router.get("/view/{report_id}/page/{page}.png")
    def page_image(request: Request, report_id: str, page: str) -> Response:
        services.limiter.check(client_key(request))
        try:
            report = files.report(report_id)
            if not PAGE_NUMBER.match(page):
                raise SourceError(
                    404, "page_not_found", f"页码“{page[:20]}”无效：应当是扫描件中的页码。"
                )
            image = files.page_image(report, int(page))
        except SourceError as e:
            return refuse(request, e)
        return Response(
            image.png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
        )

    @router.get("/view/{report_id}", response_class=HTMLResponse)
    def report_view(
        request: Request,
        report_id: str,
        t: Annotated[int | None, Query(ge=1, le=10_000)] = None,
        r: Annotated[int | None, Query(ge=0, le=100_000)] = None,
        c: Annotated[int | None, Query(ge=0, le=1_000)] = None,
        s: Annotated[int | None, Query(ge=0)] = None,
        e: Annotated[int | None, Query(ge=0)] = None,
        line: Annotated[int | None, Query(ge=0)] = None,
        page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    ) -> Response:
        services.limiter.check(client_key(request))
        mark = Mark(table=t, row=r, col=c, start=s, end=e, line=line, page=page)
        try:
            text = view_page(files, report_id, mark)
        except SourceError as err:
            return refuse(request, err)
        return HTMLResponse(text, headers={"Cache-Control": "no-cache"})

    return router
