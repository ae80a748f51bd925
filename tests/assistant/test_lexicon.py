"""The colloquial lexicon (assistant/lexicon.toml): every word a citizen may use lands on the row
and column of the format it is meant for, and the file names only rows the format has."""

from __future__ import annotations

import tomllib

import pytest

from assistant.lexicon import LEXICON_PATH, lexicon
from assistant.understanding import Metric, parse_metric
from reportqa.format import PROSE_METRICS, TABLE2_PARTS_2021, TABLE3_BY_KEY

DATA = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
METRIC_SECTIONS = ("t3", "t4", "t2", "prose")


def _words(section: str) -> list[tuple[str, str]]:
    out = []
    for key, words in DATA[section].items():
        if isinstance(words, dict):
            words = words["words"]
        out += [(key, w) for w in words]
    return out


def _kind(section: str) -> str:
    return "prose" if section == "prose" else section


# -- the examples the issue names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("企业申请了多少件？", Metric("t3", "new", "1")),
        ("公司提出了多少件申请？", Metric("t3", "new", "1")),
        ("律师申请了几件？", Metric("t3", "new", "4")),
        ("律所提出的申请有多少？", Metric("t3", "new", "4")),
        ("个人申请有多少件？", Metric("t3", "new", "0")),
        ("群众申请了多少？", Metric("t3", "new", "0")),
        ("法人或其他组织提出了多少申请？", Metric("t3", "new", "corporate")),
        ("打官司多少件？", Metric("t4", "litigation")),
        ("被起诉了几次？", Metric("t4", "litigation")),
        ("行政复议有多少件？", Metric("t4", "review")),
        ("行政复议被纠正了几件？", Metric("t4", "review", "1")),
        ("罚款的处罚决定有多少件？", Metric("t2", "penalty")),
        ("行政事业性收费收了多少钱？", Metric("t2", "fees")),
        ("现行有效的规范性文件有多少件？", Metric("t2", "normative", "2")),
        ("因为不掌握相关信息无法提供的有多少？", Metric("t3", "unable.not_held")),
        ("无法提供的有多少？", Metric("t3", "unable")),
        ("重复申请有多少件？", Metric("t3", "noproc.repeat")),
        ("不予公开的申请一共多少件？", Metric("t3", "deny")),
        ("办结了多少件申请？", Metric("t3", "total")),
        ("答复了多少件政府信息公开申请？", Metric("t3", "total")),
        ("结转到下一年继续办理的有多少？", Metric("t3", "carried_out")),
        ("收到多少信息公开申请？", Metric("t3", "new")),
        ("主动公开了多少条政府信息？", Metric("prose", "published")),
        ("发布了多少篇解读？", Metric("prose", "interpretation")),
        ("信息处理费收了多少？", Metric("prose", "fee")),
        ("联系电话是多少？", Metric("prose", "phone")),
        ("邮编是多少？", Metric("prose", "postcode")),
        ("哪年成立的？", Metric("prose", "founded")),
    ],
)
def test_colloquial_words_map_to_the_intended_row_and_column(
    question: str, expected: Metric
) -> None:
    m = parse_metric(question)
    assert m is not None, question
    assert (m.kind, m.key, m.column) == (expected.kind, expected.key, expected.column), question


# -- every word of the file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "key", "word"),
    [(s, k, w) for s in METRIC_SECTIONS for k, w in _words(s)],
    ids=lambda v: str(v),
)
def test_every_metric_word_alone_names_its_own_row(section: str, key: str, word: str) -> None:
    m = parse_metric(f"{word}有多少？")
    assert m is not None, word
    assert (m.kind, m.key) == (_kind(section), key), f"{word!r} → {m}"


@pytest.mark.parametrize(("key", "word"), _words("applicants"))
def test_every_applicant_word_selects_its_column(key: str, word: str) -> None:
    m = parse_metric(f"{word}提出的政府信息公开申请有多少件？")
    assert m is not None and (m.kind, m.key, m.column) == ("t3", "new", key), f"{word!r} → {m}"


@pytest.mark.parametrize(("key", "word"), [(k, w) for k, w in _words("t4_results") if k != "4"])
def test_every_result_word_selects_its_table4_column(key: str, word: str) -> None:
    m = parse_metric(f"行政复议{word}的有多少件？")
    assert m is not None and (m.kind, m.key, m.column) == ("t4", "review", key), f"{word!r} → {m}"


@pytest.mark.parametrize(("key", "word"), _words("t2_columns"))
def test_every_table2_column_word_selects_its_column(key: str, word: str) -> None:
    m = parse_metric(f"规范性文件{word}了多少件？")
    assert m is not None and (m.kind, m.key, m.column) == ("t2", "normative", key), (
        f"{word!r} → {m}"
    )


def test_the_lexicon_names_only_rows_the_format_has() -> None:
    lx = lexicon()
    for key in DATA["t3"]:
        assert key in TABLE3_BY_KEY or key in lx.t3_groups, key
    for group, leaves in lx.t3_groups.items():
        assert all(leaf in TABLE3_BY_KEY for leaf in leaves), group
    for key, (part, row) in lx.t2_targets.items():
        assert TABLE2_PARTS_2021[part].rows[row], key
    for key in DATA["prose"]:
        assert key in PROSE_METRICS, key


def test_no_word_names_two_rows() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for section in (*METRIC_SECTIONS, "applicants", "t4_results", "t2_columns"):
        for key, word in _words(section):
            where = (section, key)
            assert seen.setdefault(f"{section}:{word}", where) == where, word


def test_weak_and_off_topic_words() -> None:
    # a generic word loses to a specific one; a question about something the format has no row
    # for names no figure at all
    assert parse_metric("办结了多少件申请？").key == "total"  # type: ignore[union-attr]
    assert parse_metric("其中政策文件有多少条？").key == "published"  # type: ignore[union-attr]
    assert parse_metric("办理人大代表建议的答复满意率是多少？") is None
    assert parse_metric("有多少公务员？") is None
