"""The short names people use for a body, derived from its printed names (never listed by hand),
with the usual abbreviations of administrative names (assistant/names.toml), and the readings of
a name written in pinyin or English."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.english import base_forms
from reportqa.format import normalize_label

NAMES_PATH = Path(__file__).with_name("names.toml")

# 州 ends a region (延边朝鲜族自治州) unless it is part of a city's name (杭州市, 苏州市)
REGION = re.compile(r"^(.{1,8}?(?:省|自治区|市|州(?!市)|盟|地区|区|县|旗))")
DEPARTMENT = re.compile(r"(?:局|委员会|委|厅|署|办公室|中心|管委会)$")

_SUFFIXES: list[tuple[str, list[str]]] = [
    ("街道办事处", ["街道办事处", "街道办", "街道", ""]),
    ("镇人民政府", ["镇人民政府", "镇政府", "镇"]),
    ("乡人民政府", ["乡人民政府", "乡政府", "乡"]),
    ("人民政府办公室", ["人民政府办公室", "政府办公室", "政府办"]),
    ("人民政府", ["人民政府", "政府", ""]),
    ("管理委员会", ["管理委员会", "管委会", ""]),
    ("办事处", ["办事处", ""]),
]
_PLACE_GOVERNMENT = re.compile(r"(.{2,12}?(?:省|自治区|市|区|县|旗))(?:人民政府|管理委员会)")
# what is left of a name once its region is stripped that names no body on its own
_GENERIC_CORES = {"管理委员会", "管委会", "委员会", "办公室", "人民政府", "政府", "人民政府办公室"}


@dataclass(frozen=True)
class NameData:
    abbreviations: tuple[tuple[str, tuple[str, ...]], ...]  # longest full word first
    levels: tuple[str, ...]
    english: tuple[tuple[str, str], ...]  # longest phrase first


@lru_cache(maxsize=1)
def name_data() -> NameData:
    data = tomllib.loads(NAMES_PATH.read_text(encoding="utf-8"))
    abbr = sorted(
        ((k, tuple(v)) for k, v in data["abbreviations"].items()), key=lambda kv: -len(kv[0])
    )
    english = sorted(
        ((base_forms(k), v) for k, v in data["english"].items()), key=lambda kv: -len(kv[0])
    )
    levels = sorted(data["levels"]["words"], key=len, reverse=True)
    return NameData(tuple(abbr), tuple(levels), tuple(english))


def _without_level(place: str) -> str | None:
    """洪泽区 → 洪泽, 淮安市 → 淮安; None where too little would remain (南区) or no level ends it."""
    for level in name_data().levels:
        if place.endswith(level):
            stem = place[: -len(level)]
            return stem if len(stem) >= 2 else None
    return None


def _abbreviated(alias: str) -> set[str]:
    out = set()
    for full, shorts in name_data().abbreviations:
        if full in alias:
            out |= {alias.replace(full, s) for s in shorts}
    return out


def aliases_for(name: str, abbreviate: bool = True) -> set[str]:
    """Short names for a body: 南关区永吉街道办事处 → 永吉街道, 永吉街道办, 永吉…;
    淮安市人民政府 → 淮安市政府, 淮安市, 淮安; 淮安市洪泽区人民政府 → 洪泽区政府, 洪泽区, 洪泽;
    澜江市人力资源和社会保障局 → 市人社局, 人社局, 澜江市人社局 …"""
    name = normalize_label(name)
    out = {name}
    cores = {name}
    rest = name
    while True:  # strip region prefixes, keeping what remains when it is still a name
        m = REGION.match(rest)
        if not m or len(rest) - len(m.group(1)) < 2:
            break
        region = m.group(1)
        rest = rest[len(region) :]
        if rest in _GENERIC_CORES:
            break
        cores.add(rest)
        if DEPARTMENT.search(rest) and region[-1] in "市区县":
            # 市教育局 is the city's, 区住房和城乡建设局 a district's: the level a citizen says
            out.add(region[-1] + rest)
    gov = _PLACE_GOVERNMENT.fullmatch(name)
    if abbreviate and gov and gov.group(1)[-1] in "市区县":
        # 市政府 for a city's government, 区政府 for a district's: said without the place
        level = gov.group(1)[-1]
        out |= {level + "政府", level + "人民政府"}
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
    places = place_aliases(name)
    out |= places
    if abbreviate:  # without: the names to show (永吉街道, not 永吉街办)
        # 淮安政府, 淮安人民政府: the place said without its level, then 政府
        out |= {
            p + g
            for p in places
            if not p.endswith(name_data().levels)
            for g in ("人民政府", "政府")
        }
        for a in list(out):
            out |= _abbreviated(a)
        # 安康市场监管局: a city's 市场… department said with the city's 市 once
        out |= {a.replace("市市", "市", 1) for a in out if "市市" in a}
    return {a for a in out if len(a) >= 2}


def place_aliases(name: str) -> set[str]:
    """The place a government is called by: 淮安市人民政府 → 淮安市, 淮安; 洪泽区人民政府 → 洪泽区,
    洪泽. Empty for a body that is not the government of a place."""
    out: set[str] = set()
    name = normalize_label(name)
    rest = name
    while True:
        m = _PLACE_GOVERNMENT.fullmatch(rest)
        if m:
            place = m.group(1)
            out.add(place)
            single = REGION.match(place)
            stem = _without_level(place) if single and single.group(1) == place else None
            if stem:
                out.add(stem)
        r = REGION.match(rest)
        if not r or len(rest) - len(r.group(1)) < 2:
            break
        rest = rest[len(r.group(1)) :]
    return out


def region_prefixes(name: str) -> dict[str, str]:
    """The regions a name begins with, and those places without their level, each with the
    region as named: 澜江市东澜区教育局 → 澜江市, 澜江 (→ 澜江市), 东澜区, 东澜 (→ 东澜区)."""
    out: dict[str, str] = {}
    rest = normalize_label(name)
    while True:
        m = REGION.match(rest)
        if not m or len(rest) - len(m.group(1)) < 2:
            return out
        out[m.group(1)] = m.group(1)
        stem = _without_level(m.group(1))
        if stem:
            out.setdefault(stem, m.group(1))
        rest = rest[len(m.group(1)) :]


@lru_cache(maxsize=4096)
def pinyin_key(text: str) -> str:
    """淮安 → "huaian": the toneless pinyin, letters only (how a name is written in pinyin)."""
    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(text)).lower())


def latin_key(text: str) -> str:
    """Huai'an / Huai-an / HUAIAN → "huaian"."""
    return re.sub(r"[^a-z]", "", text.lower())
