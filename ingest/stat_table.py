"""The 政府信息公开情况统计表 of reports before 2019: one long table ``统计指标 | 单位 | 统计数`` (the
national 2014 style) or a provincial variant (``指标名称 | 计量单位 | 2018年度 | 历年累计``, a
``代码`` column, several value columns), rows indented by 一、/（一）/1./其中.

Every row becomes facts of table ``统计表``: the row's label path (its parent rows joined by
`` / ``), its unit, one fact per value column (``本年度`` and ``历年累计`` kept apart, other
columns as printed). Rows that mean the same as a metric of the registry (reportqa/metrics.toml
``[[statistics_table]]``) carry that metric as their row key, so a figure can be followed across
the change of format in 2019.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ingest.document import Document, OcrBox, Table
from ingest.tables import ocr_note
from reportqa.format import (
    PATH_SEP,
    STAT_CUMULATIVE,
    STAT_THIS_YEAR,
    normalize_label,
)
from reportqa.metrics import REGISTRY_PATH, MetricPoint, registry
from reportqa.numbers import parse_cell

THIS_YEAR = STAT_THIS_YEAR
CUMULATIVE = STAT_CUMULATIVE
_LABEL_HEAD = ("统计指标", "指标名称", "指标", "项目")
_UNIT_HEAD = ("计量单位", "单位")
_CODE_HEAD = ("代码",)
_THIS_YEAR = re.compile(r"^(?:统计数|本年度?|本年数|本期实际|本期|\d{4}年度?|数量|数值|本年实际)$")
_CUMULATIVE = re.compile(r"累计")
# numbering of a row, and its depth: 一、 > （一） > 1. > （1） ; 其中 is one deeper than its parent
# (OCR reads 、 as · or ， now and then)
_LEVELS = [
    re.compile(r"^[一二三四五六七八九十]+[、.．·,，]"),
    re.compile(r"^（[一二三四五六七八九十]+）"),
    re.compile(r"^\d{1,2}[、.．·,，](?!\d)"),
    re.compile(r"^（\d{1,2}）"),
]
_WHICH = re.compile(r"^其中[：:]?")


@dataclass(frozen=True)
class StatCell:
    row: str  # label path
    label: str  # the row's own label, numbering removed
    column: str
    col_index: int
    raw: str
    value: int | float | None
    unit: str
    metric: str  # "metric" or "metric@dimension", or ""
    table_index: int
    row_index: int
    grid_col: int
    page: int | None
    locator: str
    ocr: OcrBox | None = None  # a cell of a scanned table


@dataclass(frozen=True)
class _Rule:
    metric: str
    labels: tuple[str, ...]
    not_words: tuple[str, ...]
    under: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> tuple[_Rule, ...]:
    data = tomllib.loads(REGISTRY_PATH.read_text(encoding="utf-8"))
    reg = registry()
    out = []
    for d in data.get("statistics_table", []):
        point = MetricPoint.parse(d["metric"])
        if point.metric not in reg.metrics:
            raise ValueError(f"{REGISTRY_PATH}: 统计表 row names an unknown metric {d['metric']!r}")
        out.append(
            _Rule(
                d["metric"],
                tuple(d["labels"]),
                tuple(d.get("not", ())),
                tuple(d.get("under", ())),
            )
        )
    return tuple(out)


def stat_tables(doc: Document) -> dict[int, tuple[int, int, int, list[str]]]:
    """The 统计表 grids of a document by table index, each with its header (row, unit column,
    first value column, value column names). A table right after one, with as many columns and
    no header, is its continuation over a page break (header row -1)."""
    out: dict[int, tuple[int, int, int, list[str]]] = {}
    previous: tuple[int, int, int, list[str]] | None = None
    width = 0
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        head = _header(block)
        ncols = max((len(r) for r in block.rows), default=0)
        if head is not None:
            out[block.index] = head
            previous, width = head, ncols
        elif previous is not None and ncols == width:
            out[block.index] = (-1, previous[1], previous[2], previous[3])
        else:
            previous = None
    return out


def _header(table: Table) -> tuple[int, int, int, list[str]] | None:
    """(header row, label column, first value column, value column names) of a 统计表 grid."""
    for r, row in enumerate(table.rows[:4]):
        texts = [normalize_label(c.text) for c in row]
        label = next((i for i, t in enumerate(texts) if t in _LABEL_HEAD or "指标" in t), None)
        unit = next((i for i, t in enumerate(texts) if t in _UNIT_HEAD), None)
        if label is None or unit is None or unit <= label:
            continue
        first = unit + 1
        if first < len(texts) and texts[first] in _CODE_HEAD:
            first += 1
        if first >= len(texts):
            return None
        names = []
        seen: set[str] = set()
        for t in texts[first:]:
            name = THIS_YEAR if _THIS_YEAR.match(t) else CUMULATIVE if _CUMULATIVE.search(t) else t
            while name in seen:
                name += "′"
            seen.add(name)
            names.append(name)
        return r, unit, first, names
    return None


_OCR_SEPARATOR = re.compile(r"^([一二三四五六七八九十]+|\d{1,2})[·,，](?!\d)")


def _level(label: str, previous: int) -> tuple[int, str]:
    if _WHICH.match(label):
        return previous + 1, _WHICH.sub("", label)
    # a numbering separator misread by OCR (九·, 1，) is written as printed reports write it
    label = _OCR_SEPARATOR.sub(
        lambda m: m.group(1) + ("、" if not m.group(1).isdigit() else "."), label
    )
    for depth, pattern in enumerate(_LEVELS):
        if pattern.match(label):
            return depth, label
    return previous, label  # unnumbered: a sibling of the row before


def _core(label: str) -> str:
    for pattern in _LEVELS:
        label = pattern.sub("", label)
    return _WHICH.sub("", label)


def read(doc: Document) -> list[StatCell]:
    out: list[StatCell] = []
    found = stat_tables(doc)
    stack: list[tuple[int, str]] = []  # (depth, printed label)
    previous = 0
    for table in doc.tables():
        head = found.get(table.index)
        if head is None:
            continue
        head_row, unit_col, first, names = head
        if head_row >= 0:  # a new table (not a continuation): the hierarchy starts again
            stack, previous = [], 0
        for row in table.rows[head_row + 1 :]:
            cells = [c for c in row if not c.copy or c.col >= first]
            label = normalize_label("".join(c.text for c in row[:unit_col] if not c.copy))
            if not label:
                continue
            depth, shown = _level(label, previous)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parents = [s for _, s in stack]
            stack.append((depth, shown))
            previous = depth
            unit_cell = row[unit_col] if unit_col < len(row) else None
            unit = normalize_label(unit_cell.text) if unit_cell is not None else ""
            unit = "" if parse_cell(unit).kind == "placeholder" else unit
            values = [c for c in cells if c.col >= first]
            kinds = {parse_cell(c.text).kind for c in values}
            if not values or kinds <= {"blank"} or (not unit and kinds <= {"blank", "placeholder"}):
                continue  # a heading row (一、主动公开情况 | — | —): no figure
            path = PATH_SEP.join([*parents, shown])
            for c in values:
                idx = c.col - first
                if idx >= len(names):
                    continue
                pv = parse_cell(c.text)
                where = f"第{c.page}页 " if c.page else ""
                out.append(
                    StatCell(
                        row=path,
                        label=_core(shown),
                        column=names[idx],
                        col_index=idx,
                        raw=pv.raw,
                        value=pv.value,
                        unit=pv.unit or unit,
                        metric="",
                        table_index=table.index,
                        row_index=c.row,
                        grid_col=c.col,
                        page=c.page if c.page is not None else table.page,
                        locator=f"{where}表格{table.index} 第{c.row + 1}行第{c.col + 1}列"
                        + (ocr_note(c.ocr) if c.ocr else ""),
                        ocr=c.ocr,
                    )
                )
    return _assign_metrics(out)


def _assign_metrics(cells: list[StatCell]) -> list[StatCell]:
    """Each metric to the first row (in rule order, then table order) whose label matches."""
    from dataclasses import replace

    rows: dict[str, str] = {}  # path -> own label
    for c in cells:
        rows.setdefault(c.row, c.label)
    taken: dict[str, str] = {}  # path -> metric
    for rule in rules():
        if rule.metric in taken.values():
            continue
        for path, label in rows.items():
            if path in taken:
                continue
            parents = path.split(PATH_SEP)[:-1]
            if not any(w in label for w in rule.labels):
                continue
            if any(w in label for w in rule.not_words):
                continue
            if rule.under and not any(w in p for p in parents for w in rule.under):
                continue
            if (
                not rule.under
                and any(w in p for p in parents for w in ("行政复议", "行政诉讼"))
                and "@" not in rule.metric
            ):
                continue  # a part of 复议/诉讼 is not the total of another metric
            taken[path] = rule.metric
            break
    return [replace(c, metric=taken.get(c.row, "")) for c in cells]
