"""What the corpus holds: bodies, their years and reports, and the short names people use for them
(derived from the indexed names, never listed by hand)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from reportqa.format import normalize_label

# 州 ends a region (延边朝鲜族自治州) unless it is part of a city's name (杭州市, 苏州市)
_REGION = re.compile(r"^(.{1,8}?(?:省|自治区|市|州(?!市)|盟|地区|区|县|旗))")
_COMMON_CHARS = set("省市区县人民政府街道办事处镇乡局委员会厅")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|厅|署|办公室|中心)$")
_LEVEL_REGION = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:省|自治区|市|州(?!市)|区|县|旗))")


@dataclass(frozen=True)
class Mention:
    """A body named in a question: the words used, where, and the bodies they can mean."""

    start: int
    end: int
    alias: str
    bodies: frozenset[str]


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
        region = m.group(1)
        rest = rest[len(region) :]
        if rest in ("人民政府", "政府"):
            break
        cores.add(rest)
        if _DEPARTMENT.search(rest) and region[-1] in "市区县":
            # 市教育局 is the city's, 区住房和城乡建设局 a district's: the level a citizen says
            out.add(region[-1] + rest)
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
    # a city/district government is also called by the place alone: 淮安市, 南关区, and a city
    # by its name without 市: 淮安
    for core in cores:
        m = re.fullmatch(r"(.{2,10}?(?:省|自治区|市|区|县|旗))人民政府", core)
        if m:
            out.add(m.group(1))
            if m.group(1).endswith("市") and len(m.group(1)) >= 3:
                out.add(m.group(1)[:-1])
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
        # longest first; the rank orders the matches found in a text (see find_bodies)
        by_length = sorted(self.alias_map, key=len, reverse=True)
        self._rank = {a: i for i, a in enumerate(by_length)}
        self._alias_lengths = sorted({len(a) for a in by_length}, reverse=True)

    def __len__(self) -> int:
        return len(self.bodies)

    def find_bodies(self, text: str) -> list[Mention]:
        """Body mentions in ``text`` in order, the longest alias winning where names overlap.

        The text's substrings are looked up in the alias table (work in proportion to the
        question's length, not to the number of bodies indexed)."""
        matches = [
            (self._rank[alias], start, alias)
            for n in self._alias_lengths
            for start in range(len(text) - n + 1)
            if (alias := text[start : start + n]) in self._rank
        ]
        taken: list[tuple[int, int]] = []
        found: list[Mention] = []
        for _, start, alias in sorted(matches):
            end = start + len(alias)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append(Mention(start, end, alias, frozenset(self.alias_map[alias])))
        return sorted(found, key=lambda m: m.start)

    def names(self, body: str) -> set[str]:
        info = self.bodies.get(body)
        return (info.printed | {body}) if info else {body}

    def within(self, body: str, region: str) -> bool | None:
        """Whether ``body`` lies in ``region`` (东澜区, 澜江市): True when one of its names says
        so, False when its names place it in another region of the same level, None when
        its names do not say."""
        names = self.names(body)
        asked = (_LEVEL_REGION.findall(region) or [region])[-1]  # 澜江市东澜区 → 东澜区
        if _DEPARTMENT.search(body):
            # a department belongs to the region just before its name: 澜江市住房和城乡建设局 is
            # the city's, neither 东澜区's nor (said as 澜江市教育局) 东澜区教育局
            owners = [found[-1] for n in names if (found := _LEVEL_REGION.findall(n))]
            if owners:
                if len(asked) == 1:  # a level alone: 市住房和城乡建设局 is a city's department
                    return any(o.endswith(asked) for o in owners)
                return asked in owners
        if len(asked) == 1:
            return None
        if any(region in n for n in names):
            return True
        for n in names:
            for m in _LEVEL_REGION.finditer(n):
                if m.group(1).endswith(asked[-1]) and m.group(1) != asked:
                    return False
        return None

    def report(self, body: str, year: int) -> ReportInfo | None:
        info = self.bodies.get(body)
        return info.reports.get(year) if info else None

    def nearest(self, name: str = "", k: int = 8) -> list[BodyInfo]:
        """Up to ``k`` bodies, those whose names share most characters with ``name`` first
        (words every name has, such as 人民政府 or 街道办事处, do not count)."""
        want = set(name) - _COMMON_CHARS
        infos = list(self.bodies.values())
        if want:
            infos.sort(key=lambda i: -max(len(want & set(n)) for n in self.names(i.body)))
        return infos[:k]

    def holdings(self, body: str | None = None, near: str = "") -> str:
        """What the corpus holds, in words: "语料中有南关区永吉街道办事处2024年的报告"; without a
        body, the bodies named most like ``near``."""
        if body and body in self.bodies:
            info = self.bodies[body]
            years = "、".join(str(y) for y in info.years)
            return f"语料中有{info.name}{years}年的报告"
        infos = self.nearest(near)
        names = [f"{i.name}（{'、'.join(str(y) for y in i.years)}年）" for i in infos]
        more = "等机关" if len(self.bodies) > len(infos) else ""
        return f"语料中有{'；'.join(names)}{more}的报告"
