"""The index: a directory holding the facts database (with the lexical index) and, unless a Chroma
server is configured, the embedded Chroma vector store.

    index_dir/facts.sqlite   reports, facts, checks, chunks, aliases, FTS5 lexical index
    index_dir/chroma/        embedded Chroma (absent until the first vectors are written)
    index_dir/ingest.lock    held by the one ingest run allowed at a time

With a database URL (``REPORTQA_DATABASE_URL``) the facts database and the lexical index are in
PostgreSQL instead (:mod:`reportqa.index.postgres`), shared by every host, and the one writer is
held by an advisory lock; the directory then holds only what is local to a host (an embedded
Chroma, if no Chroma server is configured). Which store is used is decided here, and only here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportqa.errors import ConfigError, IndexError_
from reportqa.index.embedding import CachedEmbedder, Embedder
from reportqa.index.factsdb import FactsDB
from reportqa.index.lexical import LexicalHit
from reportqa.index.store import FactsStore
from reportqa.index.vectors import ChromaVectorStore, VectorEntry, VectorHit, VectorStore

__all__ = ["Index", "FACTS_FILE", "CHROMA_DIR"]

FACTS_FILE = "facts.sqlite"
CHROMA_DIR = "chroma"
EMBEDDING_MODEL_KEY = "embedding_model"


class Index:
    """An index directory, opened for reading and writing.

    ``embedder`` may be None for fact-only work (``reportqa ingest --no-embed``, ``reportqa facts``);
    the vector store is then opened only if stale vectors must be deleted. When an embedder is
    given, the index must have been built with the same model (or with none yet).
    """

    def __init__(
        self,
        index_dir: Path | str,
        embedder: Embedder | None = None,
        *,
        vectors: VectorStore | None = None,
        chroma_url: str | None = None,
        collection: str = "reportqa",
        create: bool = True,
        database_url: str | None = None,
    ):
        self.dir = Path(index_dir)
        self.database_url = database_url or None
        if not self.dir.is_dir():
            if not create and self.database_url is None:
                raise ConfigError(
                    f"索引目录 {self.dir} 不存在。请先运行 reportqa ingest 导入报告。"
                )
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise IndexError_(
                    f"无法创建索引目录 {self.dir}（{e.strerror}）。"
                    "请用 --index 或 REPORTQA_INDEX_DIR 指定一个可写的目录。"
                ) from e
        elif not create and self.database_url is None and not (self.dir / FACTS_FILE).exists():
            raise ConfigError(f"{self.dir} 中没有索引。请先运行 reportqa ingest 导入报告。")
        self.embedder = embedder
        # documents only: a query is new text every time
        self._doc_embedder = CachedEmbedder(embedder) if embedder is not None else None
        self.chroma_url = chroma_url
        self.collection = collection
        self._vectors = vectors
        self._vectors_lock = threading.Lock()
        self.facts: FactsStore = self._open_facts(create)
        if embedder is not None:
            self.check_embedding_model(embedder.model_id)

    def _open_facts(self, create: bool) -> FactsStore:
        if self.database_url is None:
            return FactsDB(self.dir / FACTS_FILE)
        from reportqa.index.postgres import PostgresFactsDB

        return PostgresFactsDB(self.database_url, create=create)

    # -- embedding model ----------------------------------------------------------------------

    @property
    def embedding_model(self) -> str | None:
        """The model the stored vectors were made with; None before the first vectors."""
        return self.facts.get_meta(EMBEDDING_MODEL_KEY)

    def check_embedding_model(self, model_id: str) -> None:
        stored = self.embedding_model
        if stored is not None and stored != model_id and self.database_url is not None:
            raise ConfigError(
                f"数据库 {self.facts.location}（REPORTQA_DATABASE_URL）中的索引是用嵌入模型 {stored} "
                f"建立的，当前设置为 {model_id}。请设置 REPORTQA_EMBEDDING_MODEL={stored} 继续使用它，"
                "或把 REPORTQA_DATABASE_URL 指向一个新的空数据库后重新运行 reportqa ingest。"
            )
        if stored is not None and stored != model_id:
            raise ConfigError(
                f"索引 {self.dir} 是用嵌入模型 {stored} 建立的，当前设置为 {model_id}。"
                f"请删除该目录后重新运行 reportqa ingest 重建索引，"
                f"或设置 REPORTQA_EMBEDDING_MODEL={stored} 继续使用它。"
            )

    def record_embedding_model(self) -> None:
        """Record the embedder's model id before the first vectors are written."""
        if self.embedder is None:
            raise ConfigError("没有配置嵌入模型，无法写入向量。")
        self.check_embedding_model(self.embedder.model_id)
        if self.embedding_model is None:
            self.facts.set_meta(EMBEDDING_MODEL_KEY, self.embedder.model_id)

    # -- stores -------------------------------------------------------------------------------

    @property
    def vectors(self) -> VectorStore:
        # opened once, under a lock: concurrent first requests of a server would otherwise
        # race Chroma's client set-up ("Could not connect to tenant default_tenant")
        if self._vectors is None:
            with self._vectors_lock:
                if self._vectors is None:
                    self._vectors = ChromaVectorStore(
                        None if self.chroma_url else self.dir / CHROMA_DIR,
                        url=self.chroma_url,
                        collection=self.collection,
                    )
        return self._vectors

    @property
    def has_vectors(self) -> bool:
        """Whether a vector store exists (without opening one that does not)."""
        return (
            self._vectors is not None or bool(self.chroma_url) or (self.dir / CHROMA_DIR).is_dir()
        )

    def delete_report(self, report_id: str) -> None:
        """Delete a report from both stores: flagged, vectors first, then its rows."""
        self.facts.mark_incomplete(report_id)
        if self.has_vectors:
            self.vectors.delete_report(report_id)
        self.facts.delete_report(report_id)

    def embed_entries(self, entries: list[VectorEntry]) -> list[list[float]]:
        """The vectors of ``entries``; texts seen before in this index's life are not embedded
        again."""
        if self._doc_embedder is None:
            raise ConfigError("没有配置嵌入模型，无法写入向量。")
        return self._doc_embedder.embed_documents([e.text_to_embed for e in entries])

    def replace_vectors(
        self, report_id: str, entries: list[VectorEntry], embeddings: list[list[float]]
    ) -> None:
        """Make the report's vectors exactly ``entries``: its other vectors deleted, these
        upserted whole."""
        self.record_embedding_model()
        new_ids = {e.id for e in entries}
        self.vectors.delete([i for i in self.vectors.ids_for_report(report_id) if i not in new_ids])
        self.vectors.upsert(
            [e.id for e in entries],
            [e.document for e in entries],
            embeddings,
            [e.metadata for e in entries],
        )

    # -- search -------------------------------------------------------------------------------

    def vector_search(
        self,
        text: str,
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
    ) -> list[VectorHit]:
        """Nearest facts and chunks to ``text``, of reports committed complete in the facts
        database only (an interrupted ingest can leave vectors out of step with it).

        With a body or a year, the facts database first narrows the search to those reports,
        and only their vectors are compared (see :meth:`ChromaVectorStore.query`)."""
        if self.embedder is None:
            raise ConfigError("没有配置嵌入模型，无法进行向量检索。")
        if not self.has_vectors:
            return []
        query = self.embedder.embed_query(text)
        ids = self._narrowed(body, year, complete_only=True)
        if ids is not None:
            return self.vectors.query(query, k, body=body, year=year, kind=kind, report_ids=ids)
        complete = self.facts.complete_report_ids()
        hits = self.vectors.query(query, k * 2 + 4, kind=kind)
        return [h for h in hits if h.metadata.get("report_id") in complete][:k]

    def lexical_search(
        self,
        text: str,
        k: int = 10,
        *,
        body: str | None = None,
        year: int | None = None,
        kind: str | None = None,
    ) -> list[LexicalHit]:
        """The best lexical matches; with a body or a year, of those reports only (narrowed in
        the facts database first, like :meth:`vector_search`)."""
        ids = self._narrowed(body, year, complete_only=False)
        return self.facts.lexical.search(text, k, body=body, year=year, kind=kind, report_ids=ids)

    def _narrowed(
        self, body: str | None, year: int | None, complete_only: bool
    ) -> list[str] | None:
        """The ids of the reports of ``body`` and ``year`` (None when neither is given). The
        lexical index is written in the report's own transaction; vectors are in step with a
        report only once it is committed complete."""
        if body is None and year is None:
            return None
        rows = self.facts.list_reports(body=body, year=year)
        return [r.report.report_id for r in rows if r.complete or not complete_only]

    # -- lifetime -----------------------------------------------------------------------------

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time: a second ``reportqa ingest`` on the same index fails fast (a file
        lock in the directory, or an advisory lock in the PostgreSQL database)."""
        with self.facts.write_lock():
            yield

    def close(self) -> None:
        self.facts.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
