"""The question sets about what reports say in words (evaluation/questions/narrative.jsonl: the
passage that answers; prose.jsonl: figures stated only in the text), both parts, answered by the
assistant over the talk corpus and the real report excerpts (tests/fixtures/real).

As for the talk set, the questions answered otherwise than expected are listed by split and
outcome in ``<set>.known.json`` (``python -m evaluation.score --known``): a question going wrong
or a listed one coming right fails the test, so the measured figures in the README stay true."""

from __future__ import annotations

import json

import pytest

from assistant.chain import Assistant
from evaluation import QUESTIONS_DIR
from evaluation.score import ask_all, known_failures, load_questions, score

SETS = ("narrative", "prose")


@pytest.fixture(scope="module")
def reports(words: Assistant) -> dict[str, dict]:
    out = {}
    for name in SETS:
        questions = load_questions(QUESTIONS_DIR / f"{name}.jsonl")
        out[name] = score(questions, ask_all(words, questions))
    return out


def test_the_sets_are_as_large_as_the_issue_asks() -> None:
    narrative = load_questions(QUESTIONS_DIR / "narrative.jsonl")
    prose = load_questions(QUESTIONS_DIR / "prose.jsonl")
    assert len(narrative) >= 150 and len(prose) >= 100
    for qs in (narrative, prose):
        held = [q for q in qs if q["split"] == "heldout"]
        assert len(held) >= 0.25 * len(qs)
    # every narrative question names the passage that answers it (or that none does)
    for q in narrative:
        e = q["expect"]
        assert not e["found"] or (e.get("section") and e.get("quote_any")), q["id"]


@pytest.mark.parametrize("name", SETS)
def test_the_set_answers_as_measured(reports: dict[str, dict], name: str) -> None:
    known = json.loads((QUESTIONS_DIR / f"{name}.known.json").read_text(encoding="utf-8"))
    assert known_failures(reports[name]) == known


@pytest.mark.parametrize(
    ("name", "made_up", "confident_wrong", "accuracy"),
    [("narrative", 1, 8, 0.715), ("prose", 0, 1, 0.879)],
)
def test_the_tuned_part_at_its_measured_value(
    reports: dict[str, dict], name: str, made_up: int, confident_wrong: int, accuracy: float
) -> None:
    tune = reports[name]["by_split"]["tune"]
    assert (tune["made_up"], tune["confident_wrong"]) == (made_up, confident_wrong)
    assert tune["accuracy"] >= accuracy


@pytest.mark.parametrize("name", SETS)
def test_every_number_is_traceable(reports: dict[str, dict], name: str) -> None:
    assert reports[name]["untraceable"] == [] and reports[name]["verify_refusals"] == {}
