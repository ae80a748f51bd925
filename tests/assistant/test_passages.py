"""Questions about what a report says in words: the passage that answers, whole (a list with
its items' heads, the problems or the plans of section 五, a paragraph), each item cited with
its section and offsets; running headers and page numbers of a PDF are not part of it."""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from assistant.passages import around, sentences_of
from reportqa.records import Chunk, Provenance

HUAIAN_TITLE = "淮安市人民政府2024年政府信息公开工作年度报告"
YONGJI_TITLE = "南关区永吉街道办事处2024年政府信息公开工作年度报告"
FIVE = "五、存在的主要问题及改进情况"
ONE = "一、总体情况"
LATEST = "（未指明年度，按最新的2024年报告）"
HUAIAN_PLANS = (
    "针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，探索建立政社"
    "合作、多元参与的政策宣传解读模式，开发更多可读、可视、可感的政策解读产品，积极回应企业和群众的"
    "实际需求；建立健全“传帮带”机制，对新上岗人员开展“面对面、手把手”指导，定期组织业务培训，全面"
    "提升政务公开工作队伍水平，同时加强先进典型宣传和正面激励，增强队伍凝聚力。"
)


def _cited(a) -> list[tuple[str, str, int, int]]:
    return [
        (c.section, c.locator, c.provenance["char_start"], c.provenance["char_end"])
        for c in a.citations
    ]


def test_the_problems_are_the_list_whole_with_its_heads(sample_assistant: Assistant) -> None:
    a = sample_assistant.ask("淮安市政府存在哪些问题？")
    assert (a.found, a.route) == (True, "narrative")
    assert a.answer == (
        "要点：政策解读质量仍需提升；政务公开队伍建设还需进一步加强。\n"
        f"{HUAIAN_TITLE}“{FIVE}”中写道："
        "“对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量"
        "仍需提升，个别单位政策解读内容简单、形式单一；”[1]"
        "“二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。”[2]"
        + LATEST
    )
    assert _cited(a) == [(FIVE, "第5页第2行", 3389, 3455), (FIVE, "第5页第2行", 3455, 3499)]
    # the running header printed under the section on the PDF page is no part of it
    assert all("年度报告" not in c.quote for c in a.citations)


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("淮安下一步打算怎么改进？", LATEST),
        ("淮安市政府2025年打算怎么改进政务公开？", "（2025年的打算写在2024年的报告里）"),
    ],
)
def test_the_plans_are_what_follows_the_problems(
    sample_assistant: Assistant, question: str, note: str
) -> None:
    a = sample_assistant.ask(question)
    assert a.answer == f"{HUAIAN_TITLE}“{FIVE}”中写道：“{HUAIAN_PLANS}”[1]{note}"
    assert _cited(a) == [(FIVE, "第5页第2行", 3499, 3677)]


def test_problems_said_in_one_sentence_are_listed_as_heads(sample_assistant: Assistant) -> None:
    a = sample_assistant.ask("永吉街道自己说存在哪些问题？")
    assert a.answer == (
        "要点：公开文件比例低；政策解读质量有待提升；解读方式不够丰富多样。\n"
        f"{YONGJI_TITLE}“{FIVE}”中写道："
        "“政府信息公开工作是新时期政府工作的一项重要内容，2024年，我街政府信息公开工作成效明显，"
        "但仍旧存在公开文件比例低、政策解读质量有待提升、解读方式不够丰富多样等问题。”[1]" + LATEST
    )
    assert _cited(a) == [(FIVE, "第400行", 2977, 3060)]


def test_a_list_asked_for_whole_is_quoted_item_by_item(sample_assistant: Assistant) -> None:
    a = sample_assistant.ask("永吉街道为了保障公开平台的内容做了什么？")
    assert a.answer.startswith(
        "要点：以重点公开推进全面公开；增强政策解读效果。\n"
        f"{YONGJI_TITLE}“{ONE}”中写道：“（四）不断强化政府信息公开平台内容保障。一是以重点公开推进"
        "全面公开，"
    )
    assert "”[1]“二是增强政策解读效果。2024年，我街政务新媒体共发布解读信息60余篇，" in a.answer
    assert a.answer.endswith("方便群众查阅了解。”[2]" + LATEST)
    assert _cited(a) == [(ONE, "第9行", 670, 803), (ONE, "第9行", 803, 886)]


def test_a_question_in_other_words_finds_its_paragraph(sample_assistant: Assistant) -> None:
    """把关 is not the report's word: it says 审查 (the lexicon's synonyms)."""
    a = sample_assistant.ask("淮安市政府在网站上发信息之前是怎么把关的？")
    assert a.answer.startswith(
        f"{HUAIAN_TITLE}“{ONE}”中写道：“（三）政府信息管理情况。在政府网站、政务新媒体、政府公报等"
        "公开平台发布信息时，坚持“先审查、后公开”“一事一审”工作原则，"
    )
    assert _cited(a) == [(ONE, "第2页第13行", 910, 1159)]


def test_a_topic_the_report_never_mentions_is_said_to_be_absent(
    sample_assistant: Assistant,
) -> None:
    a = sample_assistant.ask("淮安有没有提到政府开放日活动？")
    assert (a.found, a.answer) == (False, "淮安市人民政府没有写到与“开放日、活动”相关的内容。")


def test_page_breaks_are_joined_and_running_headers_dropped() -> None:
    text = (
        "五、存在的主要问题及改进情况\n"
        "一是政策解读质量仍需提升，个别单位解读内容\n"
        "- 5 -\n"
        "淮安市人民政府\n"
        "2024 年政府信息公开工作年度报告\n"
        "简单、形式单一；二是队伍建设还需加强。"
    )
    chunk = Chunk(
        report_id="r",
        body="淮安市人民政府",
        year=2024,
        section=FIVE,
        subsection="五、存在的主要问题及改进情况",
        text=text,
        provenance=Provenance(source="x.pdf", section=FIVE, locator="第5页第1行", char_start=100),
    )
    got = sentences_of([chunk], "淮安市人民政府", 2024)
    assert [s.text for s in got] == [
        "一是政策解读质量仍需提升，个别单位解读内容简单、形式单一；",
        "二是队伍建设还需加强。",
    ]
    # offsets in the document: the chunk starts at 100; the first sentence runs over the break
    two = text.index("二是")
    assert [(s.start, s.end) for s in got] == [
        (100 + text.index("一是"), 100 + two),
        (100 + two, 100 + len(text)),
    ]
    p = around(got, got[1], whole_list=True)
    assert p.heads == ["政策解读质量仍需提升", "队伍建设还需加强"]


def test_a_follow_up_on_another_topic_goes_on_with_the_body_of_the_conversation(
    sample_assistant: Assistant,
) -> None:
    """Its words are written in that body's report: the passage, saying whose report it is."""
    a = sample_assistant.ask("那队伍建设方面呢？", ["淮安市下一步准备怎么把政策解读做得更好？"])
    assert a.found
    assert a.answer.startswith(f"{HUAIAN_TITLE}“{FIVE}”中写道：“二是政务公开队伍建设还需进一步加强")
    assert a.answer.endswith(f"”[1]{LATEST}（接着上文，按淮安市人民政府的报告回答。）")
    assert _cited(a)[0][:2] == (FIVE, "第5页第2行")


def test_a_follow_up_whose_words_the_report_never_writes_asks_which_body(
    sample_assistant: Assistant,
) -> None:
    """ "那平潭呢？" after 淮安: 平潭 may be a body the corpus lacks, never a topic of 淮安's report."""
    for q in ("那平潭呢？", "那平潭存在什么问题？"):
        a = sample_assistant.ask(q, ["淮安市下一步准备怎么把政策解读做得更好？"])
        assert (a.found, a.answer) == (
            False,
            "语料中没有叫“平潭”的机关，报告里也没有写到“平潭”。"
            "请问您想了解哪个机关的报告？语料中有：南关区永吉街道办事处、淮安市人民政府。",
        )


def test_a_government_the_corpus_holds_only_the_office_of_is_that_office(words: Assistant) -> None:
    a = words.ask("刚察县政府网站为少数民族群众做了啥")
    assert a.found and a.citations[0].body == "刚察县人民政府办公室"
    assert "新开设“藏语专栏”" in a.answer


def test_a_heading_says_its_words_for_the_sentences_under_it(words: Assistant) -> None:
    a = words.ask("经纬街道办2022年信息公开的监督保障措施有哪些")
    assert a.found and a.citations[0].body == "道里区经纬街道办事处"
    assert "(五)监督保障" in a.answer


def test_a_total_only_the_text_states_answers_a_figure_question(words: Assistant) -> None:
    a = words.ask("长春市人民政府办公厅2024年受理了多少件公开申请？")
    assert a.answer.startswith(
        "95件。长春市人民政府办公厅2024年收到（本年新收）的政府信息公开申请为95件[1]"
    )
    assert a.citations[0].quote.startswith("2024年,共受理政府信息公开申请95件")
    # a column of it (自然人) the text states only as a part: not taken for the table's cell
    a = words.ask("长春市人民政府办公厅2024年自然人申请多少件")
    assert not a.answer.startswith("95件")


def test_how_a_problem_is_handled_who_compiled_the_report_and_a_quoted_name(
    words: Assistant,
) -> None:
    # 怎么平衡公开和保密: a way of working, not a check of the tables
    a = words.ask("永吉街道是怎么平衡公开和保密的？")
    assert "妥善处理公开与保密的关系" in a.answer and "“一、总体情况”" in a.answer
    # what was done about a problem named: section 一, not the problems of section 五
    a = words.ask("人社局2024年对公开不及时的问题怎么处理？")
    assert a.answer.startswith(
        "澜江市人力资源和社会保障局2024年政府信息公开工作年度报告“一、总体情况”中写道："
    )
    assert "督促整改" in a.answer
    a = words.ask("澜江市政府2024年这份报告是谁编的？")
    assert a.answer.startswith(
        "澜江市人民政府2024年政府信息公开工作年度报告“前言”中写道：“本报告由澜江市人民政府办公室"
    )
    a = words.ask("安康市场监管局搞的“三晒三比三提升”活动是怎么回事？")
    assert a.found and "坚持组织开展“三晒三比三提升”活动,完成亮晒公示19期。" in a.answer
    a = words.ask(
        "他们在平台建设上又做了什么？", history=["番禺区政府办2024年发布了多少份政策解读？"]
    )
    assert a.answer.startswith(
        "广州市番禺区人民政府办公室2024年政府信息公开工作年度报告“一、总体情况”中写道："
        "“(四)政府信息公开平台建设情况。"
    )


def test_plans_an_excerpt_does_not_hold_and_a_count_no_sentence_gives(words: Assistant) -> None:
    a = words.ask("长春市政府办公厅2024年下一步有什么打算")
    assert (a.found, a.answer) == (False, "长春市人民政府办公厅没有写到与“打算”相关的内容。")
    # (its 100余条 stands in a clause after the one naming 藏语专栏, which the finder does not
    # join: refused, never answered with a passage that holds no count)
    a = words.ask("刚察县的藏语专栏开设以来发了多少条政务信息？")
    assert (a.found, a.answer) == (
        False,
        "刚察县人民政府办公室2023年的报告中没有找到能回答这个数目的句子，因此不给出数字。",
    )
    a = words.ask("针对队伍建设的问题 淮安准备怎么改")
    assert "“五、存在的主要问题及改进情况”中写道：“针对存在问题，下一步" in a.answer
    assert "全面提升政务公开工作队伍水平" in a.answer


def test_measures_never_quote_a_shortcoming(words: Assistant) -> None:
    a = words.ask("青屿区政府2023年发现公开不及时的问题怎么处理？")
    assert a.answer.startswith("青屿区人民政府2023年政府信息公开工作年度报告“一、总体情况”中写道：")
    assert "对公开不及时、公开不规范等问题及时督促整改" in a.answer
    # 从根子上: the report's 从源头上
    a = words.ask("淮安市政府2024年在依申请公开上有没有想办法从根子上解决问题？")
    assert "探索从源头上解决实际问题" in a.answer and "“一、总体情况”" in a.answer
    a = words.ask("市人社局2023年的报告说以后会不会经常搞培训？")
    assert "“五、存在的主要问题及改进情况”中写道：“2024年，我局将深入贯彻" in a.answer
