"""Every page in Chinese, in a browser whose language is English (Debian's Chromium, desktop and
375 px wide): no English word in the visible text or in an accessible label (aria-label, title,
placeholder, alt), no character the installed fonts cannot draw (drawn like an unassigned code
point: a box), times in local time, long answers wrapped inside the feedback table, Chinese
pages for unknown addresses, and the API documentation drawn from this site's own files."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import live_server, ui_settings
from tests.ui.test_browser import ask, login

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

# what the pages say: visible text (skipping code, which the widget tab shows as an example of
# HTML to paste) and accessible labels; each with the tag it was found in
COLLECT = r"""
() => {
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.display === 'none' || st.visibility === 'hidden') return false;
    }
    return true;
  };
  const code = (el) => el.closest('code, pre, .cm-editor, script, style, textarea');
  const text = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode()); ) {
    const t = n.nodeValue.trim(), el = n.parentElement;
    if (t && el && !code(el) && shown(el)) {
      text.push([t, el.tagName.toLowerCase(), getComputedStyle(el).fontFamily]);
    }
  }
  const labels = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) labels.push([a + '=' + v.trim(), el.tagName.toLowerCase()]);
    }
  }
  return {text, labels, lang: document.documentElement.lang, title: document.title};
}
"""

# characters drawn exactly like U+10FFFD (no font has it: the box) in the same font
TOFU = r"""
(items) => {
  const c = document.createElement('canvas');
  c.width = 48; c.height = 48;
  const g = c.getContext('2d');
  const draw = (ch, family) => {
    g.clearRect(0, 0, 48, 48);
    g.font = '32px ' + family;
    g.fillText(ch, 4, 38);
    return c.toDataURL();
  };
  const boxes = [];
  for (const [ch, family] of items) {
    if (draw(ch, family) === draw('\u{10FFFD}', family)) boxes.push(ch);
  }
  return boxes;
}
"""

# words that are data, not interface: file names and formats, the signed-in user, the setting
# the widget tab names, units
DATA_WORD = re.compile(
    r"[\w.-]+\.(?:pdf|txt|docx|doc|wps|html|htm|csv|xlsx)"
    r"|pdf|txt|docx|doc|wps|html|htm|PDF|CSV|Excel|MB|KB|staff|REPORTQA_[A-Z_]+"
)


def english_words(value: str) -> list[str]:
    """The English words of a text or label (a title that is a link's address has none)."""
    if value.startswith(("/", "http://", "https://")):
        return []
    words = []
    for token in re.findall(r"[A-Za-z0-9_.\-']*[A-Za-z][A-Za-z0-9_.\-']*", value):
        token = token.strip(".-'_")
        if re.search(r"[A-Za-z]{2,}", token) and not DATA_WORD.fullmatch(token):
            words.append(token)
    return words


def check_chinese(page, where: str) -> None:
    """No English word on ``page`` (text or labels), no undrawable character, lang zh-CN."""
    found = page.evaluate(COLLECT)
    assert found["lang"] == "zh-CN", where
    english = sorted(
        {f"{v} <{tag}>" for v, tag, _ in found["text"] if english_words(v)}
        | {f"{v} <{tag}>" for v, tag in found["labels"] if english_words(v.split("=", 1)[1])}
    )
    assert english == [], f"{where}: {english}"
    chars = sorted(
        {(ch, family) for t, _, family in found["text"] for ch in t if ord(ch) > 0x7F}
        | {(ch, "sans-serif") for v, _ in found["labels"] for ch in v if ord(ch) > 0x7F}
    )
    assert page.evaluate(TOFU, [list(c) for c in chars]) == [], where


@pytest.fixture
def site(index_copy, make_app):
    with live_server(make_app(ui_settings(index_copy))) as server:
        yield server


@pytest.fixture(params=[(1280, 900), (375, 812)], ids=["desktop", "phone"])
def english_page(request, browser):
    """A page in a browser whose language is American English."""
    width, height = request.param
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.width = width
    yield page
    context.close()


def test_the_chat_and_the_widget_are_chinese(site, english_page):
    page = english_page
    page.goto(site.url + "/")
    page.wait_for_selector("#rq-examples button")
    check_chinese(page, "chat")
    ask(page, "淮安市2024年收到多少政府信息公开申请？")
    page.wait_for_selector(".rq-figure-value")
    page.locator(".rq-source summary").first.click()
    # the vote buttons, the copy buttons and the messages are labelled in Chinese
    assert page.locator("#rq-chatbot button[aria-label='赞']").count() == 1
    assert page.locator("#rq-chatbot [aria-label='提问']").count() == 1
    assert page.locator("#rq-chatbot [aria-label='回答']").count() == 1
    page.locator("#rq-chatbot button[aria-label='赞']").click()
    page.wait_for_timeout(300)
    check_chinese(page, "chat with an answer")
    # the question box does not cover the messages
    box = page.locator("#rq-question").bounding_box()
    chat = page.locator("#rq-chatbot").bounding_box()
    assert box["y"] >= chat["y"] + chat["height"] - 1
    page.goto(site.url + "/widget")
    page.locator("#q").fill("淮安市2024年收到多少政府信息公开申请？")
    page.locator("#send").click()
    page.locator(".a .text").first.wait_for()
    check_chinese(page, "widget")


def open_tab(page, name: str) -> None:
    """A tab of the workspace; on a phone the last ones sit behind the "更多标签页" button."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.is_visible():
        tab.click()
    else:
        page.locator("button[aria-label='更多标签页']").click()
        page.locator("button", has_text=re.compile(f"^{name}$")).last.click()


def test_the_staff_workspace_is_chinese(site, english_page):
    page = english_page
    login(page, site.url)
    check_chinese(page, "staff: explorer")
    if page.width < 400:  # the tabs that do not fit are in a menu with a Chinese label
        page.locator("button[aria-label='更多标签页']").click()
        page.wait_for_timeout(300)
        check_chinese(page, "staff: more tabs")
        page.keyboard.press("Escape")
    for tab in ("比较", "校验", "报告库", "反馈", "小组件"):
        open_tab(page, tab)
        page.wait_for_timeout(700)
        check_chinese(page, f"staff: {tab}")


def test_times_are_local_and_long_answers_wrap_in_the_feedback_table(site, browser):
    chat = browser.new_context(locale="en-US").new_page()
    chat.goto(site.url + "/")
    chat.wait_for_selector("#rq-question textarea")
    ask(chat, "淮安市2024年存在哪些问题？")
    chat.wait_for_selector(".rq-answer")
    chat.locator("#rq-chatbot button[aria-label='踩']").click()
    chat.wait_for_timeout(300)
    chat.context.close()
    page = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}).new_page()
    login(page, site.url)
    page.get_by_role("tab", name="反馈").click()
    page.wait_for_function(
        "document.querySelector('#rq-feedback-summary').innerText.includes('没用 1')"
    )
    cells = page.locator("#rq-feedback [role=gridcell]")
    stamp = cells.nth(0).inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\s\d{2}:\d{2}:\d{2}", stamp), stamp  # no T, no +00:00
    answer = cells.nth(3)
    assert len(answer.inner_text()) > 100
    table = page.locator("#rq-feedback").bounding_box()
    box = answer.bounding_box()
    assert box["x"] + box["width"] <= table["x"] + table["width"] + 1  # inside the table
    line = page.evaluate(
        "(el) => parseFloat(getComputedStyle(el).lineHeight) || 20",
        answer.element_handle(),
    )
    assert box["height"] >= 2.5 * line  # wrapped over lines, not cut off on one
    page.context.close()


def test_unknown_addresses_get_a_chinese_page_in_a_browser(site, english_page):
    page = english_page
    r = page.goto(site.url + "/no/such/page")
    assert r.status == 404
    assert page.inner_text("h1") == "找不到这个页面"
    check_chinese(page, "404")
    r = page.goto(site.url + "/api/no-such-endpoint")
    assert r.status == 404 and r.headers["content-type"] == "application/json"
    assert r.json() == {
        "error": {
            "code": "not_found",
            "message": "没有接口 /api/no-such-endpoint。接口列表见 /docs。",
        }
    }


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_documentation_works_offline(site, page, path):
    """The page is drawn from this site's own files: no request leaves it (a CDN cannot be
    reached offline)."""
    fetched: list[str] = []
    refused: list[str] = []
    page.on("requestfinished", lambda req: fetched.append(req.url))
    page.on("requestfailed", lambda req: refused.append(f"{req.url} {req.failure}"))
    page.goto(site.url + path)
    # (the pages' policy allows no eval: the waits are Playwright's own selectors)
    page.get_by_text("政府信息公开年度报告问答 API").first.wait_for()
    page.get_by_text("/api/ask").first.wait_for()
    assert page.title() == "政府信息公开年度报告问答 API - 接口文档"
    local = [u for u in fetched if u.startswith(site.url + "/")]
    assert len(local) >= 3 and local == [u for u in fetched if not u.startswith("blob:")]
    # ReDoc's footer logo is asked for from its CDN: the page's policy refuses it (offline, it
    # could not load either), and the page does not depend on it
    assert all("csp" in r for r in refused), refused
