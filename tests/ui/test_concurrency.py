"""One slow question never blocks the others: neither in the HTTP API (thread pool) nor in the
Gradio chat (its queue answers ``ui_concurrency`` events at once). And the stores are shared by
threads: many clients asking at once get the right answers."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from reportqa.app import build_assistant
from tests.ui.conftest import live_server, ui_settings

SLOW_SECONDS = 4.0
FAST = "淮安市2024年收到多少政府信息公开申请？"


class SlowAssistant:
    """The real assistant, but a question starting with 慢 takes SLOW_SECONDS."""

    def __init__(self, real):
        self.real = real
        self.index = real.index
        self.slow_started = threading.Event()

    @property
    def catalog(self):
        return self.real.catalog

    def warm_up(self) -> None:
        self.real.warm_up()

    def example_questions(self, n, templates):
        return self.real.example_questions(n, templates)

    def ask(self, question, history=None):
        if question.startswith("慢"):
            self.slow_started.set()
            time.sleep(SLOW_SECONDS)
            question = question[1:]
        return self.real.ask(question, history)

    def ask_stream(self, question, history=None):
        yield self.ask(question, history)


@pytest.fixture
def slow_server(index_copy, make_app):
    settings = ui_settings(index_copy)
    assistant = SlowAssistant(build_assistant(settings))
    with live_server(make_app(settings, assistant=assistant)) as server:
        yield server, assistant


def test_the_api_answers_others_while_one_question_is_slow(slow_server):
    server, assistant = slow_server
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(
            httpx.post, f"{server.url}/api/ask", json={"question": "慢" + FAST}, timeout=30
        )
        assert assistant.slow_started.wait(10)
        t0 = time.monotonic()
        fast = httpx.post(f"{server.url}/api/ask", json={"question": FAST}, timeout=30)
        elapsed = time.monotonic() - t0
        assert fast.status_code == 200 and fast.json()["figures"][0]["value"] == 3119
        assert elapsed < SLOW_SECONDS / 2 and not slow.done()
        assert slow.result().json()["figures"][0]["value"] == 3119


def test_the_chat_answers_others_while_one_question_is_slow(slow_server):
    from gradio_client import Client

    server, assistant = slow_server
    client = Client(server.url + "/", verbose=False, analytics_enabled=False, download_files=False)
    try:
        slow = client.submit("慢" + FAST, api_name="/ask")
        assert assistant.slow_started.wait(10)
        t0 = time.monotonic()
        chatbot, box, _ = client.predict(FAST, api_name="/ask")
        elapsed = time.monotonic() - t0
        assert "3119件" in _last_message(chatbot) and box == ""
        assert elapsed < SLOW_SECONDS / 2 and not slow.done()
        assert "3119件" in _last_message(slow.result()[0])
    finally:
        client.close()


def _last_message(chatbot: dict) -> str:
    return chatbot["value"][-1]["content"][0]["text"]


def test_many_clients_at_once_get_the_right_answers(index_copy, make_app):
    """Figures from the facts database and passages from the vector store, 16 clients at once
    on a fresh server (the vector store must not be opened by racing first requests)."""
    questions = {
        "淮安市2024年收到多少政府信息公开申请？": 3119,
        "永吉街道2024年收到多少政府信息公开申请？": 0,
        "淮安市2024年政府信息公开行政复议有多少件？": 351,
        "永吉街道2024年存在哪些问题？": "五、存在的主要问题及改进情况",
        "淮安市政府2024年存在哪些问题？": "五、存在的主要问题及改进情况",
    }
    with live_server(make_app(ui_settings(index_copy))) as server:

        def ask(i: int) -> tuple[str, int, object]:
            q = list(questions)[i % len(questions)]
            r = httpx.post(f"{server.url}/api/ask", json={"question": q}, timeout=60)
            if r.status_code != 200:
                return q, r.status_code, r.text
            body = r.json()
            got = (
                body["figures"][0]["value"] if body["figures"] else body["citations"][0]["section"]
            )
            return q, 200, got

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(ask, range(96)))
    assert [r for r in results if r[1] != 200 or questions[r[0]] != r[2]] == []
