"""One metric for one year across every body: the staff comparison view and ``GET /api/rank``.

Each body's figure is resolved by the assistant's own resolver (:class:`assistant.figures.
FigureLookup`, the registry of ``reportqa/metrics.toml``), so a ranking and an answer in the chat
never disagree; each value carries the citation of its cell. Bodies are grouped by region (the
city, else the district, their names place them in) or by level (the kind of body their name
ends with), and compared with the year before.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer import Citation
from assistant.figures import FigureLookup
from assistant.question import MetricRef
from assistant.responders.common import cite_fact
from reportqa.metrics import MetricPoint, registry
from reportqa.values import format_number, format_value
from ui.exports import cell, to_csv
from ui.sources import view_url

NO_REGION = "（名称中未注明地区）"
# the level of a body, by how its canonical name ends (the first match wins)
LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("省级政府", ("省人民政府", "自治区人民政府")),
    ("市级政府", ("市人民政府", "州人民政府")),
    ("区县政府", ("区人民政府", "县人民政府", "旗人民政府")),
    ("街道乡镇", ("街道办事处", "镇人民政府", "乡人民政府")),
    ("政府部门", ("局", "委员会", "委", "办公室", "厅", "中心", "院", "署", "所", "队", "站")),
)
OTHER_LEVEL = "其他机关"
RANK_HEADER = [
    "名次",
    "主体",
    "地区",
    "级别",
    "数值",
    "单位",
    "上年",
    "同比变化",
    "同比幅度",
    "报告",
    "文件",
    "位置",
    "原文",
    "出处链接",
]
TOTAL_HEADER = ["分组", "机关数", "合计", "单位"]


class UnknownMetric(ValueError):
    pass


def metric_choices() -> list[tuple[str, str]]:
    """(label, id) of every metric a body's figure can be ranked by (numbers, not text)."""
    reg = registry()
    return [(m.label, m.id) for m in reg.metrics.values() if not m.is_text]


def find_metric(text: str) -> MetricRef:
    """A metric by its id (``new``, ``review@corrected``) or its label (收到（本年新收）的政府
    信息公开申请); raises UnknownMetric with a Chinese message."""
    reg = registry()
    text = (text or "").strip()
    point = MetricPoint.parse(text)
    if point.metric in reg.metrics and not reg[point.metric].is_text:
        dim = reg.dimension_of(point.metric)
        if point.dim is None or (dim is not None and point.dim in dim.values):
            return MetricRef(metric=point.metric, dim=point.dim)
    for label, mid in metric_choices():
        if label == text:
            return MetricRef(metric=mid)
    raise UnknownMetric(
        f"没有指标“{text[:60]}”：请用指标编号（如 new、review）或完整的指标名称"
        f"（如“{reg['new'].label}”）。"
    )


def metric_label(ref: MetricRef) -> str:
    from assistant.figures import label_of

    return label_of(ref)


def level_of(body: str) -> str:
    for level, endings in LEVELS:
        if body.endswith(endings):
            return level
    return OTHER_LEVEL


def region_of(catalog: Any, body: str) -> str:
    city = catalog.city_of(body)
    if city:
        return city
    regions = sorted(catalog.regions_of(body), key=lambda r: (len(r), r))
    return regions[0] if regions else NO_REGION


@dataclass
class Ranked:
    body: str
    name: str  # as printed in that year's report
    value: int | float
    unit: str
    shown: str  # the value as the answers write it (qualifier, unit)
    citation: Citation
    previous: int | float | None = None
    region: str = NO_REGION
    level: str = OTHER_LEVEL

    @property
    def change(self) -> int | float | None:
        if self.previous is None:
            return None
        d = self.value - self.previous
        return int(d) if float(d).is_integer() else round(d, 6)

    @property
    def change_pct(self) -> float | None:
        if self.previous in (None, 0):
            return None
        return round((self.value - self.previous) / self.previous * 100, 1)  # type: ignore[operator]


def ranking(assistant: Any, ref: MetricRef, year: int, base: str = "") -> list[Ranked]:
    """Every body with a report of ``year`` whose figure is a number, largest first (ties by
    name); with last year's figure of the same body, when it has one."""
    db = assistant.index.facts
    catalog = assistant.catalog
    lookup = FigureLookup(db)
    out = []
    for row in db.list_reports(year=year):
        rep = row.report
        r = lookup.resolve(rep.body, year, ref)
        if r is None or r.number is None:
            continue
        before = (
            lookup.resolve(rep.body, year - 1, ref)
            if db.list_reports(body=rep.body, year=year - 1)
            else None
        )
        c = cite_fact(r.facts[0])
        c = c.model_copy(update={"url": view_url(c, base)})
        unit = r.unit if r.unit else registry()[ref.metric].unit
        out.append(
            Ranked(
                body=rep.body,
                name=rep.body_printed,
                value=r.number,
                unit=unit,
                shown=format_value(r.number, "", r.qualifier),
                citation=c,
                previous=before.number if before is not None else None,
                region=region_of(catalog, rep.body),
                level=level_of(rep.body),
            )
        )
    out.sort(key=lambda x: (-x.value, x.body))
    return out


def totals(rows: Sequence[Ranked], by: str) -> list[list[Any]]:
    """[group, bodies, sum, unit] by "region" or "level", largest sum first."""
    groups: dict[str, list[Ranked]] = {}
    for r in rows:
        groups.setdefault(r.region if by == "region" else r.level, []).append(r)
    totals: list[tuple[str, int, int | float, str]] = []
    for g, members in groups.items():
        s = sum(m.value for m in members)
        s = int(s) if float(s).is_integer() else round(s, 6)
        totals.append((g, len(members), s, members[0].unit))
    totals.sort(key=lambda x: (-x[2], x[0]))
    return [list(t) for t in totals]


def _pct(p: float | None) -> str:
    if p is None:
        return "—"
    return f"{'+' if p > 0 else ''}{format_number(p)}%"


def _delta(d: int | float | None) -> str:
    if d is None:
        return "—"
    return f"{'+' if d > 0 else ''}{format_number(d)}"


def table_rows(rows: Sequence[Ranked], base: str = "") -> list[list[Any]]:
    out = []
    for i, r in enumerate(rows, 1):
        c = r.citation
        out.append(
            [
                i,
                r.name,
                r.region,
                r.level,
                r.shown,
                r.unit,
                "—" if r.previous is None else format_number(r.previous),
                _delta(r.change),
                _pct(r.change_pct),
                c.title,
                c.source,
                "，".join(x for x in (c.section, c.locator) if x),
                c.quote,
                c.url or "",
            ]
        )
    return out


def rank_csv(rows: Sequence[Ranked]) -> str:
    return to_csv(RANK_HEADER, table_rows(rows))


def rank_xlsx(title: str, rows: Sequence[Ranked], by_group: list[list[Any]]) -> bytes:
    """The ranking (with the citations) and the group totals as two sheets of a workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    ws.append([cell(title)])
    ws["A1"].font = Font(bold=True)
    ws.append(RANK_HEADER)
    for r, values in zip(rows, table_rows(rows), strict=True):
        values = list(values)
        values[4] = r.value  # the number itself: a spreadsheet can add it up
        values[6] = r.previous
        values[7] = r.change
        values[8] = r.change_pct
        ws.append([v if isinstance(v, int | float) or v is None else cell(v) for v in values])
    for col, width in zip(
        "ABCDEFGHIJKLMN", (6, 28, 12, 10, 10, 6, 10, 10, 10, 40, 30, 40, 50, 40), strict=True
    ):
        ws.column_dimensions[col].width = width
    gs = wb.create_sheet("合计")
    gs.append(TOTAL_HEADER)
    for g in by_group:
        gs.append([cell(g[0]), g[1], g[2], cell(g[3])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
