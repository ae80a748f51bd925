"""Short answers a model writes from the passages a narrative answer quotes, shown only when the
guard (assistant/llm/guard.py) passes them; otherwise the extractive answer stands and the event
is logged. Streamed sentence by sentence: each sentence is checked before it is shown, so a
reader never sees a word the guard has not passed."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from assistant.answer import Answer
from assistant.llm.client import ChatModel, ModelError
from assistant.llm.guard import check
from assistant.question import ParsedQuestion

log = logging.getLogger("reportqa.llm")

SYSTEM = (
    "你是政府信息公开工作年度报告的问答助手。只根据用户给出的编号引文回答问题，不使用引文以外的"
    "任何信息。用不超过三句话作答；每句话末尾用方括号标注所依据的引文编号，如[1]；数字必须与引文"
    "完全一致，保留“余”“近”“约”等字；引文没有说的就说报告没有写到。"
)
# a sentence is complete once what follows its end (and its citation marks) has begun
_DONE = re.compile(r"^(.*?[。！？!?](?:\s*\[\d+\])*)(?=\s*[^\s\[\d\]])", re.S)


def applies(answer: Answer) -> bool:
    """A summary is offered for a found narrative answer that quotes passages."""
    return answer.found and answer.route == "narrative" and bool(answer.citations)


def prompt(answer: Answer, query: ParsedQuestion) -> list[dict[str, str]]:
    quotes = "\n".join(
        f"[{i}] {c.title}“{c.section}”：{c.quote}" for i, c in enumerate(answer.citations, 1)
    )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"引文：\n{quotes}\n\n问题：{query.text}"},
    ]


def _quotes(answer: Answer) -> list[str]:
    return [c.quote for c in answer.citations]


class Summarizer:
    """A :class:`~assistant.chain.Phraser` that lets a model word narrative answers."""

    def __init__(self, model: ChatModel):
        self.model = model

    def _accepted(self, answer: Answer, text: str) -> Answer:
        return answer.model_copy(
            update={"answer": text.strip(), "extract": answer.answer, "generated": True}
        )

    def phrase(self, answer: Answer, query: ParsedQuestion) -> Answer:
        if not applies(answer):
            return answer
        try:
            text = self.model.complete(prompt(answer, query))
        except ModelError as e:
            log.warning("model summary failed, the quoted passage stands: %s", e)
            return answer
        verdict = check(text, _quotes(answer))
        if not verdict.ok:
            log.warning("model summary rejected: %s", "; ".join(verdict.reasons))
            return answer
        return self._accepted(answer, text)

    def stream(self, answer: Answer, query: ParsedQuestion) -> Iterator[Answer]:
        """The summary as it is written, one checked sentence at a time (``partial`` answers),
        then the final answer: the whole summary, or the extractive answer when any sentence
        fails the guard or the model fails."""
        if not applies(answer):
            yield answer
            return
        quotes = _quotes(answer)
        shown, buffer = "", ""
        try:
            for piece in self.model.stream(prompt(answer, query)):
                buffer += piece
                while (m := _DONE.match(buffer)) is not None:
                    sentence, buffer = m.group(1), buffer[m.end(1) :]
                    verdict = check(sentence, quotes)
                    if not verdict.ok:
                        log.warning("model summary rejected: %s", "; ".join(verdict.reasons))
                        yield answer
                        return
                    shown += sentence
                    yield answer.model_copy(
                        update={"answer": shown.strip(), "generated": True, "partial": True}
                    )
        except ModelError as e:
            log.warning("model summary failed, the quoted passage stands: %s", e)
            yield answer
            return
        rest = buffer.strip()
        verdict = check(shown + rest, quotes) if (shown + rest).strip() else check("", quotes)
        if not verdict.ok:
            log.warning("model summary rejected: %s", "; ".join(verdict.reasons))
            yield answer
            return
        yield self._accepted(answer, shown + rest)
