"""The retrieval chain, composed with LangChain Runnables (LCEL):

    {"question", "history"} → understand → route (RunnableBranch) → phrase → verify → Answer

No LLM is needed for any answer; ``Phraser`` is the seam where one can be slotted in to reword an
answer, and the verification after it still refuses any number it cannot trace to a fact.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from assistant.answer import Answer, untraceable_numbers
from assistant.catalog import Catalog, ReportInfo
from assistant.figures import FigureLookup
from assistant.retrieval import HybridRetriever
from assistant.routes import Responder
from assistant.understanding import Query, understand

log = logging.getLogger(__name__)


class Phraser(Protocol):
    def phrase(self, answer: Answer, query: Query) -> Answer: ...


class GroundedPhraser:
    """Keeps the composed answer as it is: every sentence was built from facts."""

    def phrase(self, answer: Answer, query: Query) -> Answer:
        return answer


class Assistant:
    def __init__(self, index: Any, phraser: Phraser | None = None, use_vectors: bool = True):
        self.index = index
        self.phraser = phraser or GroundedPhraser()
        self.use_vectors = use_vectors
        self._catalog: Catalog | None = None
        self._generation: int | None = None
        self.chain = self._build()

    # the catalog is rebuilt only when the set of reports changed
    @property
    def catalog(self) -> Catalog:
        gen = self.index.facts.generation()
        if self._catalog is None or gen != self._generation:
            rows = self.index.facts.list_reports()
            self._catalog = Catalog(
                [
                    ReportInfo(r.report.report_id, r.report.body, r.report.body_printed, r.report.year,
                               r.report.source, r.report.title)
                    for r in rows
                ]
            )
            self._generation = gen
        return self._catalog

    def _retriever(self, body: str | None, year: int | None) -> HybridRetriever:
        return HybridRetriever(index=self.index, body=body, year=year, use_vectors=self.use_vectors)

    def _build(self) -> Runnable:
        def parse(inp: dict) -> dict:
            catalog = self.catalog
            q = understand(inp["question"], catalog, inp.get("history") or [])
            return {"query": q, "responder": Responder(catalog, FigureLookup(self.index.facts), self._retriever)}

        def route(name: str):
            def run(state: dict) -> dict:
                r: Responder = state["responder"]
                return {**state, "answer": r.respond(state["query"])}

            return RunnableLambda(run, name=f"route_{name}")

        branch = RunnableBranch(
            (lambda s: s["query"].route == "check", route("check")),
            (lambda s: s["query"].route in ("trend", "diff"), route("series")),
            (lambda s: s["query"].route == "narrative", route("narrative")),
            route("figure"),
        )

        def phrase(state: dict) -> dict:
            return {**state, "answer": self.phraser.phrase(state["answer"], state["query"])}

        def check(state: dict) -> Answer:
            return verify(state["answer"], state["query"].text)

        return (
            RunnableLambda(parse, name="understand")
            | branch
            | RunnableLambda(phrase, name="phrase")
            | RunnableLambda(check, name="verify")
        )

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the embedding model, jieba."""
        import jieba

        jieba.initialize()
        if self.index.embedder is not None:
            self.index.embedder.embed_query("预热")
        _ = self.catalog

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            return Answer(answer="请输入问题。", found=False, route="refusal")
        return self.chain.invoke({"question": question, "history": history or []})


def verify(answer: Answer, question: str = "") -> Answer:
    """Refuse an answer holding a number that is neither a cited figure nor in a cited quote."""
    bad = untraceable_numbers(answer, question)
    if bad:
        log.error("untraceable numbers %s in answer %r", bad, answer.answer)
        return Answer(
            answer="抱歉，这个答案中有无法核实的数字，因此不予回答。",
            found=False, route="refusal",
        )
    return answer
