"""Chinese word segmentation, loaded once and quietly (jieba's dictionary takes half a second and
announces itself on stderr): the lexical index, the prose reader and the question parser all cut
words the same way."""

from __future__ import annotations

import logging
import math
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def jieba() -> Any:
    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    _jieba.initialize()
    return _jieba


def words(text: str) -> list[str]:
    """Precise-mode words (公务员 stays one word)."""
    return jieba().lcut(text)


def rarity(word: str) -> float:
    """How rare a word is in general Chinese (jieba's dictionary): -log of its frequency;
    about 8 for 已经 or 群众, 11 or more for 热线, 开放日, 弄虚作假."""
    j = jieba()
    return -math.log((j.dt.FREQ.get(word, 0) + 1) / j.dt.total)


def known(word: str) -> bool:
    """Whether ``word`` is in jieba's dictionary (上发, cut out of 网站上发信息, is not)."""
    return jieba().dt.FREQ.get(word, 0) > 0


def spans(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every precise-mode word."""
    return list(jieba().tokenize(text))
