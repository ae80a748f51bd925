"""The question lexicon (assistant/lexicon.toml) loaded once, with longest-match lookup."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True)
class Hit:
    section: str  # t3 / t4 / t2 / prose / applicants / t4_results / t2_columns / routes
    key: str
    word: str
    start: int


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[tuple[str, str, str], ...]  # (section, key, word), longest word first
    t3_groups: dict[str, list[str]]
    t2_targets: dict[str, tuple[int, int]]
    weak: frozenset[str] = frozenset()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # narrative words
    off_topic: frozenset[str] = frozenset()

    def is_off_topic(self, text: str) -> bool:
        """Whether ``text`` asks about something no row of the format holds."""
        return any(w in text for w in self.off_topic)

    def alternatives(self, word: str) -> tuple[str, ...]:
        """A narrative keyword and the words reports use for it."""
        return (word, *[w for w in self.synonyms.get(word, ()) if w != word])

    def weight(self, hit: Hit) -> int:
        """How specific a metric word is: weak words lose to any other, longer words win."""
        return 0 if hit.word in self.weak else len(hit.word) + 1

    def __post_init__(self) -> None:
        by_section: dict[str, list[tuple[str, str, str]]] = {}
        for e in self.entries:
            by_section.setdefault(e[0], []).append(e)
        object.__setattr__(self, "_by_section", by_section)

    def find(self, text: str, section: str) -> list[Hit]:
        """Non-overlapping matches of ``section`` words in ``text``, longest words first."""
        taken: list[tuple[int, int]] = []
        hits: list[Hit] = []
        for sec, key, word in self._by_section.get(section, ()):  # type: ignore[attr-defined]
            if word not in text:
                continue
            start = text.find(word)
            while start >= 0:
                end = start + len(word)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    hits.append(Hit(sec, key, word, start))
                start = text.find(word, start + 1)
        return sorted(hits, key=lambda h: h.start)

    def best(self, text: str, section: str) -> Hit | None:
        hits = self.find(text, section)
        return max(hits, key=lambda h: (self.weight(h), -h.start)) if hits else None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    entries: list[tuple[str, str, str]] = []
    t2_targets: dict[str, tuple[int, int]] = {}
    for section, table in data.items():
        if section in ("t3_groups", "weak", "narrative", "off_topic"):
            continue
        for key, words in table.items():
            if section == "t2":
                t2_targets[key] = (words["part"], words["row"])
                words = words["words"]
            entries.extend((section, key, w) for w in words)
    entries.sort(key=lambda e: -len(e[2]))
    weak = frozenset(data.get("weak", {}).get("words", []))
    synonyms = {k: tuple(v) for k, v in data.get("narrative", {}).items()}
    off_topic = frozenset(data.get("off_topic", {}).get("words", []))
    return Lexicon(tuple(entries), dict(data["t3_groups"]), t2_targets, weak, synonyms, off_topic)
