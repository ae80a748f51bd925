"""English words in the one form the question lexicon keeps them in: a plural or an inflected
verb in its dictionary form (requests → request, received → receive), hyphens and tone marks
dropped, years written the English way ('23, FY2024, 2k23) as years, and a slip of the keyboard
mended to the nearest word some lexicon holds (aplications → application). The lexicons read their
own English entries through ``base_forms`` too, so a question and an entry meet in the same form
whatever inflection either was written in; matching is case-insensitive."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

# a word of Latin letters; an apostrophe or hyphen only inside it (Huai'an, re-issue), never the
# quote marks around it ('process information')
WORD = re.compile(r"[A-Za-z](?:[A-Za-z'\-]*[A-Za-z])?")
# only regular inflections are undone: was, did, has, fewer, highest and left keep their form
# (closed-class words and comparisons carry meaning the dictionary form would lose)
_INFLECTED = ("s", "ed", "ing")
# forms whose dictionary form is another word here: corrected (纠正) is not correct (right), issued
# (制发) not an issue (a problem), fined (罚款) not fine, reviewed not a review (复议)
_OWN_FORMS = frozenset(
    {"corrected", "correcting", "issued", "issuing", "fined", "reviewed", "reviewing", "ended"}
)
_YEARS = (
    (re.compile(r"(?i)\bFY\s?(20\d\d)\b"), r"\1"),  # FY2024
    (re.compile(r"(?i)\b2k(\d\d)\b"), r"20\1"),  # 2k23
    (re.compile(r"(?<![A-Za-z\d])['’‘](\d\d)\b"), r"20\1"),  # in '23
    (re.compile(r"\b(20\d\d)\s*[-–—~]\s*(\d\d)\b(?!\d)"), r"\1-20\2"),  # 2022-24
    (re.compile(r"\b(20\d\d)\s*[–—~]\s*(20\d\d)\b"), r"\1-\2"),  # 2022–2024
)
# a quote mark that is not inside a word: 'process information' → process information
_LOOSE_QUOTE = re.compile(r"(?<![A-Za-z])['‘’]|['‘’](?![A-Za-z])")
_MEND_MIN_LENGTH = 6
_TWO_SLIPS_FROM = 8
# below this length a word the dictionary knows is a word of its own (contract, not contact); the
# dictionary also holds common misspellings of long words (adminstrative), so those are mended
_TRUSTED_BELOW = 10


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """``word`` with a regular plural or verb ending in its dictionary form (lower case), or
    as written."""
    low = word.lower()
    if len(low) < 4 or not low.endswith(_INFLECTED) or low in _OWN_FORMS:
        return word
    import simplemma  # its English dictionary loads on first use

    base = str(simplemma.lemmatize(low, lang="en")).lower()
    # a dictionary form that shares the word's stem (processes → process, carried → carry),
    # never another word (news, does → do); a word it leaves alone keeps its case (Shanghai)
    return base if len(base) >= 3 and base[:3] == low[:3] and base != low else word


def base_forms(text: str) -> str:
    """``text`` with tone marks taken off Latin letters (Huái'ān → Huai'an), English years as
    years, quote marks around English words dropped, and every English word in its lemma."""
    if not re.search(r"[A-Za-z\u00c0-\u024f]", text):
        return text
    if re.search(r"[\u00c0-\u024f]", text):  # only Latin letters carry such marks here
        text = unicodedata.normalize(
            "NFC",
            "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)),
        )
    for pattern, repl in _YEARS:
        text = pattern.sub(repl, text)
    text = _LOOSE_QUOTE.sub(" ", text)
    # a hyphen between words is a space (state-secret, sub-reasons, urban-rural): questions and
    # entries write them both ways
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)
    return WORD.sub(lambda m: lemma(m.group()), text)


def mend(
    text: str, vocabulary: frozenset[str], keep: Callable[[str], bool]
) -> tuple[str, list[str]]:
    """``text`` with each English word that no lexicon holds, and that ``keep`` does not claim
    (a place in pinyin), replaced by the one vocabulary word it is a slip of; and what was
    mended ("aplications → application"). A word near none, or near several equally, stays as
    written, for the coverage guard to name."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    notes: list[str] = []

    def one(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if low in vocabulary or len(low) < _MEND_MIN_LENGTH or keep(word) or _a_word(low):
            return word
        # one slip (a letter missing, extra, wrong or two swapped) in a short word, two in a long
        most = 1 if len(low) < _TWO_SLIPS_FROM else 2
        found = process.extract(
            low, vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=most, limit=2
        )
        if not found or (len(found) == 2 and found[0][1] == found[1][1]):
            return word
        notes.append(f"{word} → {found[0][0]}")
        return str(found[0][0])

    return WORD.sub(one, text), notes


def _a_word(low: str) -> bool:
    """Whether ``low`` is an English word of its own (contract is not a slip of contact)."""
    import simplemma

    return len(low) < _TRUSTED_BELOW and bool(simplemma.is_known(low, lang="en"))


def words_in(phrases: Iterable[str]) -> set[str]:
    """The English words of ``phrases``, each in its lemma."""
    return {lemma(w).lower() for p in phrases for w in WORD.findall(p)}
