"""Who published a report and for which year: read from the title and preamble, resolved to one
canonical body across the name variants a body uses over the years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportqa.format import normalize_label, to_simplified
from reportqa.numbers import chinese_to_int

_YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2})\s*年")
_TITLE_TAIL = re.compile(r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)")
_REGION_PREFIX = re.compile(r"^(.{1,12}?(?:省|自治区|市|州|盟|地区))")
_STRIP_CHARS = "《》〈〉“”\"'()（）[]【】:：,，.。、 \t"


@dataclass(frozen=True)
class Identity:
    body_printed: str
    year: int | None
    title: str
    body_from: str  # title / preamble / filename / none
    year_from: str  # title / period / text / filename / none


def _year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    if not m:
        return None
    y = m.group(1)
    return int(y) if y.isdigit() else chinese_to_int(y)


def _clean_body(text: str) -> str:
    text = re.sub(_YEAR.pattern + "度?", "", text)
    text = re.sub(r"^(?:关于)", "", text)
    text = text.replace("年度", "")
    text = re.sub(r"的$", "", text.strip(_STRIP_CHARS))
    return text.strip(_STRIP_CHARS)


def identify(
    title_lines: list[str], preamble: str, period_year: int | None, filename: str
) -> Identity:
    """Body and year from the title lines (the first lines up to the one naming the report),
    then the preamble, then the file name; records where each came from."""
    title = ""
    body = ""
    for i, line in enumerate(title_lines[:6]):
        norm = normalize_label(line)
        if not _TITLE_TAIL.search(norm) and i + 1 < len(title_lines):
            # a title wrapped inside its tail (…政府信息公开工 / 作年度报告), as PDFs print it
            tail = normalize_label(title_lines[i + 1])
            if len(tail) <= 8 and _TITLE_TAIL.search(norm + tail) and not _TITLE_TAIL.search(tail):
                norm = norm + tail
        if _TITLE_TAIL.search(norm):
            parts = [normalize_label(x) for x in title_lines[max(0, i - 2) : i + 1]]
            # keep earlier lines only while they look like a title (short, no sentence end)
            kept = [norm]
            for prev in reversed(parts[:-1]):
                if not prev or len(prev) > 30 or "。" in prev or "：" in prev:
                    break
                kept.insert(0, prev)
            title = "".join(kept)
            head = _TITLE_TAIL.split(title)[0]
            body = _clean_body(head)
            break
    year = _year_of(title) if title else None
    body_from = "title" if body else "none"
    year_from = "title" if year else "none"
    if not body:
        m = re.search(
            r"(?:现公布|公布|发布)([\u4e00-\u9fff（）]{2,30}?)(?:政府信息公开|\d{4}年)",
            normalize_label(preamble),
        ) or re.search(
            r"^([\u4e00-\u9fff（）]{3,30}?)(?:成立于|是|为|位于)", normalize_label(preamble)
        )
        if m:
            body, body_from = _clean_body(m.group(1)), "preamble"
    if year is None and period_year is not None:
        year, year_from = period_year, "period"
    if year is None:
        y = _year_of(normalize_label(preamble))
        if y:
            year, year_from = y, "text"
    stem = Path(filename).stem
    if not body:
        b = _clean_body(_TITLE_TAIL.sub("", to_simplified(stem)))
        b = re.sub(r"[-_\s\d]+", "", b)
        if len(b) >= 2 and re.search(r"[\u4e00-\u9fff]", b):
            body, body_from = b, "filename"
    if year is None:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)
        if m:
            year, year_from = int(m.group(1)), "filename"
    return Identity(body, year, title, body_from, year_from)


def canonical_candidate(printed: str) -> str:
    return normalize_label(printed)


def resolve_canonical(printed: str, known: list[str]) -> str:
    """The canonical body for a printed name, given the canonical bodies already indexed.

    ``长春市南关区人民政府`` and ``南关区人民政府`` name one body when one is the other with a region
    prefix (省/市/州/…) in front; the name already indexed wins. An ambiguous short name (two
    indexed bodies end with it) is kept as its own body rather than merged with the wrong one.
    """
    name = canonical_candidate(printed)
    if not name or name in known:
        return name
    matches = []
    for k in known:
        longer, shorter = (name, k) if len(name) > len(k) else (k, name)
        if longer.endswith(shorter) and len(shorter) >= 4:
            prefix = longer[: -len(shorter)]
            if _REGION_PREFIX.fullmatch(prefix) or re.fullmatch(
                r"(?:.{1,10}?(?:省|自治区|市|州|盟|地区)){1,3}", prefix
            ):
                matches.append(k)
    return matches[0] if len(matches) == 1 else name
