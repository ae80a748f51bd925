"""The truth behind a synthetic report, and the seeded builder that makes it.

A :class:`GeneratedReport` holds what a report *says*: every table cell as the parser should
read it (canonical row and column labels from :mod:`reportqa.format`), the raw text printed in
the cell, and the figures the prose states. It holds no layout: :mod:`.render` decides how the
report looks (headings, brackets, table shapes, file format) and never changes a figure.

:func:`make_report` builds one arithmetically consistent report (checks C1–C7 and C10 hold)
unless ``plant`` names a check to break on purpose; :func:`failed_checks` evaluates those checks
on the printed cells, skipping blank and placeholder cells as unknown.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field, replace
from typing import Any

from reportqa.format import (
    PATH_SEP,
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE3_RESULT_LEAVES_2019,
    TABLE3_RESULT_LEAVES_2021,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    Table2Part,
)

Number = int | float
Key = tuple[str, str, str]  # (table, row label, column label)
ProseValue = tuple[Number | str, str, str]  # (value, qualifier, unit)

T2, T3, T4 = "表2", "表3", "表4"
PLANTABLE = ("C1", "C2", "C3", "C5", "C6", "C7", "C10")
PLACEHOLDERS = ("/", "-", "—", "无", "N/A")
APPLICANT_COLUMNS = TABLE3_COLUMN_LABELS[:6]
TOTAL_COLUMN = TABLE3_COLUMN_LABELS[6]
C10_METRICS = ("received", "answered", "carried_out", "review", "litigation")


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class BodyInfo:
    """What stays the same about a body from one year to the next."""

    kind: str  # city / district / street / town / department / district_department
    short_name: str  # what citizens call it: 文昌街道, 东澜区政府, 市交通运输局
    we: str  # how the report refers to itself: 我街道, 我区, 我市, 我局
    scope: str  # 全街, 全区, 全市, 本机关
    office: str  # who compiles the report: 东澜区人民政府办公室, 综合办公室
    portal: str  # the website named in the preamble
    address: str
    postcode: str
    phone: str
    email: str | None = None
    founded: int | None = None
    domain: str = "gov.cn"


@dataclass(frozen=True)
class RenderInfo:
    """How one file was rendered: what a test needs to know to read it back."""

    path: str
    fmt: str  # txt / docx / html / pdf
    style: str  # tika / pipe / docx / html / pdf
    encoding: str | None  # for txt and html
    traditional: bool = False
    variations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GeneratedReport:
    """One synthetic report: what it states, cell by cell and figure by figure.

    ``cells`` maps (table, row label, column label) to the value the parser should read: an int
    or float, or None for a blank or placeholder cell. ``raw`` holds the cell text as printed
    ("/", "", "1,234", "0件"); render-only artefacts (``[bookmark: _GoBack]``, Traditional
    script) are not part of it. ``prose`` maps :data:`reportqa.format.PROSE_METRICS` keys (and
    breakdown keys such as ``published/机构信息``) to (value, qualifier, unit) exactly as the
    text states them; ``prose_raw`` holds the printed phrase ("5500余条", "三件").
    """

    body_printed: str
    body_canonical: str
    year: int
    table_format: str  # "2021" / "2019" (both tables); "mixed": 2021 Table 2 with 2019 Table 3
    cells: dict[Key, Number | None]
    raw: dict[Key, str]
    prose: dict[str, ProseValue]
    prose_raw: dict[str, str]
    phone: str | None
    address: str | None
    postcode: str | None
    founded: int | None
    period: str
    planted_errors: list[str] = field(default_factory=list)
    email: str | None = None
    table2_format: str = "2021"
    table3_format: str = "2021"
    info: BodyInfo | None = None
    # Metrics stated as a zero without a figure (未收到申请, 未发生复议诉讼, 未收取信息处理费):
    # ``prose`` records them as 0 and ``prose_raw`` holds the phrase (未收到 / 未发生 / 未收取).
    prose_none: tuple[str, ...] = ()
    has_section6: bool = True
    table_modes: dict[str, str] = field(default_factory=dict)  # 表2/表3/表4 -> how cells print
    # Complete integer tables before blank/placeholder masking (for cross-year chaining).
    table3_full: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    table4_full: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    table2_full: dict[Key, Number] = field(default_factory=dict, repr=False)
    rendered: RenderInfo | None = None
    # reports before 2019 (table_format "统计表", generator.old_style): the figures of the rows
    # that mean a registry metric ("new", "review@corrected" …), and the table's rows as printed
    # (label, unit, depth, value key)
    stat_metrics: dict[str, Number] = field(default_factory=dict)
    stat_rows: tuple[tuple[str, str, int, str], ...] = ()

    # -- convenient views ------------------------------------------------------------------
    def table3_rows(self) -> list[str]:
        """Row keys of Table 3 in printed order."""
        leaves = (
            TABLE3_RESULT_LEAVES_2019 if self.table3_format == "2019" else TABLE3_RESULT_LEAVES_2021
        )
        return ["new", "carried_in", *leaves, "total", "carried_out"]

    def table2_parts(self) -> list[Table2Part]:
        return TABLE2_PARTS_2019 if self.table2_format == "2019" else TABLE2_PARTS_2021

    def t3(self, key: str, col: int) -> Number | None:
        return self.cells[(T3, TABLE3_BY_KEY[key].label, TABLE3_COLUMN_LABELS[col])]

    def t4(self, group: int, result: str) -> Number | None:
        return self.cells[(T4, TABLE4_GROUP_LABELS[group], result)]

    def with_rendering(self, info: RenderInfo) -> GeneratedReport:
        return replace(self, rendered=info)


def t2_row(part: Table2Part, row: str) -> str:
    return f"{part.item}{PATH_SEP}{row}"


# --------------------------------------------------------------------------------------------
# Checks on the printed cells


def failed_checks(report: GeneratedReport) -> set[str]:
    """The hard checks (C1–C3, C5–C7, C10) that fail on the printed figures. Blank and
    placeholder cells are unknown: a check that needs one is skipped."""
    return {c for c, _scope in check_failures(report)}


def check_failures(report: GeneratedReport) -> list[tuple[str, str]]:
    """(check, scope) for every failing check, e.g. ("C2", "法人或其他组织 / 商业企业")."""
    out: list[tuple[str, str]] = []
    rows = report.table3_rows()
    leaves = rows[2:-2]

    def known(*vals: Any) -> bool:
        return all(v is not None for v in vals)

    for c, col in enumerate(TABLE3_COLUMN_LABELS):
        a, b, t, o = (report.t3(k, c) for k in ("new", "carried_in", "total", "carried_out"))
        if known(a, b, t, o) and a + b != t + o:
            out.append(("C1", col))
        lv = [report.t3(k, c) for k in leaves]
        if known(t, *lv) and sum(lv) != t:
            out.append(("C2", col))
    for k in rows:
        vals = [report.t3(k, c) for c in range(7)]
        if known(*vals) and sum(vals[:6]) != vals[6]:
            out.append(("C3", TABLE3_BY_KEY[k].label))
    for g, group in enumerate(TABLE4_GROUP_LABELS):
        vals = [report.t4(g, r) for r in TABLE4_RESULTS]
        if known(*vals) and sum(vals[:4]) != vals[4]:
            out.append((f"C{5 + g}", group))
    for metric, table_value in _c10_pairs(report):
        stated = report.prose.get(metric)
        if stated is None or stated[1] or table_value is None:
            continue
        if stated[0] != table_value:
            out.append(("C10", metric))
    return out


def _c10_pairs(report: GeneratedReport) -> list[tuple[str, Number | None]]:
    lit = [report.t4(g, "总计") for g in (1, 2)]
    return [
        ("received", report.t3("new", 6)),
        ("answered", report.t3("total", 6)),
        ("carried_out", report.t3("carried_out", 6)),
        ("review", report.t4(0, "总计")),
        ("litigation", None if None in lit else sum(lit)),  # type: ignore[arg-type]
    ]


def carry_over_mismatches(previous: GeneratedReport, current: GeneratedReport) -> list[str]:
    """C15: columns where this year's 二、上年结转 differs from last year's 四、结转下年度 (on the
    complete figures, printed or not)."""
    prev_out = previous.table3_full["carried_out"]
    cur_in = current.table3_full["carried_in"]
    return [TABLE3_COLUMN_LABELS[c] for c in range(7) if prev_out[c] != cur_in[c]]


# --------------------------------------------------------------------------------------------
# Magnitudes


@dataclass(frozen=True)
class Scale:
    apps: tuple[int, int]  # new applications a year when there are any
    zero_apps: float  # chance of a year without applications
    review: tuple[int, int]
    litigation: tuple[int, int]
    licences: tuple[int, int]
    penalties: tuple[int, int]
    coercion: tuple[int, int]
    fees_wan: tuple[float, float]
    published: tuple[int, int]
    norms: tuple[int, int]  # 行政规范性文件 issued a year
    rules: bool  # rule-making power (规章)
    fee_yuan: float  # chance that an information-processing fee was collected


# Columns: apps, zero_apps, review, litigation, licences, penalties, coercion, fees_wan,
# published, norms, rules, fee_yuan.
# fmt: off
SCALES = {
    "street":     Scale((1, 12), 0.6, (0, 1), (0, 1), (0, 60), (0, 300), (0, 20), (0, 0), (80, 900), (0, 0), False, 0.0),
    "town":       Scale((1, 10), 0.55, (0, 1), (0, 1), (0, 200), (0, 150), (0, 10), (0, 5), (60, 600), (0, 1), False, 0.0),
    "district":   Scale((20, 400), 0.0, (3, 60), (1, 25), (2000, 60000), (500, 40000), (10, 2000), (100, 20000), (2000, 15000), (1, 20), False, 0.15),
    "city":       Scale((600, 5000), 0.0, (50, 400), (10, 80), (50000, 600000), (100000, 4000000), (2000, 100000), (10000, 200000), (5000, 25000), (5, 40), True, 0.5),
    "department": Scale((5, 600), 0.08, (0, 40), (0, 15), (0, 30000), (0, 20000), (0, 500), (0, 5000), (300, 3000), (0, 8), False, 0.05),
    "district_department": Scale((1, 80), 0.25, (0, 8), (0, 4), (0, 3000), (0, 2000), (0, 100), (0, 500), (150, 1500), (0, 3), False, 0.0),
}
# fmt: on


def kind_of(name: str) -> str:
    if name.endswith("街道办事处") or name.endswith("街道"):
        return "street"
    if name.endswith(("镇人民政府", "乡人民政府")):
        return "town"
    if name.endswith("区人民政府") or name.endswith("县人民政府"):
        return "district"
    if name.endswith("市人民政府"):
        return "city"
    if "区" in name and not name.endswith("人民政府"):
        return "district_department"
    return "department"


def logu(rng: random.Random, lo: float, hi: float) -> int:
    """A log-uniform integer in [lo, hi] (0 allowed as lo)."""
    if hi <= 0:
        return 0
    lo1 = max(lo, 1)
    v = math.exp(rng.uniform(math.log(lo1), math.log(max(hi, lo1))))
    if lo == 0 and rng.random() < 0.15:
        return 0
    return int(round(v))


def split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Split n into len(weights) non-negative parts, roughly proportional, randomly."""
    if n <= 0:
        return [0] * len(weights)
    if n <= 300:
        out = [0] * len(weights)
        for i in rng.choices(range(len(weights)), weights=weights, k=n):
            out[i] += 1
        return out
    total_w = sum(weights)
    noisy = [w / total_w * rng.uniform(0.8, 1.2) for w in weights]
    s = sum(noisy)
    out = [int(n * w / s) for w in noisy]
    out[max(range(len(out)), key=lambda i: weights[i])] += n - sum(out)
    return out


APPLICANT_WEIGHTS = [0.9, 0.045, 0.003, 0.004, 0.025, 0.02]
LEAF_WEIGHTS = {
    "open": 0.42,
    "partial": 0.12,
    "deny.secret": 0.002,
    "deny.law": 0.008,
    "deny.security": 0.003,
    "deny.third_party": 0.004,
    "deny.internal": 0.005,
    "deny.process": 0.008,
    "deny.enforcement": 0.005,
    "deny.query": 0.02,
    "unable.not_held": 0.24,
    "unable.create": 0.01,
    "unable.unclear": 0.01,
    "noproc.petition": 0.025,
    "noproc.repeat": 0.012,
    "noproc.publication": 0.002,
    "noproc.mass": 0.002,
    "noproc.confirm": 0.003,
    "other.no_correction": 0.03,
    "other.no_fee": 0.002,
    "other.other": 0.03,
    "other": 0.062,
}
T4_WEIGHTS = [0.4, 0.15, 0.33, 0.12]


# --------------------------------------------------------------------------------------------
# The builder


def make_report(
    rng: random.Random,
    body_printed: str,
    body_canonical: str,
    year: int,
    table_format: str = "2021",
    plant: str | None = None,
    *,
    prev: GeneratedReport | None = None,
    info: BodyInfo | None = None,
) -> GeneratedReport:
    """One consistent report for ``body_printed`` (canonical ``body_canonical``) and ``year``.

    ``table_format`` is "2021", "2019" or "mixed" (2021 Table 2, 2019 Table 3). ``plant`` names
    one check of :data:`PLANTABLE` to break. ``prev`` is the same body's report for the year
    before: carry-over (C15), 现行有效 and 上一年项目数量 continue from it. ``info`` holds the
    body's stable details (kind, contacts); made up from the name when missing.
    """
    if table_format not in ("2021", "2019", "mixed"):
        raise ValueError(f"table_format must be 2021, 2019 or mixed, not {table_format!r}")
    if plant is not None and plant not in PLANTABLE:
        raise ValueError(f"cannot plant {plant!r}: choose one of {', '.join(PLANTABLE)}")
    info = info or make_body_info(rng, body_printed)
    scale = SCALES[info.kind]
    t2_fmt = "2019" if table_format == "2019" else "2021"
    t3_fmt = "2021" if table_format == "2021" else "2019"

    t3 = _table3(rng, scale, t3_fmt, prev)
    t4 = _table4(rng, scale)
    t2 = _table2(rng, scale, t2_fmt, prev)
    if plant in ("C1", "C2", "C3"):
        _plant_table3(rng, t3, plant)
    elif plant in ("C5", "C6", "C7"):
        g = int(plant[1]) - 5
        vals = list(t4[TABLE4_GROUP_LABELS[g]])
        vals[rng.randrange(4)] += rng.randint(1, 3)
        t4[TABLE4_GROUP_LABELS[g]] = tuple(vals)

    cells: dict[Key, Number | None] = {}
    raw: dict[Key, str] = {}
    modes: dict[str, str] = {}
    modes[T3] = _mask_table3(rng, t3, t3_fmt, cells, raw, force_numbers=plant is not None)
    modes[T4] = _mask_table4(rng, t4, cells, raw, force_numbers=plant is not None)
    modes[T2] = _mask_table2(rng, t2, info, cells, raw)

    tmp = GeneratedReport(
        body_printed=body_printed,
        body_canonical=body_canonical,
        year=year,
        table_format=table_format,
        cells=cells,
        raw=raw,
        prose={},
        prose_raw={},
        phone=None,
        address=None,
        postcode=None,
        founded=None,
        period="",
        table2_format=t2_fmt,
        table3_format=t3_fmt,
        table3_full=t3,
        table4_full=t4,
        table2_full=t2,
    )
    prose, prose_raw, prose_none = _prose(rng, tmp, info, plant)
    period = rng.choice(
        [
            f"{year}年1月1日至{year}年12月31日",
            f"{year}年1月1日至12月31日",
            f"{year}年1月1日到{year}年12月31日",
        ]
    )
    phone = info.phone if rng.random() < 0.95 else None
    if phone and rng.random() < 0.15:
        phone = phone.replace("-", "—")  # as printed in some reports: 0431—81795328
    address = info.address if rng.random() < 0.9 else None
    postcode = info.postcode if address and rng.random() < 0.75 else None
    email = info.email if info.email and rng.random() < 0.5 else None
    founded = info.founded if info.kind in ("street", "town") or rng.random() < 0.3 else None
    for key, val in (
        ("phone", phone),
        ("address", address),
        ("postcode", postcode),
        ("email", email),
        ("period", period),
    ):
        if val:
            prose[key] = (val, "", "")
            prose_raw[key] = val
    if founded:
        prose["founded"] = (founded, "", "年")
        prose_raw["founded"] = f"{founded}年"
    has6 = rng.random() < 0.9
    if not has6:
        prose.pop("fee", None)
        prose_raw.pop("fee", None)
    return replace(
        tmp,
        prose=prose,
        prose_raw=prose_raw,
        prose_none=tuple(m for m in prose_none if m in prose),
        phone=phone,
        address=address,
        postcode=postcode,
        email=email,
        founded=founded,
        period=period,
        planted_errors=[plant] if plant else [],
        info=info,
        has_section6=has6,
        table_modes=modes,
    )


def _table3(
    rng: random.Random, scale: Scale, fmt: str, prev: GeneratedReport | None
) -> dict[str, tuple[int, ...]]:
    leaves = TABLE3_RESULT_LEAVES_2019 if fmt == "2019" else TABLE3_RESULT_LEAVES_2021
    if prev is not None:
        carried_in = list(prev.table3_full["carried_out"][:6])
    else:
        carried_in = [0] * 6
    if rng.random() < scale.zero_apps:
        new_total = 0
    else:
        new_total = logu(rng, *scale.apps)
    if prev is None and new_total > 20:
        carried_in = split(rng, int(new_total * rng.uniform(0, 0.05)), APPLICANT_WEIGHTS)
    new = split(rng, new_total, [w * rng.uniform(0.5, 1.5) for w in APPLICANT_WEIGHTS])
    out_rate = 0.0 if rng.random() < 0.5 else rng.uniform(0.0, 0.08)
    weights = [LEAF_WEIGHTS[k] * rng.uniform(0.3, 1.7) for k in leaves]
    rows: dict[str, list[int]] = {
        k: [0] * 7 for k in ["new", "carried_in", *leaves, "total", "carried_out"]
    }
    for c in range(6):
        avail = new[c] + carried_in[c]
        out = int(round(avail * out_rate))
        handled = avail - out
        parts = split(rng, handled, weights)
        rows["new"][c], rows["carried_in"][c], rows["carried_out"][c] = new[c], carried_in[c], out
        rows["total"][c] = handled
        for k, v in zip(leaves, parts, strict=True):
            rows[k][c] = v
    for vals in rows.values():
        vals[6] = sum(vals[:6])
    return {k: tuple(v) for k, v in rows.items()}


def _plant_table3(rng: random.Random, t3: dict[str, tuple[int, ...]], check: str) -> None:
    rows = {k: list(v) for k, v in t3.items()}
    leaves = [k for k in rows if k not in ("new", "carried_in", "total", "carried_out")]
    c = rng.randrange(6) if rng.random() < 0.5 else 0
    d = rng.randint(1, 5)
    leaf = rng.choice(leaves)
    if check == "C1":  # 一 grows in one column (and its 总计): 一+二 ≠ （七）+四 there
        rows["new"][c] += d
        rows["new"][6] += d
    elif check == "C2":  # one leaf grows in one column (and its 总计): leaves ≠ （七）
        rows[leaf][c] += d
        rows[leaf][6] += d
    else:  # C3: one column's 一, a leaf and （七） grow together: only the 总计 column is off
        for k in ("new", leaf, "total"):
            rows[k][c] += d
    t3.update({k: tuple(v) for k, v in rows.items()})


def _table4(rng: random.Random, scale: Scale) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    totals = [logu(rng, *scale.review)]
    lit = logu(rng, *scale.litigation)
    direct = int(round(lit * rng.uniform(0.3, 0.8)))
    totals += [direct, lit - direct]
    for g, label in enumerate(TABLE4_GROUP_LABELS):
        parts = split(rng, totals[g], [w * rng.uniform(0.5, 1.5) for w in T4_WEIGHTS])
        out[label] = (*parts, totals[g])
    return out


def _table2(
    rng: random.Random, scale: Scale, fmt: str, prev: GeneratedReport | None
) -> dict[Key, Number]:
    out: dict[Key, Number] = {}
    prev_full = prev.table2_full if prev is not None else {}
    prev_fmt = prev.table2_format if prev is not None else None
    if fmt == "2021":
        p1, p5, p6, p8 = TABLE2_PARTS_2021
        for row, issued_rng, valid_rng in (
            ("规章", (0, 4) if scale.rules else (0, 0), (10, 120) if scale.rules else (0, 0)),
            ("行政规范性文件", scale.norms, (scale.norms[0] * 3, scale.norms[1] * 6)),
        ):
            issued = logu(rng, *issued_rng)
            repealed = min(logu(rng, 0, max(issued_rng[1] // 2, 0)), 40)
            prev_valid = prev_full.get((T2, t2_row(p1, row), "现行有效件数"))
            if prev_valid is not None and prev_fmt == "2021" and rng.random() < 0.85:
                valid = max(int(prev_valid) + issued - repealed, 0)
            else:
                valid = max(logu(rng, *valid_rng), issued) if valid_rng[1] else 0
            for col, v in zip(p1.columns, (issued, repealed, valid), strict=True):
                out[(T2, t2_row(p1, row), col)] = v
        out[(T2, t2_row(p5, "行政许可"), p5.columns[0])] = logu(rng, *scale.licences)
        out[(T2, t2_row(p6, "行政处罚"), p6.columns[0])] = logu(rng, *scale.penalties)
        penalties = out[(T2, t2_row(p6, "行政处罚"), p6.columns[0])]
        out[(T2, t2_row(p6, "行政强制"), p6.columns[0])] = min(
            logu(rng, *scale.coercion), int(penalties * 0.6) + rng.randint(0, 3)
        )
        fee = rng.uniform(*scale.fees_wan) if scale.fees_wan[1] and rng.random() < 0.85 else 0.0
        decimals = rng.choice([0, 1, 2, 2, 2, 4, 6])
        out[(T2, t2_row(p8, "行政事业性收费"), p8.columns[0])] = round(fee, decimals) if fee else 0
        return out
    p1, p5, p6, p8, p9 = TABLE2_PARTS_2019
    for row, rng_made in (("规章", (0, 4) if scale.rules else (0, 0)), ("规范性文件", scale.norms)):
        made = logu(rng, *rng_made)
        published = made if rng.random() < 0.85 else max(made - 1, 0)
        key_total = (T2, t2_row(p1, row), "对外公开总数量")
        prior = prev_full.get(key_total) if prev_fmt == "2019" else None
        total = (
            int(prior) + published
            if prior is not None
            else (max(logu(rng, rng_made[0] * 3, rng_made[1] * 8), published) if rng_made[1] else 0)
        )
        for col, v in zip(p1.columns, (made, published, total), strict=True):
            out[(T2, t2_row(p1, row), col)] = v
    items = {
        "行政许可": (5, 400),
        "其他对外管理服务事项": (0, 80),
        "行政处罚": (20, 3000),
        "行政强制": (2, 60),
    }
    counts = {
        "行政许可": scale.licences,
        "其他对外管理服务事项": (0, scale.licences[1] // 10),
        "行政处罚": scale.penalties,
        "行政强制": scale.coercion,
    }
    for part in (p5, p6):
        for row in part.rows:
            key_prev = (T2, t2_row(part, row), "上一年项目数量")
            key_delta = (T2, t2_row(part, row), "本年增/减")
            if prev_fmt == "2019" and key_prev in prev_full:
                last = int(prev_full[key_prev]) + int(prev_full[key_delta])
            else:
                last = logu(rng, *items[row]) if scale.licences[1] else 0
            delta = rng.randint(-min(last, 10), 10) if last else rng.randint(0, 2)
            out[key_prev] = last
            out[key_delta] = delta
            decided = logu(rng, *counts[row])
            if row == "行政强制":
                decided = min(
                    decided,
                    int(out[(T2, t2_row(p6, "行政处罚"), "处理决定数量")] * 0.6)
                    + rng.randint(0, 3),
                )
            out[(T2, t2_row(part, row), "处理决定数量")] = decided
    last_fees = logu(rng, 0, 40) if scale.fees_wan[1] else 0
    out[(T2, t2_row(p8, "行政事业性收费"), "上一年项目数量")] = last_fees
    out[(T2, t2_row(p8, "行政事业性收费"), "本年增/减")] = rng.randint(-min(last_fees, 3), 2)
    out[(T2, t2_row(p9, "政府集中采购"), "采购项目数量")] = logu(rng, 0, 300 if scale.rules else 60)
    amount = (
        round(rng.uniform(10, 90000), 2)
        if out[(T2, t2_row(p9, "政府集中采购"), "采购项目数量")]
        else 0
    )
    out[(T2, t2_row(p9, "政府集中采购"), "采购总金额")] = amount
    return out


# --------------------------------------------------------------------------------------------
# How cells print


def fmt_int(v: int, thousands: bool = False) -> str:
    return f"{v:,}" if thousands else str(v)


def _choose(rng: random.Random, options: dict[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _mask_table3(
    rng: random.Random,
    t3: dict[str, tuple[int, ...]],
    fmt: str,
    cells: dict[Key, Number | None],
    raw: dict[Key, str],
    force_numbers: bool,
) -> str:
    all_zero = not any(any(v) for v in t3.values())
    if force_numbers:
        mode = "numbers"
    elif all_zero:
        mode = _choose(
            rng, {"numbers": 0.72, "blank": 0.1, "placeholder_zero": 0.08, "mixed_placeholder": 0.1}
        )
    else:
        mode = _choose(
            rng,
            {
                "numbers": 0.8,
                "blank_zero": 0.06,
                "placeholder_zero": 0.05,
                "total_only": 0.03,
                "mixed_placeholder": 0.06,
            },
        )
    ph = rng.choice(PLACEHOLDERS[:4])
    big = max(max(v) for v in t3.values()) >= 1000
    thousands = big and rng.random() < 0.3
    spots: set[tuple[str, int]] = set()
    if mode == "mixed_placeholder":
        zeros = [(k, c) for k, v in t3.items() for c in range(7) if v[c] == 0]
        spots = set(rng.sample(zeros, min(len(zeros), rng.randint(1, 6))))
    for k, vals in t3.items():
        label = TABLE3_BY_KEY[k].label
        for c, v in enumerate(vals):
            key = (T3, label, TABLE3_COLUMN_LABELS[c])
            text = fmt_int(v, thousands)
            if (
                mode == "blank"
                or (mode == "blank_zero" and v == 0)
                or (mode == "total_only" and c < 6)
            ):
                text = ""
            elif (mode == "placeholder_zero" and v == 0) or (k, c) in spots:
                text = ph
            raw[key] = text
            cells[key] = v if text not in ("", *PLACEHOLDERS) else None
    return mode if not thousands else mode + "+thousands"


def _mask_table4(
    rng: random.Random,
    t4: dict[str, tuple[int, ...]],
    cells: dict[Key, Number | None],
    raw: dict[Key, str],
    force_numbers: bool,
) -> str:
    mode = (
        "numbers"
        if force_numbers
        else _choose(rng, {"numbers": 0.85, "blank_zero": 0.07, "placeholder_zero": 0.08})
    )
    ph = rng.choice(PLACEHOLDERS[:4])
    for label, vals in t4.items():
        for r, v in zip(TABLE4_RESULTS, vals, strict=True):
            key = (T4, label, r)
            text = str(v)
            if v == 0 and mode == "blank_zero":
                text = ""
            elif v == 0 and mode == "placeholder_zero":
                text = ph
            raw[key] = text
            cells[key] = None if text in ("", *PLACEHOLDERS) else v
    return mode


def _mask_table2(
    rng: random.Random,
    t2: dict[Key, Number],
    info: BodyInfo,
    cells: dict[Key, Number | None],
    raw: dict[Key, str],
) -> str:
    mode = _choose(
        rng,
        {
            "numbers": 0.68,
            "units": 0.1,
            "na_placeholder": 0.1,
            "blank_zero": 0.07,
            "placeholder_zero": 0.05,
        },
    )
    ph = rng.choice(PLACEHOLDERS[:4])
    thousands = rng.random() < 0.3
    for key, v in t2.items():
        _t, row, col = key
        money = "万元" in col or col == "采购总金额"
        if isinstance(v, float) or money:
            text = _money_text(rng, v, col, mode)
        elif col == "本年增/减" and v > 0 and rng.random() < 0.3:
            text = f"+{v}"
        else:
            text = fmt_int(int(v), thousands and abs(v) >= 1000)
            if mode == "units" and col != "本年增/减":
                text += "项" if "项目" in col else "件"
        if v == 0:
            if mode == "blank_zero":
                text = ""
            elif mode == "placeholder_zero" or (
                mode == "na_placeholder" and row.endswith("规章") and not SCALES[info.kind].rules
            ):
                text = ph
        raw[key] = text
        cells[key] = value_of(text)
    return mode + ("+thousands" if thousands else "")


def value_of(text: str) -> Number | None:
    """The number a printed cell states ("1,234" -> 1234, "753944.52元" -> 753944.52, "+3" -> 3);
    None for a blank or placeholder cell."""
    if text.strip() in ("", *PLACEHOLDERS):
        return None
    m = re.search(r"[-+]?\d[\d,]*(?:\.\d+)?", text)
    if m is None:
        raise ValueError(f"no number in cell text {text!r}")
    digits = m.group().replace(",", "")
    return float(digits) if "." in digits else int(digits)


def _money_text(rng: random.Random, v: Number, col: str, mode: str) -> str:
    if col == "采购总金额":
        if not v:
            return "0"
        return (
            rng.choice([f"{v:.2f}万元", f"{v:.2f}", f"{v * 10000:.2f}元"])
            if mode != "units"
            else f"{v:.2f}万元"
        )
    text = f"{v}" if not isinstance(v, float) else f"{v:.6f}".rstrip("0").rstrip(".")
    if mode == "units" and v:
        text += "万元"
    return text


# --------------------------------------------------------------------------------------------
# Prose figures

_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as Chinese numerals: 一, 十二, 四十."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def _exact(rng: random.Random, v: int, unit: str, allow_cn: bool = True) -> tuple[ProseValue, str]:
    if allow_cn and 1 <= v <= 10 and rng.random() < 0.2:
        return (v, "", unit), f"{chinese_numeral(v)}{unit}"
    return (v, "", unit), f"{v}{unit}"


def _approx(rng: random.Random, v: int, unit: str) -> tuple[ProseValue, str]:
    """An approximate statement of v: 5500余条, 近200条, 1.9万余条, 四十余篇 (or exact)."""
    r = rng.random()
    if v >= 20000 and r < 0.5:
        w = math.floor(v / 1000) / 10
        return (int(round(w * 10000)), "余", unit), f"{w:g}万余{unit}"
    if v >= 100 and r < 0.45:
        mag = 10 ** (len(str(v)) - 2)
        base = v // mag * mag
        return (base, "余", unit), f"{base}余{unit}"
    if 20 <= v < 100 and r < 0.25:
        base = v // 10 * 10
        return (base, "余", unit), f"{chinese_numeral(base)}余{unit}"
    if v >= 100 and r < 0.55:
        mag = 10 ** (len(str(v)) - 1)
        up = (v // mag + 1) * mag
        return (up, "近", unit), f"近{up}{unit}"
    return _exact(rng, v, unit)


PUBLISHED_BREAKDOWNS = {
    "street": ["机构信息", "政策文件", "财政信息", "其他信息"],
    "town": ["机构信息", "政策文件", "财政信息", "其他信息"],
}
OTHER_BREAKDOWN = [
    "政策文件",
    "工作动态",
    "通知公告",
    "人事信息",
    "财政信息",
    "规划计划",
    "政策解读",
]


def _prose(
    rng: random.Random, r: GeneratedReport, info: BodyInfo, plant: str | None
) -> tuple[dict[str, ProseValue], dict[str, str], tuple[str, ...]]:
    scale = SCALES[info.kind]
    prose: dict[str, ProseValue] = {}
    raw: dict[str, str] = {}
    none: list[str] = []
    t3, t4 = r.table3_full, r.table4_full

    published = logu(rng, *scale.published)
    if rng.random() < 0.92:
        prose["published"], raw["published"] = (
            _approx(rng, published, "条")
            if rng.random() < 0.35
            else _exact(rng, published, "条", False)
        )
        if rng.random() < 0.5:
            names = PUBLISHED_BREAKDOWNS.get(info.kind) or rng.sample(
                OTHER_BREAKDOWN, rng.randint(3, 5)
            )
            parts = split(rng, published, [rng.uniform(0.2, 1.0) for _ in names])
            for name, v in zip(names, parts, strict=True):
                prose[f"published/{name}"], raw[f"published/{name}"] = (v, "", "条"), f"{v}条"
    if rng.random() < 0.75:
        n = logu(rng, max(scale.published[0] // 100, 1), max(scale.published[1] // 40, 3))
        unit = rng.choice(["篇", "篇", "篇", "个", "条"])
        prose["interpretation"], raw["interpretation"] = (
            _approx(rng, n, unit) if rng.random() < 0.3 else _exact(rng, n, unit)
        )

    received, answered = t3["new"][6], t3["total"][6]
    carried_in, carried_out = t3["carried_in"][6], t3["carried_out"][6]
    review = t4[TABLE4_GROUP_LABELS[0]][4]
    litigation = t4[TABLE4_GROUP_LABELS[1]][4] + t4[TABLE4_GROUP_LABELS[2]][4]
    if received == 0 and carried_in == 0 and rng.random() < 0.5 and plant != "C10":
        none.append("received")  # 未收到政府信息公开申请: a zero without a figure
        prose["received"], raw["received"] = (0, "", "件"), "未收到"
    else:
        combos = [
            ("received", "answered"),
            ("received", "answered", "carried_in", "carried_out"),
            ("received", "answered", "carried_out"),
        ]
        combo = rng.choice(combos + [("received",)] if received else combos)
        values = {
            "received": received,
            "answered": answered,
            "carried_in": carried_in,
            "carried_out": carried_out,
        }
        for m in combo:
            prose[m], raw[m] = _exact(rng, values[m], "件")
    if review == 0 and litigation == 0 and rng.random() < 0.6 and plant != "C10":
        none += ["review", "litigation"]  # 未发生…行政复议、行政诉讼
        prose["review"], raw["review"] = (0, "", "件"), "未发生"
        prose["litigation"], raw["litigation"] = (0, "", "件"), "未发生"
    elif rng.random() < 0.8 or plant == "C10":
        prose["review"], raw["review"] = _exact(rng, review, "件")
        prose["litigation"], raw["litigation"] = _exact(rng, litigation, "件")
        if review and rng.random() < 0.4:
            for res, v in zip(TABLE4_RESULTS[:4], t4[TABLE4_GROUP_LABELS[0]][:4], strict=True):
                prose[f"review/{res}"], raw[f"review/{res}"] = (v, "", "件"), f"{v}件"

    fee = 0
    if rng.random() < scale.fee_yuan:
        fee = rng.choice(
            [rng.randint(1, 40) * 100, rng.randint(100, 9000), rng.randint(1, 30) * 10]
        )
    if fee == 0 and rng.random() < 0.7:
        none.append("fee")
        prose["fee"], raw["fee"] = (0, "", "元"), "未收取"
    else:
        prose["fee"], raw["fee"] = (fee, "", "元"), f"{fee}元"

    if plant == "C10":
        stated = [m for m in C10_METRICS if m in prose and m not in none]
        m = rng.choice(stated)
        v = int(prose[m][0])
        d = rng.choice([-1, 1]) * rng.randint(1, 9) if v > 9 else rng.randint(1, 9)
        prose[m] = (v + d, "", prose[m][2])
        raw[m] = f"{v + d}{prose[m][2]}"
    return prose, raw, tuple(none)


# --------------------------------------------------------------------------------------------
# Bodies made up from a name (make_report without corpus details)


def make_body_info(rng: random.Random, name: str) -> BodyInfo:
    kind = kind_of(name)
    we, scope = {
        "street": ("我街道", "全街"),
        "town": ("我镇", "全镇"),
        "district": ("我区", "全区"),
        "city": ("我市", "全市"),
        "department": ("我局", "本机关"),
        "district_department": ("我局", "本机关"),
    }[kind]
    short = name.replace("办事处", "").replace("人民政府", "政府")
    office = f"{name}办公室" if kind in ("city", "district") else "综合办公室"
    street = rng.choice(["人民路", "建设大街", "解放路", "滨江路", "文化路", "和平街"])
    return BodyInfo(
        kind=kind,
        short_name=short,
        we=we,
        scope=scope,
        office=office,
        portal=f"{name}门户网站",
        address=f"{street}{rng.randint(1, 999)}号",
        postcode=f"{rng.randint(10, 86)}{rng.randint(0, 9)}{rng.randint(0, 9)}00",
        phone=f"0{rng.randint(310, 999)}-{rng.randint(2, 8)}{rng.randint(1000000, 9999999)}",
        email=None,
        founded=rng.randint(1950, 2005) if kind in ("street", "town") else None,
    )
