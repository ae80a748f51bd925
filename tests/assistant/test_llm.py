"""An optional language model under code's control, against a scripted fake OpenAI-compatible
endpoint on loopback (tests/fake_openai.py): it parses only what the rules refuse, and a parse
that does not validate is ignored; it words narrative answers from their quotes, and the guard
rejects every adversarial reply (swapped figures, wrong Chinese numerals, dropped qualifiers,
invented sentences, sentences without a citation), as it does timeouts and invalid replies, so
the extractive answer stands and the event is logged. Without the setting, no model is used."""

from __future__ import annotations

import json
import logging

import pytest

from assistant.chain import Assistant
from assistant.llm.client import ChatModel
from assistant.llm.guard import check
from reportqa.app import build_model
from reportqa.errors import ConfigError
from reportqa.settings import Settings
from tests.fake_openai import Reply, fake_openai

LAWSUITS = "淮安市政府2024年被人拉去对簿公堂多少次？"
NARRATIVE = "淮安市政府2024年主动公开工作做了些什么？"
QUOTE_ONE = (
    "（一）主动公开情况。2024 年，市政府网站主动公开各类政府信息 5500 余条，全年新增公开市政府规章"
    " 1 件、市政府及市政府办政策性文件 11 件，通过文字、图片等形式制作政策解读21 个，制作《淮安市"
    "人民政府公报》6 期。紧紧围绕保障民生、深化改革、科技创新等工作主线，组织召开了“春节前后服务企业用工"
    "和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”“加快建设长三角北部"
    "重要产业科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府声音、宣传政策法规、回应舆论关切。"
)


def _parse_reply(**over) -> str:
    d = {
        "understood": True,
        "intent": "figure",
        "bodies": ["淮安市人民政府"],
        "years": [2024],
        "metrics": [{"metric": "litigation", "dim": None}],
        "topic": "",
    }
    d.update(over)
    return json.dumps(d, ensure_ascii=False)


def _with(fake, sample_index, **kw) -> Assistant:
    return Assistant(
        sample_index, model=ChatModel(fake.url, "fake-model", "k3y", timeout=2.0), **kw
    )


def _is_parse(request: dict) -> bool:
    return "response_format" in request


# -- off by default -----------------------------------------------------------------------------


def test_no_model_unless_configured() -> None:
    assert Settings().llm_url is None and build_model(Settings()) is None
    with pytest.raises(ConfigError) as err:
        build_model(Settings(llm_url="http://127.0.0.1:9/v1"))
    assert str(err.value) == (
        "设置了 REPORTQA_LLM_URL 却没有设置 REPORTQA_LLM_MODEL：请同时给出模型名称，"
        "或取消 REPORTQA_LLM_URL 以不使用语言模型。"
    )
    m = build_model(Settings(llm_url="http://127.0.0.1:9/v1", llm_model="qwen", llm_api_key="s"))
    assert m == ChatModel("http://127.0.0.1:9/v1", "qwen", "s", 20.0)


# -- parsing ------------------------------------------------------------------------------------


def test_a_question_the_rules_refuse_is_parsed_by_the_model_and_answered_in_code(
    sample_assistant: Assistant, sample_index
) -> None:
    refused = sample_assistant.ask(LAWSUITS)
    assert (refused.found, refused.route) == (False, "clarify")
    with fake_openai(lambda r: Reply(_parse_reply())) as fake:
        a = _with(fake, sample_index).ask(LAWSUITS)
        [req] = fake.requests
    assert (a.found, a.route) == (True, "figure")
    assert a.answer.startswith("46件。淮安市人民政府2024年政府信息公开行政诉讼为46件[1][2]")
    assert a.interpretation == (
        "机关：淮安市人民政府；年度：2024年；指标：政府信息公开行政诉讼；"
        "运算：查数（规则未能理解，由语言模型解析；数字仍只取自报告）"
    )
    # asked under a schema whose enums are the catalog's bodies and the registry's metrics
    schema = req["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["bodies"]["items"]["enum"] == [
        "南关区永吉街道办事处",
        "淮安市人民政府",
    ]
    assert "litigation" in schema["properties"]["metrics"]["items"]["properties"]["metric"]["enum"]
    assert req["model"] == "fake-model" and req["temperature"] == 0


def test_a_question_the_rules_understand_never_reaches_the_model(sample_index) -> None:
    with fake_openai(
        lambda r: Reply(_parse_reply(metrics=[{"metric": "new", "dim": None}]))
    ) as fake:
        a = _with(fake, sample_index, model_summaries=False).ask("淮安市政府2024年被起诉了几次？")
        assert fake.requests == []
    assert a.answer.startswith("46件。")


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (Reply("这不是 JSON"), "not JSON"),
        (Reply(_parse_reply(bodies=["北京市人民政府"])), "a body the corpus does not hold"),
        (Reply(_parse_reply(metrics=[{"metric": "salary", "dim": None}])), "no such metric"),
        (
            Reply(_parse_reply(metrics=[{"metric": "litigation", "dim": "natural"}])),
            "a dimension of another metric",
        ),
        (Reply(_parse_reply(years=[1024])), "a year out of range"),
        (Reply(_parse_reply(understood=False)), "the model says it did not understand"),
        (Reply(_parse_reply(intent="ledger")), "an operation the model may not ask for"),
        (Reply("", status=500), "a server error"),
        (Reply(_parse_reply(), delay=3.0), "a timeout"),
        (Reply(raw=b"{not json"), "a reply that is not the protocol"),
    ],
)
def test_a_model_parse_that_does_not_validate_is_ignored(
    sample_assistant: Assistant, sample_index, reply: Reply, why: str, caplog
) -> None:
    expected = sample_assistant.ask(LAWSUITS)
    with fake_openai(lambda r: reply) as fake, caplog.at_level(logging.WARNING, "reportqa.llm"):
        a = _with(fake, sample_index).ask(LAWSUITS)
    assert a == expected, why  # the rules' refusal, word for word: no figure
    assert any("model parse" in r.getMessage() for r in caplog.records), why


# -- summaries ----------------------------------------------------------------------------------


def _summary_script(text: str):
    def script(request: dict) -> Reply:
        return Reply(_parse_reply()) if _is_parse(request) else Reply(text)

    return script


def test_the_passage_quoted_without_a_model(sample_assistant: Assistant) -> None:
    a = sample_assistant.ask(NARRATIVE)
    assert [c.quote for c in a.citations] == [QUOTE_ONE]
    assert (a.generated, a.extract) == (False, None)


GOOD = (
    "2024年，淮安市政府网站主动公开各类政府信息5500余条，新增公开市政府规章1件、政策性文件11件[1]。"
)


def test_a_summary_the_guard_passes_is_shown_with_the_same_citations(
    sample_assistant: Assistant, sample_index
) -> None:
    extract = sample_assistant.ask(NARRATIVE)
    with fake_openai(_summary_script(GOOD)) as fake:
        a = _with(fake, sample_index).ask(NARRATIVE)
        [req] = fake.requests
    assert (a.answer, a.generated, a.extract) == (GOOD, True, extract.answer)
    assert a.citations == extract.citations
    # the model is given the quotes, numbered, and the question; nothing else of the corpus
    assert req["messages"][1]["content"] == (
        f"引文：\n[1] 淮安市人民政府2024年政府信息公开工作年度报告“一、总体情况”：{QUOTE_ONE}"
        f"\n\n问题：{NARRATIVE}"
    )


def test_chinese_numerals_that_say_the_same_figure_pass() -> None:
    text = "淮安市政府网站主动公开各类政府信息五千五百余条，制作政策解读二十一个[1]。"
    assert check(text, [QUOTE_ONE]).ok


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        (
            "淮安市政府全年新增公开市政府规章11件、政策性文件1件[1]。",
            "number not in the cited passage: '政府规章11'",
        ),
        (
            "淮安市政府网站主动公开各类政府信息五千余条[1]。",
            "number not in the cited passage: '政府信息5000余'",
        ),
        (
            "淮安市政府网站主动公开各类政府信息5500条[1]。",
            "number not in the cited passage: '政府信息5500'",
        ),
        (
            "淮安市政府制作政策解读21个[1]。淮安市还获评全国政务公开先进单位[1]。",
            "not the passage's words",
        ),
        ("淮安市政府制作政策解读21个[1]。制作公报6期。", "no citation: '制作公报6期。'"),
        ("淮安市政府制作政策解读21个[2]。", "cites a passage that is not there"),
        ("2023年，淮安市政府制作政策解读21个[1]。", "number not in the cited passage: '2023'"),
    ],
)
def test_the_guard_rejects_every_adversarial_summary(
    sample_assistant: Assistant, sample_index, summary: str, reason: str, caplog
) -> None:
    verdict = check(summary, [QUOTE_ONE])
    assert not verdict.ok and any(r.startswith(reason) for r in verdict.reasons), verdict.reasons
    extract = sample_assistant.ask(NARRATIVE)
    with (
        fake_openai(_summary_script(summary)) as fake,
        caplog.at_level(logging.WARNING, "reportqa.llm"),
    ):
        a = _with(fake, sample_index).ask(NARRATIVE)
    assert a == extract  # the extractive answer, as without a model
    assert any(r.getMessage().startswith("model summary rejected: ") for r in caplog.records)


@pytest.mark.parametrize("reply", [Reply(GOOD, delay=3.0), Reply("", status=503)])
def test_a_model_that_fails_leaves_the_extractive_answer(
    sample_assistant: Assistant, sample_index, reply: Reply, caplog
) -> None:
    extract = sample_assistant.ask(NARRATIVE)
    with fake_openai(lambda r: reply) as fake, caplog.at_level(logging.WARNING, "reportqa.llm"):
        a = _with(fake, sample_index).ask(NARRATIVE)
    assert a == extract
    assert any("model summary failed" in r.getMessage() for r in caplog.records)


def test_a_figure_answer_is_never_reworded(sample_index) -> None:
    with fake_openai(_summary_script("46件[1]。")) as fake:
        a = _with(fake, sample_index).ask("淮安市政府2024年被起诉了几次？")
        assert fake.requests == []
    assert a.generated is False


# -- streaming ----------------------------------------------------------------------------------


def test_a_summary_streams_one_checked_sentence_at_a_time(sample_index) -> None:
    two = GOOD + "制作政策解读21个、政府公报6期[1]。"
    with fake_openai(_summary_script(two)) as fake:
        steps = list(_with(fake, sample_index).ask_stream(NARRATIVE))
    # a sentence is shown once it is checked, and it is complete once the next one begins
    # (its citation marks may follow its full stop); the last one comes with the final answer
    assert [(s.partial, s.answer) for s in steps] == [(True, GOOD), (False, two)]
    assert steps[-1].generated and steps[-1].extract is not None


def test_a_stream_that_fails_the_guard_shows_nothing_unchecked(
    sample_assistant: Assistant, sample_index
) -> None:
    bad = GOOD + "淮安市还获评全国政务公开先进单位[1]。" + "制作政策解读21个[1]。"
    extract = sample_assistant.ask(NARRATIVE)
    with fake_openai(_summary_script(bad)) as fake:
        steps = list(_with(fake, sample_index).ask_stream(NARRATIVE))
    # the first sentence passed and was shown; the invented one stops the summary, and the
    # answer becomes the extractive one
    assert [s.answer for s in steps] == [GOOD, extract.answer]
    assert steps[-1] == extract
