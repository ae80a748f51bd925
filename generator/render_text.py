"""Plain-text renderings: a .docx exported to text (one cell a line, as ``yongji-2024.txt``) and a
copy whose tables are flattened into ``a | b | c |`` lines."""

from __future__ import annotations

import random
from pathlib import Path

from .render import Grid, Layout, Para

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
BOOKMARK = "[bookmark: _GoBack]"


def write_txt(
    layout: Layout, path: Path, rng: random.Random, style: str | None = None
) -> tuple[str, str]:
    """Write ``layout`` as text; returns (style, encoding). ``style`` is tika or pipe (random when
    None), or runon (only on request: cell boundaries lost, a row's digits run together)."""
    style = style or rng.choices(["tika", "pipe"], weights=[3, 2])[0]
    encoding = rng.choices(ENCODINGS, weights=[5, 2, 2, 1])[0]
    newline = "\r\n" if rng.random() < 0.25 else "\n"
    writers = {"tika": tika_lines, "pipe": pipe_lines, "runon": runon_lines}
    if style not in writers:
        raise ValueError(f"unknown txt style {style!r}: choose one of {', '.join(writers)}")
    lines = writers[style](layout, rng)
    text = newline.join(lines) + newline
    path.write_bytes(text.encode(encoding))
    layout.variations["newline"] = "crlf" if newline == "\r\n" else "lf"
    return style, encoding


def physical_cells(grid: Grid, r: int, occ=None) -> list[tuple[str, int, bool]]:
    """The cells Word stores in row r: (text, lead blank paragraphs, is a vertical continuation).
    A horizontally merged cell is one cell; a vertically merged one repeats as an empty cell."""
    occ = occ or grid.occupancy()
    out = []
    c = 0
    while c < grid.ncols:
        cell, r0, c0 = occ[r][c]
        out.append(("" if r0 != r else cell.text, cell.lead_blank if r0 == r else 0, r0 != r))
        c += cell.colspan
    return out


def tika_lines(layout: Layout, rng: random.Random) -> list[str]:
    """Every cell on its own line behind a tab, rows ended by an empty line, one more empty line
    after a table; a cell of several paragraphs continues on untabbed lines."""
    lines: list[str] = []
    bookmark = rng.random() < 0.3
    for block in layout.blocks:
        if isinstance(block, Para):
            lines.append(block.text)
            continue
        occ = block.occupancy()
        marked = False
        for r in range(len(block.rows)):
            cells = physical_cells(block, r, occ)
            for i, (text, lead, _cont) in enumerate(cells):
                paras = [""] * lead + text.split("\n")
                if (
                    bookmark
                    and not marked
                    and block.table == "表3"
                    and r == len(block.rows) - 2
                    and i == len(cells) - 1
                ):
                    paras[-1] = BOOKMARK + paras[-1]
                    marked = True
                lines.append("\t" + paras[0])
                lines.extend(paras[1:])
            lines.append("")
        lines.append("")
    if rng.random() < 0.5:
        lines.append(" ")
    layout.variations["bookmark"] = str(bookmark)
    return lines


def pipe_lines(layout: Layout, rng: random.Random) -> list[str]:
    """Tables as ``a | b | c |`` lines. Merged cells print once (physical), or leave empty
    places, or repeat in every place they cover."""
    merge = rng.choice(["physical", "grid_empty", "grid_copy"])
    lead = rng.random() < 0.4
    blank_around = rng.random() < 0.5
    lines: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Para):
            lines.append(block.text)
            continue
        if blank_around:
            lines.append("")
        occ = block.occupancy()
        for r in range(len(block.rows)):
            if merge == "physical":
                texts = [t for t, _lead, _cont in physical_cells(block, r, occ)]
            else:
                texts = []
                for c in range(block.ncols):
                    cell, r0, c0 = occ[r][c]
                    origin = (r0, c0) == (r, c)
                    texts.append(cell.text if origin or merge == "grid_copy" else "")
            texts = [t.replace("\n", "") for t in texts]
            line = " | ".join(texts) + " |"
            lines.append(("| " + line) if lead else line)
        if blank_around:
            lines.append("")
    layout.variations["pipe_merge"] = merge
    return lines


def runon_lines(layout: Layout, rng: random.Random) -> list[str]:
    """A copy that lost its cell boundaries: a row's labels, one space, then its values run
    together (``801000081`` for 80,1,0,0,0,0,81); only the checks C1–C3 can split them."""
    lines: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Para):
            lines.append(block.text)
            continue
        for row in block.rows:
            labels = "".join(c.text.replace("\n", "") for c in row if not c.value)
            values = "".join(c.text for c in row if c.value)
            lines.append(f"{labels} {values}".strip())
    return lines
