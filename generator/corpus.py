"""A seeded corpus of synthetic reports from many bodies that read alike, over several years.

The bodies belong to one fictional 设区的市, 澜江市: its government, four 区人民政府, streets and
towns of those districts (two districts each have a 新华街道), 市直部门 and 区直部门. Some bodies
print their name with the city prefix one year and without it the next; ``body_canonical`` is
always the fully qualified name. Carry-over is chained: each year's 二、上年结转 is the year
before's 四、结转下年度继续办理, column by column (C15).

A corpus larger than 澜江市's bodies over three years takes the same layout in more cities
(澄川市, 汀川市 …: :func:`other_city`), as a province would, rather than more years.
"""

from __future__ import annotations

import json
import math
import random
import warnings
from dataclasses import dataclass
from pathlib import Path

from .model import PLANTABLE, BodyInfo, GeneratedReport, make_report
from .render import render_with_info
from .render_html import INSTALL_HINT, pdf_available

CITY = "澜江市"
DOMAIN = "lanjiang.gov.cn"
DISTRICTS = {"东澜区": "dl", "西澜区": "xl", "澜北区": "lb", "青屿区": "qy"}
STREETS = {
    "东澜区": ["文昌", "解放", "桃源", "新华", "长乐", "东风"],
    "西澜区": ["新华", "滨江", "望湖"],
}
TOWNS = {"东澜区": ["柳林镇"], "西澜区": ["白沙镇"]}
CITY_DEPARTMENTS = [
    "交通运输局",
    "自然资源和规划局",
    "生态环境局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "住房和城乡建设局",
    "教育局",
    "卫生健康委员会",
    "公安局",
]
DISTRICT_DEPARTMENTS = [("东澜区", "教育局"), ("西澜区", "教育局"), ("东澜区", "住房和城乡建设局")]


@dataclass(frozen=True)
class City:
    """One fictional 设区的市 and the bodies under it (see :func:`all_bodies`)."""

    name: str
    domain: str
    districts: dict[str, str]  # district -> short code (e-mail, web domain)
    streets: dict[str, list[str]]
    towns: dict[str, list[str]]
    district_departments: list[tuple[str, str]]


LANJIANG = City(CITY, DOMAIN, DISTRICTS, STREETS, TOWNS, DISTRICT_DEPARTMENTS)
# more cities, for corpora larger than one city's bodies over three years (a province)
_STEM_FIRST = "澄汀岚泓溪霁沅潇澧浔湄濂"
_STEM_SECOND = "川州阳宁安平源陵台江原"  # 12 × 11 = 132 cities: 10,000 reports need about 120


def other_city(k: int) -> City:
    """The k-th city after 澜江市 (1 <= k <= 132): the same layout under other names."""
    if not 1 <= k <= len(_STEM_FIRST) * len(_STEM_SECOND):
        raise ValueError(
            f"other_city: k must be 1..{len(_STEM_FIRST) * len(_STEM_SECOND)}, got {k}"
        )
    stem = _STEM_FIRST[(k - 1) % len(_STEM_FIRST)] + _STEM_SECOND[(k - 1) // len(_STEM_FIRST)]
    # district names unique in the province: a short name ("澄川北区人民政府") names one body
    a, b, c, d = (f"{stem}{part}区" for part in ("东", "西", "北", "新"))
    old = dict(zip(DISTRICTS, (a, b, c, d), strict=True))  # 东澜区 -> 东澄区 ...
    return City(
        f"{stem}市",
        f"c{k}.gov.cn",
        {name: f"c{k}d{j}" for j, name in enumerate((a, b, c, d))},
        {old[dist]: names for dist, names in STREETS.items()},
        {old[dist]: names for dist, names in TOWNS.items()},
        [(old[dist], dept) for dist, dept in DISTRICT_DEPARTMENTS],
    )


ROADS = [
    "文昌路",
    "解放大街",
    "桃源路",
    "新华路",
    "长乐街",
    "东风路",
    "滨江大道",
    "望湖路",
    "人民大道",
    "府前街",
]


@dataclass(frozen=True)
class BodySpec:
    canonical: str
    variants: tuple[str, ...]  # printed names in use; the last is the canonical one
    info: BodyInfo


def _info(
    rng: random.Random,
    city: City,
    kind: str,
    short: str,
    we: str,
    scope: str,
    office: str,
    portal: str,
    district: str | None,
) -> BodyInfo:
    code = city.districts.get(district or "", "")
    postcode = f"3461{list(city.districts).index(district) + 1}0" if district else "346000"
    road = rng.choice(ROADS)
    place = f"{district or city.name}{road}" if kind != "city" else f"{city.name}{road}"
    return BodyInfo(
        kind=kind,
        short_name=short,
        we=we,
        scope=scope,
        office=office,
        portal=portal,
        address=f"{place}{rng.randint(1, 300)}号",
        postcode=postcode,
        phone=f"0786-{rng.choice('2345678')}{rng.randint(1000000, 9999999)}",
        email=f"{code or 'lj'}{rng.randint(100, 999)}zwgk@163.com",
        founded=rng.randint(1953, 2005) if kind in ("street", "town") else None,
        domain=f"{code}.{city.domain}" if code else city.domain,
    )


def all_bodies(seed: int = 0, cities: int = 1) -> list[BodySpec]:
    """Every body of the fictional city (of ``cities`` cities: 澜江市 first, then
    :func:`other_city`), with stable details drawn from ``seed``."""
    out = _city_bodies(random.Random(f"bodies-{seed}"), LANJIANG)
    for k in range(1, cities):
        out += _city_bodies(random.Random(f"bodies-{seed}-{k}"), other_city(k))
    return out


def _city_bodies(rng: random.Random, city: City) -> list[BodySpec]:
    CITY = city.name  # noqa: N806 - the same spelling as the module constant it stands for
    city_portal = f"{CITY}人民政府门户网站"
    out = [
        BodySpec(
            f"{CITY}人民政府",
            (f"{CITY}人民政府",),
            _info(
                rng,
                city,
                "city",
                f"{CITY}政府",
                "我市",
                "全市",
                f"{CITY}人民政府办公室",
                city_portal,
                None,
            ),
        )
    ]
    for d in city.districts:
        full = f"{CITY}{d}人民政府"
        out.append(
            BodySpec(
                full,
                (f"{d}人民政府", full),
                _info(
                    rng,
                    city,
                    "district",
                    f"{d}政府",
                    "我区",
                    "全区",
                    f"{d}人民政府办公室",
                    f"{d}人民政府门户网站",
                    d,
                ),
            )
        )
    for d, streets in city.streets.items():
        for s in streets:
            full = f"{CITY}{d}{s}街道办事处"
            out.append(
                BodySpec(
                    full,
                    (f"{d}{s}街道办事处", full),
                    _info(
                        rng,
                        city,
                        "street",
                        f"{s}街道",
                        "我街道",
                        "全街",
                        f"{s}街道党政综合办公室",
                        f"{d}人民政府门户网站",
                        d,
                    ),
                )
            )
    for d, towns in city.towns.items():
        for t in towns:
            full = f"{CITY}{d}{t}人民政府"
            out.append(
                BodySpec(
                    full,
                    (f"{d}{t}人民政府", full),
                    _info(
                        rng,
                        city,
                        "town",
                        t,
                        "我镇",
                        "全镇",
                        f"{t}党政办公室",
                        f"{d}人民政府门户网站",
                        d,
                    ),
                )
            )
    for dept in CITY_DEPARTMENTS:
        full = f"{CITY}{dept}"
        we = "我委" if dept.endswith("委员会") else "我局"
        out.append(
            BodySpec(
                full,
                (full,),
                _info(
                    rng,
                    city,
                    "department",
                    f"市{dept}",
                    we,
                    "本机关",
                    f"{full}办公室",
                    city_portal,
                    None,
                ),
            )
        )
    for d, dept in city.district_departments:
        full = f"{CITY}{d}{dept}"
        out.append(
            BodySpec(
                full,
                (f"{d}{dept}", full),
                _info(
                    rng,
                    city,
                    "district_department",
                    f"区{dept}",
                    "我局",
                    "本机关",
                    f"{d}{dept}办公室",
                    f"{d}人民政府门户网站",
                    d,
                ),
            )
        )
    return out


def _printed_names(rng: random.Random, spec: BodySpec, n: int) -> list[str]:
    if len(spec.variants) == 1:
        return [spec.variants[0]] * n
    r = rng.random()
    if r < 0.45:
        return [spec.variants[0]] * n
    if r < 0.65:
        return [spec.variants[-1]] * n
    names = [rng.choice(spec.variants) for _ in range(n)]
    if n > 1 and len(set(names)) == 1:  # make the variation real
        names[rng.randrange(n)] = next(v for v in spec.variants if v != names[0])
    return names


def _filename(rng: random.Random, printed: str, year: int, ext: str, used: set[str]) -> str:
    while True:
        style = rng.random()
        if style < 0.45:
            name = f"{printed}{year}年政府信息公开工作年度报告.{ext}"
        elif style < 0.75:
            name = f"{year}年{printed}政府信息公开工作年度报告.{ext}"
        elif style < 0.9:
            name = f"{printed}{year}年度政府信息公开工作报告.{ext}"
        else:
            prefix = "t" if ext == "html" else "P0"
            date = f"{year + 1}{rng.randint(1, 3):02d}{rng.randint(1, 28):02d}"
            name = f"{prefix}{date}_{rng.randint(10**6, 10**7 - 1)}.{ext}"
        if name not in used:
            used.add(name)
            return name


def make_corpus(
    seed: int,
    n_reports: int,
    out_dir: Path,
    formats: tuple[str, ...] = ("txt", "docx", "html"),
    *,
    years: tuple[int, ...] | None = None,
    plant_rate: float = 0.0,
    manifest: bool = False,
) -> list[tuple[Path, GeneratedReport]]:
    """Write ``n_reports`` reports under ``out_dir``; returns (file, truth) pairs in the order the
    reports were made (each body's years in order). The truth carries its ``rendered`` info.

    PDFs need Chromium (:func:`pdf_available`); without it "pdf" is dropped from ``formats``
    with a warning. Bodies get consecutive years (2022–2024 by default); 60 reports span 20
    bodies, and past one city's 28 bodies over those years more cities are added: 2,000
    reports span 667 bodies in 24 cities.
    ``plant_rate`` is the share of reports with one deliberately broken check. ``manifest``
    also writes ``manifest.jsonl`` (one line of truth a file) beside the files.
    """
    if "pdf" in formats and not pdf_available():
        formats = tuple(f for f in formats if f != "pdf")
        if not formats:
            raise RuntimeError(f"PDF rendering needs Chromium and CJK fonts: {INSTALL_HINT}")
        warnings.warn(f"no PDFs in this corpus: {INSTALL_HINT}", stacklevel=2)
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    base = len(all_bodies(seed))
    years = years or (2022, 2023, 2024)
    # a larger corpus has more bodies (more cities), not more years: a province, not a century
    bodies = all_bodies(seed, max(1, math.ceil(n_reports / (len(years) * base))))
    n_bodies = min(len(bodies), max(1, math.ceil(n_reports / len(years))))
    chosen = rng.sample(bodies, n_bodies)
    slots = [len(years)] * n_bodies
    excess = n_bodies * len(years) - n_reports
    for i in range(excess):  # the last bodies lose their earliest years
        slots[-1 - (i % n_bodies)] -= 1
    fmt_plan = [formats[i % len(formats)] for i in range(n_reports)]
    rng.shuffle(fmt_plan)
    used: set[str] = set()
    results: list[tuple[Path, GeneratedReport]] = []
    lines = []
    for spec, k in zip(chosen, slots, strict=True):
        if k <= 0:
            continue
        body_years = years[-k:]
        names = _printed_names(rng, spec, k)
        old_format_until = (
            rng.choice([2020, 2020, 2020, 2022, 2023]) if rng.random() < 0.25 else 2020
        )
        prev: GeneratedReport | None = None
        for year, printed in zip(body_years, names, strict=True):
            table_format = "2019" if year <= old_format_until else "2021"
            if table_format == "2021" and year <= 2023 and rng.random() < 0.05:
                table_format = "mixed"
            plant = rng.choice(PLANTABLE) if rng.random() < plant_rate else None
            report = make_report(
                rng, printed, spec.canonical, year, table_format, plant, prev=prev, info=spec.info
            )
            fmt = fmt_plan[len(results)]
            path = out_dir / _filename(rng, printed, year, fmt, used)
            info = render_with_info(report, fmt, path, rng)
            report = report.with_rendering(info)
            results.append((path, report))
            if manifest:
                lines.append(json.dumps(truth_json(report), ensure_ascii=False))
            prev = report
    if manifest:
        (out_dir / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results


def truth_json(report: GeneratedReport) -> dict:
    """A JSON-ready view of a report's truth (cell keys joined by "|")."""
    r = report.rendered
    return {
        "file": Path(r.path).name if r else None,
        "format": r.fmt if r else None,
        "style": r.style if r else None,
        "encoding": r.encoding if r else None,
        "traditional": r.traditional if r else False,
        "body_printed": report.body_printed,
        "body_canonical": report.body_canonical,
        "year": report.year,
        "table_format": report.table_format,
        "planted_errors": report.planted_errors,
        "cells": {"|".join(k): v for k, v in report.cells.items()},
        "raw": {"|".join(k): v for k, v in report.raw.items()},
        "prose": {k: list(v) for k, v in report.prose.items()},
        "prose_raw": report.prose_raw,
        "variations": r.variations if r else {},
    }
