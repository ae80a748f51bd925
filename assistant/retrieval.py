"""Hybrid retrieval as a LangChain retriever: Chroma dense vectors and the jieba BM25 index, each
filtered by body and year before searching, fused by reciprocal rank fusion."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

RRF_K = 60


def rrf(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several ranked id lists."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda x: -x[1])


class HybridRetriever(BaseRetriever):
    """Chunks of report text for a question, optionally limited to one body and year.

    Lexical hits carry Chinese matching (the default embedding model knows few Chinese
    characters); dense hits add what shares meaning but not words.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # reportqa.index.Index
    k: int = 6
    body: str | None = None
    year: int | None = None
    use_vectors: bool = True

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        db = self.index.facts
        lexical = self.index.lexical_search(
            query, self.k * 3, body=self.body, year=self.year, kind="chunk"
        )
        rankings = [[h.doc_id for h in lexical]]
        lex_score = {h.doc_id: h.score for h in lexical}
        if self.use_vectors and self.index.embedder is not None and self.index.has_vectors:
            dense = self.index.vector_search(
                query, self.k * 3, body=self.body, year=self.year, kind="chunk"
            )
            rankings.append([h.id for h in dense])
        fused = rrf(rankings)[: self.k]
        chunks = db.chunks_by_ids([doc_id for doc_id, _ in fused]) if fused else {}
        docs = []
        for doc_id, score in fused:
            c = chunks.get(doc_id)
            if c is None:
                continue
            docs.append(
                Document(
                    page_content=c.text,
                    metadata={
                        "id": doc_id,
                        "report_id": c.report_id,
                        "body": c.body,
                        "year": c.year,
                        "section": c.section,
                        "source": c.provenance.source,
                        "locator": c.provenance.locator,
                        "score": score,
                        "lexical": lex_score.get(doc_id),
                    },
                )
            )
        return docs
