"""Citations that open their source: the report's file (a PDF at its page) and a page of the
report's text with the cited cell or sentence marked; only the index's own files, by report id."""

from __future__ import annotations

import io
import re

import pytest

from reportqa.errors import ConfigError
from tests.conftest import CORPUS
from tests.ui.conftest import basic, client_for, error_of, ui_settings, variant_report

HUAIAN_NEW = "淮安市2024年收到多少政府信息公开申请？"
YONGJI_PROBLEMS = "永吉街道2024年存在哪些问题？"
PROBLEM_SENTENCE = (
    "政府信息公开工作是新时期政府工作的一项重要内容，2024年，我街政府信息公开工作成效明显，"
    "但仍旧存在公开文件比例低、政策解读质量有待提升、解读方式不够丰富多样等问题。"
)


def _cite(client, question: str) -> dict:
    body = client.post("/api/ask", json={"question": question}).json()
    return body["citations"][0]


def test_a_table_cell_citation_opens_the_report_with_the_cell_marked(shared_client):
    cite = _cite(shared_client, HUAIAN_NEW)
    assert cite["url"] == f"/view/{cite['report_id']}?t=3&r=3&c=9&page=4#hl"
    page = shared_client.get(cite["url"].split("#")[0], headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    # the report's own table and labels first, the position in the file second
    assert re.search(r'<div class="what">(.*?)</div>', page.text).group(1) == (
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
    )
    assert re.search(r'<div class="where">(.*?)</div>', page.text).group(1) == (
        "文件中的位置：第4页，文件中的第3个表格，第4行第10列"
    )
    assert re.findall(r'<td class="hl" id="hl">([^<]*)</td>', page.text) == ["3119"]
    assert page.text.count('id="hl"') == 1
    # the PDF itself, at the cited page
    assert f'href="/files/{cite["report_id"]}/huaian-2024.pdf#page=4" target="_blank"' in page.text


def test_a_sentence_citation_opens_the_report_with_the_sentence_marked(shared_client):
    cite = _cite(shared_client, YONGJI_PROBLEMS)
    assert cite["url"] == f"/view/{cite['report_id']}?s=2977&e=3060&line=400#hl"
    page = shared_client.get(cite["url"].split("#")[0])
    assert re.findall(r'<mark class="hl" id="hl">([^<]*)</mark>', page.text) == [PROBLEM_SENTENCE]
    assert "文件中的位置：第400行" in page.text


def test_the_files_are_served_as_indexed(shared_client):
    pdf = _cite(shared_client, HUAIAN_NEW)
    r = shared_client.get(f"/files/{pdf['report_id']}/huaian-2024.pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == "inline; filename*=UTF-8''huaian-2024.pdf"
    assert r.content == (CORPUS / "huaian-2024.pdf").read_bytes()
    txt = _cite(shared_client, YONGJI_PROBLEMS)
    r = shared_client.get(f"/files/{txt['report_id']}/yongji-2024.txt")
    assert r.content == (CORPUS / "yongji-2024.txt").read_bytes()
    # a report's own file is never a page of this site: downloaded, and sandboxed
    assert r.headers["content-disposition"] == "attachment; filename*=UTF-8''yongji-2024.txt"
    assert r.headers["content-security-policy"] == (
        "sandbox; default-src 'none'; frame-ancestors 'self'"
    )


def test_another_reports_file_an_unknown_id_and_path_traversal_are_refused(shared_client):
    pdf = _cite(shared_client, HUAIAN_NEW)["report_id"]
    txt = _cite(shared_client, YONGJI_PROBLEMS)["report_id"]
    r = shared_client.get(f"/files/{pdf}/yongji-2024.txt")  # another report's file name
    assert r.status_code == 404
    assert error_of(r) == {
        "code": "file_not_found",
        "message": "报告“淮安市人民政府2024年政府信息公开工作年度报告”的文件不是“yongji-2024.txt”，"
        "只能打开它自己的文件 huaian-2024.pdf。",
    }
    r = shared_client.get(f"/files/{txt}/huaian-2024.pdf")
    assert r.status_code == 404 and error_of(r)["code"] == "file_not_found"
    r = shared_client.get("/files/0123456789abcdef0123/huaian-2024.pdf")  # not in this index
    assert error_of(r) == {
        "code": "report_not_found",
        "message": "语料中没有编号为“0123456789abcdef0123”的报告：报告可能已被删除或替换，"
        "请重新提问以获得新的出处链接。",
    }
    r = shared_client.get("/view/%2e%2e", headers={"accept": "text/html"})  # a browser
    assert r.status_code == 404
    assert "出处编号“..”无效：出处链接应当来自问答中的引用。" in r.text
    assert '<p class="err" role="alert">' in r.text
    for path in (
        f"/files/{pdf}/..%2F..%2F..%2Fetc%2Fpasswd",
        f"/files/{pdf}/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/files/..%2F..%2Fetc/passwd",
        f"/files/{pdf}/..%5C..%5Cetc%5Cpasswd",
        "/view/..%2F..%2Fetc%2Fpasswd",
        f"/files/{pdf}/%00huaian-2024.pdf",
    ):
        r = shared_client.get(path)
        assert r.status_code == 404, path
        assert "root:" not in r.text and not r.content.startswith(b"%PDF"), path


def test_a_file_changed_or_gone_since_ingest_is_refused(index_copy, make_app, tmp_path):
    report = variant_report(tmp_path / "永吉2023.txt", inject="")
    with client_for(make_app(ui_settings(index_copy))) as client:
        up = client.post(
            "/api/reports",
            files={"file": ("永吉2023.txt", io.BytesIO(report.read_bytes()))},
            auth=basic(),
        )
        assert up.status_code == 201
        rid = up.json()["report"]["report_id"]
        url = f"/files/{rid}/永吉2023.txt"
        assert client.get(url).status_code == 200
        stored = index_copy / "uploads" / "永吉2023.txt"
        stored.write_text(stored.read_text(encoding="utf-8") + "改动", encoding="utf-8")
        r = client.get(url)
        assert r.status_code == 409
        assert error_of(r) == {
            "code": "file_changed",
            "message": "报告文件 永吉2023.txt 在导入后被修改过，出处的位置可能已对不上；"
            "请工作人员重新导入后再打开。",
        }
        stored.unlink()
        r = client.get(f"/view/{rid}")
        assert r.status_code == 404 and error_of(r)["code"] == "file_missing"


def test_citation_links_use_the_public_base_url(corpus_index, make_app, tmp_path):
    settings = ui_settings(
        corpus_index,
        public_base_url="https://qa.example.gov.cn/",
        feedback_db=tmp_path / "fb.sqlite",
    )
    with client_for(make_app(settings)) as client:
        cite = _cite(client, HUAIAN_NEW)
    assert cite["url"] == (
        f"https://qa.example.gov.cn/view/{cite['report_id']}?t=3&r=3&c=9&page=4#hl"
    )
    with pytest.raises(ConfigError, match="REPORTQA_PUBLIC_BASE_URL 无效"):
        make_app(ui_settings(corpus_index, public_base_url="javascript:alert(1)"))


# -- a scanned page: its image, the cited box drawn over it -------------------------------------

SCAN_SIZE = (1241, 1756)  # the scanned pages: the sample rendered at 150 dpi, the OCR's resolution
OCR_BOX = re.compile(r"OCR 框 (\d+),(\d+),(\d+),(\d+)")


def _scan_fact(site, table: str, row: str, column: str):
    facts = site.app.state.services.assistant.index.facts.facts(report_id=site.report_id)
    return next(f for f in facts if (f.table, f.row, f.column) == (table, row, column))


def _box_style(x0: float, y0: float, x1: float, y1: float) -> str:
    w, h = SCAN_SIZE
    return (
        f"left:{x0 / w * 100:.3f}%;top:{y0 / h * 100:.3f}%;"
        f"width:{(x1 - x0) / w * 100:.3f}%;height:{(y1 - y0) / h * 100:.3f}%"
    )


def test_a_scanned_page_is_served_as_the_png_the_ocr_read(scanned_site):
    from PIL import Image

    with client_for(scanned_site.app) as client:
        r = client.get(f"/view/{scanned_site.report_id}/page/3.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(r.content))
    assert (image.format, image.size, image.mode) == ("PNG", SCAN_SIZE, "L")


def test_a_cited_ocr_cell_shows_the_scan_with_its_box_drawn_over_it(scanned_site):
    from assistant.answer import source_url

    cell = _scan_fact(scanned_site, "表2", "第二十条第（一）项 / 规章", "本年制发件数")
    assert cell.provenance.page == 3 and cell.raw == "1"
    box = tuple(int(v) for v in OCR_BOX.search(cell.provenance.locator).groups())
    url = source_url(scanned_site.report_id, cell.to_json()["provenance"])
    assert url == f"/view/{scanned_site.report_id}?t=1&r=2&c=1&page=3#hl"
    with client_for(scanned_site.app) as client:
        page = client.get(url.split("#")[0]).text
        # a sentence on the other scanned page: the boxes of its line (信息处理费 3940 元)
        fee = _scan_fact(scanned_site, "正文", "信息处理费", "")
        fee_page = client.get(source_url(scanned_site.report_id, fee.to_json()["provenance"]))
    assert (
        f'<img src="/view/{scanned_site.report_id}/page/3.png" width="1241" height="1756" '
        'alt="扫描件第3页">'
    ) in page
    # the link's anchor is the box on the scan; the OCR's reading of the cell is marked below
    assert re.findall(r'<span class="box" id="hl" style="([^"]*)"></span>', page) == [
        _box_style(*box)
    ]
    assert _box_style(*box).startswith("left:40.9")  # 表2's 本年制发件数 column
    assert re.findall(r'<td class="hl" id="hl-text">([^<]*)</td>', page) == ["1"]
    assert 'href="#hl-text">跳到识别出的文字</a>' in page
    assert fee.provenance.page == 6 and fee.value == 3940
    styles = re.findall(r'<span class="box"[^>]* style="([^"]*)"></span>', fee_page.text)
    assert len(styles) == 1 and f"/view/{scanned_site.report_id}/page/6.png" in fee_page.text


def test_a_page_that_is_not_a_scanned_page_of_the_report_is_refused(scanned_site, shared_client):
    rid = scanned_site.report_id
    name = "淮安市人民政府2024年政府信息公开工作年度报告"
    with client_for(scanned_site.app) as client:
        for page, message in [
            ("4", f"报告“{name}”没有第4页的扫描图像（扫描的页：第3页、第6页）。"),
            ("99999", f"报告“{name}”没有第99999页的扫描图像（扫描的页：第3页、第6页）。"),
            ("0", "页码“0”无效：应当是扫描件中的页码。"),
            ("03", "页码“03”无效：应当是扫描件中的页码。"),
            ("-1", "页码“-1”无效：应当是扫描件中的页码。"),
        ]:
            r = client.get(f"/view/{rid}/page/{page}.png")
            assert r.status_code == 404, page
            assert error_of(r) == {"code": "page_not_found", "message": message}, page
        browser = client.get(f"/view/{rid}/page/4.png", headers={"accept": "text/html"})
        assert browser.status_code == 404 and "没有第4页的扫描图像" in browser.text
        # another index's report (the text sample) is not this site's to draw
        other = _cite(shared_client, HUAIAN_NEW)["report_id"]
        r = client.get(f"/view/{other}/page/3.png")
        assert r.status_code == 404 and error_of(r)["code"] == "report_not_found"
        for path in ("/view/..%2F..%2Fetc/page/3.png", f"/view/{rid}/page/3%2F..%2F..%2F1.png"):
            r = client.get(path)
            assert r.status_code == 404 and not r.content.startswith(b"\x89PNG"), path
    # a report read from its text layer has no page images
    r = shared_client.get(f"/view/{other}/page/3.png")
    assert r.status_code == 404
    assert error_of(r) == {
        "code": "not_scanned",
        "message": f"报告“{name}”不是扫描件，没有页面图像；请在原文查看页或原文件中查看。",
    }
