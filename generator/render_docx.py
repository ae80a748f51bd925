"""A .docx as offices write them: title and headings as formatted paragraphs, the three tables as
real Word tables with merged cells (gridSpan and vMerge), like the official template."""

from __future__ import annotations

import random
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .render import Grid, Layout, Para

FONTS = {
    "title": ("方正小标宋简体", 22, True),
    "heading": ("黑体", 16, False),
    "subheading": ("楷体_GB2312", 16, True),
    "body": ("仿宋_GB2312", 16, False),
    "signature": ("仿宋_GB2312", 16, False),
}


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold or None
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _bookmark(paragraph, name: str = "_GoBack") -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def write_docx(layout: Layout, path: Path, rng: random.Random) -> str:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    bookmark_done = rng.random() > 0.3
    for block in layout.blocks:
        if isinstance(block, Para):
            p = doc.add_paragraph()
            name, size, bold = FONTS.get(block.role, FONTS["body"])
            _font(p.add_run(block.text), name, size, bold)
            if block.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif block.role == "signature":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                p.paragraph_format.first_line_indent = Pt(32)
            continue
        bookmark_done = _table(doc, block, bookmark_done)
    doc.save(str(path))
    return "docx"


def _table(doc, grid: Grid, bookmark_done: bool) -> bool:
    occ = grid.occupancy()
    table = doc.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    origins = []
    for r, row in enumerate(occ):
        for c, (cell, r0, c0) in enumerate(row):
            if (r0, c0) == (r, c):
                origins.append((cell, r, c))
    n = grid.ncols
    # table.cell() walks the whole table each call; take the cells once (merging disjoint
    # rectangles leaves the corner cells of the others in place), then once more after merging.
    cells = table._cells
    for cell, r, c in origins:
        if cell.rowspan > 1 or cell.colspan > 1:
            cells[r * n + c].merge(cells[(r + cell.rowspan - 1) * n + c + cell.colspan - 1])
    cells = table._cells
    for cell, r, c in origins:
        target = cells[r * n + c]
        paras = [""] * cell.lead_blank + cell.text.split("\n")
        target.text = ""
        first = target.paragraphs[0]
        for extra in target.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        for i, text in enumerate(paras):
            p = first if i == 0 else target.add_paragraph()
            if text:
                _font(p.add_run(text), "仿宋_GB2312", 10.5, cell.header)
            if cell.value or cell.header:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not bookmark_done and grid.table == "表3" and cell.value and r == len(grid.rows) - 2:
            _bookmark(target.paragraphs[-1])
            bookmark_done = True
    return bookmark_done
