"""Table grids of a scanned page, from its ruling lines: the lattice a table's rules draw, merged
cells where a rule is missing, and the recognised text boxes placed in the cells.

The page image is first straightened (its slight rotation found by the projection profile). Rules
are long runs of dark pixels (morphological opening with a long thin kernel). Row and column
boundaries are the rules' positions; a boundary absent along a cell's side merges the cell with its
neighbour, as a rowspan or colspan would. A cell left empty by the text detector (a lone ``0`` or
``/`` is easy to miss) is recognised again on its own, recognition only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.document import OcrBox

MIN_TABLE_W = 0.3  # share of the page width a table spans at least


@dataclass
class Lattice:
    x0: int
    y0: int
    x1: int
    y1: int
    xs: list[int]  # column boundaries, left to right (first and last: the table's edges)
    ys: list[int]  # row boundaries, top to bottom
    vertical: np.ndarray  # masks of the rules, page-sized
    horizontal: np.ndarray


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    x0: int
    y0: int
    x1: int
    y1: int
    boxes: list[OcrBox]


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight: first the angle (within ±2°) that makes the rows of ink
    sharpest, then, where the page has long rules (a table), the angle the rules lie at."""
    import cv2

    small = cv2.resize(gray, (gray.shape[1] // 4, gray.shape[0] // 4), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    h, w = ink.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-2.0, 2.01, 0.1):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        score = float(np.var(rot.sum(axis=1)))
        if score > best_score:
            best, best_score = float(angle), score
    page = _rotate(gray, best) if abs(best) >= 0.05 else gray
    fine = _rule_angle(page)
    return _rotate(page, fine) if abs(fine) >= 0.02 else page


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    m = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(
        gray,
        m,
        (gray.shape[1], gray.shape[0]),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def _rule_angle(gray: np.ndarray) -> float:
    """The median angle (degrees, as cv2 rotates) of the page's long horizontal rules; 0 when
    it has none."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 18)
    w = gray.shape[1]
    lines = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 30, 1))
    )
    lines = cv2.dilate(lines, np.ones((3, 1), np.uint8))  # join a tilted rule's steps
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    angles = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < 0.3 * w or bh > 40:
            continue
        ys, xs = np.nonzero(labels[y : y + bh, x : x + bw] == i)
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    return float(np.median(angles)) if angles else 0.0


def find_lattices(gray: np.ndarray, text_height: int) -> list[Lattice]:
    import cv2

    # ink darker than its surroundings: thin grey rules count, a grey cell fill does not
    ink = cv2.adaptiveThreshold(
        gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 18
    ).astype(np.uint8)
    h, w = ink.shape
    hk = max(20, w // 30)
    vk = max(15, int(text_height * 1.4))
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk))
    )
    # bridge one-pixel breaks of a scanned rule
    horizontal = cv2.dilate(horizontal, np.ones((3, 3), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((3, 3), np.uint8))
    both = cv2.bitwise_or(horizontal, vertical)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < MIN_TABLE_W * w or bh < 2 * text_height:
            continue
        x1, y1 = x + bw, y + bh
        hsub = horizontal[y:y1, x:x1]
        vsub = vertical[y:y1, x:x1]
        ys = _positions(hsub.sum(axis=1), 0.08 * bw, y)
        xs = _positions(vsub.sum(axis=0), 1.2 * text_height, x)
        # a table continued from the previous page may lack its top rule (and one going on to
        # the next page its bottom rule): the vertical rules still show where it ends
        if ys and ys[0] - y > text_height:
            ys.insert(0, int(y) + 1)
        if ys and y1 - ys[-1] > text_height:
            ys.append(int(y1) - 2)
        if len(ys) < 2 or len(xs) < 2:
            continue
        out.append(Lattice(int(x), int(y), int(x1), int(y1), xs, ys, vertical, horizontal))
    return out


def _positions(profile: np.ndarray, min_run: float, offset: int) -> list[int]:
    """Centres of the runs of rule pixels long enough to be a rule."""
    hits = [int(p) for p in np.nonzero(profile >= min_run)[0]]
    out: list[int] = []
    runs: list[list[int]] = []
    for p in hits:
        if runs and p - runs[-1][-1] <= 3:
            runs[-1].append(p)
        else:
            runs.append([p])
    for run in runs:
        out.append(int(offset) + (run[0] + run[-1]) // 2)
    return out


def cells(lat: Lattice) -> list[GridCell]:
    """The merged cells of a lattice: neighbours with no rule between them are one cell."""
    nr, nc = len(lat.ys) - 1, len(lat.xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(nr):
        ya, yb = lat.ys[r], lat.ys[r + 1]
        for c in range(nc - 1):
            x = lat.xs[c + 1]
            band = lat.vertical[ya + 3 : yb - 2, max(0, x - 5) : x + 6].max(axis=1)
            if band.size == 0 or band.mean() < 0.5:
                union(r * nc + c, r * nc + c + 1)
    for c in range(nc):
        xa, xb = lat.xs[c], lat.xs[c + 1]
        for r in range(nr - 1):
            y = lat.ys[r + 1]
            band = lat.horizontal[max(0, y - 5) : y + 6, xa + 3 : xb - 2].max(axis=0)
            if band.size == 0 or band.mean() < 0.5:
                union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    out: list[GridCell] = []
    pieces: list[list[tuple[int, int]]] = []
    for members in groups.values():
        rows = {m[0] for m in members}
        cols = {m[1] for m in members}
        if len(members) == len(rows) * len(cols):
            pieces.append(members)
            continue
        # not a rectangle (a rule missed between two merged cells): one cell a row and run
        for r in sorted(rows):
            run: list[tuple[int, int]] = []
            for c in sorted(m[1] for m in members if m[0] == r):
                if run and c != run[-1][1] + 1:
                    pieces.append(run)
                    run = []
                run.append((r, c))
            pieces.append(run)
    for members in pieces:
        r0 = min(m[0] for m in members)
        r1 = max(m[0] for m in members)
        c0 = min(m[1] for m in members)
        c1 = max(m[1] for m in members)
        out.append(
            GridCell(
                r0,
                c0,
                r1 - r0 + 1,
                c1 - c0 + 1,
                lat.xs[c0],
                lat.ys[r0],
                lat.xs[c1 + 1],
                lat.ys[r1 + 1],
                [],
            )
        )
    out.sort(key=lambda g: (g.row, g.col))
    return out


def place(grid: list[GridCell], lat: Lattice, boxes: list[OcrBox]) -> list[OcrBox]:
    """Put each box whose centre is inside the lattice into its cell; returns the boxes outside.

    A box the detector drew across a rule (``1 20`` over two cells) is split among the cells when
    it has one word for each; otherwise it is dropped and the cells are read again on their own.
    """
    outside = []
    for b in boxes:
        cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        if not (lat.x0 <= cx <= lat.x1 and lat.y0 <= cy <= lat.y1):
            outside.append(b)
            continue
        row = [g for g in grid if g.y0 <= cy <= g.y1]
        spanned = sorted(
            (g for g in row if min(b.x1, g.x1) - max(b.x0, g.x0) > 0.3 * (g.x1 - g.x0)),
            key=lambda g: g.x0,
        )
        if len(spanned) > 1:
            words = b.text.split()
            if len(words) == len(spanned):
                for g, w in zip(spanned, words, strict=True):
                    g.boxes.append(
                        OcrBox(w, max(b.x0, g.x0), b.y0, min(b.x1, g.x1), b.y1, b.confidence)
                    )
            continue
        cell = next((g for g in row if g.x0 <= cx <= g.x1), None)
        if cell is None:
            outside.append(b)
        else:
            cell.boxes.append(b)
    return outside


def cell_images(gray: np.ndarray, lat: Lattice, cell: GridCell) -> list[np.ndarray]:
    """The cell's ink cut at two depths of darkness (a faint glyph needs the shallower one)."""
    out: list[np.ndarray] = []
    for depth in (80, 50):
        image = cell_image(gray, lat, cell, depth)
        if image is not None and not any(image.shape == o.shape for o in out):
            out.append(image)
    return out


def cell_image(
    gray: np.ndarray, lat: Lattice, cell: GridCell, depth: int = 80
) -> np.ndarray | None:
    """The ink of a cell, rules removed, cut tight around the glyphs darker than the paper by
    ``depth`` or more (scanner noise left out), contrast stretched and padded as the recogniser
    likes it; None for a cell with no ink."""
    y0, y1, x0, x1 = cell.y0 + 3, cell.y1 - 2, cell.x0 + 3, cell.x1 - 2
    crop = gray[y0:y1, x0:x1].astype(np.float32)
    if crop.size == 0:
        return None
    background = float(np.median(crop))
    rules = (lat.vertical[y0:y1, x0:x1] | lat.horizontal[y0:y1, x0:x1]) > 0
    crop[rules] = background
    for d, least in ((depth, 4), (depth - 30, 4), (depth - 50, 12)):
        ys, xs = np.nonzero(crop < background - d)
        if d > 0 and len(ys) >= least:
            break
    else:
        return None
    tight = crop[max(0, ys.min() - 2) : ys.max() + 3, max(0, xs.min() - 2) : xs.max() + 3]
    low = float(tight.min())
    tight = np.clip((tight - low) / max(1.0, background - low) * 255, 0, 255).astype(np.uint8)
    h = max(tight.shape[0], 8)
    return np.pad(tight, ((h // 2, h // 2), (h, h)), constant_values=255)


def cell_text(cell: GridCell, line_height: int) -> str:
    """The boxes of a cell in reading order: lines top to bottom, a space between boxes apart."""
    boxes = sorted(cell.boxes, key=lambda b: ((b.y0 + b.y1) / 2, b.x0))
    lines: list[list[OcrBox]] = []
    for b in boxes:
        cy = (b.y0 + b.y1) / 2
        if lines and abs(cy - (lines[-1][0].y0 + lines[-1][0].y1) / 2) < line_height / 2:
            lines[-1].append(b)
        else:
            lines.append([b])
    parts = []
    for line in lines:
        line.sort(key=lambda b: b.x0)
        text = ""
        for i, b in enumerate(line):
            if i and b.x0 - line[i - 1].x1 > 0.35 * line_height:
                text += " "
            text += b.text
        parts.append(text)
    return "\n".join(parts)


def slant(image: np.ndarray) -> float:
    """The correlation of the x and y of a cell image's ink: about -0.95 for a slash (/), between
    -0.3 and 0.5 for digits; 0 for too little ink."""
    ys, xs = np.nonzero(image < 128)
    if len(xs) < 5 or xs.std() == 0 or ys.std() == 0:
        return 0.0
    return float(np.corrcoef(xs, ys)[0, 1])
