"""A question made ready for matching: Simplified script, half-width digits and letters, one kind
of bracket and quote, spaces only where English words need them; and names written in pinyin or
English read as Chinese (Huai'an City Government → 淮安市人民政府)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial
from typing import NamedTuple

from assistant.catalog import Catalog
from assistant.english import base_forms, mend
from assistant.lexicon import english_vocabulary, lexicon
from assistant.names import DEPARTMENT, name_data
from reportqa.format import to_simplified
from reportqa.numbers import chinese_to_int

_CJK = r"\u4e00-\u9fff"
_SPACE_NEAR_CJK = re.compile(
    rf"\s+(?=[{_CJK}（）“”，。？！、：；])|(?<=[{_CJK}（）“”，。？！、：；])\s+"
)
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:\s+[A-Za-z][A-Za-z'’\-]*)*")
_PUNCT = str.maketrans(
    {"(": "（", ")": "）", "?": "？", "!": "！", ",": "，", ";": "；", ":": "："}
)


def prepare(question: str) -> str:
    """NFKC (full-width digits and letters to half-width), Simplified script, Chinese punctuation,
    spaces kept between English words only."""
    text = unicodedata.normalize("NFKC", question)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,000: one number, not two
    text = to_simplified(text).translate(_PUNCT)
    text = re.sub(r"(?<=[A-Za-z])['’]s\b", "", text)  # Huai'an's → Huai'an
    text = base_forms(text)  # requests → request, Huái'ān → Huai'an, FY2024 → 2024
    text = lexicon().untypo(re.sub(r"\s+", " ", text).strip())  # 申清 → 申请
    for pattern, repl in lexicon().rewrites:  # 结转到2025年: the 2024 report's 结转下年度
        text = pattern.sub(partial(_rewritten, repl=repl), text)
    text = _SAID_AGAIN.sub("", text)  # 去年也就是2023年: the year, said twice
    text = _FINANCIAL_YEAR.sub(lambda m: m.group(0).translate(_FINANCIAL), text)  # 贰零贰肆年
    text = _THOUSANDS_YEAR.sub(lambda m: str(chinese_to_int(m.group(1)) or m.group(1)), text)
    text = _now_said(text)  # 今年都2025年了，前年…: 前年 is 2023
    text = _counted_from_stated(text)  # 2024年办结了77件，那去年…: 去年 is 2023
    text = _ASK_THEN_SPACE.sub(r"\1，", text)  # 新收几件 许可多少件: a space that ends a question
    text = _SPACE_BETWEEN_WORDS.sub("，", text)  # 卫健委 交通局 自规局: typed for a comma
    text = _SPACE_NEAR_CJK.sub("", text)
    return _REGION_AFTER.sub(r"\2\1", text)  # 教育局（西澜区） → 西澜区教育局


def _rewritten(m: re.Match[str], *, repl: str) -> str:
    """A rewrite's replacement; ``{year_before}`` is the year before the group ``year`` (what is
    carried into 2025 is in the report of 2024)."""
    if "{year_before}" in repl:
        repl = repl.replace("{year_before}", f"{int(m.group('year')) - 1}年")
    return m.expand(repl)


# a name quoted in the question (“三晒三比三提升”): said whole, searched for whole
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")
# a relative year restated as a year (去年也就是2023年, 今年即2024年): the year only
_SAID_AGAIN = re.compile(
    r"(?:去年|今年|前年|上一年|上年|本年)[，,]?(?:也就是|就是|即|也即)(?=\s*(?:\d{2,4}|[〇零一二三四五六七八九]{2,4})\s*年)"
)
# the asker says which year it is now (今年都2025年了): context, and what 去年 and 前年 count from
_NOW_SAID = re.compile(
    r"(?:今年|现在|如今|眼下)(?:都|已经|已|也|可|就)*是?((?:20)?\d{2})年了?[，,。！!\s]*"
)
_COUNTED_BACK = {"大前年": 3, "前年": 2, "去年": 1}


def _now_said(text: str) -> str:
    """``text`` without a clause that says which year it is now, and with 去年, 前年 and 大前年
    written as the years they are from that year."""
    m = _NOW_SAID.search(text)
    if m is None:
        return text
    now = int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0)
    text = text[: m.start()] + text[m.end() :]
    back = "|".join(sorted(_COUNTED_BACK, key=len, reverse=True))
    return re.sub(back, lambda w: f"{now - _COUNTED_BACK[w.group(0)]}年", text)


# a figure stated for a year, then a question that counts back from it (自规局2024年办结了77件，
# 那去年办结了多少): 去年 is the year before the one stated
_STATED_THEN = re.compile(
    r"(?P<when>((?:20)?\d{2})\s*年)[^，,。？?！!]*?\d+\s*[件条个次项篇份元][^，,。？?！!]*[，,。；;]\s*(?=那)"
)
_BACK_FROM = {"大前年": 3, "前年": 2, "去年": 1, "上一年": 1}


def _counted_from_stated(text: str) -> str:
    """去年, 前年 in the question after a stated figure, written as the years they are from
    the year of that figure."""
    m = _STATED_THEN.search(text)
    if m is None:
        return text
    year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
    back = "|".join(sorted(_BACK_FROM, key=len, reverse=True))
    rest = re.sub(
        rf"(?:{back})(?!结转)", lambda w: f"{year - _BACK_FROM[w.group(0)]}年", text[m.end() :]
    )
    if rest == text[m.end() :]:
        return text
    # the stated year is said, not asked: the question's year is the one counted back
    return text[: m.start("when")] + text[m.end("when") : m.end()] + rest


# numerals written as on cheques (贰零贰肆年) and years said as a number (两千零二十四年)
_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖", "一二三四五六七八九")
_FINANCIAL_YEAR = re.compile(r"[〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖]{2,4}(?=\s*年)")
_THOUSANDS_YEAR = re.compile(r"((?:两|二)千零?[一二三四五六七八九十]{1,3})(?=\s*年)")
# a space after the words that end one question of several (新收申请几件 行政许可多少件)
_ASK_THEN_SPACE = re.compile(
    rf"((?:多少|几)[件条次个篇起项宗场人家元]?|吗|呢|[？?])\s+(?=[{_CJK}\d])"
)
# a space between two Chinese words, typed where a comma or 、 would be (维持 纠正 其他 各几件,
# 我在淮安 之前写信…); not after a place's level, where a name goes on (东澜区 住建局)
_SPACE_BETWEEN_WORDS = re.compile(rf"(?<=[{_CJK}])(?<![省市区县镇乡])\s+(?=[{_CJK}])")
# a body with its region after it, in brackets: 教育局（西澜区）
_REGION_AFTER = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:局|委员会|委|街道办事处|街道办|街道|办事处|政府|办公室))"
    r"[（(]([\u4e00-\u9fff]{2,8}?[市区县])[)）]"
)


def mend_english(text: str, catalog: Catalog) -> tuple[str, list[str]]:
    """``text`` with English slips mended (aplications → application), never a place written in
    pinyin (Huaian), and what was mended."""

    if not re.search(r"[A-Za-z]", text):
        return text, []
    text = base_forms(re.sub(r" {2,}", " ", lexicon().written_out(text)).strip())
    return mend(text, english_vocabulary(), lambda w: catalog.from_latin(w) is not None)


def translate_phrases(text: str) -> str:
    """English phrases the question lexicon reads as Chinese ("what about" → 呢), longest first at
    each place; a phrase inside a longer English term the lexicon reads whole (rate in correction
    rate, refuse in refuse to disclose) is left to that term."""
    if re.search(r"[A-Za-z]", text):
        english = _english()
        for pattern, repl in lexicon().english_reorder:
            text = pattern.sub(repl, text)
        for pattern, zh in english.before_number:
            text = pattern.sub(zh, text)
        text = english.phrases.sub(
            lambda m: english.table.get(m.group(0).lower()) or m.group(0), text
        )
    return _SPACE_NEAR_CJK.sub("", text)


class _English(NamedTuple):
    before_number: list[tuple[re.Pattern[str], str]]  # more than 300 → 超过300
    phrases: re.Pattern[str]  # every phrase of the table, longest first
    table: dict[str, str | None]  # phrase → Chinese; None: a lexicon term, kept as written


@lru_cache(maxsize=1)
def _english() -> _English:
    lx = lexicon()
    before_number = [
        (re.compile(r"(?i)(?<![a-z])" + re.escape(phrase) + r"(?=\s*\d)"), zh)
        for phrase, zh in lx.english_numbers
    ]
    table: dict[str, str | None] = {phrase.lower(): zh for phrase, zh in lx.english}
    for t in lx.terms:  # read whole by the lexicon: kept as written
        if t.latin and " " in t.word:
            table.setdefault(t.word.lower(), None)
    alternatives = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    phrases = re.compile(r"(?i)(?<![a-z])(?:" + alternatives + r")(?![a-z])")
    return _English(before_number, phrases, table)


def translate_names(text: str, catalog: Catalog) -> tuple[str, list[str]]:
    """``text`` with body names written in pinyin or English replaced by Chinese, and what was
    read ("Huai'an → 淮安"). Other English words stay for the lexicon to read."""
    notes: list[str] = []

    def run(m: re.Match[str]) -> str:
        words = m.group(0).split()
        out: list[str] = []  # pieces: Chinese or an English word
        places: set[str] = set()  # the pieces read from pinyin
        i = 0
        english = name_data().english
        phrases = _english().table
        while i < len(words):
            done = False
            # a phrase the question lexicon reads (municipal departments → 市直部门) longer than
            # any name part starting here is left to it
            longest = max(
                (n for n in range(2, 7) if " ".join(words[i : i + n]).lower() in phrases),
                default=0,
            )
            if longest:
                out += [" " + w + " " for w in words[i : i + longest]]
                i += longest
                continue
            for phrase, zh in english:
                n = len(phrase.split())
                if " ".join(w.lower() for w in words[i : i + n]) == phrase:
                    out.append(zh)
                    notes.append(f"{' '.join(words[i : i + n])} → {zh}")
                    i += n
                    done = True
                    break
            if done:
                continue
            for n in (3, 2, 1):
                alias = (
                    catalog.from_latin("".join(words[i : i + n])) if i + n <= len(words) else None
                )
                if alias:
                    out.append(alias)
                    places.add(alias)
                    notes.append(f"{' '.join(words[i : i + n])} → {alias}")
                    i += n
                    done = True
                    break
            if not done:
                out.append(" " + words[i] + " ")
                i += 1
        # adjacent Chinese pieces are one name (Jiefang Subdistrict → 解放街道); "A in B": the
        # place B is said first in Chinese (东澜解放街道)
        # a place after its department (HRSS Lanjiang) is said first too (澜江人力资源和社会保障局)
        merged: list[str] = []
        for piece in out:
            if merged and not piece.startswith(" ") and not merged[-1].startswith(" "):
                if piece in places and DEPARTMENT.search(merged[-1]):
                    merged[-1] = piece + merged[-1]
                else:
                    merged[-1] += piece
            else:
                merged.append(piece)
        i = 0
        while i + 2 < len(merged):
            a, sep, b = merged[i], merged[i + 1], merged[i + 2]
            if (
                sep.strip().lower() in ("in", "of")
                and not a.startswith(" ")
                and not b.startswith(" ")
            ):
                merged[i : i + 3] = [b + a]
            i += 1
        out = merged
        joined = "".join(out)
        return re.sub(r"\s+", " ", joined)

    if not re.search(r"[A-Za-z]", text):
        return text, notes
    translated = re.sub(r" {2,}", " ", _LATIN_RUN.sub(run, text))  # "What  %" → "What %"
    return _SPACE_NEAR_CJK.sub("", translated).strip(), notes
