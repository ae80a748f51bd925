"""Reading numbers as reports print them: cells ("1,234", "0件", "/", "75394432.52元") and prose
("5500余条", "近200条", "1.9万余条", "四十余条")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from reportqa.format import normalize_label
from reportqa.values import PREFIX_QUALIFIERS

PLACEHOLDERS = {
    "/",
    "-",
    "—",
    "——",
    "–",
    "－",
    "--",
    "N/A",
    "NA",
    "n/a",
    "无",
    "／",
    "\\",
    "…",
    "*",
}
CELL_UNITS = ("万元", "元", "件", "项", "个", "条", "次", "人次", "篇", "份")

_CELL_NUM = re.compile(r"^([-+−]?)(\d+(?:\.\d+)?)$")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True)
class CellValue:
    raw: str
    value: int | float | None
    unit: str = ""  # unit written inside the cell, if any
    kind: str = "number"  # number / blank / placeholder / text


def _num(s: str) -> int | float:
    return float(s) if "." in s else int(s)


def parse_cell(raw: str) -> CellValue:
    """Classify one table cell. Blanks and placeholders have value None, kept apart by ``kind``."""
    raw = re.sub(r"\[bookmark: [^\]]*\]", "", raw).strip()
    s = normalize_label(raw)
    if not s:
        return CellValue(raw=raw, value=None, kind="blank")
    if s in PLACEHOLDERS or set(s) <= set("/-—–－─"):
        return CellValue(raw=raw, value=None, kind="placeholder")
    unit = ""
    for u in CELL_UNITS:
        if s.endswith(u) and len(s) > len(u):
            unit, s = u, s[: -len(u)]
            break
    s = s.replace(",", "").replace("，", "").replace("−", "-")
    m = _CELL_NUM.match(s)
    if m:
        v = _num(m.group(2))
        return CellValue(raw=raw, value=-v if m.group(1) in ("-", "−") else v, unit=unit)
    cn = chinese_to_int(s)
    if cn is not None:
        return CellValue(raw=raw, value=cn, unit=unit)
    return CellValue(raw=raw, value=None, kind="text")


def chinese_to_int(s: str) -> int | None:
    """二〇二四 -> 2024, 四十 -> 40, 一百零五 -> 105; None when ``s`` is not a Chinese numeral."""
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in s):
        return None
    if all(ch in _CN_DIGITS for ch in s) and len(s) > 1:  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


NUM_PATTERN = (
    r"(?P<pre>近|约|超过|超|逾|达|共计|共|累计)?\s*"
    r"(?P<num>\d[\d,，]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*"
    r"(?P<mult>万|亿)?\s*(?P<post>余|多)?"
)


def prose_number(num: str, mult: str | None) -> int | float | None:
    num = num.replace(",", "").replace("，", "")
    if num[0].isdigit():
        d = Decimal(num)
    else:
        cn = chinese_to_int(num)
        if cn is None:
            return None
        d = Decimal(cn)
    d *= {"万": 10000, "亿": 100000000}.get(mult or "", 1)
    return int(d) if d == d.to_integral_value() else float(d)


def qualifier(pre: str | None, post: str | None) -> str:
    """余/多/近/约/超过 kept with the value: the figure is approximate."""
    if post:
        return post
    if pre in PREFIX_QUALIFIERS:
        return pre
    return ""


def split_run_together(digits: str, parts: int) -> list[int] | None:
    """Split digits that lost their cell boundaries (``801000081`` -> 80,1,0,0,0,0,81) so that the
    last part is the sum of the others (the row total, C3). None unless exactly one split fits."""
    found: list[list[int]] = []

    def rec(pos: int, acc: list[int]) -> None:
        if len(found) > 1:
            return
        if len(acc) == parts - 1:
            rest = digits[pos:]
            if rest and not (len(rest) > 1 and rest[0] == "0") and int(rest) == sum(acc):
                found.append(acc + [int(rest)])
            return
        for end in range(pos + 1, len(digits) - (parts - 1 - len(acc)) + 1):
            piece = digits[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            rec(end, acc + [int(piece)])

    rec(0, [])
    return found[0] if len(found) == 1 else None
