"""Figures from the facts database, found by one generic resolver over the metric registry
(reportqa/metrics.toml): a cell, a sum of cells (the leaves of a group row, the five 法人或其他组织
columns, the two kinds of 行政诉讼) or a ratio of two such figures, each cell kept for citing."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.question import MetricRef
from reportqa.format import (
    PATH_SEP,
    PROSE,
    PROSE_METRICS,
    STAT_TABLE,
    STAT_THIS_YEAR,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    TABLE_2,
    TABLE_3,
    TABLE_4,
)
from reportqa.index.factsdb import FactsDB
from reportqa.metrics import PERCENT, Metric, Source, registry
from reportqa.records import Fact

Value = int | float | str | None


@dataclass(frozen=True)
class Resolved:
    """A figure of one report: its value, what it is in words, and the facts it comes from."""

    ref: MetricRef
    value: Value  # str for text facts (phone, address …); None for a blank cell
    unit: str
    qualifier: str
    label: str  # the metric and its column, in words
    facts: list[Fact]  # the cells or sentences it comes from
    computed: bool = False  # a sum of cells, or a ratio
    parts: tuple[Resolved, ...] = field(default=())  # a ratio's part and whole

    @property
    def number(self) -> int | float | None:
        return self.value if isinstance(self.value, int | float) else None


def _sum(facts: list[Fact]) -> int | float | None:
    if any(f.value is None for f in facts):
        return None
    return sum(f.value for f in facts)  # type: ignore[misc]


def label_of(ref: MetricRef) -> str:
    """表3 rows say who applied when a column is named: 本年新收的政府信息公开申请（自然人）."""
    reg = registry()
    m = reg[ref.metric]
    dim = ref.dim or reg.default_dim(ref.metric)
    if ref.part:
        return f"{m.label}中的“{ref.part}”"
    if dim is None or m.dimension is None or dim == reg.dimensions[m.dimension].default:
        return m.label
    values = [reg.dimensions[m.dimension].values.get(d) for d in dim.split("+")]
    if any(v is None for v in values):
        return m.label
    if len(values) > 1:
        names = "与".join(v.label for v in values if v)
        return f"{m.label}（{reg.dimensions[m.dimension].label}：{names}合计）"
    value = values[0]
    assert value is not None  # checked above: every value named is the dimension's
    if m.source is Source.TABLE2:
        return f"{m.label}（{value.label}）"
    return f"{m.label}（{reg.dimensions[m.dimension].label}：{value.label}）"


_TABLE_OF = {
    Source.TABLE3: TABLE_3,
    Source.TABLE4: TABLE_4,
    Source.TABLE2: TABLE_2,
    Source.PROSE: PROSE,
}


def _rows_of(m: Metric) -> tuple[str, ...] | None:
    """The 表3 rows a metric reads (its leaves, and its group row where a 2019 table has only
    that); None for the other tables, which are a few rows each and are read whole."""
    if m.source is not Source.TABLE3:
        return None
    return (m.group_row, *m.rows) if m.group_row else m.rows


class FactCache:
    """Facts of one report read once: a figure question reads a few rows of one table of one
    report, and a report's facts change only when the index's generation does. An entry is a
    whole table, or only the rows one figure needs (``row_keys``): at thousands of reports most
    questions miss, and a miss that builds the one row asked costs a tenth of a whole 表3."""

    def __init__(self, db: FactsDB, size: int = 512):
        self.db = db
        self.size = size
        self._generation: int | None = None
        self._cache: OrderedDict[tuple[str, str, tuple[str, ...] | None], list[Fact]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def table(
        self,
        report_id: str,
        table: str,
        generation: int,
        row_keys: tuple[str, ...] | None = None,
    ) -> list[Fact]:
        key = (report_id, table, row_keys)
        whole = (report_id, table, None)
        with self._lock:
            if generation != self._generation:
                self._cache.clear()
                self._generation = generation
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            if row_keys is not None and whole in self._cache:  # the table is already here
                self._cache.move_to_end(whole)
                wanted = set(row_keys)
                return [f for f in self._cache[whole] if f.row_key in wanted]
        # by report id (an indexed column) and table: a handful of rows, not the whole index
        facts = self.db.facts(report_id=report_id, table=table, row_keys=row_keys)
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

    def table(
        self, body: str, year: int, table: str, row_keys: tuple[str, ...] | None = None
    ) -> list[Fact]:
        """The facts of one table of a report; only the rows ``row_keys`` names when given."""
        rid = self._report_id(body, year) if self._report_id else None
        if rid is None:
            return self.db.facts(body=body, year=year, table=table, row_keys=row_keys)
        if self._cache is None:
            return self.db.facts(report_id=rid, table=table, row_keys=row_keys)
        return self._cache.table(rid, table, self._generation, row_keys)

    def resolve(self, body: str, year: int, ref: MetricRef) -> Resolved | None:
        """The figure ``ref`` names in the report of ``body`` and ``year``; None when the report
        has no such cell or sentence (another format, a figure the prose does not state)."""
        m = registry()[ref.metric]
        if m.source is Source.RATIO:
            return self._ratio(body, year, ref, m)
        facts = self.table(body, year, _TABLE_OF[m.source], _rows_of(m))
        cells = {
            Source.TABLE3: self._t3,
            Source.TABLE4: self._t4,
            Source.TABLE2: self._t2,
            Source.PROSE: self._prose,
        }[m.source](facts, m, ref)
        if not cells:  # a report before 2019: the same figure in its 统计表, where it has one
            cells = self._stat(self.table(body, year, STAT_TABLE), m, ref)
        if not cells and m.prose and m.source is not Source.PROSE and not ref.part:
            # a report whose tables were not published (or not read): the total its text states
            # (共受理政府信息公开申请95件), never a column of it
            if (ref.dim or registry().default_dim(m.id)) == registry().default_dim(m.id):
                cells = self._prose(self.table(body, year, PROSE), m, ref)
        if not cells:
            return None
        if len(cells) == 1:
            f = cells[0]
            value: Value = f.value if f.value is not None else (f.raw if m.is_text else None)
            return Resolved(ref, value, f.unit or m.unit, f.qualifier, label_of(ref), cells)
        return Resolved(ref, _sum(cells), m.unit, "", label_of(ref), cells, computed=True)

    def leaves(self, body: str, year: int, ref: MetricRef) -> list[Resolved]:
        """The rows a group metric sums, each resolved (不予公开 → its eight reasons)."""
        reg = registry()
        m = reg[ref.metric]
        if m.source is Source.TABLE3:  # read once whole; each leaf is then a part of it
            self.table(body, year, TABLE_3)
        out = []
        for key in m.rows:
            leaf = next((x for x in reg.metrics.values() if x.rows == (key,)), None)
            if leaf is None:
                continue
            r = self.resolve(body, year, MetricRef(metric=leaf.id, dim=ref.dim))
            if r is not None:
                out.append(r)
        return out

    # ------------------------------------------------------------------ by source

    @staticmethod
    def _columns(m: Metric, ref: MetricRef) -> tuple[int, ...]:
        reg = registry()
        dim = reg.dimensions[m.dimension or ""]
        cols: list[int] = []
        for d in (ref.dim or reg.default_dim(m.id) or "").split("+"):
            value = dim.values.get(d)
            if value is None:
                return ()
            cols += [c for c in value.columns if c not in cols]
        return tuple(cols)

    def _t3(self, facts: list[Fact], m: Metric, ref: MetricRef) -> list[Fact]:
        cols = self._columns(m, ref)
        rows = [f for f in facts if f.table == TABLE_3]
        if m.group_row and any(f.row_key == m.group_row for f in rows):
            keys: tuple[str, ...] = (m.group_row,)  # 2019: （六）其他处理 is one row
        else:
            keys = m.rows
        return [f for f in rows if f.row_key in keys and f.col_index in cols]

    def _t4(self, facts: list[Fact], m: Metric, ref: MetricRef) -> list[Fact]:
        cols = self._columns(m, ref)
        groups = {TABLE4_GROUP_LABELS[g] for g in m.groups}
        results = {TABLE4_RESULTS[c] for c in cols}
        return [f for f in facts if f.table == TABLE_4 and f.row in groups and f.column in results]

    def _t2(self, facts: list[Fact], m: Metric, ref: MetricRef) -> list[Fact]:
        reg = registry()
        rows = [f for f in facts if f.table == TABLE_2 and f.row.split(PATH_SEP)[-1] in m.t2_rows]
        if not rows:
            return []
        dim = reg.dimensions["t2_column"]
        wanted = ref.dim or reg.default_dim(m.id)
        value = dim.values.get(wanted or "")
        if value is not None:
            return [f for f in rows if f.column in value.labels][:1]
        return rows[:1]

    def _prose(self, facts: list[Fact], m: Metric, ref: MetricRef) -> list[Fact]:
        row, _ = PROSE_METRICS[m.prose or ""]
        prose = [f for f in facts if f.table == PROSE]
        if ref.part:
            return [f for f in prose if f.row == f"{row}{PATH_SEP}{ref.part}"][:1]
        return [f for f in prose if f.row == row][:1]

    @staticmethod
    def _stat(facts: list[Fact], m: Metric, ref: MetricRef) -> list[Fact]:
        """The 本年度 cell of the 统计表 row that means ``ref`` (its row key names the metric, with
        the column when it is not the metric's default: ``review@corrected``)."""
        if ref.part:
            return []
        dim = ref.dim or registry().default_dim(m.id)
        keys = {f"{m.id}@{dim}"} if dim else set()
        if dim == registry().default_dim(m.id):
            keys.add(m.id)
        return [f for f in facts if f.row_key in keys and f.column == STAT_THIS_YEAR][:1]

    def _ratio(self, body: str, year: int, ref: MetricRef, m: Metric) -> Resolved | None:
        assert m.ratio is not None
        part_p, whole_p = m.ratio
        part = self.resolve(body, year, MetricRef(metric=part_p.metric, dim=part_p.dim))
        whole = self.resolve(body, year, MetricRef(metric=whole_p.metric, dim=whole_p.dim))
        if part is None or whole is None:
            return None
        value = ratio(part.number, whole.number)
        return Resolved(
            ref,
            value,
            PERCENT,
            "",
            m.label,
            part.facts + whole.facts,
            computed=True,
            parts=(part, whole),
        )

    def parts_of_published(self, body: str, year: int) -> list[Fact]:
        """The parts of the 主动公开 total the report lists (机构信息350条 …)."""
        row = PROSE_METRICS["published"][0] + PATH_SEP
        return [f for f in self.table(body, year, PROSE) if f.row.startswith(row)]


def ratio(part: int | float | None, whole: int | float | None) -> float | None:
    """part / whole in percent, or None when either is unknown or the whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * 100
