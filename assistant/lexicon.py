"""The words of questions, from two data files: the metric registry (reportqa/metrics.toml: the
figures' own words, their columns and the words with several readings) and the question lexicon
(assistant/lexicon.toml: operations, intents, groups, scopes, relative years, fillers). One scan
finds them all, longest first, without overlaps."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

from assistant.english import base_forms, words_in
from assistant.names import name_data
from reportqa.metrics import is_latin, registry

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")


class Kind(IntEnum):
    """What a word is; at equal length, the lower value wins."""

    METRIC = 1
    DIM = 2
    AMBIGUOUS = 3
    WEAK = 4
    YEAR = 5
    GROUP = 6
    SCOPE = 7
    INTENT = 8
    NARRATIVE = 9
    FIGURE = 10


@dataclass(frozen=True)
class Term:
    word: str
    kind: Kind
    target: str  # metric id, "dimension.value", intent name, narrative kind, group, scope …
    latin: bool = False


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int

    @property
    def kind(self) -> Kind:
        return self.term.kind

    @property
    def target(self) -> str:
        return self.term.target

    @property
    def word(self) -> str:
        return self.term.word


@dataclass(frozen=True)
class Units:
    """The measure words a question counts in, and which of them count the same things."""

    asked: tuple[str, ...] = ()  # longest first: 人次 before 人
    same: tuple[frozenset[str], ...] = ()
    generic: str = "个"
    not_generic: frozenset[str] = frozenset()
    # words that start with a measure and are not one (多少人大代表建议, 多少个人申请)
    not_measures: tuple[str, ...] = ()

    def in_question(self, text: str) -> tuple[str, ...]:
        """The measures asked for, in order: 几场 → 场, 多少人次 → 人次, 培训人次是多少 → 人次 (几年
        is a span of years, not asked here)."""
        if not self.asked:
            return ()
        alts = "|".join(re.escape(u) for u in self.asked)
        found = [
            (m.start(), m.group(1) or m.group(2))
            for m in re.finditer(rf"(?:几|多少)({alts})|({alts})数?(?:是|为|有)多少", text)
            if not text.startswith(self.not_measures, m.start(1) if m.group(1) else m.start(2))
        ]  # 几场, 多少人次, 培训人次是多少
        return tuple(dict.fromkeys(u for _, u in sorted(found)))

    def compatible(self, asked: str, unit: str) -> bool:
        """Whether a number in ``unit`` answers a question counting in ``asked``."""
        if not asked or not unit or asked == unit:
            return True
        if any(asked in g and unit in g for g in self.same):
            return True
        if self.generic in (asked, unit):
            other = unit if asked == self.generic else asked
            return other not in self.not_generic
        return False


@dataclass(frozen=True)
class Narrative:
    """How questions about the text are read: the words that name no passage, and the sentence
    in section 五 from which a report states its plans."""

    generic: frozenset[str] = frozenset()
    stop_chars: frozenset[str] = frozenset()
    plan_start: str = "下一步"
    plural: str = "哪些"
    sections: tuple[tuple[str, str], ...] = ()  # a phrase naming a part → its section
    topics: frozenset[str] = frozenset()  # common words that still name what is asked (主任)
    preamble: tuple[str, ...] = ()  # who compiled the report, whom to ask: the preamble's words
    future: tuple[str, ...] = ()  # plans' words that speak only of the future (下一步, 明年)

    def asks_preamble(self, text: str) -> bool:
        return any(w in text for w in self.preamble)

    def section_named(self, text: str) -> tuple[str, str] | None:
        """(phrase, section) when the question names a part of the report."""
        return next(((p, s) for p, s in self.sections if p in text), None)


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[Term, ...]  # longest first, then by kind
    fillers: frozenset[str]
    premise: tuple[re.Pattern[str], ...]  # matched after the terms: they cover words
    premise_blocking: tuple[re.Pattern[str], ...]  # matched before: 都没 is not 没办结's 没
    verify: tuple[str, ...]  # words that ask whether a number the question states holds
    yesno: tuple[re.Pattern[str], ...]
    yesno_tails: tuple[re.Pattern[str], ...]
    years: dict[str, tuple[str, int]]
    english: tuple[tuple[str, str], ...]
    synonyms: dict[str, tuple[str, ...]]
    implied: dict[str, str]  # an operation word that also names a column (纠错率 → 结果纠正)
    contact_fillers: frozenset[str] = frozenset()  # 办公室 beside a contact detail
    category_counts: re.Pattern[str] | None = None  # 八种理由, 六大类: not a figure asked for
    context_markers: tuple[str, ...] = ()  # a clause about the asker (我在写论文……)
    context_keep: tuple[str, ...] = ()  # words that make a clause never context (没, 驳回)
    context_remark: re.Pattern[str] | None = None  # 这也太离谱了吧: a remark, asking nothing
    units: Units = Units()
    narrative: Narrative = Narrative()
    # in a follow-up, years said relative to the year just asked about (上一年: one before)
    conversation_years: dict[str, int] = field(default_factory=dict)
    which_year: tuple[str, ...] = ()  # 哪一年最多: the years of one body are what is ranked
    last_year: tuple[str, ...] = ()  # 去年: the newest year, or the one before it in a follow-up
    two_of: tuple[str, ...] = ()  # 两个加起来: the conversation's two figures (or bodies)
    refers_back: tuple[str, ...] = ()  # 他们, 该单位: the body the conversation is about
    typos: dict[str, str] = field(default_factory=dict)  # 申清 → 申请: slips that are no word
    same_again: tuple[str, ...] = ()  # 也有这种问题吗: the earlier check, of what is said now
    english_short: tuple[tuple[str, str], ...] = ()  # govt → government, before anything reads
    english_numbers: tuple[tuple[str, str], ...] = ()  # more than (before a number) → 超过
    english_reorder: tuple[tuple[re.Pattern[str], str], ...] = ()  # proportion of W were P
    rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()  # 结转到2025年 → 结转下年度

    def written_out(self, text: str) -> str:
        """``text`` with English abbreviations written out (govt → government), longest first."""
        pattern, full = _short_table(self.english_short)
        return pattern.sub(lambda m: full[m.group(0).lower()], text)

    def untypo(self, text: str) -> str:
        for wrong, meant in self.typos.items():
            text = text.replace(wrong, meant)
        return text

    def points_back(self, text: str) -> bool:
        low = text.lower()
        return any(w in low for w in self.refers_back)

    def says_two(self, text: str) -> bool:
        low = text.lower()
        return any(w in low for w in self.two_of)

    def alternatives(self, word: str) -> tuple[str, ...]:
        """A narrative keyword and the words reports use for it."""
        return (word, *[x for x in self.synonyms.get(word, ()) if x != word])

    def scan(self, text: str, blocked: list[tuple[int, int]] | None = None) -> list[Hit]:
        """The terms of ``text`` (English words lower-cased), in text order: of all the ways the
        terms found can be laid side by side without overlapping each other or a ``blocked``
        span (bodies, years), the one covering most of the text; among equals, the one with the
        fewest (so the longest) terms, then the higher kinds. Longest-first alone would leave
        orphans: 主动公开了多少条 is 主动公开 + 了 + 多少条, not 主动 + 公开了多少条."""
        lower = text.lower()
        taken = list(blocked or [])
        cands: list[Hit] = []
        for t in self.terms:
            if t.latin:
                found = [m.start() for m in _word_re(t.word).finditer(lower)]
            else:
                if t.word not in text:
                    continue
                found = []
                at = text.find(t.word)
                while at >= 0:
                    found.append(at)
                    at = text.find(t.word, at + 1)
            for start in found:
                end = start + len(t.word)
                if not any(s < end and start < e for s, e in taken):
                    cands.append(Hit(t, start, end))
        weight = [1 if c in self.fillers else 10 for c in text]
        return _best_tiling(cands, weight)

    def is_filler(self, token: str) -> bool:
        """A token of fillers only: one (的), or several run together (被人, 一共是)."""
        t = token.lower()
        if t in self.fillers:
            return True
        n = len(t)
        if n > 12 or n < 2:
            return False
        ok = [True] + [False] * n  # ok[i]: t[:i] splits into fillers
        for i in range(1, n + 1):
            ok[i] = any(ok[j] and t[j:i] in self.fillers for j in range(max(0, i - 6), i))
        return ok[n]


@lru_cache(maxsize=64)
def words_of(kind: Kind, target: str | None = None) -> frozenset[str]:
    """The lexicon's words of one kind (and target): the figure words, the compare words …"""
    return frozenset(
        t.word for t in lexicon().terms if t.kind is kind and (target is None or t.target == target)
    )


@lru_cache(maxsize=4)
def _short_table(short: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every abbreviation (longest first) and what each is written out as."""
    alternatives = "|".join(re.escape(k) for k, _ in sorted(short, key=lambda kv: -len(kv[0])))
    pattern = re.compile(r"(?i)(?<![a-z'])(?:" + alternatives + r")(?![a-z'])")
    return pattern, {k: f" {v} " if v else " " for k, v in short}


@lru_cache(maxsize=2048)
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + re.escape(word.lower()) + r"(?![a-z])")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    reg = registry()
    terms: list[Term] = []
    kinds = {"metric": Kind.METRIC, "weak": Kind.WEAK, "dim": Kind.DIM, "ambiguous": Kind.AMBIGUOUS}
    for word, kind, target in reg.words():
        terms.append(_term(word, kinds[kind], target))
    terms += [_term(w, Kind.FIGURE, "figure") for w in data["figure"]["words"]]
    for intent, d in data["intents"].items():
        if intent == "narrative":
            for sub, words in d.items():
                terms += [_term(w, Kind.NARRATIVE, sub) for w in words]
        else:
            terms += [_term(w, Kind.INTENT, intent) for w in d["words"]]
    terms += [_term(w, Kind.GROUP, g) for w, g in data["groups"].items()]
    terms += [_term(w, Kind.SCOPE, s) for w, s in data["scope"].items()]
    years = {base_forms(w): (v[0], int(v[1])) for w, v in data["years"].items()}
    terms += [_term(w, Kind.YEAR, w) for w in years]
    # the same word twice: the kind that wins at equal length keeps it
    unique: dict[tuple[str, bool], Term] = {}
    for t in sorted(terms, key=lambda t: t.kind):
        unique.setdefault((t.word.lower() if t.latin else t.word, t.latin), t)
    ordered = sorted(unique.values(), key=lambda t: (-len(t.word), t.kind))
    fillers = frozenset(base_forms(w.lower()) for w in data["fillers"]["words"])
    premise = tuple(re.compile(p) for p in data["premise"]["patterns"])
    blocking = tuple(re.compile(p) for p in data["premise"]["blocking"])
    verify = tuple(data["premise"]["verify"])
    yesno = tuple(re.compile(p) for p in data["yesno_patterns"]["patterns"])
    tails = tuple(re.compile(p) for p in data["yesno_patterns"]["tails"])
    english = tuple(
        sorted(((base_forms(k), v) for k, v in data["english"].items()), key=lambda kv: -len(kv[0]))
    )
    synonyms = {k: tuple(v) for k, v in data.get("synonyms", {}).items()}
    implied = dict(data.get("implied", {}))
    return Lexicon(
        tuple(ordered),
        fillers,
        premise,
        blocking,
        verify,
        yesno,
        tails,
        years,
        english,
        synonyms,
        implied,
        frozenset(data["contact_fillers"]["words"]),
        re.compile(data["category_counts"]["pattern"]),
        tuple(data["context"]["markers"]),
        tuple(data["context"]["keep"]),
        re.compile("|".join(data["context"]["remarks"])),
        Units(
            tuple(sorted(data["units"]["asked"], key=len, reverse=True)),
            tuple(frozenset(g) for g in data["units"]["same"]),
            data["units"]["generic"],
            frozenset(data["units"]["not_generic"]),
            tuple(data["units"]["not_measures"]),
        ),
        Narrative(
            frozenset(data["narrative"]["generic"]),
            frozenset(data["narrative"]["stop_chars"]),
            data["narrative"]["plan_start"],
            data["narrative"]["plural"],
            tuple(sorted(data["narrative"]["sections"].items(), key=lambda kv: -len(kv[0]))),
            frozenset(data["narrative"]["topics"]),
            tuple(data["narrative"]["preamble"]),
            tuple(data["narrative"]["future"]),
        ),
        {w: int(v) for w, v in data["conversation_years"].items()},
        tuple(data["which_year"]["words"]),
        tuple(data["last_year"]["words"]),
        tuple(data["two_of"]["words"]),
        tuple(data["refers_back"]["words"]),
        dict(data["typos"]) | dict(data["dialect"]),
        tuple(data["same_again"]["words"]),
        tuple((k.lower(), v) for k, v in data["english_short"].items()),
        tuple((base_forms(k), v) for k, v in data["english_numbers"].items()),
        tuple((re.compile("(?i)" + p), r) for p, r in data["english_reorder"]["patterns"]),
        tuple((re.compile(p), r) for p, r in data["rewrites"]["patterns"]),
    )


def _term(word: str, kind: Kind, target: str) -> Term:
    """A lexicon entry; an English one in the form questions are read in (base_forms)."""
    latin = is_latin(word)
    return Term(base_forms(word) if latin else word, kind, target, latin)


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Every English word some lexicon holds (terms, fillers, English phrases, the English of
    body names), each in its lemma: what a slip of the keyboard is mended to."""
    lx = lexicon()
    phrases = [t.word for t in lx.terms if t.latin] + list(lx.fillers)
    phrases += [k for k, _ in lx.english] + [k for k, _ in name_data().english]
    return frozenset(w for w in words_in(phrases) if not w.isdigit())


def _best_tiling(cands: list[Hit], weight: list[int]) -> list[Hit]:
    """The non-overlapping subset of ``cands`` that covers most characters, a one-character
    filler such as 了 or 被 counting a tenth of another (被拒绝公开了 is 拒绝公开, not 被拒 +
    公开了), then has the fewest terms, then covers most characters, then has the highest kinds
    (weighted interval scheduling)."""
    if not cands:
        return []
    cands = sorted(cands, key=lambda h: (h.end, h.start))
    # best[i]: (score, chosen) over the first i candidates; score compares as a tuple
    best: list[tuple[tuple[int, int, int, int], list[Hit]]] = [((0, 0, 0, 0), [])]
    for i, h in enumerate(cands):
        j = i
        while j > 0 and cands[j - 1].end > h.start:
            j -= 1
        prev_score, prev = best[j]
        score = (
            prev_score[0] + sum(weight[h.start : h.end]),
            prev_score[1] - 1,
            prev_score[2] + (h.end - h.start),
            prev_score[3] - int(h.kind),
        )
        take = (score, [*prev, h])
        best.append(max(best[i], take, key=lambda x: x[0]))
    return sorted(best[-1][1], key=lambda h: h.start)
