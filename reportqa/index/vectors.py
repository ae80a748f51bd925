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
from reportqa.format import MENTION
from reportqa.records import Chunk, Fact, stable_id

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
    document: str  # what is stored and shown
    metadata: Metadata
    embed_text: str = ""  # what is embedded, when it differs from ``document``

    @property
    def text_to_embed(self) -> str:
        return self.embed_text or self.document


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
        report_ids: Sequence[str] | None = None,
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


def fact_entries(facts: Sequence[Fact]) -> list[VectorEntry]:
    """What the vector store holds for a report's facts: one entry per table row (a figure
    from the prose is a row of its own), in the order the rows first appear.

    The embedded text is the row's place in the format (table, row and column labels), not its
    body, year or values: those are metadata, filtered on before any similarity is computed,
    and the same row of every report then has the same text, so it is embedded once per ingest
    run (:class:`reportqa.index.embedding.CachedEmbedder`). The stored document is the whole
    row as a readable sentence with its values; the cells themselves live in the facts database
    (``fact_ids``)."""
    rows: dict[tuple[str, str, str], list[Fact]] = {}
    for f in facts:
        if f.row_key == MENTION:  # a number of the prose counting something the format has no
            continue  # row for: looked up by its words in the facts database, not by vector
        key = (f.report_id, f.table, f.row) if f.table != "正文" else (f.report_id, "", f.fact_id)
        rows.setdefault(key, []).append(f)
    return [_row_entry(cells) for cells in rows.values()]


def _row_entry(cells: list[Fact]) -> VectorEntry:
    first = cells[0]
    p = first.provenance
    if first.table == "正文":
        entry_id, document, embed_text = first.fact_id, first.sentence(), f"正文：{first.row}"
    else:
        entry_id = stable_id(first.report_id, "row", first.table, first.row)
        where = f"{first.body_printed}{first.year}年报告{first.table}“{first.row}”行"
        shown = "；".join(f"{f.column}{f.shown()}" if f.column else f.shown() for f in cells)
        document = f"{where}：{shown}。"
        columns = "、".join(dict.fromkeys(f.column for f in cells if f.column))
        embed_text = f"{first.table}“{first.row}”行" + (f"：{columns}" if columns else "")
    return VectorEntry(
        entry_id,
        document,
        sanitize_metadata(
            {
                "kind": "fact",
                "report_id": first.report_id,
                "body": first.body,
                "body_printed": first.body_printed,
                "year": first.year,
                "table": first.table,
                "row": first.row,
                "row_key": first.row_key,
                "fact_ids": " ".join(f.fact_id for f in cells),
                "source": p.source,
                "section": p.section,
                "locator": p.locator,
            }
        ),
        embed_text,
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
                    metadatas=[_with_scope(sanitize_metadata(m)) for m in metadatas[i:j]],  # type: ignore[misc]
                )
            except Exception as e:
                raise self._error(e) from e

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
        report_ids: Sequence[str] | None = None,
    ) -> list[VectorHit]:
        """The ``k`` nearest records, optionally of one body, year or kind.

        With ``report_ids`` (the reports the caller has already narrowed the question to), the
        records of those reports are fetched by one indexed key and ranked exactly here: Chroma's
        filtered nearest-neighbour search costs time in proportion to the whole collection
        (about 50 ms at 60,000 records), a keyed fetch of a few reports' records does not."""
        if k < 1:
            return []
        if report_ids is not None:
            return self._rank_reports(embedding, k, list(report_ids), body, year, kind)
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
            VectorHit(i, d or "", _public(m), 1.0 - float(dist))  # 1 - cos
            for i, d, m, dist in zip(ids, docs, metas, dists, strict=True)
        ]

    def _rank_reports(
        self,
        embedding: Sequence[float],
        k: int,
        report_ids: list[str],
        body: str | None,
        year: int | None,
        kind: str | None,
    ) -> list[VectorHit]:
        if not report_ids:
            return []
        import numpy as np

        if kind is not None:
            where = {SCOPE_KEY: {"$in": [_scope(kind, r) for r in report_ids]}}
        else:
            where = {"report_id": {"$in": report_ids}}
        try:
            # chroma's typed dicts do not spell an $in filter or an included field as present
            res: Any = self._collection.get(
                where=where,  # type: ignore[arg-type]
                include=["documents", "metadatas", "embeddings"],
            )
        except Exception as e:
            raise self._error(e) from e
        keep = [
            n
            for n, m in enumerate(res["metadatas"] or [])
            if (body is None or m.get("body") == body) and (year is None or m.get("year") == year)
        ]
        if not keep:
            return []
        matrix = np.asarray([res["embeddings"][n] for n in keep], dtype=np.float64)
        query = np.asarray(embedding, dtype=np.float64)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(query) or 1.0)
        sims = matrix @ query / np.where(norms == 0, 1.0, norms)
        order = sorted(range(len(keep)), key=lambda n: (-sims[n], res["ids"][keep[n]]))[:k]
        return [
            VectorHit(
                res["ids"][keep[n]],
                (res["documents"] or [""] * len(res["ids"]))[keep[n]] or "",
                _public(res["metadatas"][keep[n]]),
                float(sims[n]),
            )
            for n in order
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


# A stored key holding "kind:report_id", so that one indexed equality finds a report's facts
# or its chunks (a $and of two keys costs as much as a scan); added on upsert, hidden on output.
SCOPE_KEY = "scope"


def _scope(kind: object, report_id: object) -> str:
    return f"{kind or ''}:{report_id}"


def _with_scope(metadata: Metadata) -> Metadata:
    if "report_id" in metadata:
        metadata[SCOPE_KEY] = _scope(metadata.get("kind"), metadata["report_id"])
    return metadata


def _public(metadata: Mapping[str, Any] | None) -> Metadata:
    return {k: v for k, v in sanitize_metadata(metadata or {}).items() if k != SCOPE_KEY}


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
