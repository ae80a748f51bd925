"""Charts drawn as inline SVG, for the chat (an answer's ``chart``) and the staff workspace.

A line for values by year (every year labelled on the x axis, a marker on each point, one year is
one point), horizontal bars for values by body (the name above each bar, so long names fit on a
phone). The y axis starts at 0, its ticks are round numbers written the way the answers write
them (no "2.000000", no "000"), and the unit is named. Coordinates across the width are
percentages, so the chart fills its box at any width: the chat's HTML sanitiser drops
``viewBox``. Every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportqa.values import format_number
from ui.escape import esc

# units of counted things: the axis steps by whole numbers
_COUNTED = {"件", "项", "条", "篇", "次", "个", "人", "人次", "场", "期", "份", "家"}
LINE_HEIGHT = 230
BAR_ROW = 44


@dataclass(frozen=True)
class Point:
    label: str
    value: float | int
    citation: int | None = None  # the [n] of the answer's sources


def nice_ticks(top_value: float, unit: str = "", count: int = 4) -> list[float | int]:
    """Round ticks from 0 to at least ``top_value``: steps of 1, 2 or 5 times a power of ten;
    whole steps for counted units."""
    top_value = max(float(top_value), 0.0)
    if top_value == 0:
        return [0, 1]
    raw = top_value / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    if unit in _COUNTED or unit == "":
        step = max(step, 1)
    n = math.ceil(top_value / step - 1e-9)
    ticks = [round(i * step, 10) for i in range(n + 1)]
    return [int(t) if float(t).is_integer() else t for t in ticks]


def tick_label(v: float | int) -> str:
    return format_number(v)


def _value_text(v: float | int, unit: str) -> str:
    return f"{format_number(v)}{unit}"


def _ref(n: int | None) -> str:
    if n is None:
        return ""
    return f'<tspan class="rq-chart-ref" dx="2">[{n}]</tspan>'


def line_svg(points: Sequence[Point], unit: str, height: int = LINE_HEIGHT) -> str:
    ticks = nice_ticks(max(p.value for p in points), unit)
    top, bottom = 30, height - 30
    span = ticks[-1] or 1

    def y(v: float) -> float:
        return round(bottom - (v / span) * (bottom - top), 1)

    n = len(points)
    xs = [50.0] if n == 1 else [round(8 + i * 84 / (n - 1), 2) for i in range(n)]
    parts = [
        f'<svg class="rq-chart-svg" width="100%" height="{height}" font-size="12">',
    ]
    for t in ticks:
        parts.append(
            f'<line class="rq-grid" x1="0" x2="100%" y1="{y(t)}" y2="{y(t)}" '
            'stroke="#d0d7de" stroke-width="1"></line>'
            f'<text class="rq-tick" x="0" y="{round(y(t) - 3, 1)}" fill="#57606a" font-size="11">'
            f"{esc(tick_label(t))}</text>"
        )
    parts.append(
        f'<text class="rq-unit" x="100%" y="12" text-anchor="end" fill="#57606a" '
        f'font-size="11">单位：{esc(unit or "—")}</text>'
    )
    for i in range(n - 1):
        parts.append(
            f'<line class="rq-seg" x1="{xs[i]}%" y1="{y(points[i].value)}" x2="{xs[i + 1]}%" '
            f'y2="{y(points[i + 1].value)}" stroke="#1f6feb" stroke-width="2.5"></line>'
        )
    show_values = n <= 8
    for x, p in zip(xs, points, strict=True):
        py = y(p.value)
        tip = f"{p.label}：{_value_text(p.value, unit)}" + (
            f"（出处[{p.citation}]）" if p.citation else ""
        )
        parts.append(
            f'<g class="rq-point"><title>{esc(tip)}</title>'
            f'<circle cx="{x}%" cy="{py}" r="5" fill="#fff" stroke="#1f6feb" '
            'stroke-width="2.5"></circle></g>'
        )
        if show_values:
            parts.append(
                f'<text class="rq-value" x="{x}%" y="{round(py - 10, 1)}" text-anchor="middle" '
                f'fill="#0b3d91" font-weight="600">{esc(format_number(p.value))}'
                f"{_ref(p.citation)}</text>"
            )
        parts.append(
            f'<text class="rq-xlabel" x="{x}%" y="{height - 8}" text-anchor="middle" '
            f'fill="#1f2328">{esc(p.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(points: Sequence[Point], unit: str) -> str:
    ticks = nice_ticks(max(p.value for p in points), unit)
    span = ticks[-1] or 1
    height = BAR_ROW * len(points) + 8
    parts = [f'<svg class="rq-chart-svg" width="100%" height="{height}" font-size="12">']
    for i, p in enumerate(points):
        top = i * BAR_ROW
        width = max(round(p.value / span * 78, 2), 0.4)
        tip = f"{p.label}：{_value_text(p.value, unit)}" + (
            f"（出处[{p.citation}]）" if p.citation else ""
        )
        parts.append(
            f'<g class="rq-bar"><title>{esc(tip)}</title>'
            f'<text class="rq-xlabel" x="0" y="{top + 14}" fill="#1f2328">{esc(p.label)}</text>'
            f'<rect x="0" y="{top + 20}" width="{width}%" height="16" rx="2" '
            'fill="#1f6feb"></rect>'
            f'<text class="rq-value" x="{width + 1}%" y="{top + 33}" fill="#0b3d91" '
            f'font-weight="600">{esc(_value_text(p.value, unit))}{_ref(p.citation)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_html(
    kind: str, title: str, unit: str, points: Sequence[Point], elem_class: str = ""
) -> str:
    """The chart with its title above it; empty without points."""
    if not points:
        return ""
    svg = line_svg(points, unit) if kind == "line" else bar_svg(points, unit)
    caption = f'<div class="rq-chart-title">{esc(title)}</div>' if title else ""
    cls = f"rq-chart {elem_class}".strip()
    return f'<figure class="{cls}">{caption}{svg}</figure>'


CHART_CSS = """
.rq-chart { margin: 8px 0; padding: 6px 8px; border: 1px solid #d0d7de; border-radius: 6px;
  background: #fff; max-width: 640px; }
.rq-chart-title { font-weight: 600; font-size: 0.95em; margin-bottom: 2px; }
.rq-chart-svg { display: block; overflow: visible; }
.rq-chart-ref { fill: #1f6feb; font-size: 10px; font-weight: 400; }
"""
