"""The citizens' chat: example questions from the corpus, turns, notices, votes, escaping."""

from __future__ import annotations

from pathlib import Path

from reportqa.app import build_assistant
from tests.ui.conftest import XSS, ui_settings
from ui.chat import ChatHandlers, feedback_values, messages
from ui.examples import example_questions, holdings


def test_example_questions_come_from_the_corpus_and_are_answered(corpus_index):
    assistant = build_assistant(ui_settings(corpus_index))
    questions = example_questions(assistant)
    assert questions == [
        "永吉街道2024年收到多少政府信息公开申请？",
        "淮安市政府2024年的数据一致吗？",
        "永吉街道2024年的数据一致吗？",
        "淮安市政府2024年政府信息公开行政复议有多少件？",
        "永吉街道2024年政府信息公开行政复议有多少件？",
        "淮安市政府2024年存在哪些问题？",
    ]
    for q in questions:
        assert assistant.ask(q).found, q
    assert (
        holdings(assistant)
        == "语料中有南关区永吉街道办事处（2024年）；淮安市人民政府（2024年）的报告。"
    )


def _handlers(index_dir, make_app, **kw):
    app = make_app(ui_settings(index_dir, **kw))
    return ChatHandlers(app.state.services), app.state.services


def test_a_turn_holds_the_answer_and_the_next_suggestions(index_copy, make_app):
    h, _ = _handlers(index_copy, make_app)
    turn, suggestions = h.answer("北京市2023年收到多少申请？", [], "1.2.3.4")
    assert turn["answer"]["found"] is False and suggestions == turn["answer"]["suggestions"]
    turn2, _ = h.answer(
        "淮安市呢？",
        [{"question": "永吉街道2024年收到多少政府信息公开申请？", "answer": {}}],
        "1.2.3.4",
    )
    assert turn2["answer"]["figures"][0]["value"] == 3119  # the history carried the metric


def test_notices_for_long_questions_and_the_rate_limit(index_copy, make_app):
    h, _ = _handlers(index_copy, make_app, rate_limit_per_minute=2, max_question_chars=10)
    long_turn, _ = h.answer("问" * 11, [], "a")
    assert long_turn["notice"] == "问题太长了（11 字），请不超过 10 字。"
    assert "answer" in h.answer("淮安市收到多少申请？", [], "a")[0]
    assert "answer" in h.answer("淮安市收到多少申请？", [], "a")[0]
    limited, _ = h.answer("淮安市收到多少申请？", [], "a")
    assert limited["notice"].startswith("提问过于频繁")
    assert "answer" in h.answer("淮安市收到多少申请？", [], "b")[0]


def test_messages_escape_everything(index_copy, make_app):
    h, _ = _handlers(index_copy, make_app)
    turn, _ = h.answer(XSS + "淮安市收到多少申请？", [], "a")
    html = "".join(m["content"] for m in messages([turn]))
    assert "<script" not in html and "<img" not in html and "{{" not in html
    assert "&lt;script&gt;" in html


def test_votes_are_stored_replaced_and_withdrawn(index_copy, make_app):
    h, services = _handlers(index_copy, make_app)
    turn, _ = h.answer("淮安市2024年收到多少政府信息公开申请？", [], "a")
    notice = {"question": "x", "notice": "提问过于频繁"}
    turns = [turn, notice]
    h.vote(turns, 1, True, "sess")
    h.vote(turns, 3, True, "sess")  # a notice is not an answer: no vote
    h.vote(turns, 0, True, "sess")  # a question is not an answer
    [entry] = services.feedback.entries()
    assert (entry.rating, entry.question, entry.found) == ("up", turn["question"], True)
    assert entry.sources[0]["source"] == "huaian-2024.pdf"
    assert feedback_values(turns) == ["Like", None]
    h.vote(turns, 1, False, "sess")
    assert [e.rating for e in services.feedback.entries()] == ["down"]
    h.vote(turns, 1, None, "sess")
    assert services.feedback.entries() == [] and feedback_values(turns) == [None, None]


def test_gradio_answers_many_questions_at_once(index_copy, make_app):
    app = make_app(ui_settings(index_copy, ui_concurrency=7))
    chat_app = next(r.app for r in app.routes if getattr(r, "path", None) == "")
    blocks = chat_app.get_blocks()
    limits = {fn.name: fn.concurrency_limit for fn in blocks.fns.values()}
    assert limits["respond"] == limits["pick"] == "default"
    assert blocks._queue.default_concurrency_limit == 7  # not Gradio's one at a time
    assert blocks._queue.max_size == 512


def test_example_questions_are_computed_once_per_index_generation(
    index_copy, tmp_path, monkeypatch
):
    from assistant.catalog import Catalog
    from ingest.pipeline import ingest_paths
    from tests.ui.conftest import variant_report

    assistant = build_assistant(ui_settings(index_copy))
    names: list[str] = []
    real = Catalog.short_name
    monkeypatch.setattr(Catalog, "short_name", lambda self, b: names.append(b) or real(self, b))
    first = example_questions(assistant)
    assert first[0] == "永吉街道2024年收到多少政府信息公开申请？" and len(names) == 6
    for _ in range(3):  # a chat page load or a widget: looked up, not computed
        assert example_questions(assistant) == first
        assert example_questions(assistant, limit=3) == first[:3]
    assert len(names) == 6 + 3
    # a new report changes the generation: the questions follow it
    report = variant_report(tmp_path / "yongji-2025.txt", year=2025, inject="")
    assert ingest_paths([report], assistant.index, progress=False).ok
    assert example_questions(assistant)[:2] == [
        "永吉街道2025年收到多少政府信息公开申请？",
        "淮安市政府2024年的数据一致吗？",
    ]


def test_a_model_summary_streams_into_the_chat_with_its_note_and_quotes(
    index_copy: Path,
) -> None:
    """With a model configured, a narrative answer grows sentence by sentence in the chat, each
    sentence checked before it is shown; the final answer says it is the model's wording and
    keeps the quoted passage under 原文摘录."""
    from reportqa.app import build_services
    from tests.fake_openai import Reply, fake_openai
    from ui.chat import ChatHandlers, messages
    from ui.render import GENERATED_NOTE

    first = "2024年，淮安市政府网站主动公开各类政府信息5500余条[1]。"
    second = "制作政策解读21个、政府公报6期[1]。"
    with fake_openai(lambda r: Reply(first + second)) as fake:
        settings = ui_settings(index_copy, llm_url=fake.url, llm_model="fake-model")
        handlers = ChatHandlers(build_services(settings))
        steps = list(
            handlers.answer_stream("淮安市政府2024年主动公开工作做了些什么？", [], "1.2.3.4")
        )
    answers = [t["answer"] for t, _ in steps]
    assert [(a["partial"], a["answer"]) for a in answers] == [
        (True, first),
        (False, first + second),
    ]
    final = messages([steps[-1][0]])[-1]["content"]
    assert GENERATED_NOTE in final and "<summary>原文摘录</summary>" in final
    assert "市政府网站主动公开各类政府信息 5500 余条" in final  # the passage itself
