"""Plain text: detect the encoding, then rebuild the tables that text exports flatten.

Two flattened table shapes are recognised:

* the .docx text export (see ``corpus/yongji-2024.txt``): one cell a line, each starting with a
  TAB; rows end at an empty line; a merged cell is a line holding just a TAB; a cell of several
  paragraphs continues on the following lines without a TAB (a vertically centred merged cell
  leaves a run of empty paragraphs before its text, e.g. ``三、本年度办理结果``); a table ends
  with two empty lines;
* ``a | b | c |`` lines (two or more pipes), one row a line.

Everything else becomes ``TextLine``s carrying their 1-based source line number.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ingest.document import Document, DocumentBuilder, TableCell
from ingest.loaders import LONG_CELL, clean_text, looks_like_prose
from reportqa.errors import IngestError

UNDECODABLE = "无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030 文本）"
BINARY = "看起来是二进制文件，不是文本"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that never occur in text files (TAB, LF, VT, FF, CR and SUB are tolerated).
_CONTROL_BYTES = bytes(
    [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1A), *range(0x1C, 0x20), 0x7F]
)
_MAX_BROKEN = 20  # undecodable bytes tolerated, and at most one per 1000 characters
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")


class DecodeProblem(ValueError):
    """Bytes that cannot be read as text; ``reason`` is the user-facing message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def load(path: str, data: bytes) -> Document:
    try:
        text, encoding = decode_text(data)
    except DecodeProblem as exc:
        raise IngestError(path, exc.reason) from None
    if not text.strip():
        raise IngestError(path, "文件为空")
    builder = DocumentBuilder(path, "txt", encoding=encoding)
    _TextTables(re.split(r"\r\n|\r|\n", text), builder).run()
    return builder.build()


# --- encoding ------------------------------------------------------------------------------------


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes whose encoding is unknown; return (text, Python codec name).

    charset-normalizer is the detector; rules known to beat it override it. Order: a BOM; the
    detector's guess when it is UTF-16/UTF-32 and reads as plausible text (BOM-less UTF-16 of
    prose-heavy text has too few NUL bytes for a byte-pattern rule, and its low bytes look like
    control codes); UTF-16 without BOM when NUL bytes sit in alternating positions; binary junk
    rejected; strict UTF-8 (decisive when valid); a ``declared`` charset (HTML meta) when it
    decodes cleanly; GB18030 (a superset of GBK and GB2312), or Big5 when the bytes show it
    (Traditional-script mirrors, see ``_prefers_big5``); the detector's other guesses when they
    read as plausible text; last, whichever leaves only a few broken bytes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise DecodeProblem(UNDECODABLE) from None
            if _looks_binary_text(text):
                raise DecodeProblem(BINARY)
            return text.removeprefix("\ufeff"), codec
    guess = _detected(data)
    if guess and guess.startswith(("utf-16", "utf-32")):
        found = _plausible_decoding(data, guess)
        if found:
            return found
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found:
            return found
    if _looks_binary_bytes(data):
        raise DecodeProblem(BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:  # after UTF-8: valid UTF-8 is decisive, pages often declare gb2312 wrongly
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    gb: str | None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if _prefers_big5(data, gb is not None):
        return data.decode("big5"), "big5"
    if gb is not None:
        return gb, "gb18030"
    if guess:
        found = _plausible_decoding(data, guess)
        if found:
            return found
    return _nearly_decodable(data, declared)


_DETECT_BYTES = 65536


def _detected(data: bytes) -> str | None:
    """charset-normalizer's best guess on the start of the file, as a Python codec name."""
    sample = data[:_DETECT_BYTES]
    try:
        best = from_bytes(sample).best()
    except Exception:  # the detector is advice, never a reason to fail
        return None
    if best is None:
        return None
    return codecs.lookup(best.encoding).name


def _plausible_decoding(data: bytes, codec: str) -> tuple[str, str] | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if _looks_binary_text(text) or _plausible_share(text[:65536]) < 0.9:
        return None
    return text, codec


def _nearly_decodable(data: bytes, declared: str | None) -> tuple[str, str]:
    """A file with a handful of broken bytes (cut mid-character, one bad byte) is still read, the
    broken bytes becoming U+FFFD; ASCII digits are never swallowed by either decoder."""
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys(c for c in ("utf-8", declared, "gb18030") if c):
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, codec)
    if best is None or best[0] > _MAX_BROKEN or best[0] * 1000 > len(best[1]):
        raise DecodeProblem(UNDECODABLE)
    return best[1], best[2]


def _looks_binary_bytes(data: bytes) -> bool:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(0, len(sample) // 100)  # more than 1 % control bytes


def _looks_binary_text(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL_CHARS.findall(sample)) > len(sample) // 100


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    if odd_nul > even_nul * 10:
        codec = "utf-16-le"  # ASCII characters are "x\0"
    elif even_nul > odd_nul * 10:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _looks_binary_text(text) or _plausible_share(text[:65536]) < 0.9:
        return None
    return text, codec


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese report plausibly holds (ASCII, Latin-1, CJK, punctuation)."""
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o <= 0x7E
            or ch in "\t\n\r\f\v"
            or 0xA0 <= o <= 0xFF
            or 0x2000 <= o <= 0x206F
            or 0x2E80 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF
        ):
            ok += 1
    return ok / len(text)


def _prefers_big5(data: bytes, gb18030_decodes: bool) -> bool:
    """Big5 bytes are mostly valid GB18030 too (decoding to nonsense), so decide on evidence:
    Big5 must decode strictly, about half of its double-byte characters must fall where GBK keeps
    rare extension characters (second byte below 0xA1), which Simplified text hardly ever uses,
    and charset-normalizer must not accept the GB18030 reading."""
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    if not gb18030_decodes:
        return True
    if _gbk_extension_share(data) < 0.2:
        return False
    try:
        return from_bytes(data, cp_isolation=["gb18030"]).best() is None
    except Exception:  # the detector is only advice
        return False


def _gbk_extension_share(data: bytes) -> float:
    pairs = ext = 0
    i, n = 0, min(len(data), 65536)
    while i < n:
        b = data[i]
        if b < 0x80 or i + 1 >= n:
            i += 1
        elif 0x30 <= data[i + 1] <= 0x39:  # a four-byte GB18030 sequence
            i += 4
        else:
            pairs += 1
            ext += data[i + 1] < 0xA1
            i += 2
    return ext / pairs if pairs else 0.0


# --- structure -----------------------------------------------------------------------------------

_PIPE_RULE = re.compile(r"^:?-{2,}:?$")
_MAX_CONTINUATION_LINES = 3  # text lines of a merged cell that continue without a TAB


@dataclass
class _Cell:
    text: str
    line: int


class _TextTables:
    """Walks the source lines once, emitting lines and the tables rebuilt from TAB/pipe runs."""

    def __init__(self, lines: list[str], builder: DocumentBuilder):
        self.lines = lines
        self.b = builder

    def run(self) -> None:
        i, n = 0, len(self.lines)
        while i < n:
            raw = self.lines[i]
            if raw.startswith("\t"):
                i = self._tab_table(i)
            elif raw.count("|") >= 2:
                i = self._pipe_table(i)
            else:
                self._line(raw, i)
                i += 1

    def _line(self, raw: str, i: int) -> None:
        text = clean_text(raw)
        if text:
            self.b.add_line(text, i + 1)

    def _blank(self, i: int) -> bool:
        """An empty line (a line holding just a TAB is an empty cell, not an empty line)."""
        line = self.lines[i]
        return not line.startswith("\t") and not line.strip()

    # .docx text export ----------------------------------------------------------------------

    def _tab_table(self, start: int) -> int:
        lines, n = self.lines, len(self.lines)
        rows: list[list[_Cell]] = []
        row: list[_Cell] = []
        i = start
        while i < n:
            raw = lines[i]
            if raw.startswith("\t"):
                row.append(_Cell(clean_text(raw[1:]), i + 1))
                i += 1
                continue
            if not self._blank(i):
                # text right after a cell line: the cell's next paragraph
                end = self._continuation_end(i)
                if end is None or not row:
                    break
                self._extend(row[-1], i, end)
                i = end
                continue
            k = i
            while k < n and self._blank(k):
                k += 1
            if k >= n:
                break
            if lines[k].startswith("\t"):
                if row:
                    rows.append(row)
                    row = []
                i = k
                continue
            # text after empty lines: a merged cell's text (the row so far holds only blank
            # cells and the text leads straight into the row's next cell), or the end of the table
            end = self._continuation_end(k)
            if (
                row
                and all(not c.text for c in row)
                and end is not None
                and end < n
                and lines[end].startswith("\t")
            ):
                self._extend(row[-1], k, end)
                i = end
                continue
            break
        if row:
            rows.append(row)
        self._emit(rows, start)
        return i

    def _continuation_end(self, i: int) -> int | None:
        """End (exclusive) of the run of text lines at ``i`` that may continue a cell, or None."""
        lines, n = self.lines, len(self.lines)
        end = i
        while end < n and not lines[end].startswith("\t") and not self._blank(end):
            if len(clean_text(lines[end])) > LONG_CELL:
                return None
            end += 1
        if end - i > _MAX_CONTINUATION_LINES:
            return None
        return end

    def _extend(self, cell: _Cell, start: int, end: int) -> None:
        extra = [t for t in (clean_text(self.lines[j]) for j in range(start, end)) if t]
        if not extra:
            return
        if cell.text:
            cell.text = "\n".join([cell.text, *extra])
        else:
            cell.text = "\n".join(extra)
            cell.line = start + 1

    def _emit(self, rows: list[list[_Cell]], start: int) -> None:
        cells = [c for r in rows for c in r]
        if len(cells) < 2 or looks_like_prose(c.text for c in cells):
            # TAB-indented paragraphs, not a table
            for c in cells:
                if c.text:
                    for part in c.text.split("\n"):
                        self.b.add_line(part, c.line)
            return
        self.b.add_table(
            [
                [TableCell(text=c.text, row=r, col=k, line=c.line) for k, c in enumerate(row)]
                for r, row in enumerate(rows)
            ],
            line=start + 1,
        )

    # a | b | c | lines ----------------------------------------------------------------------

    def _pipe_table(self, start: int) -> int:
        lines, n = self.lines, len(self.lines)
        rows: list[list[_Cell]] = []
        i = start
        while i < n:
            raw = lines[i]
            if raw.startswith("\t") or "|" not in raw:
                if self._blank(i) and i + 1 < n and lines[i + 1].count("|") >= 2:
                    i += 1  # one empty line inside a flattened table
                    continue
                break
            cells = _split_pipes(raw, i + 1)
            if not all(_PIPE_RULE.match(c.text) for c in cells if c.text):
                rows.append(cells)
            i += 1
        if rows:
            self._emit(rows, start)
        return i


def _split_pipes(raw: str, line: int) -> list[_Cell]:
    # "| a | b |" (a leading pipe) opens the row; " | b |" starts with a blank cell
    markdown = raw.lstrip("\ufeff").startswith("|")
    parts = raw.strip().split("|")
    if markdown and parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [_Cell(clean_text(p), line) for p in parts]
