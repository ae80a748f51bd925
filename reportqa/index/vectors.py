"""The vector store: a small Protocol and its Chroma implementation (embedded or server).

Chroma takes scalar metadata only and answers with distances; both are handled here, at this one
boundary: :func:`sanitize_metadata` on the way in, cosine distance to similarity on the way out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from reportqa.errors import ConfigError, IndexError_
from reportqa.records import Chunk, Fact

Scalar = str | int | float | bool
Metadata = dict[str, Scalar]


@dataclass(frozen=True)
class VectorHit:
    id: str  # fact_id or chunk_id
    document: str  # the embedded text: a fact sentence or a chunk
    metadata: Metadata
    similarity: float  # cosine similarity: 1 is the same direction, 0 unrelated


@dataclass(frozen=True)
class VectorEntry:
    id: str
    document: str
    metadata: Metadata


class VectorStore(Protocol):
    def upsert(
        self,
        ids: Sequence[str],
        documents: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def delete_report(self, report_id: str) -> None: ...

    def query(
        self,
        embedding: Sequence[float],
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
    ) -> list[VectorHit]: ...

    def count(self) -> int: ...

    def ids_for_report(self, report_id: str) -> list[str]: ...


def sanitize_metadata(metadata: Mapping[str, Any]) -> Metadata:
    """A copy with scalar values only: None and NaN dropped, lists joined with "、", anything
    else made a string. The input is not modified."""
    out: Metadata = {}
    for key, value in metadata.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, str | bool | int | float):
            out[str(key)] = value
        elif isinstance(value, list | tuple | set | frozenset):
            out[str(key)] = "、".join(str(v) for v in value if v is not None)
        else:
            out[str(key)] = str(value)
    return out


def fact_entry(fact: Fact) -> VectorEntry:
    """What the vector store holds for a fact: its sentence, and the raw cell in metadata."""
    p = fact.provenance
    return VectorEntry(
        fact.fact_id,
        fact.sentence(),
        sanitize_metadata(
            {
                "kind": "fact",
                "report_id": fact.report_id,
                "body": fact.body,
                "body_printed": fact.body_printed,
                "year": fact.year,
                "table": fact.table,
                "row": fact.row,
                "column": fact.column,
                "value": fact.value,
                "raw": fact.raw,
                "unit": fact.unit,
                "qualifier": fact.qualifier,
                "row_key": fact.row_key,
                "source": p.source,
                "section": p.section,
                "locator": p.locator,
            }
        ),
    )


def chunk_entry(chunk: Chunk) -> VectorEntry:
    p = chunk.provenance
    return VectorEntry(
        chunk.chunk_id,
        chunk.text,
        sanitize_metadata(
            {
                "kind": "chunk",
                "report_id": chunk.report_id,
                "body": chunk.body,
                "year": chunk.year,
                "section": chunk.section,
                "subsection": chunk.subsection,
                "source": p.source,
                "locator": p.locator,
                "char_start": p.char_start,
                "char_end": p.char_end,
                "page": p.page,
            }
        ),
    )


def where_filter(**filters: Any) -> dict[str, Any] | None:
    """A Chroma ``where`` for the filters that are set (Chroma wants $and only for two or more)."""
    terms = [{k: v} for k, v in filters.items() if v is not None]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


class ChromaVectorStore:
    """A Chroma collection in cosine space: embedded in ``path`` or on the server at ``url``."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        url: str | None = None,
        collection: str = "reportqa",
    ):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        self.where = url or str(path)
        try:
            if url:
                host, port, ssl = _parse_url(url)
                self._client = chromadb.HttpClient(
                    host=host, port=port, ssl=ssl, settings=chroma_settings
                )
            else:
                if path is None:
                    raise ConfigError("ChromaVectorStore 需要 path（嵌入式）或 url（服务器）。")
                Path(path).mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            self._collection = self._client.get_or_create_collection(
                collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
        except (ConfigError, IndexError_):
            raise
        except Exception as e:
            raise self._error(e) from e
        self._max_batch = _max_batch_size(self._client)

    def _error(self, e: Exception) -> Exception:
        if self.where.startswith(("http://", "https://")):
            return ConfigError(
                f"无法使用 Chroma 服务器 {self.where}（{type(e).__name__}: {e}）。请确认服务器已启动，"
                "或检查 REPORTQA_CHROMA_URL；不设置它则使用索引目录中的嵌入式 Chroma。"
            )
        return IndexError_(
            f"向量库 {self.where} 无法使用（{type(e).__name__}: {e}）。"
            "请检查磁盘空间和写权限；若已损坏，请删除索引目录后重新运行 reportqa ingest。"
        )

    def upsert(
        self,
        ids: Sequence[str],
        documents: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None:
        """Insert or replace whole records (document, vector and metadata)."""
        if not (len(ids) == len(documents) == len(embeddings) == len(metadatas)):
            raise ValueError("upsert: ids, documents, embeddings and metadatas differ in length")
        for i in range(0, len(ids), self._max_batch):
            j = i + self._max_batch
            try:
                # Chroma's own upsert merges metadata (keys absent from the new record survive);
                # delete + add replaces the record whole.
                self._collection.delete(ids=list(ids[i:j]))
                self._collection.add(
                    ids=list(ids[i:j]),
                    documents=list(documents[i:j]),
                    embeddings=_floats(embeddings[i:j]),
                    metadatas=[sanitize_metadata(m) for m in metadatas[i:j]],  # type: ignore[misc]
                )
            except Exception as e:
                raise self._error(e) from e

    def upsert_entries(
        self, entries: Sequence[VectorEntry], embeddings: Sequence[Sequence[float]]
    ) -> None:
        self.upsert(
            [e.id for e in entries],
            [e.document for e in entries],
            embeddings,
            [e.metadata for e in entries],
        )

    def delete(self, ids: Sequence[str]) -> None:
        """Delete by id; ids that are not stored are ignored."""
        ids = list(ids)
        for i in range(0, len(ids), self._max_batch):
            try:
                self._collection.delete(ids=ids[i : i + self._max_batch])
            except Exception as e:
                raise self._error(e) from e

    def delete_report(self, report_id: str) -> None:
        try:
            self._collection.delete(where={"report_id": report_id})
        except Exception as e:
            raise self._error(e) from e

    def query(
        self,
        embedding: Sequence[float],
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
    ) -> list[VectorHit]:
        if k < 1:
            return []
        try:
            res = self._collection.query(
                query_embeddings=_floats([embedding]),
                n_results=k,
                where=where_filter(body=body, year=year, kind=kind),
                include=["documents", "metadatas", "distances"],
            )
        except Exception as e:
            raise self._error(e) from e
        ids = res["ids"][0]
        docs = (res.get("documents") or [[]])[0] or [""] * len(ids)
        metas = (res.get("metadatas") or [[]])[0] or [{}] * len(ids)
        dists = (res.get("distances") or [[]])[0]
        return [
            VectorHit(i, d or "", sanitize_metadata(m or {}), 1.0 - float(dist))  # 1 - cos
            for i, d, m, dist in zip(ids, docs, metas, dists, strict=True)
        ]

    def count(self) -> int:
        try:
            return int(self._collection.count())
        except Exception as e:
            raise self._error(e) from e

    def ids_for_report(self, report_id: str) -> list[str]:
        try:
            res = self._collection.get(where={"report_id": report_id}, include=[])
        except Exception as e:
            raise self._error(e) from e
        return sorted(res["ids"])

    def all_ids(self) -> list[str]:
        try:
            return sorted(self._collection.get(include=[])["ids"])
        except Exception as e:
            raise self._error(e) from e


def _floats(vectors: Sequence[Sequence[float]]) -> list[Sequence[float]]:
    return [[float(x) for x in v] for v in vectors]


def _parse_url(url: str) -> tuple[str, int, bool]:
    u = urlparse(url if "://" in url else f"http://{url}")
    if u.scheme not in ("http", "https") or not u.hostname:
        raise ConfigError(
            f"REPORTQA_CHROMA_URL={url} 不是有效的地址。请写成 http://主机:端口，例如 http://127.0.0.1:8000。"
        )
    ssl = u.scheme == "https"
    return u.hostname, u.port or (443 if ssl else 8000), ssl


def _max_batch_size(client: Any) -> int:
    try:
        return max(1, int(client.get_max_batch_size()))
    except Exception:
        return 1000
