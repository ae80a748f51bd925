"""The one way a figure is written for people: the number, its qualifier where the report put it
(近521条 and 5500余条, never 521近条), and its unit. The CLI, answers, pages and the widget all
write values with :func:`format_value`."""

from __future__ import annotations

Number = int | float

# Qualifiers printed before the number (近200条, 约3万元, 超过100件); every other qualifier (余, 多,
# 以上) follows it. One list, read by every writer of values and by the prose-figure reader.
PREFIX_QUALIFIERS = ("将近", "超过", "超", "近", "约", "逾")
SUFFIX_QUALIFIERS = ("余", "多", "以上")

BLANK = "未填写"


def format_number(value: Number) -> str:
    """1234 → "1234", 2.0 → "2", 0.125 → "0.125" (at most six decimals, no float noise)."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def format_value(
    value: Number | str | None, unit: str = "", qualifier: str = "", blank: str = BLANK
) -> str:
    """A value as an answer shows it: ``format_value(521, "条", "近")`` → "近521条";
    ``format_value(5500, "条", "余")`` → "5500余条"; text (a phone number, a placeholder such as
    "/") as printed; None (a blank cell) as ``blank``."""
    if value is None:
        return blank
    if isinstance(value, str):
        return value
    number = format_number(value)
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{number}{unit}"
    return f"{number}{qualifier}{unit}"


def format_percent(value: float) -> str:
    """A share or rate, one decimal: 37.5%, 0%."""
    return f"{format_number(round(value, 1))}%"
