"""What the corpus holds: bodies, their years and reports, and the short names people use for them
(derived from the indexed names, never listed by hand)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from reportqa.format import normalize_label

_REGION = re.compile(r"^(.{1,8}?(?:省|自治区|市|州|盟|地区|区|县|旗))")
_SUFFIXES: list[tuple[str, list[str]]] = [
    ("街道办事处", ["街道办事处", "街道办", "街道", ""]),
    ("镇人民政府", ["镇人民政府", "镇政府", "镇"]),
    ("乡人民政府", ["乡人民政府", "乡政府", "乡"]),
    ("人民政府办公室", ["人民政府办公室", "政府办公室", "政府办"]),
    ("人民政府", ["人民政府", "政府", ""]),
    ("办事处", ["办事处", ""]),
]


@dataclass(frozen=True)
class ReportInfo:
    report_id: str
    body: str
    body_printed: str
    year: int
    source: str
    title: str


@dataclass
class BodyInfo:
    body: str
    printed: set[str] = field(default_factory=set)
    reports: dict[int, ReportInfo] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.reports)

    @property
    def name(self) -> str:
        """The name to show: the printed name of the newest report."""
        return self.reports[max(self.reports)].body_printed if self.reports else self.body


def aliases_for(name: str) -> set[str]:
    """Short names for a body: 南关区永吉街道办事处 → 永吉街道, 永吉街道办, 永吉…;
    淮安市人民政府 → 淮安市政府, 淮安市; 长春市南关区人民政府 → 南关区政府, 南关区 …"""
    name = normalize_label(name)
    out = {name}
    cores = {name}
    rest = name
    while True:  # strip region prefixes, keeping what remains when it is still a name
        m = _REGION.match(rest)
        if not m or len(rest) - len(m.group(1)) < 2:
            break
        rest = rest[len(m.group(1)) :]
        if rest in ("人民政府", "政府"):
            break
        cores.add(rest)
    out |= cores
    for core in list(cores):
        for suffix, variants in _SUFFIXES:
            if core.endswith(suffix):
                stem = core[: -len(suffix)]
                for v in variants:
                    alias = stem + v
                    if len(alias) >= 2 and not (v == "" and len(stem) < 2):
                        out.add(alias)
                break
    # a city/district government is also called by the place alone: 淮安市, 南关区
    for core in cores:
        m = re.fullmatch(r"(.{2,10}?(?:省|自治区|市|区|县|旗))人民政府", core)
        if m:
            out.add(m.group(1))
    return {a for a in out if len(a) >= 2}


class Catalog:
    def __init__(self, reports: list[ReportInfo]):
        self.bodies: dict[str, BodyInfo] = {}
        for r in reports:
            info = self.bodies.setdefault(r.body, BodyInfo(r.body))
            info.printed.add(r.body_printed)
            info.reports[r.year] = r
        self.alias_map: dict[str, set[str]] = defaultdict(set)
        for body, info in self.bodies.items():
            for printed in info.printed | {body}:
                for a in aliases_for(printed):
                    self.alias_map[a].add(body)
        self._aliases_by_length = sorted(self.alias_map, key=len, reverse=True)

    def __len__(self) -> int:
        return len(self.bodies)

    def find_bodies(self, text: str) -> tuple[list[set[str]], list[tuple[int, int]]]:
        """Body mentions in ``text``: one candidate set per mention (longest alias wins), and the
        spans they cover."""
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, set[str]]] = []
        for alias in self._aliases_by_length:
            start = text.find(alias)
            while start >= 0:
                end = start + len(alias)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found.append((start, self.alias_map[alias]))
                start = text.find(alias, start + 1)
        found.sort(key=lambda x: x[0])
        return [bodies for _, bodies in found], taken

    def report(self, body: str, year: int) -> ReportInfo | None:
        info = self.bodies.get(body)
        return info.reports.get(year) if info else None

    def holdings(self, body: str | None = None) -> str:
        """What the corpus holds, in words: "语料中有南关区永吉街道办事处2024年的报告"."""
        if body and body in self.bodies:
            info = self.bodies[body]
            years = "、".join(str(y) for y in info.years)
            return f"语料中有{info.name}{years}年的报告"
        names = [f"{i.name}（{'、'.join(str(y) for y in i.years)}年）" for i in self.bodies.values()]
        shown = "；".join(names[:8])
        more = f"等{len(names)}个机关" if len(names) > 8 else ""
        return f"语料中有{shown}{more}的报告"
