"""The evaluation end to end on a generated corpus of look-alike bodies plus the two real
reports, with the packaged embedding model: the thresholds the issue sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.build import build
from evaluation.score import ask_all, build_eval_assistant, score
from reportqa.index.embedding import DEFAULT_MODEL_ID


@pytest.mark.slow
def test_generated_corpus_meets_the_thresholds(tmp_path: Path) -> None:
    docs, questions = build(tmp_path / "corpus", n=18, name="gen20")
    assert len(list(docs.iterdir())) == 20 and len(questions) >= 150
    assistant = build_eval_assistant(docs, tmp_path / "index", model="all-MiniLM-L6-v2")
    assert assistant.index.embedding_model == DEFAULT_MODEL_ID
    run = ask_all(assistant, questions)
    rep = score(questions, run)
    wrong = [
        (d["id"], d["q"], d["why"], d.get("answer", "")[:80])
        for d in rep["details"]
        if d["outcome"] != "correct"
    ]
    assert rep["untraceable"] == [], rep["verify_refusals"]
    assert rep["made_up"] == 0, wrong
    assert rep["accuracy"] >= 0.95, wrong
    assert rep["citation"]["accuracy"] >= 0.98
    print(
        f"gen20: {rep['correct']}/{rep['n']} correct, citations {rep['citation']['accuracy']:.3f}"
    )
