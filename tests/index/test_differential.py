"""The two facts stores, differentially: the same corpus ingested into the SQLite file and into
PostgreSQL gives the same answers, word for word, with the same citations, figures and routes,
to every question of the evaluation sets that are asked of that corpus (sample, talk, r4,
narrative and prose: the ``words`` corpus holds all of their reports), and the same index
snapshot.

Hash embeddings: both indexes get identical vectors (each in its own embedded Chroma), so any
difference comes from the facts store and its lexical index (FTS5 bm25 against ts_rank_cd)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.chain import Assistant
from evaluation.corpora import write_corpus
from ingest.pipeline import ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from tests.conftest import ROOT, snapshot

QUESTIONS = ROOT / "evaluation" / "questions"
SETS = ("sample", "talk", "r4", "narrative", "prose")

pytestmark = pytest.mark.slow


def _questions() -> list[dict]:
    out = []
    for name in SETS:
        with open(QUESTIONS / f"{name}.jsonl", encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def _answers(index: Index, questions: list[dict]) -> dict[str, dict]:
    assistant = Assistant(index)
    return {
        q["id"]: assistant.ask(q["q"], list(q.get("history") or [])).model_dump() for q in questions
    }


def _ingest(docs: Path, index: Index) -> None:
    summary = ingest_paths([docs], index, progress=False)
    assert summary.failed == [] and summary.reports == 60, summary


def test_the_evaluation_sets_answer_alike_on_both_backends(tmp_path, database_url):
    docs = write_corpus("words", tmp_path / "words")
    questions = _questions()
    assert len(questions) > 2000  # the sets grow; every question of them is asked
    with Index(tmp_path / "sqlite", HashEmbedder()) as lite:
        _ingest(docs, lite)
        lite_snapshot = snapshot(lite)
        lite_answers = _answers(lite, questions)
    with Index(tmp_path / "pg", HashEmbedder(), database_url=database_url) as pg:
        _ingest(docs, pg)
        pg_snapshot = snapshot(pg)
        pg_answers = _answers(pg, questions)

    for key in lite_snapshot:
        assert pg_snapshot[key] == lite_snapshot[key], key
    differ = [
        (
            q["id"],
            q["q"],
            lite_answers[q["id"]]["answer"][:120],
            pg_answers[q["id"]]["answer"][:120],
        )
        for q in questions
        if lite_answers[q["id"]] != pg_answers[q["id"]]
    ]
    assert differ == []
    found = sum(a["found"] for a in lite_answers.values())
    print(f"{len(questions)} questions, {found} answered, identical on both backends")
