"""Figures from the facts database: one cell, or a sum of cells computed in code (a group of
result rows, the five 法人或其他组织 columns, the two 行政诉讼 groups), each cell kept for citing."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from assistant.lexicon import lexicon
from assistant.understanding import Metric
from reportqa.format import (
    PATH_SEP,
    PROSE,
    PROSE_METRICS,
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    TABLE_2,
    TABLE_3,
    TABLE_4,
)
from reportqa.index.factsdb import FactsDB
from reportqa.records import Fact

_T3_NAMES = {
    "new": "收到（本年新收）的政府信息公开申请",
    "carried_in": "上年结转的政府信息公开申请",
    "carried_out": "结转下年度继续办理的申请",
    "total": "办结（本年度办理结果总计）的申请",
    "deny": "不予公开的申请",
    "unable": "无法提供的申请",
    "noproc": "不予处理的申请",
    "other": "其他处理的申请",
}
_T4_NAMES = {
    "review": "政府信息公开行政复议",
    "litigation": "政府信息公开行政诉讼",
    "direct": "未经复议直接起诉的行政诉讼",
    "after_review": "复议后起诉的行政诉讼",
}
_T4_GROUPS = {"review": [0], "direct": [1], "after_review": [2], "litigation": [1, 2]}


@dataclass(frozen=True)
class Resolved:
    value: int | float | str | None  # str for text facts (phone, address …)
    unit: str
    qualifier: str
    label: str  # what the figure is, in words
    facts: list[Fact]  # the cells or sentences it comes from
    computed: bool = False  # a sum of several cells


def _leaf_name(row_label: str) -> str:
    last = row_label.split(PATH_SEP)[-1]
    return re.sub(r"^(?:[一二三四五六七八九]、|（[一二三四五六七八九]）|\d+\.)", "", last)


def _sum(facts: list[Fact]) -> int | float | None:
    if any(f.value is None for f in facts):
        known = [f.value for f in facts if f.value is not None]
        return sum(known) if known and len(known) == len(facts) else None
    return sum(f.value for f in facts)  # type: ignore[misc]


_TABLE_OF = {"t3": TABLE_3, "t4": TABLE_4, "t2": TABLE_2, "prose": PROSE}


class FactCache:
    """The facts of one table of one report, read once: a figure question reads one table of
    one report, and a report's facts change only when the index's generation does."""

    def __init__(self, db: FactsDB, size: int = 512):
        self.db = db
        self.size = size
        self._generation: int | None = None
        self._cache: OrderedDict[tuple[str, str], list[Fact]] = OrderedDict()
        self._lock = threading.Lock()

    def table(self, report_id: str, table: str, generation: int) -> list[Fact]:
        key = (report_id, table)
        with self._lock:
            if generation != self._generation:
                self._cache.clear()
                self._generation = generation
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        # by report id (an indexed column) and table: a handful of rows, not the whole index
        facts = self.db.facts(report_id=report_id, table=table)
        with self._lock:
            self._cache[key] = facts
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return facts


class FigureLookup:
    def __init__(
        self,
        db: FactsDB,
        report_id: Callable[[str, int], str | None] | None = None,
        cache: FactCache | None = None,
        generation: int = 0,
    ):
        self.db = db
        self._report_id = report_id
        self._cache = cache
        self._generation = generation

    def table(self, body: str, year: int, table: str) -> list[Fact]:
        rid = self._report_id(body, year) if self._report_id else None
        if rid is None:
            return self.db.facts(body=body, year=year, table=table)
        if self._cache is None:
            return self.db.facts(report_id=rid, table=table)
        return self._cache.table(rid, table, self._generation)

    def resolve(self, body: str, year: int, metric: Metric) -> Resolved | None:
        facts = self.table(body, year, _TABLE_OF[metric.kind])
        if metric.kind == "t3":
            return self._t3(facts, metric)
        if metric.kind == "t4":
            return self._t4(facts, metric)
        if metric.kind == "t2":
            return self._t2(facts, metric)
        return self._prose(facts, metric)

    def _t3(self, facts: list[Fact], metric: Metric) -> Resolved | None:
        t3 = [f for f in facts if f.table == TABLE_3]
        if not t3:
            return None
        key = metric.key or "new"
        keys = [key]
        groups = lexicon().t3_groups
        if key in groups:
            has_single = any(f.row_key == key for f in t3)  # 2019: （六）其他处理 is one row
            keys = [key] if has_single else groups[key]
        col = metric.column
        cols = [1, 2, 3, 4, 5] if col == "corporate" else [int(col) if col is not None else 6]
        cells = [f for f in t3 if f.row_key in keys and f.col_index in cols]
        if not cells:
            return None
        name = _T3_NAMES.get(key) or f"因“{_leaf_name(TABLE3_BY_KEY[key].label)}”处理的申请"
        col_name = (
            "法人或其他组织"
            if col == "corporate"
            else TABLE3_COLUMN_LABELS[cols[0]].split(PATH_SEP)[-1]
        )
        label = name if cols == [6] else f"{name}中申请人为“{col_name}”的"
        value = _sum(cells)
        return Resolved(value, "件", "", label, cells, computed=len(cells) > 1)

    def _t4(self, facts: list[Fact], metric: Metric) -> Resolved | None:
        t4 = [f for f in facts if f.table == TABLE_4]
        if not t4:
            return None
        key = metric.key or "review"
        result = int(metric.column) if metric.column is not None else 4
        groups = [TABLE4_GROUP_LABELS[g] for g in _T4_GROUPS[key]]
        cells = [f for f in t4 if f.row in groups and f.column == TABLE4_RESULTS[result]]
        if not cells:
            return None
        label = _T4_NAMES[key] + ("" if result == 4 else f"中“{TABLE4_RESULTS[result]}”的")
        return Resolved(_sum(cells), "件", "", label, cells, computed=len(cells) > 1)

    def _t2(self, facts: list[Fact], metric: Metric) -> Resolved | None:
        part_i, row_i = lexicon().t2_targets[metric.key]
        names = {TABLE2_PARTS_2021[part_i].rows[row_i], TABLE2_PARTS_2019[part_i].rows[row_i]}
        rows = [f for f in facts if f.table == TABLE_2 and f.row.split(PATH_SEP)[-1] in names]
        if not rows:
            return None
        want = int(metric.column) if metric.column is not None else None
        fmt = rows[0].table_format
        if want is None:
            # the count a citizen means: 本年制发 (2021) / 处理决定数量 (2019 五、六)
            want = 2 if fmt == "2019" and part_i in (1, 2) else 0
        cell = next((f for f in rows if f.col_index == want), rows[0])
        label = f"{_leaf_name(cell.row)}（{cell.column}）"
        return Resolved(cell.value, cell.unit, "", label, [cell])

    def _prose(self, facts: list[Fact], metric: Metric) -> Resolved | None:
        row, unit = PROSE_METRICS[metric.key]
        prose = [f for f in facts if f.table == PROSE]
        if metric.key == "published" and metric.hints:
            part = self._part(prose, row, metric.hints)
            if part is not None:
                name = part.row.split(PATH_SEP)[-1]
                return Resolved(part.value, part.unit, part.qualifier, f"主动公开的{name}", [part])
            if metric.alt is not None:
                return self._prose(facts, metric.alt)
        hits = [f for f in prose if f.row == row]
        if not hits:
            return None
        f = hits[0]
        value: int | float | str | None = f.value if f.value is not None else f.raw
        return Resolved(value, f.unit, f.qualifier, row, [f])

    @staticmethod
    def _part(prose: list[Fact], row: str, hints: tuple[str, ...]) -> Fact | None:
        """The part of the published total the conversation names, newest text first
        (其中政策文件有多少条 → 政策文件), or None for the total."""
        parts = [f for f in prose if f.row.startswith(row + PATH_SEP)]
        for hint in reversed(hints):
            named = [f for f in parts if f.row.split(PATH_SEP)[-1] in hint]
            if named:
                return max(named, key=lambda f: len(f.row))
        return None

    def published_parts(self, body: str, year: int) -> list[Fact]:
        row = PROSE_METRICS["published"][0] + PATH_SEP
        return [f for f in self.table(body, year, PROSE) if f.row.startswith(row)]
