"""The citizens' chat at ``/``: ask in Chinese, get the figure with numbered sources that open to
the quoted sentence or table cell; a vote (有用/没用) on each answer is stored with the question, the answer
and its sources. The example questions come from the reports in the index.

The conversation lives in a per-session ``gr.State`` (the questions and the Answer objects); the
chatbot's messages are re-rendered from it with :mod:`ui.render`, so nothing typed or ingested
reaches the page unescaped, and a vote on message ``i`` is a vote on turn ``i // 2``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr
from gradio.components.chatbot import Message, MessageDict

from assistant.answer import Answer
from ui import examples as ex
from ui.present import present
from ui.render import CHAT_CSS, answer_html, esc, notice_html, question_html
from ui.services import Services

log = logging.getLogger(__name__)

TITLE = "政府信息公开年度报告问答"
MAX_HISTORY = 20
_VOTES = {True: "up", False: "down", "Like": "up", "Dislike": "down"}
_SHOWN_VOTE = {"up": "Like", "down": "Dislike"}


def header_html(services: Services) -> str:
    return (
        f'<div class="rq-header"><h1>{esc(TITLE)}</h1>'
        "<p>本助手只根据已收录的政府信息公开工作年度报告回答，每个数字都注明出处，"
        "点开出处可以看到原文或表格单元格。</p>"
        f'<p class="rq-holdings">{esc(ex.holdings(services.assistant))}</p></div>'
    )


def messages(turns: list[dict[str, Any]]) -> list[MessageDict | Message]:
    out: list[MessageDict | Message] = []
    for t in turns:
        out.append({"role": "user", "content": question_html(t["question"])})
        if t.get("answer") is not None:
            content = answer_html(Answer.model_validate(t["answer"]))
        else:
            content = notice_html(t["notice"])
        out.append({"role": "assistant", "content": content})
    return out


def feedback_values(turns: list[dict[str, Any]]) -> list[str | None]:
    return [_SHOWN_VOTE.get(t.get("vote") or "") for t in turns]


def client_of(request: gr.Request | None) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


class ChatHandlers:
    """The event handlers, over the services (a class so that tests can call them directly)."""

    def __init__(self, services: Services):
        self.services = services

    def examples(self) -> list[list[str]]:
        return [[q] for q in ex.example_questions(self.services.assistant)]

    def answer(
        self, question: str, turns: list[dict[str, Any]], client: str
    ) -> tuple[dict[str, Any], list[str]]:
        """The new turn for ``question`` and the questions to suggest next."""
        *_, last = self.answer_stream(question, turns, client)
        return last

    def answer_stream(
        self, question: str, turns: list[dict[str, Any]], client: str
    ) -> Iterator[tuple[dict[str, Any], list[str]]]:
        """The new turn as it is written (a model's checked sentences one by one, when one
        words narrative answers), the last one complete; with the questions to suggest."""
        s = self.services.settings
        question = (question or "").strip()
        if len(question) > s.max_question_chars:
            yield (
                {
                    "question": question[: s.max_question_chars] + "……",
                    "notice": f"问题太长了（{len(question)} 字），请不超过 {s.max_question_chars} 字。",
                },
                [],
            )
            return
        wait = self.services.limiter.acquire(client)
        if wait > 0:
            yield (
                {
                    "question": question,
                    "notice": f"提问过于频繁，请 {max(1, round(wait))} 秒后再试。",
                },
                [],
            )
            return
        history = [t["question"] for t in turns if t.get("answer") is not None][-MAX_HISTORY:]
        try:
            for answer in self.services.assistant.ask_stream(question, history):
                answer = present(answer, self.services)
                yield {"question": question, "answer": answer.model_dump()}, answer.suggestions
        except Exception:
            log.exception("chat: the assistant failed on %r", question)
            yield {"question": question, "notice": "抱歉，服务暂时出错，请稍后再试。"}, []

    def vote(self, turns: list[dict[str, Any]], index: Any, liked: Any, session: str) -> None:
        i = index[0] if isinstance(index, list | tuple) else index
        if not isinstance(i, int) or i % 2 != 1 or i // 2 >= len(turns):
            return
        turn = turns[i // 2]
        if turn.get("answer") is None:
            return
        key = f"{session}:{i // 2}"
        rating = _VOTES.get(liked) if isinstance(liked, bool | str) else None
        if rating is None:  # the vote was withdrawn
            self.services.feedback.withdraw(key)
            turn["vote"] = None
            return
        self.services.feedback.record(
            key, rating, turn["question"], Answer.model_validate(turn["answer"])
        )
        turn["vote"] = rating


def build_chat(services: Services) -> gr.Blocks:
    h = ChatHandlers(services)
    limit = services.settings.max_question_chars

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        header = gr.HTML(header_html(services), elem_id="rq-header")
        turns = gr.State([])
        chatbot = gr.Chatbot(
            label="问答",
            show_label=False,  # the label's badge covered the first lines of the messages
            elem_id="rq-chatbot",
            height=560,
            render_markdown=False,
            sanitize_html=True,
            allow_tags=False,
            feedback_options=("Like", "Dislike"),
            placeholder="请在下方输入问题，或点击示例问题。",
            buttons=["copy"],
        )
        with gr.Row():
            box = gr.Textbox(
                label="问题",
                show_label=False,
                placeholder="请输入问题，例如：某街道办事处2024年收到多少政府信息公开申请？",
                max_length=limit,
                scale=6,
                elem_id="rq-question",
                autofocus=True,
            )
            send = gr.Button("提问", variant="primary", scale=1, elem_id="rq-send")
        samples = gr.Dataset(
            components=[box],
            samples=h.examples(),
            label="示例问题（点击即问）",
            elem_id="rq-examples",
            samples_per_page=8,
        )

        def respond(question: str, state: list[dict[str, Any]], request: gr.Request):
            state = list(state or [])
            if not (question or "").strip():
                yield gr.skip(), state, gr.skip(), gr.skip()
                return
            before = list(state)
            for turn, suggestions in h.answer_stream(question, before, client_of(request)):
                state = [*before, turn]  # a streamed answer replaces itself as it grows
                shown = [[s] for s in suggestions] if suggestions else h.examples()
                yield (
                    gr.Chatbot(value=messages(state), feedback_value=feedback_values(state)),
                    state,
                    "",
                    gr.Dataset(samples=shown),
                )

        def pick(sample: list[str], state: list[dict[str, Any]], request: gr.Request):
            question = sample[0] if isinstance(sample, list | tuple) and sample else ""
            yield from respond(str(question), state, request)

        def on_like(state: list[dict[str, Any]], data: gr.LikeData, request: gr.Request):
            h.vote(state, data.index, data.liked, request.session_hash or "anonymous")
            return state

        def reset():
            return [], [], "", gr.Dataset(samples=h.examples())

        outputs = [chatbot, turns, box, samples]
        box.submit(respond, [box, turns], outputs, api_name="ask")
        send.click(respond, [box, turns], outputs, api_visibility="private")
        samples.click(pick, [samples, turns], outputs, api_visibility="private")
        chatbot.like(on_like, [turns], [turns], api_visibility="private")
        chatbot.clear(reset, None, outputs, api_visibility="private")  # its own clear button
        demo.load(
            lambda: (header_html(services), gr.Dataset(samples=h.examples())),
            None,
            [header, samples],
            api_visibility="private",
        )
    return demo


CSS = (
    CHAT_CSS
    + """
.rq-header h1 { font-size: 1.6em; margin: 0.2em 0; }
.rq-header p { margin: 0.2em 0; color: #444; }
"""
)
