"""Issue 12 in a real browser (Debian's Chromium): charts in the chat and the widget, the widget on
a phone (suggestions that ask, clearing the conversation), the refusal page of a site that may
not frame it, and the staff comparison view with its Excel download."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from tests.ui.conftest import LiveServer, live_server, scanned_huaian, ui_settings
from tests.ui.test_browser import ask, choose, login
from tests.ui.test_sources import OCR_BOX, SCAN_SIZE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.fixture
def site(index_copy, make_app):
    with live_server(make_app(ui_settings(index_copy))) as server:
        yield server


def test_the_chat_draws_the_chart_of_a_ranking(site, page):
    page.goto(site.url + "/")
    page.wait_for_selector("#rq-question textarea")
    ask(page, "2024年哪个机关收到的申请最多？")
    chart = page.locator(".rq-chart")
    chart.wait_for()
    assert page.inner_text(".rq-chart-title") == "2024年收到（本年新收）的政府信息公开申请"
    assert page.locator(".rq-chart .rq-bar").count() == 2  # the SVG survived the sanitiser
    labels = page.locator(".rq-chart .rq-xlabel").all_text_contents()
    assert labels == ["淮安市人民政府", "南关区永吉街道办事处"]
    assert chart.bounding_box()["height"] > 60


def test_the_widget_on_a_phone(site, browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 700})
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(site.url + "/widget")
    page.locator("#q").fill("淮安市和永吉街道2024年收到的申请比较")
    page.locator("#send").click()
    page.locator(".chart svg").wait_for()
    assert page.locator(".chart figcaption").inner_text() == (
        "2024年收到（本年新收）的政府信息公开申请"
    )
    assert page.locator(".chart svg rect").count() == 2
    box = page.locator(".chart svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375  # fits the phone
    link = page.locator(".src a.view").first
    assert link.get_attribute("href").startswith("/view/")
    # one figure card with the body's name
    page.locator("#q").fill("淮安市2024年收到多少政府信息公开申请？")
    page.locator("#send").click()
    page.locator(".a .text").nth(1).wait_for()  # (the widget's CSP allows no eval)
    assert page.locator(".fig .b").last.inner_text() == "淮安市人民政府 · 2024年"
    assert page.locator(".a .text").last.inner_text() == (
        "淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件[1]。"
    )
    # a refusal offers questions that ask themselves
    page.locator("#q").fill("北京市2023年收到多少申请？")
    page.locator("#send").click()
    page.locator(".sug button").first.wait_for()
    first = page.locator(".sug button").first.inner_text()
    page.locator(".sug button").first.click()
    page.locator(".q", has_text=first).wait_for()
    # a new conversation
    page.locator("#clear").click()
    assert page.locator(".q").count() == 0 and page.locator(".a").count() == 0
    assert page.locator(".examples button").count() == 3
    page.locator(".examples button").first.click()
    page.locator(".a .text").first.wait_for()
    ctx.close()


def test_a_site_that_may_not_frame_the_widget_sees_why(index_copy, make_app, page):
    portal_app = Starlette(
        routes=[
            Route(
                "/",
                lambda r: HTMLResponse(
                    f"<iframe id='qa' src='{r.app.state.widget_url}' width='400' height='500'>"
                    "</iframe>"
                ),
            )
        ]
    )
    portal = LiveServer(portal_app)
    with live_server(make_app(ui_settings(index_copy))) as site:  # no frame ancestors set
        portal_app.state.widget_url = site.url + "/widget"
        portal.start()
        try:
            page.goto(portal.url + "/")
            frame = page.frame_locator("#qa")
            assert frame.locator("h1").inner_text() == "问答小组件不能在这个网站中显示"
            assert f"这个网站（{portal.url}）还没有登记" in frame.locator(".refused").inner_text()
            assert frame.locator("#q").count() == 0
        finally:
            portal.stop()


def test_staff_compare_bodies_and_download_excel(site, page, tmp_path):
    login(page, site.url)
    page.get_by_role("tab", name="比较").click()
    page.wait_for_function(
        "document.querySelector('#rq-rank').innerText.includes('淮安市人民政府')"
    )
    assert page.locator("#rq-compare-chart .rq-bar").count() == 2
    choose(page, "rq-metric", "政府信息公开行政复议")
    page.wait_for_function("document.querySelector('#rq-rank').innerText.includes('351')")
    assert "2024年政府信息公开行政复议：2 个机关" in page.inner_text("#rq-compare-summary")
    with page.expect_download() as download:
        page.locator("#rq-rank-xlsx").click()
    assert download.value.suggested_filename == "2024年各机关比较.xlsx"
    download.value.save_as(tmp_path / "rank.xlsx")
    sheet = load_workbook(tmp_path / "rank.xlsx")["排名"]
    assert sheet["A1"].value == "2024年政府信息公开行政复议"
    assert [sheet["B3"].value, sheet["E3"].value] == ["淮安市人民政府", 351]
    assert sheet["M3"].value == "表4“行政复议”行“总计”列：351"


def test_a_scanned_page_in_the_viewer_keeps_the_cited_box_on_its_cell_at_any_width(
    scanned_site, browser, tmp_path
):
    from assistant.answer import source_url

    facts = scanned_site.app.state.services.assistant.index.facts.facts(
        report_id=scanned_site.report_id
    )
    cell = next(
        f
        for f in facts
        if (f.table, f.row, f.column) == ("表2", "第二十条第（一）项 / 规章", "本年制发件数")
    )
    x0, y0, x1, y1 = (int(v) for v in OCR_BOX.search(cell.provenance.locator).groups())
    width, height = SCAN_SIZE
    url = source_url(scanned_site.report_id, cell.to_json()["provenance"])
    with live_server(scanned_site.app) as site:
        for viewport in (1280, 375):
            ctx = browser.new_context(locale="zh-CN", viewport={"width": viewport, "height": 900})
            page = ctx.new_page()
            page.goto(site.url + url)
            page.wait_for_function("document.querySelector('.scan img').naturalWidth > 0")
            image = page.locator(".scan img").bounding_box()
            box = page.locator(".scan .box").bounding_box()
            assert image["x"] >= 0 and image["x"] + image["width"] <= viewport  # fits
            # the box stands where the OCR read the cell, whatever the image's drawn size
            assert abs((box["x"] - image["x"]) / image["width"] - x0 / width) < 0.002
            assert abs((box["y"] - image["y"]) / image["height"] - y0 / height) < 0.002
            assert abs(box["width"] / image["width"] - (x1 - x0) / width) < 0.003
            assert abs(box["height"] / image["height"] - (y1 - y0) / height) < 0.003
            assert 0 <= box["y"] and box["y"] + box["height"] <= 900  # the link scrolled to it
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport
            page.screenshot(path=str(tmp_path / f"viewer-scan-{viewport}.png"))
            ctx.close()


def test_an_upload_of_a_scan_shows_each_page_read_by_ocr_in_its_one_progress_display(
    make_app, page, tmp_path
):
    pdf = scanned_huaian(tmp_path)
    with Index(tmp_path / "index", HashEmbedder()):
        pass  # an index of its own: the text sample is the same body and year
    with live_server(make_app(ui_settings(tmp_path / "index"))) as site:
        login(page, site.url)
        page.get_by_role("tab", name="报告库").click()
        page.locator("#rq-files input[type=file]").set_input_files(str(pdf))
        # uploaded to the server: listed with its size
        page.wait_for_function("document.querySelector('#rq-files').innerText.includes('MB')")
        page.locator("#rq-upload").click()
        shown = "第 1/1 个文件 淮安扫描件.pdf：文字识别 第 2/2 页"
        page.wait_for_function(
            f"document.querySelector('#rq-upload-result').innerText.includes({shown!r})",
            timeout=120_000,
        )
        page.screenshot(path=str(tmp_path / "upload-ocr.png"))
        page.locator("#rq-upload-result li").wait_for(timeout=120_000)
        assert "淮安扫描件.pdf：已导入（淮安市人民政府 2024年" in page.inner_text(
            "#rq-upload-result"
        )
