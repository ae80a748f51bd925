"""The guard on what a model writes from quoted passages: every sentence cites a passage, every
number (Arabic or Chinese numerals, percentages, with 近/余/多/约) is one the cited passages state
with the same qualifier and after the same words, and every sentence is mostly the passages' own
words. Anything else and the model's text is not shown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportqa.format import to_simplified
from reportqa.numbers import NUM_PATTERN, prose_number, qualifier

_MARK = re.compile(r"\[(\d+)\]")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?(?:\s*\[\d+\])*")
_NUMBER = re.compile(NUM_PATTERN + r"(?P<pct>\s*[%％])?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# words between a label and its number (收到申请为 3119 件): not part of the label
_LINK = re.compile(r"(?:为|是|有|达到|达|共计|共|累计|了|约|近|超过|逾|全年|合计|总计|分别)+$")
MIN_OVERLAP = 0.5  # the share of a sentence's pairs of characters its passages hold
MAX_CHARS = 400
LABEL_WINDOW = 16  # characters before a number in which its label must stand


@dataclass(frozen=True)
class Number:
    value: float
    qualifier: str
    percent: bool
    label: str  # the words just before it
    start: int
    year: bool = False  # 2024年: a year, checked by value alone


@dataclass
class Verdict:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def numbers(text: str) -> list[Number]:
    """The numbers of ``text`` (一千二百余件, 5500 余条, 42.86%), each with the words before it."""
    out = []
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        if not re.search(r"\d", num) and len(num) == 1 and num in "一两":
            continue  # 一是, 两方面: words, not figures
        value = prose_number(num, m.group("mult"))
        if value is None:
            continue
        before = text[max(0, m.start() - LABEL_WINDOW) : m.start()]
        label = _LINK.sub("", "".join(_CJK.findall(before)))[-4:]
        year = (
            isinstance(value, int)
            and 1900 <= value <= 2100
            and text[m.end() : m.end() + 1] == "年"
            and not m.group("mult")
        )
        out.append(
            Number(
                float(value),
                qualifier(m.group("pre"), m.group("post")),
                bool(m.group("pct")),
                label,
                m.start("num"),
                year,
            )
        )
    return out


def _stated(n: Number, quotes: list[str]) -> bool:
    """Whether the passages state ``n``: the same value and qualifier, and, when the sentence
    names what it counts, those words just before it (收到 3119, not 答复 3119)."""
    for quote in quotes:
        for q in numbers(quote):
            if q.value != n.value or q.qualifier != n.qualifier or q.percent != n.percent:
                continue
            if (
                n.year
                or not n.label
                or n.label[-2:] in quote[max(0, q.start - LABEL_WINDOW) : q.start]
            ):
                return True
    return False


def _pairs(text: str) -> set[str]:
    cjk = "".join(_CJK.findall(text))
    return {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def check(text: str, quotes: list[str]) -> Verdict:
    """Whether a model's ``text`` may be shown beside the passages ``quotes`` ([1] is
    ``quotes[0]``)."""
    reasons: list[str] = []
    text = to_simplified(text.strip())
    quotes = [to_simplified(q) for q in quotes]
    if not text:
        return Verdict(False, ["empty"])
    if len(text) > MAX_CHARS:
        reasons.append(f"longer than {MAX_CHARS} characters")
    for raw in _SENTENCE.findall(text):
        sentence = raw.strip()
        if not _CJK.search(sentence) and not re.search(r"\d", sentence):
            continue
        marks = [int(m) for m in _MARK.findall(sentence)]
        if not marks:
            reasons.append(f"no citation: {sentence!r}")
            continue
        if any(not 1 <= k <= len(quotes) for k in marks):
            reasons.append(f"cites a passage that is not there: {sentence!r}")
            continue
        cited = [quotes[k - 1] for k in dict.fromkeys(marks)]
        body = _MARK.sub("", sentence)
        for n in numbers(body):
            if not _stated(n, cited):
                shown = f"{n.label}{n.value:g}{n.qualifier}{'%' if n.percent else ''}"
                reasons.append(f"number not in the cited passage: {shown!r} in {sentence!r}")
        own = _pairs(body)
        if own:
            held = len(own & set().union(*(_pairs(q) for q in cited))) / len(own)
            if held < MIN_OVERLAP:
                reasons.append(f"not the passage's words ({held:.0%}): {sentence!r}")
    return Verdict(not reasons, reasons)
