"""HTML copies of reports as government portals publish them.

The charset comes from a BOM, the ``<meta>`` declaration or detection (never assumed). Page chrome
(scripts, navigation, headers, footers, share bars, breadcrumbs) is dropped, the container that
holds the report's text is kept, and its block elements become lines. Data tables keep their
rowspan/colspan (expanded, copies marked); portal pages that lay the whole report out in a table
(cells holding long paragraphs or nested tables) are read through, not emitted as data.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from ingest.document import Document, DocumentBuilder, TableCell
from ingest.loaders import clean_text, count_cjk, looks_like_prose
from ingest.loaders.txt import BINARY, DecodeProblem, decode_text
from reportqa.errors import IngestError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
}
_DROP_TAGS = list(
    (
        "script style noscript template iframe svg canvas object embed select button input "
        "textarea nav aside footer"
    ).split()
)
_NOISE = re.compile(
    r"nav|menu|footer|breadcrumb|crumb|share|sidebar|header|copyright|banner|toolbar|"
    r"pagination|bdshare|weizhi|dqwz|location|topbar|login|search|related|friendlink",
    re.I,
)
# inside the report's own container only bars that are never report text are removed
_NOISE_IN_CONTENT = re.compile(
    r"share|bdshare|pagination|related|breadcrumb|crumb|copyright|toolbar", re.I
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CONTENT_NAMES = frozenset(
    (
        "content article main zoom ucap-content trs_editor article-content article_content "
        "main-content detail xxgk_content news_content pages_content"
    ).split()
)
_BLOCK = frozenset(
    (
        "address article blockquote body caption center dd details div dl dt fieldset figcaption "
        "figure form h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary tbody td "
        "tfoot th thead tr ul"
    ).split()
)
_SOFT = "\ue000"  # a source line break: a space, or nothing between two Chinese characters
_CJK_CLASS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SOFT_BETWEEN_CJK = re.compile(
    f"(?<=[{_CJK_CLASS}])[ \\t\\xa0]*{_SOFT}[{_SOFT} \\t\\xa0]*(?=[{_CJK_CLASS}])"
)
_MAX_COLSPAN = 50
_LONG_LAYOUT_CELL = 300


def load(path: str, data: bytes) -> Document:
    text, encoding = _decode(path, data)
    soup = BeautifulSoup(text, "lxml")
    title = _page_title(soup)
    root = _content_root(soup.body or soup)
    builder = DocumentBuilder(path, "html", encoding=encoding)
    counter = [0]

    def emit_line(line: str) -> None:
        counter[0] += 1
        builder.add_line(line, counter[0])

    def emit_table(rows: list[list[TableCell]]) -> None:
        builder.add_table(rows)

    if title and _squash(title) not in _squash(root.get_text()):
        emit_line(title)
    walker = _Walker(emit_line, emit_table)
    walker.walk(root)
    walker.flush()
    doc = builder.build()
    if not doc.blocks:
        raise IngestError(path, "网页中没有正文文字")
    return doc


# --- charset -------------------------------------------------------------------------------------


def _decode(path: str, data: bytes) -> tuple[str, str]:
    declared = _declared_charset(data)
    try:
        return decode_text(data, declared)
    except DecodeProblem as exc:
        if exc.reason != BINARY:
            # pages often hold a few broken bytes: accept the declared (or the usual) charset
            # when almost everything decodes
            for codec in (declared, "gb18030"):
                if codec:
                    text = data.decode(codec, errors="replace")
                    if text.count("\ufffd") * 100 <= len(text):
                        return text, codec
        raise IngestError(path, exc.reason) from None


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:16384])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a meta tag readable as ASCII cannot be right about UTF-16
    if codec in ("iso8859-1", "cp1252", "ascii"):
        return None  # a server default; it would decode Chinese bytes into Latin nonsense
    return name


# --- page chrome and the main container ----------------------------------------------------------


def _page_title(soup: BeautifulSoup) -> str:
    if soup.title is None:
        return ""
    for part in re.split(r"[_|｜\-–—]+", soup.title.get_text()):
        part = clean_text(part)
        if count_cjk(part) >= 4:
            return part
    return ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _attr(el: Tag, name: str) -> str:
    value = el.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _content_root(body: Tag) -> Tag:
    """The element that holds the report, with page chrome removed.

    A container named like content (``article``, ``#zoom``, ``.TRS_Editor`` ...) holding at least
    half the page's Chinese text wins, and only share bars and the like are removed inside it;
    otherwise all chrome is removed first and the search is repeated, and failing that the page is
    narrowed to the child that holds nearly all its text.
    """
    for el in _select(body, lambda el: el.name in _DROP_TAGS):
        el.decompose()
    counts = _cjk_counts(body)
    named = _named_container(body, counts)
    if named is not None:
        _drop_chrome(named, _NOISE_IN_CONTENT, counts, headers=False)
        return named
    _drop_chrome(body, _NOISE, counts, headers=True)
    counts = _cjk_counts(body)
    named = _named_container(body, counts)
    return named if named is not None else _densest(body, counts)


def _cjk_counts(root: Tag) -> dict[int, int]:
    """Chinese characters under every element (keyed by id), in one pass over the tree."""
    counts: dict[int, int] = {}
    for node in reversed(list(root.descendants)):  # every node after all of its descendants
        if isinstance(node, Tag):
            n = counts.get(id(node), 0)
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            n = count_cjk(node)
        else:
            continue
        if n and node.parent is not None:
            counts[id(node.parent)] = counts.get(id(node.parent), 0) + n
    return counts


def _drop_chrome(root: Tag, noise: re.Pattern[str], counts: dict[int, int], headers: bool) -> None:
    total = counts.get(id(root), 0)

    def chrome(el: Tag) -> bool:
        if _HIDDEN.search(_attr(el, "style")) or el.has_attr("hidden"):
            return True
        names = f"{_attr(el, 'id')} {_attr(el, 'class')}".strip()
        n = counts.get(id(el), 0)
        if (headers and el.name == "header") or (names and noise.search(names)):
            # not a wrapper around the report itself, nor the report's title
            return n * 2 <= total and el.find(["h1", "h2"]) is None
        return el.name == "form" and n * 3 < total  # a search form; a form around the page stays

    for el in _select(root, chrome):
        el.decompose()


def _select(root: Tag, wanted: Callable[[Tag], bool]) -> list[Tag]:
    """Elements under ``root`` that ``wanted`` picks, outermost only, in one pass over the tree.

    (``Tag.decomposed`` is no help here: on bs4 4.15 it searches the subtree every time.)
    """
    picked: list[Tag] = []
    stack = [c for c in reversed(list(root.children)) if isinstance(c, Tag)]
    while stack:
        el = stack.pop()
        if wanted(el):
            picked.append(el)
        else:
            stack.extend(c for c in reversed(list(el.children)) if isinstance(c, Tag))
    return picked


def _named_container(root: Tag, counts: dict[int, int]) -> Tag | None:
    total = counts.get(id(root), 0)
    best, best_cjk = None, 0
    for el in root.find_all(True):
        names = {_attr(el, "id").lower(), *_attr(el, "class").lower().split()}
        if el.name in ("article", "main") or names & _CONTENT_NAMES:
            n = counts.get(id(el), 0)
            if n and n * 2 >= total and n > best_cjk:
                best, best_cjk = el, n
    return best


def _densest(root: Tag, counts: dict[int, int]) -> Tag:
    """Walk down while one child holds 90 % of the text (never into a table's rows)."""
    node, node_cjk = root, counts.get(id(root), 0)
    while node_cjk:
        kids = [(k, counts.get(id(k), 0)) for k in node.children if isinstance(k, Tag)]
        if not kids:
            break
        kid, n = max(kids, key=lambda kn: kn[1])
        if kid.name in ("table", "tr", "td", "th", "tbody", "thead") or n * 10 < node_cjk * 9:
            break
        node, node_cjk = kid, n
    return node


# --- walking the content -------------------------------------------------------------------------


class _Walker:
    """Turns a subtree into lines (block elements, ``<br>``) and tables, in document order."""

    def __init__(
        self,
        emit_line: Callable[[str], None],
        emit_table: Callable[[list[list[TableCell]]], None] | None,
    ):
        self.emit_line = emit_line
        self.emit_table = emit_table  # None: flatten tables into lines (text of a table cell)
        self.buf: list[str] = []

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf.clear()
        raw = _SOFT_BETWEEN_CJK.sub("", raw).replace(_SOFT, " ")
        for part in raw.split("\n"):
            text = clean_text(part)
            if text:
                self.emit_line(text)

    def walk(self, node: Tag) -> None:
        # iterative, layout tables included: portal pages can nest elements thousands deep
        stack: list[tuple[Iterator[PageElement], bool]] = [(iter(node.children), False)]
        while stack:
            children, is_block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if is_block:
                    self.flush()
            elif isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    self.buf.append(re.sub(r"\r\n|\r|\n", _SOFT, str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    self.buf.append("\n")
                elif child.name == "table":
                    self.flush()
                    for block in reversed(self.table(child)):
                        stack.append((iter(block.children), True))
                else:
                    is_child_block = child.name in _BLOCK
                    if is_child_block:
                        self.flush()
                    stack.append((iter(child.children), is_child_block))

    def table(self, tbl: Tag) -> list[Tag]:
        """Emit a data table; for a layout table return the elements to read as blocks instead.

        Layout: one column, a cell holding a nested table, a very long cell, or mostly prose.
        """
        caption = tbl.find("caption", recursive=False)
        cells = [
            [td for td in tr.children if isinstance(td, Tag) and td.name in ("td", "th")]
            for tr in _rows(tbl)
        ]
        flat = [td for row in cells for td in row]
        as_blocks = ([caption] if caption is not None else []) + flat
        width = max(
            (sum(_span(td, "colspan", _MAX_COLSPAN) for td in row) for row in cells), default=0
        )
        if (
            self.emit_table is None
            or width <= 1
            or any(td.find("table") is not None for td in flat)
        ):
            return as_blocks
        texts = [[_cell_text(td) for td in row] for row in cells]
        every = [t for row in texts for t in row]
        if any(len(t) > _LONG_LAYOUT_CELL for t in every) or looks_like_prose(every):
            return as_blocks
        if caption is not None:
            self.walk(caption)
            self.flush()
        self.emit_table(
            _expand([list(zip(r, t, strict=True)) for r, t in zip(cells, texts, strict=True)])
        )
        return []


def _rows(tbl: Tag) -> list[Tag]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows: list[Tag] = []
    for child in tbl.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child.children if isinstance(tr, Tag) and tr.name == "tr")
    return rows


def _cell_text(td: Tag) -> str:
    lines: list[str] = []
    walker = _Walker(lines.append, None)
    walker.walk(td)
    walker.flush()
    return "\n".join(lines)


def _span(td: Tag, attr: str, cap: int) -> int:
    m = re.match(r"\s*(\d+)", str(td.get(attr) or ""))
    if not m:
        return 1
    return min(int(m.group(1)), cap)  # 0 is "to the end" for rowspan; the caller resolves it


def _expand(rows: list[list[tuple[Tag, str]]]) -> list[list[TableCell]]:
    """The grid of a table with rowspan/colspan resolved: a copy in every covered position."""
    n = len(rows)
    grid: dict[tuple[int, int], TableCell] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for td, text in row:
            while (r, c) in grid:
                c += 1
            rowspan = _span(td, "rowspan", n)
            rowspan = n - r if rowspan == 0 else min(rowspan, n - r)
            colspan = max(1, _span(td, "colspan", _MAX_COLSPAN))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = TableCell(
                        text=text, row=r + dr, col=c + dc, copy=bool(dr or dc)
                    )
            c += colspan
            width = max(width, c)
    return [
        [grid.get((r, c)) or TableCell(text="", row=r, col=c) for c in range(width)]
        for r in range(n)
    ]
