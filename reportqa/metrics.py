"""The metric registry (reportqa/metrics.toml) as typed records: what each figure is, where it
lives in the format, how it is computed and what people call it. The assistant's resolver, its
question parser and the ingest of prose figures all read it; nothing about the tables is spelled
out anywhere else."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reportqa.format import (
    PROSE,
    PROSE_METRICS,
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_BY_KEY,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE_2,
    TABLE_3,
    TABLE_4,
)

REGISTRY_PATH = Path(__file__).with_name("metrics.toml")
PERCENT = "%"
_LATIN = re.compile(r"[A-Za-z]")


class Source(StrEnum):
    """How a metric's figure is found."""

    TABLE3 = "表3"
    TABLE4 = "表4"
    TABLE2 = "表2"
    PROSE = "正文"
    RATIO = "ratio"


@dataclass(frozen=True)
class DimValue:
    """One column choice of a dimension: 自然人 of the applicant, 结果纠正 of the result."""

    id: str
    label: str
    columns: tuple[int, ...] = ()  # column indices (表3, 表4)
    labels: tuple[str, ...] = ()  # column labels as printed (表2, either format)
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    default: str | None
    values: dict[str, DimValue]
    # whether two of its columns may be added: applicant types may; 本年制发 and 现行有效 (a
    # flow and a stock) or a count and an amount may not, and are each answered
    additive: bool = True


@dataclass(frozen=True)
class MetricPoint:
    """A metric with a column chosen: ``review@corrected``."""

    metric: str
    dim: str | None = None

    @classmethod
    def parse(cls, text: str) -> MetricPoint:
        metric, _, dim = text.partition("@")
        return cls(metric, dim or None)


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    source: Source
    unit: str
    family: str
    words: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()
    generic: bool = False
    dimension: str | None = None
    default: str | None = None  # the column meant when none is named
    rows: tuple[str, ...] = ()  # 表3 row keys, leaves expanded
    group_row: str | None = None  # 表3 group key printed as one row in the 2019 format
    groups: tuple[int, ...] = ()  # 表4 group indices
    t2_rows: tuple[str, ...] = ()  # 表2 row names, either format
    prose: str | None = None  # PROSE_METRICS key (the figure itself, or the same stated in words)
    ratio: tuple[MetricPoint, MetricPoint] | None = None

    @property
    def is_text(self) -> bool:
        """A fact that is words, not a count: a phone number, an address."""
        return self.source is Source.PROSE and PROSE_METRICS[self.prose or ""][1] in ("", "年")

    @property
    def summed(self) -> bool:
        return len(self.rows) > 1 or len(self.groups) > 1


@dataclass(frozen=True)
class Registry:
    metrics: dict[str, Metric]
    dimensions: dict[str, Dimension]
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, metric_id: str) -> Metric:
        return self.metrics[metric_id]

    def dimension_of(self, metric_id: str) -> Dimension | None:
        m = self.metrics[metric_id]
        return self.dimensions.get(m.dimension) if m.dimension else None

    def default_dim(self, metric_id: str) -> str | None:
        m = self.metrics[metric_id]
        if m.default:
            return m.default
        d = self.dimension_of(metric_id)
        return d.default if d else None

    def family(self, name: str) -> list[Metric]:
        return [m for m in self.metrics.values() if m.family == name]

    def by_prose(self, key: str) -> Metric | None:
        """The metric whose figure the prose states under PROSE_METRICS key ``key``."""
        return next((m for m in self.metrics.values() if m.prose == key), None)

    def words(self) -> list[tuple[str, str, str]]:
        """(word, kind, target) for every metric, dimension-value and ambiguous word: kind is
        "metric", "weak", "dim" (target "dimension.value") or "ambiguous"."""
        out: list[tuple[str, str, str]] = []
        for m in self.metrics.values():
            out += [(w, "metric", m.id) for w in m.words]
            out += [(w, "weak", m.id) for w in m.weak]
        for d in self.dimensions.values():
            for v in d.values.values():
                out += [(w, "dim", f"{d.id}.{v.id}") for w in v.words]
        out += [(w, "ambiguous", w) for w in self.ambiguous]
        return out


def is_latin(word: str) -> bool:
    return bool(_LATIN.search(word))


def _t3_rows(patterns: list[str]) -> tuple[tuple[str, ...], str | None]:
    keys: list[str] = []
    group = None
    for p in patterns:
        if p.endswith(".*"):
            prefix = p[:-1]
            keys += [r.key for r in TABLE3_ROWS if r.key.startswith(prefix) and r.leaf]
            head = TABLE3_BY_KEY.get(p[:-2])
            if head is not None and not head.leaf:
                group = head.key
        else:
            if p not in TABLE3_BY_KEY:
                raise ValueError(f"{REGISTRY_PATH}: 表3 has no row {p!r}")
            keys.append(p)
    return tuple(keys), group


def _t2_unit(rows: tuple[str, ...], default: str | None) -> str:
    for part in (*TABLE2_PARTS_2021, *TABLE2_PARTS_2019):
        if set(rows) & set(part.rows):
            for col, unit in zip(part.columns, part.units, strict=True):
                if default == "amount" and "金额" in col:
                    return unit
            return part.units[-1] if default == "decisions" else part.units[0]
    raise ValueError(f"{REGISTRY_PATH}: 表2 has no row {rows!r}")


def _metric(mid: str, d: dict, dims: dict[str, Dimension]) -> Metric:
    common = {
        "id": mid,
        "label": d["label"],
        "family": d.get("family", ""),
        "words": tuple(d.get("words", ())),
        "weak": tuple(d.get("weak", ())),
        "not_words": tuple(d.get("not", ())),
        "generic": bool(d.get("generic", False)),
        "dimension": d.get("dimension"),
        "default": d.get("default"),
        "prose": d.get("prose"),
    }
    if common["dimension"] and common["dimension"] not in dims:
        raise ValueError(f"{REGISTRY_PATH}: {mid} names an unknown dimension")
    if "ratio" in d:
        part, whole = (MetricPoint.parse(x) for x in d["ratio"])
        return Metric(source=Source.RATIO, unit=PERCENT, ratio=(part, whole), **common)
    table = d["table"]
    if table == TABLE_3:
        rows, group = _t3_rows(d["rows"])
        return Metric(source=Source.TABLE3, unit="件", rows=rows, group_row=group, **common)
    if table == TABLE_4:
        groups = tuple(d["groups"])
        if any(not 0 <= g < len(TABLE4_GROUPS) for g in groups):
            raise ValueError(f"{REGISTRY_PATH}: {mid} names an unknown 表4 group")
        return Metric(source=Source.TABLE4, unit="件", groups=groups, **common)
    if table == TABLE_2:
        rows = tuple(d["t2_rows"])
        unit = _t2_unit(rows, common["default"])
        return Metric(source=Source.TABLE2, unit=unit, t2_rows=rows, **common)
    if table == PROSE:
        key = d["prose"]
        if key not in PROSE_METRICS:
            raise ValueError(f"{REGISTRY_PATH}: {mid} names an unknown prose metric {key!r}")
        return Metric(source=Source.PROSE, unit=PROSE_METRICS[key][1], **common)
    raise ValueError(f"{REGISTRY_PATH}: {mid} has no table {table!r}")


def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    dims = {
        name: Dimension(
            name,
            d["label"],
            d.get("default"),
            {
                vid: DimValue(
                    vid,
                    v["label"],
                    tuple(v.get("columns", ())),
                    tuple(v.get("labels", ())),
                    tuple(v.get("words", ())),
                )
                for vid, v in d["values"].items()
            },
            d.get("additive", True),
        )
        for name, d in data["dimensions"].items()
    }
    metrics = {mid: _metric(mid, d, dims) for mid, d in data["metrics"].items()}
    ambiguous = {w: tuple(ids) for w, ids in data.get("ambiguous", {}).items()}
    for w, ids in ambiguous.items():
        unknown = [i for i in ids if i not in metrics]
        if unknown:
            raise ValueError(f"{path}: ambiguous word {w!r} names unknown metrics {unknown}")
    for m in metrics.values():
        if m.ratio:
            for p in m.ratio:
                if p.metric not in metrics:
                    raise ValueError(f"{path}: {m.id} divides an unknown metric {p.metric!r}")
    return Registry(metrics, dims, ambiguous)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return load_registry()
