"""Years in a question: 2023年, 二〇二三年, 23年, 2022到2024年, 2023、2024两年, "in 2023"; relative
years (去年, 前年, 这两年, 历年) are words of the lexicon (assistant/lexicon.toml [years])."""

from __future__ import annotations

import re

from assistant.question import Span, YearKind, YearSpec
from reportqa.numbers import chinese_to_int

_CN_YEAR = r"(?:一九|二[〇○零])[一二三四五六七八九〇○零]{2}"
_Y = r"((?:19|20)\d{2}|" + _CN_YEAR + ")"
_RANGE = re.compile(_Y + r"\s*年?度?\s*(?:到|至|—|－|-|~|～|––)\s*" + _Y + r"\s*年?度?")
_LIST = re.compile(_Y + r"\s*年?度?(?:\s*[、,，和与及]\s*" + _Y + r"\s*年?度?)+(?:[两二三四五]年)?")
_ONE = re.compile(_Y + r"\s*年度?")
# "in 2023", "2023的"; not a count (超过2000件, 2000多条)
_BARE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?![\d.])(?!\s*(?:多|余|来)?\s*(?:件|条|次|个|篇|起|项|宗|场|人次|万|元))"
)
_SHORT = re.compile(r"(?<![\d.])([12]\d)\s*年(?!度?[底初末中])")  # 24年 → 2024
_SHORT_RANGE = re.compile(
    r"(?<![\d.])([12]\d)\s*年?\s*(?:到|至|-|—|~|～)\s*([12]\d)\s*年"
)  # 22到24年
# 22、23、24三年, 23和24两年: short years listed, then said how many
_SHORT_LIST = re.compile(
    r"(?<![\d.])([12]\d)(?:\s*年?\s*[、,，和与及]\s*([12]\d)){1,4}\s*(?:年|[两二三四五]年)"
)
_CN_SHORT = re.compile(
    r"(?<![一二三四五六七八九〇零])([一二][〇零一二三四五六七八九])年(?!度?[底初末中])"
)  # 二三年


def _year(s: str) -> int:
    return int(s) if s.isdigit() else chinese_to_int(s) or 0


_CARRIED_TO = re.compile(r"(?:结转|转|顺延|转入|延续)(?:到|至|入)$")


def explicit_years(text: str) -> tuple[tuple[int, ...], list[Span], bool]:
    """(years, spans, is_range) said as numbers in ``text``."""
    m = _RANGE.search(text)
    if m:
        a, b = sorted((_year(m.group(1)), _year(m.group(2))))
        return tuple(range(a, b + 1)), [Span(start=m.start(), end=m.end(), text=m.group())], True
    m = _SHORT_RANGE.search(text)
    if m:
        a, b = sorted((2000 + int(m.group(1)), 2000 + int(m.group(2))))
        return tuple(range(a, b + 1)), [Span(start=m.start(), end=m.end(), text=m.group())], True
    spans: list[Span] = []
    years: list[int] = []
    for pat in (_LIST, _ONE, _BARE):
        for m in pat.finditer(text):
            if any(s.start < m.end() and m.start() < s.end for s in spans):
                continue
            if _CARRIED_TO.search(text[: m.start()]):
                # 结转到2025年的申请: the year a carry-over goes to names the figure, not a year asked
                spans.append(Span(start=m.start(), end=m.end(), text=m.group()))
                continue
            for y in re.findall(_Y, m.group()):
                if _year(y) not in years:
                    years.append(_year(y))
            spans.append(Span(start=m.start(), end=m.end(), text=m.group()))
    if not years:
        for m in _SHORT_LIST.finditer(text):
            listed = re.findall(r"(?<![\d.])([12]\d)(?!\d)", m.group())
            for y in (2000 + int(x) for x in listed):
                if y not in years:
                    years.append(y)
            spans.append(Span(start=m.start(), end=m.end(), text=m.group()))
    if not years:
        for m in _SHORT.finditer(text):
            y = 2000 + int(m.group(1))
            if y not in years:
                years.append(y)
            spans.append(Span(start=m.start(), end=m.end(), text=m.group()))
        for m in _CN_SHORT.finditer(text):  # 二三年 → 2023
            y = 2000 + (chinese_to_int(m.group(1)) or 0)
            if 2000 < y <= 2099 and y not in years:
                years.append(y)
                spans.append(Span(start=m.start(), end=m.end(), text=m.group()))
    return tuple(years), spans, False


def year_spec(
    years: tuple[int, ...],
    is_range: bool,
    relative: list[tuple[str, str, int]],
    plan: bool,
    sequence: tuple[int, ...] = (),
) -> YearSpec:
    """The year spec from explicit years and relative words ((word, kind, count), in order);
    ``sequence``: both in the order said (see :class:`YearSpec`)."""
    spec = _spec(years, is_range, relative, plan)
    return spec.model_copy(update={"sequence": sequence})


def _spec(
    years: tuple[int, ...], is_range: bool, relative: list[tuple[str, str, int]], plan: bool
) -> YearSpec:
    if years:
        # 前年 and 2022: relative years said beside a number are offsets from the newest
        offsets = tuple(
            c if k == "previous" else 0 for _, k, c in relative if k in ("latest", "previous")
        )
        return YearSpec(
            kind=YearKind.EXPLICIT,
            years=years,
            offsets=offsets,
            words="到".join(map(str, (years[0], years[-1]))) if is_range else "",
            plan_year=plan,
        )
    if relative:
        points = [(w, k, c) for w, k, c in relative if k in ("latest", "previous")]
        if len(points) >= 2:  # 前年和去年
            offsets = tuple(dict.fromkeys(c if k == "previous" else 0 for _, k, c in points))
            if len(offsets) >= 2:
                return YearSpec(
                    kind=YearKind.PREVIOUS,
                    count=offsets[0],
                    offsets=offsets,
                    words="、".join(w for w, _, _ in points),
                )
        word, kind, count = relative[0]
        return YearSpec(kind=YearKind(kind), count=count, words=word)
    return YearSpec()
