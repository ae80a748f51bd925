"""The sample corpus indexed once per test session (hash embeddings: the dense half of retrieval
does not decide any answer asserted here; the slow evaluation uses the packaged model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.chain import Assistant
from ingest.pipeline import ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    path = tmp_path_factory.mktemp("sample-index")
    with Index(path, HashEmbedder()) as index:
        summary = ingest_paths([CORPUS], index, progress=False)
        assert summary.ok and summary.reports == 2, summary
        yield index


@pytest.fixture(scope="session")
def sample_assistant(sample_index: Index) -> Assistant:
    return Assistant(sample_index)


@pytest.fixture(scope="session")
def talk_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """The corpus of the talk question set (evaluation/corpora.py): 48 generated reports and the
    two real ones, indexed with hash embeddings."""
    from evaluation.corpora import write_corpus

    root = tmp_path_factory.mktemp("talk")
    docs = write_corpus("talk", root)
    with Index(root / "index", HashEmbedder()) as index:
        summary = ingest_paths([docs], index, progress=False)
        assert summary.reports == 50, summary
        yield index


@pytest.fixture(scope="session")
def talk(talk_index: Index) -> Assistant:
    return Assistant(talk_index)


@pytest.fixture(scope="session")
def words_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """The corpus of the text question sets (evaluation/corpora.py "words"): the talk corpus and
    the real report excerpts of tests/fixtures/real, indexed with hash embeddings."""
    from evaluation.corpora import write_corpus

    root = tmp_path_factory.mktemp("words")
    docs = write_corpus("words", root)
    with Index(root / "index", HashEmbedder()) as index:
        summary = ingest_paths([docs], index, progress=False)
        assert summary.failed == [], summary
        yield index


@pytest.fixture(scope="session")
def words(words_index: Index) -> Assistant:
    return Assistant(words_index)
