"""The chat's HTML: figure, numbered expandable sources, suggestions; nothing unescaped."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.answer import Answer, Citation, Figure
from tests.ui.conftest import XSS
from ui.render import answer_html, esc, question_html

CITATION = Citation(
    source="huaian-2024.pdf",
    title="淮安市人民政府2024年政府信息公开工作年度报告",
    body="淮安市人民政府",
    year=2024,
    section="三、收到和处理政府信息公开申请情况",
    locator="第4页 表格3 第4行第10列",
    quote="表3“一、本年新收政府信息公开申请数量”行“总计”列：3119",
)
FIGURE = Figure(
    value=3119,
    unit="件",
    label="表3：一、本年新收政府信息公开申请数量·总计",
    body="淮安市人民政府",
    year=2024,
    source="huaian-2024.pdf",
)
# the only tags this module writes
OUR_TAGS = {"div", "sup", "ol", "ul", "li", "details", "summary", "br"}


def tags(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([a-zA-Z][\w-]*)", html)}


def test_a_figure_answer_shows_the_figure_and_its_numbered_source():
    html = answer_html(
        Answer(
            answer="3119件。淮安市人民政府2024年收到的政府信息公开申请为3119件[1]。",
            found=True,
            citations=[CITATION],
            figures=[FIGURE],
            route="figure",
        )
    )
    assert '<div class="rq-figure-value">3119件</div>' in html
    assert '申请为3119件<sup class="rq-ref">[1]</sup>。' in html
    assert "<summary>[1] 淮安市人民政府2024年政府信息公开工作年度报告</summary>" in html
    assert (
        '<div class="rq-quote">表3“一、本年新收政府信息公开申请数量”行“总计”列：3119</div>' in html
    )
    assert "位置：三、收到和处理政府信息公开申请情况，第4页 表格3 第4行第10列" in html
    assert "报告：淮安市人民政府2024年政府信息公开工作年度报告（2024年）" in html
    assert tags(html) <= OUR_TAGS


def test_a_not_found_answer_lists_the_reports_and_suggestions():
    html = answer_html(
        Answer(
            answer="语料中没有“北京市”的报告。",
            found=False,
            citations=[CITATION.model_copy(update={"quote": "（语料中的报告）", "locator": ""})],
            route="refusal",
            suggestions=["淮安市政府2024年收到多少政府信息公开申请？"],
        )
    )
    assert "rq-figure" not in html and "rq-notfound" in html
    assert "语料中的报告（点击展开）" in html
    assert "<li>淮安市政府2024年收到多少政府信息公开申请？</li>" in html


def test_a_marker_without_its_source_stays_text():
    html = answer_html(Answer(answer="见[2]", found=True, citations=[CITATION], route="narrative"))
    assert "见[2]" in html and "<sup" not in html


def test_script_in_a_question_or_a_document_is_text():
    evil = CITATION.model_copy(update={"quote": XSS, "title": XSS, "source": XSS + ".txt"})
    html = answer_html(Answer(answer=XSS + "[1]", found=True, citations=[evil], route="narrative"))
    html += question_html(XSS)
    assert tags(html) <= OUR_TAGS
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert "{{" not in html and "${" not in html


@given(st.text())
def test_esc_leaves_no_markup(text):
    out = esc(text)
    assert tags(out) <= {"br"}
    assert not set(out.replace("<br>", "")) & set("<>\"'{}$`")
