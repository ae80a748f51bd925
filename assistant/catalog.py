"""What the corpus holds: bodies, their years and reports, and the short names people use for them
(derived from the indexed names by assistant/names.py, never listed by hand); names close to a
body's (a typo, a homophone, pinyin) are found here too, to be confirmed, never taken."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from assistant.names import (
    DEPARTMENT,
    aliases_for,
    latin_key,
    pinyin_key,
    place_aliases,
    region_prefixes,
)

_COMMON_CHARS = set("省市区县人民政府街道办事处镇乡局委员会厅")
_LEVEL_REGION = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:省|自治区|市|州(?!市)|区|县|旗))")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# a window that starts or ends with a particle is a piece of the question, not a name (的政府)
_PARTICLES = set("的了吗呢是在和与及或被把给对向从跟比也都就还又再有为")


_LEVELS = set("省市区县镇乡州旗")


def _level_swapped(a: str, b: str) -> bool:
    """淮安区 / 淮安市, 市住建局 / 区住建局: the one character that differs is a level, so these
    are two places, not a typo."""
    diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    return len(diff) == 1 and (diff[0][0] in _LEVELS or diff[0][1] in _LEVELS)


@dataclass(frozen=True)
class Mention:
    """A body named in a question: the words used, where, and the bodies they can mean."""

    start: int
    end: int
    alias: str
    bodies: frozenset[str]


@dataclass(frozen=True)
class Near:
    """A name in a question close to an alias: how (typo, homophone) and the bodies it can mean."""

    start: int
    end: int
    text: str
    alias: str
    how: str  # typo / homophone
    bodies: frozenset[str]


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
    def newest(self) -> int:
        return max(self.reports)

    @property
    def name(self) -> str:
        """The name to show: the printed name of the newest report."""
        return self.reports[max(self.reports)].body_printed if self.reports else self.body


class Catalog:
    def __init__(self, reports: list[ReportInfo], parts: set[str] | None = None):
        # the parts of the 主动公开 total reports list (机构信息, 政策文件 …): words a question may
        # name a part by
        self.parts: frozenset[str] = frozenset(parts or ())
        self.bodies: dict[str, BodyInfo] = {}
        for r in reports:
            info = self.bodies.setdefault(r.body, BodyInfo(r.body))
            info.printed.add(r.body_printed)
            info.reports[r.year] = r
        self.alias_map: dict[str, set[str]] = defaultdict(set)
        self.places: set[str] = set()  # aliases that name a place (淮安, 洪泽区): they can narrow
        # regions named before bodies (澜江市, and 澜江 → 澜江市): they narrow, and pinyin finds them
        self.regions: dict[str, str] = {}
        self.plain: set[str] = set()  # aliases made without abbreviations: the names shown
        for body, info in self.bodies.items():
            for printed in info.printed | {body}:
                for a in aliases_for(printed):
                    self.alias_map[a].add(body)
                self.plain |= aliases_for(printed, abbreviate=False)
                self.places |= place_aliases(printed)
                for region, full in region_prefixes(printed).items():
                    self.regions.setdefault(region, full)
        # a region's parent, as names say it (澜江市东澜区… puts 东澜区 in 澜江市)
        self.parents: dict[str, set[str]] = defaultdict(set)
        for info in self.bodies.values():
            for n in info.printed | {info.body}:
                chain = _LEVEL_REGION.findall(n)
                for parent, child in zip(chain, chain[1:], strict=False):
                    self.parents[child].add(parent)
        # longest first; the rank orders the matches found in a text (see find_bodies)
        by_length = sorted(self.alias_map, key=len, reverse=True)
        self._rank = {a: i for i, a in enumerate(by_length)}
        self._alias_lengths = sorted({len(a) for a in by_length}, reverse=True)

    def __len__(self) -> int:
        return len(self.bodies)

    # ------------------------------------------------------------------ names in a question

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

    def is_place(self, alias: str) -> bool:
        return alias in self.places

    @cached_property
    def _pinyin(self) -> dict[str, set[str]]:
        """pinyin of every Chinese alias → the aliases (淮安 and 怀安 read alike)."""
        out: dict[str, set[str]] = defaultdict(set)
        for a in (*self.alias_map, *self.regions):
            if _CJK.match(a):
                out[pinyin_key(a)].add(a)
        return out

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:  # aliases only: a typo of a body's name
        out: dict[int, list[str]] = defaultdict(list)
        for a in self.alias_map:
            if _CJK.match(a):
                out[len(a)].append(a)
        return out

    def from_latin(self, words: str) -> str | None:
        """The alias written in pinyin by ``words`` ("Huai'an", "Yongji"), or None."""
        key = latin_key(words)
        hits = self._pinyin.get(key) if len(key) >= 4 else None
        return min(hits, key=lambda a: (len(a), a)) if hits else None

    def near(self, text: str, spans: list[tuple[int, int]]) -> list[Near]:
        """Names in the uncovered runs of ``text`` that read like an alias (homophone: the same
        pinyin) or are one character off one (typo), longest first; never an exact alias."""
        from rapidfuzz.distance import Levenshtein

        covered = [False] * len(text)
        for s, e in spans:
            for i in range(max(0, s), min(len(text), e)):
                covered[i] = True
        found: list[Near] = []
        taken: list[tuple[int, int]] = []
        for n in sorted(self._by_length, reverse=True):
            if n < 3:
                continue
            for start in range(len(text) - n + 1):
                end = start + n
                window = text[start:end]
                if any(covered[start:end]) or not _CJK.match(window) or window in self.alias_map:
                    continue
                if window[0] in _PARTICLES or window[-1] in _PARTICLES or window in self.regions:
                    continue
                if any(s < end and start < e for s, e in taken):
                    continue
                place = _LEVEL_REGION.match(window)
                region = place.group(1) if place and place.group(1) in self.regions else ""
                hit = {a for a in self._pinyin.get(pinyin_key(window), ()) if a in self.alias_map}
                how = "homophone"
                if not hit and n >= 4:
                    hit = {
                        a
                        for a in self._by_length[n]
                        if Levenshtein.distance(window, a, score_cutoff=1) <= 1
                        and window[-1] == a[-1]  # the level (区, 局, 街道) is said right
                        # 西澜区政府 is another place of the corpus, not a typo of 东澜区政府
                        and (not region or a.startswith(region))
                        and not _level_swapped(window, a)
                    }
                    how = "typo"
                if (
                    region
                    and how == "homophone"
                    and hit
                    and not any(a.startswith(region) for a in hit)
                ):
                    hit = set()
                if hit:
                    alias = min(hit, key=lambda a: (len(self.alias_map[a]), a))
                    bodies = frozenset(b for a in hit for b in self.alias_map[a])
                    taken.append((start, end))
                    found.append(Near(start, end, window, alias, how, bodies))
        return sorted(found, key=lambda x: x.start)

    # ------------------------------------------------------------------ bodies

    def kind_of(self, body: str) -> str:
        """A body's name without the regions before it (澜江市住房和城乡建设局 → 住房和城乡建设局);
        "" when its name starts with no region the corpus knows."""
        name = body
        while (m := _LEVEL_REGION.match(name)) and m.group(1) in self.regions:
            name = name[m.end() :]
        return name if name != body else ""

    def is_place_body(self, body: str) -> bool:
        """A place's own government (澜江市人民政府), which a place said alone names."""
        return self.kind_of(body) in ("人民政府", "")

    def names(self, body: str) -> set[str]:
        info = self.bodies.get(body)
        return (info.printed | {body}) if info else {body}

    def regions_of(self, body: str) -> set[str]:
        """Every region a body's names place it in, with their parents as other names say."""
        out: set[str] = set()
        todo = [r for n in self.names(body) for r in _LEVEL_REGION.findall(n)]
        while todo:
            r = todo.pop()
            if r not in out:
                out.add(r)
                todo += self.parents.get(r, ())
        return out

    def within(self, body: str, region: str) -> bool | None:
        """Whether ``body`` lies in ``region`` (东澜区, 澜江市): True when one of its names says
        so, False when its names place it in another region of the same level, None when
        its names do not say."""
        names = self.names(body)
        asked = (_LEVEL_REGION.findall(region) or [region])[-1]  # 澜江市东澜区 → 东澜区
        if DEPARTMENT.search(body):
            # a department belongs to the region just before its name: 澜江市住房和城乡建设局 is
            # the city's, neither 东澜区's nor (said as 澜江市教育局) 东澜区教育局
            owners = [found[-1] for n in names if (found := _LEVEL_REGION.findall(n))]
            if owners:
                if len(asked) == 1:  # a level alone: 市住房和城乡建设局 is a city's department
                    return any(o.endswith(asked) for o in owners)
                return asked in owners
        if len(asked) == 1:
            return None
        if any(region in n for n in names) or asked in self.regions_of(body):
            return True
        for n in names:
            for m in _LEVEL_REGION.finditer(n):
                if m.group(1).endswith(asked[-1]) and m.group(1) != asked:
                    return False
        return None

    def region_of_place(self, alias: str) -> str:
        """The region a place alias names, with its level: 东澜 → 东澜区 (as the bodies' names
        say it), 东澜区 → 东澜区."""
        if _LEVEL_REGION.fullmatch(alias):
            return alias
        if alias in self.regions:
            return self.regions[alias]
        for body in self.alias_map.get(alias, ()):
            for n in self.names(body):
                m = re.search(re.escape(alias) + r"(?:省|自治区|市|区|县|旗|综合实验区|实验区)", n)
                if m:
                    return m.group(0)
        return alias

    def report(self, body: str, year: int) -> ReportInfo | None:
        info = self.bodies.get(body)
        return info.reports.get(year) if info else None

    def nearest(self, name: str = "", k: int = 8) -> list[BodyInfo]:
        """Up to ``k`` bodies, those whose names are most like ``name`` first (words every
        name has, such as 人民政府 or 街道办事处, do not count)."""
        from rapidfuzz import fuzz

        infos = list(self.bodies.values())
        want = "".join(ch for ch in name if ch not in _COMMON_CHARS)
        if want:

            def score(info: BodyInfo) -> float:
                cores = (
                    "".join(c for c in n if c not in _COMMON_CHARS) for n in self.names(info.body)
                )
                return max(fuzz.partial_ratio(want, c) for c in cores)

            infos.sort(key=lambda i: -score(i))
        return infos[:k]

    def short_name(self, body: str) -> str:
        """The shortest name of four characters or more that means only ``body`` (one made
        without the abbreviation table first: 永吉街道, not 永吉街办)."""
        return self._short_names.get(body) or self.bodies[body].name

    @cached_property
    def _short_names(self) -> dict[str, str]:
        best: dict[str, tuple[bool, int, str]] = {}
        for a, bs in self.alias_map.items():
            if len(bs) == 1 and len(a) >= 4:
                (body,) = bs
                key = (a not in self.plain, len(a), a)
                if body not in best or key < best[body]:
                    best[body] = key
        return {b: k[2] for b, k in best.items()}

    def city_of(self, body: str) -> str | None:
        """The city a body's names place it in (澜江市东澜区教育局 → 澜江市, and 东澜区教育局 too
        when another name puts 东澜区 in 澜江市); None when no name says."""
        cities = sorted(r for r in self.regions_of(body) if r.endswith("市"))
        return cities[0] if len(cities) == 1 else None

    def in_scope(self, pattern: str, region: str | None = None) -> tuple[list[str], list[str]]:
        """(bodies whose canonical name ends with one of ``pattern``'s kinds ("局|委员会",
        "街道办事处"; "" = all) within ``region``, bodies of that kind whose names do not say
        whether they are in ``region``). A pattern ending ";own" (市直部门) keeps the region's own
        departments: those of its districts are left out."""
        kinds = [k for k in pattern.split(";")[0].split("|") if k]
        own = pattern.endswith(";own")
        out, unsure = [], []
        asked = (_LEVEL_REGION.findall(region) or [region])[-1] if region else ""
        for body in self.bodies:
            if kinds and not body.endswith(tuple(kinds)):
                continue
            if region and own:
                owner = _LEVEL_REGION.findall(body)
                if not owner or owner[-1] != asked:
                    continue
            if region:
                # anywhere inside the region: a district's department is in its city too
                mine = self.regions_of(body)
                if asked not in mine:
                    if any(r[-1] == asked[-1] and r != asked for r in mine):
                        continue  # plainly another region's
                    unsure.append(body)
                    continue
            out.append(body)
        return sorted(out), sorted(unsure)

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
