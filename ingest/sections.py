"""Finding the six sections of a report by their headings (matched by keywords, never by exact
text or position), and a text view of a run of lines that maps positions back to the source."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.document import Block, Document, Table, TextLine
from reportqa.format import PREAMBLE, SECTIONS, normalize_label

_HEADING = re.compile(
    r"^\s*(?P<num>[一二三四五六七八九]|[1-9１-９])\s*(?:[、.．,，:：]|\s)\s*[、]?\s*(?P<title>\S.{1,45})$"
)
# Table 3 row labels that look like headings: 一、本年新收… 四、结转下年度…
_TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|继续办理")
_SECTION_ORDER = [5, 3, 4, 1, 2, 0]  # keyword test order: 六 before 五, 四 before 二/三


@dataclass
class Section:
    number: int  # 0 = preamble, 1..6
    heading: str  # canonical heading from the format
    printed: str  # heading as printed ("" for the preamble)
    blocks: list[Block] = field(default_factory=list)

    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def heading_section(text: str) -> int | None:
    """The section number (1-6) a heading line names, or None if the line is no section heading."""
    m = _HEADING.match(text)
    if not m:
        return None
    title = normalize_label(m.group("title"))
    if len(title) > 40 or title.endswith("。") or _TABLE_ROW.search(title):
        return None
    for idx in _SECTION_ORDER:
        if any(k in title for k in SECTIONS[idx][1]):
            return idx + 1
    return None


def split_sections(doc: Document) -> list[Section]:
    """Blocks grouped under the headings found; the text before the first heading is the preamble.

    Headings must come in increasing order; a line that names an earlier section again
    (a sub-heading that happens to contain a keyword) stays in the current section.
    """
    sections = [Section(0, PREAMBLE, "")]
    current = 0
    for block in doc.blocks:
        if isinstance(block, TextLine):
            n = heading_section(block.text)
            if n is not None and n > current:
                current = n
                sections.append(Section(n, SECTIONS[n - 1][0], block.text.strip(), [block]))
                continue
        sections[-1].blocks.append(block)
    return sections


class TextView:
    """The text of a run of lines, joined for matching, with positions mapped back to the lines.

    PDF lines are hard-wrapped mid-sentence, so they are joined without a separator, except
    after a short line (a heading, or the last line of a paragraph); lines of other formats
    are paragraphs and are joined with a newline.
    """

    def __init__(self, lines: list[TextLine], wrapped: bool):
        self.lines = lines
        texts = [ln.text.strip() if wrapped else ln.text for ln in lines]
        if wrapped and texts:
            widths = sorted(len(t) for t in texts if t)
            typical = widths[len(widths) * 3 // 4] if widths else 0
            seps = ["\n" if len(t) < 0.75 * typical else "" for t in texts]
        else:
            seps = ["\n"] * len(texts)
        parts: list[str] = []
        self._starts: list[int] = []
        pos = 0
        for piece, sep in zip(texts, seps, strict=True):
            self._starts.append(pos)
            parts.append(piece + sep)
            pos += len(piece) + len(sep)
        self.text = "".join(parts)
        self._lead = [len(ln.text) - len(ln.text.lstrip()) if wrapped else 0 for ln in lines]

    def locate(self, pos: int) -> tuple[TextLine, int]:
        """The line holding view position ``pos`` and the matching offset in Document.text."""
        i = max(0, bisect.bisect_right(self._starts, pos) - 1)
        ln = self.lines[i]
        return ln, ln.start + self._lead[i] + min(pos - self._starts[i], len(ln.text))
