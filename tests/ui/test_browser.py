"""The site in a real browser (Debian's Chromium, headless, through Playwright): the chat, a
source opened, the widget framed by another origin, the staff login, explorer and chart, and an
upload that becomes answerable (with <script> inside the report, shown as text)."""

from __future__ import annotations

import re

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from tests.ui.conftest import (
    STAFF_PASSWORD,
    STAFF_USER,
    XSS,
    LiveServer,
    live_server,
    ui_settings,
    variant_report,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.fixture
def site(index_copy, make_app):
    with live_server(make_app(ui_settings(index_copy))) as server:
        yield server


def ask(page, question: str) -> None:
    box = page.locator("#rq-question textarea")
    box.fill(question)
    page.locator("#rq-send").click()


def choose(page, elem_id: str, text: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=text, exact=True).click()


def login(page, url: str) -> None:
    page.goto(url + "/staff/")
    page.locator("#username").fill(STAFF_USER)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#rq-body")


def test_chat_answers_with_the_figure_and_a_source_that_opens(site, page):
    page.goto(site.url + "/")
    page.wait_for_selector("#rq-examples")
    assert (
        "语料中有南关区永吉街道办事处（2024年）；淮安市人民政府（2024年）的报告"
        in page.inner_text("#rq-header")
    )
    ask(page, "淮安市2024年收到多少政府信息公开申请？")
    page.wait_for_selector(".rq-figure-value")
    assert page.inner_text(".rq-figure-value") == "3119件"
    assert "表3：一、本年新收政府信息公开申请数量·总计" in page.inner_text(".rq-figure-label")
    summary = page.locator(".rq-source summary").first
    assert summary.inner_text() == "[1] 淮安市人民政府2024年政府信息公开工作年度报告"
    quote = page.locator(".rq-quote").first
    assert not quote.is_visible()
    summary.click()
    assert quote.is_visible()
    assert quote.inner_text() == "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
    meta = page.locator(".rq-source .rq-meta").all_inner_texts()
    assert "报告：淮安市人民政府2024年政府信息公开工作年度报告（2024年）" in meta
    # the report's own table and labels (the quote) first, the position in the file second
    assert "位置：三、收到和处理政府信息公开申请情况，第4页，文件中的第3个表格，第4行第10列" in meta
    with page.context.expect_page() as opened:
        page.locator(".rq-source .rq-view").first.click()
    viewer = opened.value
    viewer.wait_for_load_state()
    assert viewer.url.endswith("?t=3&r=3&c=9&page=4#hl")
    assert viewer.inner_text(".cited .what") == (
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
    )
    assert viewer.inner_text("td#hl") == "3119"
    viewer.close()

    # an example question from the corpus, asked by a click
    page.locator("#rq-examples button", has_text="永吉街道2024年收到多少政府信息公开申请？").click()
    page.wait_for_function("document.querySelectorAll('.rq-figure-value').length == 2")
    assert page.locator(".rq-figure-value").nth(1).inner_text() == "0件"

    # not found: what the corpus holds, and suggestions (also offered as the next examples)
    ask(page, "北京市2023年收到多少申请？")
    page.wait_for_selector(".rq-notfound")
    assert "语料中没有“北京市”的报告" in page.inner_text(".rq-notfound")
    assert page.locator(".rq-suggestions li").count() == 4
    page.wait_for_function(
        "[...document.querySelectorAll('#rq-examples button')].some(b => b.innerText.includes('存在哪些问题'))"
    )


def test_script_in_a_question_stays_text(site, page):
    page.goto(site.url + "/")
    page.wait_for_selector("#rq-question textarea")
    ask(page, XSS + "淮安市有哪些问题")
    page.wait_for_selector(".rq-q")
    page.wait_for_selector(".rq-answer")
    assert page.inner_text(".rq-q") == XSS + "淮安市有哪些问题"
    assert page.locator("#rq-chatbot script, #rq-chatbot img").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_votes_reach_the_feedback_log(site, page, browser):
    page.goto(site.url + "/")
    page.wait_for_selector("#rq-question textarea")
    ask(page, "淮安市2024年收到多少政府信息公开申请？")
    page.wait_for_selector(".rq-figure-value")
    page.locator("#rq-chatbot button[aria-label='踩']").click()
    staff = browser.new_context(locale="zh-CN").new_page()
    login(staff, site.url)
    staff.get_by_role("tab", name="反馈").click()
    staff.wait_for_function(
        "document.querySelector('#rq-feedback-summary').innerText.includes('没用 1')"
    )
    assert "淮安市2024年收到多少政府信息公开申请？" in staff.inner_text("#rq-feedback")
    staff.context.close()


def test_widget_in_an_iframe_of_another_loopback_origin(index_copy, make_app, page):
    def portal_page(request):
        return HTMLResponse(
            "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>门户</title>"
            "</head><body><h1>某市政府门户网站</h1>"
            f"<iframe id='qa' src='{request.app.state.widget_url}' title='问答' width='420' "
            "height='620'></iframe></body></html>"
        )

    portal_app = Starlette(routes=[Route("/", portal_page)])
    portal = LiveServer(portal_app)  # bound now: its origin is known before the site starts
    settings = ui_settings(index_copy, widget_frame_ancestors=portal.url)
    with live_server(make_app(settings)) as site:
        portal_app.state.widget_url = site.url + "/widget"
        portal.start()
        try:
            assert portal.url != site.url  # another origin (another port)
            page.goto(portal.url + "/")
            frame = page.frame_locator("#qa")
            frame.locator("#q").fill("淮安市2024年收到多少政府信息公开申请？")
            frame.locator("#send").click()
            assert frame.locator(".fig .v").inner_text() == "3119件"
            frame.locator(".src summary").first.click()
            assert frame.locator(".src .quote").first.inner_text() == (
                "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
            )
            frame.locator("#q").fill(XSS)
            frame.locator("#send").click()
            frame.locator(".q", has_text="<script>").wait_for()
            assert frame.locator(".q").nth(1).inner_text() == XSS
            page.wait_for_timeout(500)
            assert page.dialogs == []
        finally:
            portal.stop()


def test_widget_refuses_an_origin_not_configured(index_copy, make_app, page):
    portal_app = Starlette(
        routes=[
            Route(
                "/",
                lambda r: HTMLResponse(f"<iframe id='qa' src='{r.app.state.widget_url}'></iframe>"),
            )
        ]
    )
    portal = LiveServer(portal_app)
    with live_server(make_app(ui_settings(index_copy))) as site:  # no frame ancestors set
        portal_app.state.widget_url = site.url + "/widget"
        portal.start()
        try:
            page.goto(portal.url + "/")
            page.wait_for_timeout(1500)
            frame = page.frames[1]
            assert "/widget" not in frame.url or frame.locator("#q").count() == 0
        finally:
            portal.stop()


def test_staff_refuses_without_login_and_shows_explorer_and_chart(site, page):
    page.goto(site.url + "/staff/")
    assert page.url.endswith("/staff/login")
    page.locator("#username").fill(STAFF_USER)
    page.locator("#password").fill("wrong")
    page.locator("button[type=submit]").click()
    assert "账号或密码错误" in page.inner_text("body")
    assert page.request.get(site.url + "/staff/gradio_api/info").status == 401

    login(page, site.url)
    choose(page, "rq-body", "淮安市人民政府")
    choose(page, "rq-table", "表3")
    choose(page, "rq-row", "一、本年新收政府信息公开申请数量")
    choose(page, "rq-column", "总计")
    page.wait_for_function("document.querySelector('#rq-values').innerText.includes('3119')")
    values = page.inner_text("#rq-values")
    assert "huaian-2024.pdf" in values and "第4页 表格3 第4行第10列" in values
    assert "1 个数值，2024年" in page.inner_text("#rq-series-summary")
    page.locator("#rq-chart canvas, #rq-chart svg").first.wait_for()
    with page.expect_download() as download:
        page.locator("#rq-csv").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0] == "主体,指标,年度,数值,单位,原文,报告,文件,位置"
    assert "3119" in text.splitlines()[1]

    page.get_by_role("tab", name="报告库").click()
    library = page.inner_text("#rq-library")
    assert "huaian-2024.pdf" in library and "yongji-2024.txt" in library
    page.get_by_role("tab", name="校验").click()
    assert "2 份报告的校验全部通过" in page.inner_text("body")


def test_an_uploaded_report_becomes_answerable_in_the_chat(site, page, browser, tmp_path):
    report = variant_report(tmp_path / "永吉街道2023年报告.txt", inject=XSS)
    login(page, site.url)
    page.get_by_role("tab", name="报告库").click()
    page.locator("#rq-files input[type=file]").set_input_files(str(report))
    page.wait_for_function(  # uploaded to the server: listed with its size
        "document.querySelector('#rq-files').innerText.includes('KB')"
    )
    page.locator("#rq-upload").click()
    page.locator("#rq-upload-result li").wait_for(timeout=60_000)
    result = page.inner_text("#rq-upload-result")
    assert "永吉街道2023年报告.txt：已导入（南关区永吉街道办事处 2023年" in result
    page.wait_for_function("document.querySelector('#rq-library').innerText.includes('2023')")

    chat = browser.new_context(locale="zh-CN").new_page()
    chat.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    chat.goto(site.url + "/")
    chat.wait_for_selector("#rq-question textarea")
    ask(chat, "永吉街道2023年存在哪些问题？")
    chat.wait_for_selector(".rq-answer")
    answer = chat.inner_text(".rq-answer")
    assert "南关区永吉街道办事处2023年政府信息公开工作年度报告" in answer
    assert XSS in answer  # the report's <script> shown as text
    chat.locator(".rq-source summary").first.click()
    assert XSS in chat.inner_text(".rq-quote")
    assert "文件：永吉街道2023年报告.txt" in chat.inner_text(".rq-source")
    assert chat.locator("#rq-chatbot script, #rq-chatbot img").count() == 0
    ask(chat, "永吉街道2023年收到多少政府信息公开申请？")
    chat.wait_for_function("document.querySelectorAll('.rq-answer').length == 2")
    assert re.search(
        r"2023年收到（本年新收）的政府信息公开申请为0件", chat.inner_text("#rq-chatbot")
    )
    chat.wait_for_timeout(500)
    assert page.dialogs == []
    chat.context.close()
