"""The retrieval chain, composed with LangChain Runnables (LCEL):

    {"question", "history"} → parse → respond (the intent's responder) → phrase → verify → Answer

No LLM is needed for any answer; ``Phraser`` is the seam where one can be slotted in to reword an
answer, and the verification after it still refuses any number it cannot trace to a fact. The
parse is a :class:`~assistant.question.ParsedQuestion` from a
:class:`~assistant.question.QuestionParser` (the rule parser by default).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant import wording
from assistant.answer import Answer, untraceable_numbers
from assistant.catalog import Catalog, ReportInfo
from assistant.figures import FactCache, FigureLookup
from assistant.parsing import RuleParser
from assistant.question import ParsedQuestion
from assistant.responders import Context, respond
from assistant.retrieval import HybridRetriever
from reportqa.format import PATH_SEP, PROSE, PROSE_METRICS

log = logging.getLogger(__name__)


class Phraser(Protocol):
    def phrase(self, answer: Answer, query: ParsedQuestion) -> Answer: ...


class GroundedPhraser:
    """Keeps the composed answer as it is: every sentence was built from facts."""

    def phrase(self, answer: Answer, query: ParsedQuestion) -> Answer:
        return answer


class Assistant:
    def __init__(
        self,
        index: Any,
        phraser: Phraser | None = None,
        use_vectors: bool = True,
        model: Any | None = None,
        model_parses: bool = True,
        model_summaries: bool = True,
    ):
        """``model``: an optional :class:`~assistant.llm.client.ChatModel`; it parses what the
        rules do not understand (``model_parses``) and words narrative answers from their
        quotes (``model_summaries``), both under code's checks; never a figure."""
        self.index = index
        self.model = model
        self.model_parses = model is not None and model_parses
        if phraser is None and model is not None and model_summaries:
            from assistant.llm.summary import Summarizer

            phraser = Summarizer(model)
        self.phraser = phraser or GroundedPhraser()
        self.use_vectors = use_vectors
        self._catalog: Catalog | None = None
        self._generation: int | None = None
        self._facts = FactCache(index.facts)
        self._examples: dict[tuple[int | None, int, tuple[str, ...]], list[str]] = {}
        self.chain = self._build()

    # the catalog is rebuilt only when the index changed (in this process or another: the
    # generation lives in the shared facts database), so every instance answers from the
    # reports committed last
    @property
    def catalog(self) -> Catalog:
        gen = self.index.facts.generation()
        if self._catalog is None or gen != self._generation:
            embedder = self.index.embedder
            if self.use_vectors and embedder is not None:
                # an instance started on an empty index learns the model from the first ingest
                self.index.check_embedding_model(embedder.model_id)
            rows = self.index.facts.list_reports()
            self._catalog = Catalog(
                [
                    ReportInfo(
                        r.report.report_id,
                        r.report.body,
                        r.report.body_printed,
                        r.report.year,
                        r.report.source,
                        r.report.title,
                    )
                    for r in rows
                ],
                parts=self._published_parts(),
            )
            self._generation = gen
        return self._catalog

    def _published_parts(self) -> set[str]:
        """The parts of 主动公开 the reports list (机构信息, 政策文件 …)."""
        prefix = PROSE_METRICS["published"][0] + PATH_SEP
        return {r[len(prefix) :] for r in self.index.facts.rows(PROSE) if r.startswith(prefix)}

    def _retriever(self, body: str | None, year: int | None) -> HybridRetriever:
        return HybridRetriever(index=self.index, body=body, year=year, use_vectors=self.use_vectors)

    def parser(self) -> Any:
        """The question parser: the rules, and the model for what they do not understand."""
        rules = RuleParser(self.catalog)
        if not self.model_parses:
            return rules
        from assistant.llm.parse import ModelParser

        assert self.model is not None  # model_parses implies a model
        return ModelParser(rules, self.model, self.catalog)

    def _parse(self, inp: dict) -> dict:
        catalog = self.catalog
        q = self.parser().parse(inp["question"], inp.get("history") or [])

        def report_id(body: str, year: int) -> str | None:
            rep = catalog.report(body, year)
            return rep.report_id if rep else None

        lookup = FigureLookup(self.index.facts, report_id, self._facts, self._generation or 0)
        ctx = Context(catalog, lookup, self._retriever, self.index)
        return {"query": q, "context": ctx}

    def _build(self) -> Runnable:
        """parse | respond | phrase_and_verify."""

        def answer(state: dict) -> dict:
            return {**state, "answer": respond(state["query"], state["context"])}

        def finish(state: dict) -> Answer:
            phrased = self.phraser.phrase(state["answer"], state["query"])
            return verify(phrased, state["query"].text)

        return (
            RunnableLambda(self._parse, name="parse")
            | RunnableLambda(answer, name="respond")
            | RunnableLambda(finish, name="phrase_and_verify")
        )

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the embedding model, jieba,
        the vector store's index and the lexicon."""
        from assistant.lexicon import lexicon
        from reportqa.segment import jieba

        jieba()
        lexicon()
        catalog = self.catalog
        catalog.near("预热", [])  # the pinyin of every name
        if self.use_vectors and self.index.embedder is not None:
            self.index.embedder.embed_query("预热")
            if self.index.has_vectors:
                self.index.vector_search("预热", 1, kind="chunk")
        self.index.lexical_search("预热", 1, kind="chunk")

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            return Answer(answer=wording.EMPTY_QUESTION, found=False, route="refusal")
        return self.chain.invoke({"question": question, "history": history or []})

    def example_questions(self, n: int, templates: Sequence[str]) -> list[str]:
        """Up to ``n`` questions about the newest reports: the bodies newest first, each asked
        with the next of ``templates`` in turn (``{b}`` its short name, ``{y}`` its newest
        year). Computed once per index generation (a page load only looks them up)."""
        catalog = self.catalog  # rebuilt when the generation changes
        key = (self._generation, n, tuple(templates))
        found = self._examples.get(key)
        if found is None:
            if any(k[0] != self._generation for k in self._examples):
                self._examples = {}  # another generation's
            infos = sorted(catalog.bodies.values(), key=lambda i: (-i.newest, i.name))
            found = []
            for r in range(len(templates)):  # each round asks every body a different kind
                for i, info in enumerate(infos):
                    if len(found) >= n:
                        break
                    template = templates[(r + i) % len(templates)]
                    q = template.format(b=catalog.short_name(info.body), y=info.newest)
                    if q not in found:
                        found.append(q)
            self._examples[key] = found
        return list(found)

    def ask_stream(self, question: str, history: list[str] | None = None) -> Iterator[Answer]:
        """The answer as it is written: with a model that words narrative answers, its checked
        sentences one by one (``partial``), then the final answer; otherwise the answer once."""
        question = (question or "").strip()
        stream = getattr(self.phraser, "stream", None)
        if not question or stream is None:
            yield self.ask(question, history)
            return
        state = self._parse({"question": question, "history": history or []})
        answer = respond(state["query"], state["context"])
        for partial in stream(answer, state["query"]):
            yield partial if partial.partial else verify(partial, question)


def verify(answer: Answer, question: str = "") -> Answer:
    """Refuse an answer holding a number that is neither a cited figure nor in a cited quote."""
    bad = untraceable_numbers(answer, question)
    if bad:
        log.error("untraceable numbers %s in answer %r", bad, answer.answer)
        return Answer(answer=wording.UNTRACEABLE, found=False, route="refusal")
    return answer
