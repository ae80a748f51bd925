"""Section-aware chunks: each of the six sections split at its sub-items (（一） （1） 1、 一是 …),
long pieces split at sentence ends; every chunk keeps its section and character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.sections import Section, TextView

MAX_CHARS = 360
MIN_CHARS = 40

_SUBITEM = re.compile(
    r"(?:(?<=\n)|(?<=。)|^)\s*(?P<m>[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]是|\d{1,2}[、.．](?!\d))"
)
_SENTENCE_END = re.compile(r"(?<=[。；！？!?])")


@dataclass(frozen=True)
class Piece:
    section: Section
    subsection: str
    text: str
    start: int  # in the view
    end: int


def _split_long(text: str, start: int) -> list[tuple[str, int]]:
    if len(text) <= MAX_CHARS:
        return [(text, start)]
    out: list[tuple[str, int]] = []
    buf_start, pos = 0, 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if end - buf_start > MAX_CHARS and pos > buf_start:
            out.append((text[buf_start:pos], start + buf_start))
            buf_start = pos
        pos = end
    rest = text[buf_start:]
    while len(rest) > MAX_CHARS * 1.5:  # a run-on sentence
        out.append((rest[:MAX_CHARS], start + buf_start))
        buf_start += MAX_CHARS
        rest = text[buf_start:]
    if rest.strip():
        out.append((rest, start + buf_start))
    return out


def section_pieces(section: Section, view: TextView) -> list[Piece]:
    text = view.text
    if not text.strip():
        return []
    marks = [m.start("m") for m in _SUBITEM.finditer(text)]
    bounds = sorted({0, *marks, len(text)})
    pieces: list[Piece] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = text[a:b]
        if not seg.strip():
            continue
        head = seg.strip().split("。")[0][:30]
        for chunk_text, s in _split_long(seg, a):
            lead = len(chunk_text) - len(chunk_text.lstrip())
            body = chunk_text.strip()
            if not body:
                continue
            pieces.append(Piece(section, head, body, s + lead, s + lead + len(body)))
    # merge tiny trailing pieces (a lone heading) into the next one
    merged: list[Piece] = []
    for p in pieces:
        if merged and len(merged[-1].text) < MIN_CHARS and merged[-1].end <= p.start:
            prev = merged.pop()
            joined = text[prev.start : p.end].strip()
            if len(joined) <= MAX_CHARS * 1.5:
                merged.append(Piece(section, prev.subsection, joined, prev.start, p.end))
                continue
            merged.append(prev)
        merged.append(p)
    return merged
