"""Screenshots of the chat, the widget and the staff workspace for the README (docs/*.png).

    python -m tests.ui.screenshots [--out docs] [--only scan]

Builds a demo index in a temporary folder: the two real samples of corpus/ and six generated
reports (two fictional bodies, 2022–2024, some with a planted cross-check error, so the chart
has a line and the checks tab has failures), serves it on 127.0.0.1, and drives Debian's
Chromium: the chat (a trend chart, a source opened, the source viewer, a phone), the widget in a
portal (a chart, a consistency answer, the refusal page of a site not allowed), the staff
workspace (explorer, comparison, checks); then, over an index of its own, a scanned report's upload
in progress (its pages read by OCR one by one) and the viewer of a scanned page with the cited
cell's box (``--only scan``: these three alone). Not a test (pytest does not collect it); the browser tests cover the same pages.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from generator.corpus import make_corpus
from ingest.pipeline import ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from tests.conftest import CORPUS, ROOT
from tests.ui.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STAFF_PASSWORD,
    STAFF_USER,
    LiveServer,
    live_server,
    scanned_huaian,
    ui_settings,
)

STREET = "青屿区人民政府"


def build_demo_index(root: Path) -> Path:
    generated = root / "generated"
    make_corpus(
        7, 6, generated, formats=("txt", "docx", "html"), years=(2022, 2023, 2024), plant_rate=0.34
    )
    index_dir = root / "index"
    with Index(index_dir, HashEmbedder()) as index:
        summary = ingest_paths([CORPUS, generated], index, progress=False)
    if summary.failed:
        raise SystemExit(f"demo ingest failed: {summary.failed}")
    return index_dir


def _choose(page, elem: str, text: str) -> None:
    page.locator(f"#{elem} input").click()
    page.get_by_role("option", name=text, exact=True).click()


def shoot(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from reportqa.app import build_web_app

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportqa-shots-") as tmp:
        index_dir = build_demo_index(Path(tmp))
        portal_app = Starlette(
            routes=[Route("/", lambda r: HTMLResponse(PORTAL.format(src=r.app.state.src)))]
        )
        portal = LiveServer(portal_app)
        settings = ui_settings(index_dir, widget_frame_ancestors=portal.url)
        with live_server(build_web_app(settings, warm_up=False)) as site, sync_playwright() as p:
            portal_app.state.src = site.url + "/widget"
            portal.start()
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                ctx = browser.new_context(
                    locale="zh-CN", viewport={"width": 1200, "height": 900}, device_scale_factor=1
                )
                page = ctx.new_page()
                page.set_default_timeout(30_000)

                # the chat: a trend over three years (a chart), then a figure, its source opened
                page.goto(site.url + "/")
                page.locator("#rq-question textarea").fill(
                    "青屿区政府近三年收到多少政府信息公开申请？"
                )
                page.locator("#rq-send").click()
                page.wait_for_selector(".rq-chart")
                page.screenshot(path=str(out / "chat-chart.png"), full_page=True)
                page.locator("#rq-question textarea").fill("淮安市2024年收到多少政府信息公开申请？")
                page.locator("#rq-send").click()
                page.wait_for_selector(".rq-figure-value")
                page.locator(".rq-source summary").last.click()
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / "chat.png"), full_page=True)

                # the source viewer: the cited cell of the PDF's table marked
                with ctx.expect_page() as opened:
                    page.locator(".rq-source .rq-view").last.click()
                viewer = opened.value
                viewer.wait_for_load_state()
                viewer.wait_for_timeout(500)
                viewer.screenshot(path=str(out / "viewer.png"))
                viewer.close()

                # the chat on a phone
                phone = browser.new_context(
                    locale="zh-CN", viewport={"width": 375, "height": 812}, device_scale_factor=1
                ).new_page()
                phone.goto(site.url + "/")
                phone.locator("#rq-question textarea").fill("2024年哪个机关收到的申请最多？")
                phone.locator("#rq-send").click()
                phone.wait_for_selector(".rq-chart")
                phone.wait_for_timeout(500)
                phone.screenshot(path=str(out / "chat-phone.png"), full_page=True)
                phone.context.close()

                # the widget in a portal page of another origin: a comparison with its chart
                page.set_viewport_size({"width": 900, "height": 760})
                page.goto(portal.url + "/")
                frame = page.frame_locator("#qa")
                frame.locator("#q").fill("青屿区政府2024年比2023年收到的申请多多少？")
                frame.locator("#send").click()
                frame.locator(".chart").first.wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / "widget.png"))
                frame.locator("#q").fill("东风街道2024年的数据一致吗？")
                frame.locator("#send").click()
                frame.locator(".a .text").nth(1).wait_for()
                frame.locator(".src summary").last.click()
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / "widget-check.png"))

                # the staff workspace: the explorer over three years, the comparison, the checks
                page.set_viewport_size({"width": 1200, "height": 900})
                page.goto(site.url + "/staff/")
                page.locator("#username").fill(STAFF_USER)
                page.locator("#password").fill(STAFF_PASSWORD)
                page.locator("button[type=submit]").click()
                page.wait_for_selector("#rq-body")
                for elem, text in (
                    ("rq-body", STREET),
                    ("rq-table", "表3"),
                    ("rq-row", "一、本年新收政府信息公开申请数量"),
                    ("rq-column", "总计"),
                ):
                    _choose(page, elem, text)
                page.wait_for_function(
                    "document.querySelector('#rq-series-summary').innerText.includes('2022')"
                )
                page.locator("#rq-chart svg").first.wait_for()
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / "staff.png"), full_page=True)
                page.get_by_role("tab", name="比较").click()
                page.locator("#rq-compare-chart svg").first.wait_for()
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / "staff-compare.png"), full_page=True)
                page.get_by_role("tab", name="校验").click()
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / "staff-checks.png"), full_page=True)

                # the widget framed by a site that may not frame it
                other = browser.new_context(locale="zh-CN", viewport={"width": 900, "height": 700})
                op = other.new_page()
                with live_server(
                    Starlette(
                        routes=[
                            Route(
                                "/",
                                lambda r: HTMLResponse(PORTAL.format(src=site.url + "/widget")),
                            )
                        ]
                    )
                ) as stranger:
                    op.goto(stranger.url + "/")
                    op.frame_locator("#qa").locator(".refused").wait_for()
                    op.screenshot(path=str(out / "widget-refused.png"))
                other.close()
            finally:
                browser.close()
                portal.stop()


def shoot_scan(out: Path) -> None:
    """The Huaian sample with two pages scanned, uploaded in the staff workspace (shot while its
    second page is read by OCR), then the viewer of a cell of its 表2 with the box drawn on the
    page image: at a desktop's width from the top, and on a phone where the link scrolls to."""
    from playwright.sync_api import sync_playwright

    from assistant.answer import source_url
    from reportqa.app import build_web_app

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportqa-scan-shots-") as tmp:
        pdf = scanned_huaian(Path(tmp))
        with Index(Path(tmp) / "index", HashEmbedder()) as index:  # the library not empty
            ingest_paths([CORPUS / "yongji-2024.txt"], index, progress=False)
        app = build_web_app(ui_settings(Path(tmp) / "index"), warm_up=False)
        with live_server(app) as site, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                ctx = browser.new_context(
                    locale="zh-CN", viewport={"width": 1200, "height": 760}, device_scale_factor=1
                )
                page = ctx.new_page()
                page.set_default_timeout(120_000)
                page.goto(site.url + "/staff/")
                page.locator("#username").fill(STAFF_USER)
                page.locator("#password").fill(STAFF_PASSWORD)
                page.locator("button[type=submit]").click()
                page.get_by_role("tab", name="报告库").click()
                page.locator("#rq-files input[type=file]").set_input_files(str(pdf))
                page.wait_for_function(
                    "document.querySelector('#rq-files').innerText.includes('MB')"
                )
                page.locator("#rq-upload").click()
                page.wait_for_function(
                    "document.querySelector('#rq-upload-result').innerText.includes('第 2/2 页')"
                )
                page.wait_for_timeout(1500)
                page.screenshot(path=str(out / "staff-upload.png"), full_page=True)
                page.locator("#rq-upload-result li").first.wait_for()
                ctx.close()

                facts = app.state.services.assistant.index.facts
                rid = next(
                    r.report.report_id for r in facts.list_reports() if r.report.source == pdf.name
                )
                cell = next(
                    f
                    for f in facts.facts(report_id=rid)
                    if (f.table, f.row, f.column)
                    == ("表2", "第二十条第（一）项 / 规章", "本年制发件数")
                )
                url = source_url(rid, cell.to_json()["provenance"])
                for name, size, link in (
                    ("viewer-scan.png", {"width": 1200, "height": 1100}, url.split("#")[0]),
                    ("viewer-scan-phone.png", {"width": 375, "height": 812}, url),
                ):
                    ctx = browser.new_context(locale="zh-CN", viewport=size, device_scale_factor=1)
                    page = ctx.new_page()
                    page.set_default_timeout(120_000)  # the first view reads the scan by OCR
                    page.goto(site.url + link)
                    page.wait_for_function("document.querySelector('.scan img').naturalWidth > 0")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(out / name))
                    ctx.close()
            finally:
                browser.close()


PORTAL = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户网站</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:0;background:#f6f8fa}}
header{{background:#b22222;color:#fff;padding:14px 24px;font-size:20px}}
main{{display:flex;gap:24px;padding:20px 24px}} article{{flex:1}}
iframe{{border:1px solid #d0d7de;border-radius:8px;background:#fff}}</style></head>
<body><header>某市人民政府门户网站 · 政府信息公开</header><main><article>
<h2>政府信息公开工作年度报告</h2><p>本栏目发布各级行政机关的政府信息公开工作年度报告。
右侧的问答助手可以回答报告中的数字，并注明出处。</p></article>
<iframe id="qa" src="{src}" title="政府信息公开年度报告问答" width="380" height="620"
loading="lazy"></iframe></main></body></html>"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Screenshots of the web UI for the README.")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument(
        "--only", choices=("all", "scan"), default="all", help="scan: the scan viewer's"
    )
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print("需要 /usr/bin/chromium（scripts/system-deps.sh 会安装）。", file=sys.stderr)
        return 1
    if args.only == "all":
        shoot(args.out)
    shoot_scan(args.out)
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
