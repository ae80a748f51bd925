"""Charts on trend and comparison answers, the ranking across bodies (API and staff view, with
CSV and XLSX exports), consistency answers in plain words, the checks overview, uploads that
report their real checks, the widget's refusal page, and the staff downloads folder's lifetime."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.corpus import make_corpus
from reportqa.records import CheckResult
from tests.ui.conftest import basic, client_for, error_of, ui_settings, variant_report
from ui.charts import Point, bar_svg, line_svg, nice_ticks
from ui.checkwords import BASIS, ERROR, HINT, kind, plain, reword
from ui.render import answer_html

# -- charts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "top, unit, ticks",
    [
        (79, "件", [0, 20, 40, 60, 80]),
        (3119, "件", [0, 1000, 2000, 3000, 4000]),
        (2, "件", [0, 1, 2]),  # never 0.5 件, never "2.000000"
        (0, "件", [0, 1]),
        (8.9, "%", [0, 5, 10]),
        (0.3, "%", [0, 0.1, 0.2, 0.3]),
    ],
)
def test_ticks_start_at_zero_and_are_round(top, unit, ticks):
    assert nice_ticks(top, unit) == ticks


def test_a_line_labels_every_year_and_one_year_is_a_point():
    svg = line_svg([Point("2022年", 23, 1), Point("2023年", 79, 2), Point("2024年", 72, 3)], "件")
    assert re.findall(r'class="rq-xlabel"[^>]*>([^<]*)<', svg) == ["2022年", "2023年", "2024年"]
    assert re.findall(r'class="rq-tick"[^>]*>([^<]*)<', svg) == ["0", "20", "40", "60", "80"]
    assert svg.count("<circle") == 3 and svg.count('class="rq-seg"') == 2
    assert "单位：件" in svg and "2023年：79件（出处[2]）" in svg
    one = line_svg([Point("2024年", 3119, 1)], "件")
    assert one.count("<circle") == 1 and 'class="rq-seg"' not in one
    assert 'cx="50.0%"' in one  # in the middle, not at an edge
    assert re.findall(r'class="rq-tick"[^>]*>([^<]*)<', one) == [
        "0",
        "1000",
        "2000",
        "3000",
        "4000",
    ]


def test_bars_name_each_body_and_escape_it():
    svg = bar_svg([Point("淮安市人民政府", 3119, 1), Point("<b>永吉</b>", 0, 2)], "件")
    assert re.findall(r'class="rq-xlabel"[^>]*>([^<]*)<', svg) == [
        "淮安市人民政府",
        "&lt;b&gt;永吉&lt;/b&gt;",
    ]
    assert "3119件" in svg and "0件" in svg and "<b>" not in svg


def test_rank_and_compare_answers_carry_a_cited_chart(shared_client):
    body = shared_client.post(
        "/api/ask", json={"question": "2024年哪个机关收到的申请最多？"}
    ).json()
    assert body["route"] == "rank"
    assert body["chart"] == {
        "kind": "bar",
        "unit": "件",
        "title": "2024年收到（本年新收）的政府信息公开申请",
        "points": [
            {"label": "淮安市人民政府", "value": 3119, "citation": 1},
            {"label": "南关区永吉街道办事处", "value": 0, "citation": 2},
        ],
    }
    cited = [body["citations"][p["citation"] - 1]["quote"] for p in body["chart"]["points"]]
    assert cited == [
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119",
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：0",
    ]
    html = answer_html(__import__("assistant.answer").answer.Answer.model_validate(body))
    assert html.count('class="rq-bar"') == 2 and "2024年收到（本年新收）的政府信息公开申请" in html


def test_a_trend_over_years_is_a_line(index_copy, make_app, tmp_path):
    report = variant_report(tmp_path / "永吉2023.txt", inject="")
    with client_for(make_app(ui_settings(index_copy))) as client:
        up = client.post(
            "/api/reports",
            files={"file": ("永吉2023.txt", io.BytesIO(report.read_bytes()))},
            auth=basic(),
        )
        assert up.status_code == 201
        body = client.post(
            "/api/ask", json={"question": "永吉街道历年收到多少政府信息公开申请？"}
        ).json()
    assert body["route"] == "trend"
    assert body["chart"] == {
        "kind": "line",
        "unit": "件",
        "title": "南关区永吉街道办事处：收到（本年新收）的政府信息公开申请",
        "points": [
            {"label": "2023年", "value": 0, "citation": 1},
            {"label": "2024年", "value": 0, "citation": 2},
        ],
    }


def test_the_figure_is_shown_once_on_the_card(shared_client):
    from assistant.answer import Answer

    body = shared_client.post(
        "/api/ask", json={"question": "淮安市2024年收到多少政府信息公开申请？"}
    ).json()
    html = answer_html(Answer.model_validate(body))
    text = re.search(r'<div class="rq-answer">(.*?)</div>', html).group(1)
    assert text == (
        '淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件<sup class="rq-ref">[1]</sup>。'
    )
    assert html.count("3119件") == 2  # the card, and the sentence that says what it is


# -- the ranking across bodies ----------------------------------------------------------------


def test_rank_api_by_id_and_by_label(shared_client):
    by_id = shared_client.get("/api/rank", params={"metric": "new", "year": 2024})
    assert by_id.status_code == 200
    rows = by_id.json()
    assert [(r["body"], r["value"], r["unit"]) for r in rows] == [
        ("淮安市人民政府", 3119, "件"),
        ("南关区永吉街道办事处", 0, "件"),
    ]
    assert rows[0]["citation"]["quote"] == "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
    assert rows[0]["citation"]["url"].endswith("?t=3&r=3&c=9&page=4#hl")
    by_label = shared_client.get(
        "/api/rank", params={"metric": "收到（本年新收）的政府信息公开申请"}
    )
    assert by_label.json() == rows  # the newest year when none is given
    review = shared_client.get("/api/rank", params={"metric": "review", "year": 2024}).json()
    assert [(r["body"], r["value"]) for r in review] == [
        ("淮安市人民政府", 351),
        ("南关区永吉街道办事处", 0),
    ]


def test_rank_api_errors(shared_client):
    r = shared_client.get("/api/rank", params={"metric": "天气", "year": 2024})
    assert r.status_code == 422
    assert error_of(r) == {
        "code": "unknown_metric",
        "message": "没有指标“天气”：请用指标编号（如 new、review）或完整的指标名称"
        "（如“收到（本年新收）的政府信息公开申请”）。",
    }
    r = shared_client.get("/api/rank", params={"metric": "new", "year": 2019})
    assert r.status_code == 404
    assert error_of(r) == {
        "code": "no_reports",
        "message": "语料中没有2019年的报告（有 2024 年的报告）。",
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """Generated reports of two bodies over 2022–2024, one with a planted C1 error."""
    root = tmp_path_factory.mktemp("planted")
    make_corpus(
        7, 6, root, formats=("txt", "docx", "html"), years=(2022, 2023, 2024), plant_rate=0.34
    )
    return root


def test_staff_comparison_ranks_totals_and_exports_with_citations(index_copy, make_app, planted):
    app = make_app(ui_settings(index_copy))
    with client_for(app):
        services = app.state.services
        for f in sorted(planted.iterdir()):
            services.uploader.store_path(f.name, f)
        data = app.state.staff_data
        ranked, groups, chart, csv_path, xlsx_path, line = data.compare("new", 2024, "level")
        csv_lines = Path(csv_path).read_text(encoding="utf-8-sig").splitlines()
        wb = load_workbook(xlsx_path)
    rows = ranked.values.tolist()
    assert [r[:9] for r in rows] == [
        [1, "淮安市人民政府", "淮安市", "市级政府", "3119", "件", "—", "—", "—"],
        [2, "青屿区人民政府", "青屿区", "区县政府", "72", "件", "79", "-7", "-8.9%"],
        [3, "东澜区东风街道办事处", "东澜区", "街道乡镇", "0", "件", "0", "0", "—"],
        [4, "南关区永吉街道办事处", "南关区", "街道乡镇", "0", "件", "—", "—", "—"],
    ]
    assert groups.values.tolist() == [
        ["市级政府", 1, 3119, "件"],
        ["区县政府", 1, 72, "件"],
        ["街道乡镇", 2, 0, "件"],
    ]
    assert (
        line
        == "2024年收到（本年新收）的政府信息公开申请：4 个机关，从多到少排列；其中 2 个有上一年度的数字，可以比较同比变化。"
    )
    assert chart.count('class="rq-bar"') == 4
    assert (
        csv_lines[0]
        == "名次,主体,地区,级别,数值,单位,上年,同比变化,同比幅度,报告,文件,位置,原文,出处链接"
    )
    assert csv_lines[1].startswith("1,淮安市人民政府,淮安市,市级政府,3119,件,—,—,—,")
    assert "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119" in csv_lines[1]
    sheet = wb["排名"]
    assert sheet["A1"].value == "2024年收到（本年新收）的政府信息公开申请"
    assert [c.value for c in sheet[3]][:9] == [
        1,
        "淮安市人民政府",
        "淮安市",
        "市级政府",
        3119,
        "件",
        None,
        None,
        None,
    ]
    assert [c.value for c in sheet[4]][4:9] == [72, "件", 79, -7, -8.9]
    assert sheet["M3"].value == "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119"
    assert sheet["N3"].value.endswith("?t=3&r=3&c=9&page=4#hl")
    assert [[c.value for c in r] for r in wb["合计"].iter_rows()][1] == ["市级政府", 1, 3119, "件"]


# -- consistency in plain words ---------------------------------------------------------------


def _check(code, expected, actual, severity="hard", scope="表3“总计”列", detail="…", passed=False):
    return CheckResult("r", code, scope, passed, severity, expected, actual, detail)


def test_checks_in_plain_words_and_their_kind():
    c2 = _check("C2", 0, 11)
    assert plain(c2) == "表3“总计”列：各项办理结果相加是11件，但总计写的是0件"
    assert kind(c2) == ERROR
    c10 = _check("C10", 3119, 3153, scope="正文“收到申请3119件”")
    assert kind(c10) == BASIS
    assert plain(c10) == (
        "正文“收到申请3119件”写的是3119，表格中相应的数字是3153：两处的统计口径可能不同，不一定是错误"
    )
    assert (
        kind(_check("S2", None, 5, severity="soft", detail="表2收费金额看起来是以元填写的")) == HINT
    )


def test_a_consistency_answer_is_reworded_and_a_basis_difference_is_not_an_error():
    text = "数据存在不一致。某街道办事处：2023年未通过C10：正文“收到申请5件”为5，表3为6[1]。"
    c10 = _check("C10", 5, 6, scope="正文“收到申请5件”")
    assert reword(text, {1: c10}) == (
        "数据没有发现错误，但有需要说明的地方。某街道办事处：2023年报告正文“收到申请5件”写的是5，"
        "表格中相应的数字是6：两处的统计口径可能不同，不一定是错误[1]。"
    )
    text = (
        "数据存在不一致。某街道办事处：2023年未通过C2：表3“总计”列：（七）总计为0，…之和为11[1]。"
    )
    assert reword(text, {1: _check("C2", 0, 11)}) == (
        "数据存在不一致。某街道办事处：2023年报告表3“总计”列：各项办理结果相加是11件，但总计写的是0件[1]。"
    )


def test_checks_overview_filters_and_an_unchanged_upload_reports_its_real_checks(
    index_copy, make_app, planted
):
    from ui.staff import upload_report

    app = make_app(ui_settings(index_copy))
    broken = planted / "2022年东澜区东风街道办事处政府信息公开工作年度报告.docx"
    steps: list[str] = []
    with client_for(app):
        services = app.state.services
        first = upload_report(services, [str(broken)], lambda f, desc="": steps.append(desc))
        again = upload_report(services, [str(broken)], lambda f, desc="": None)
        frame, line = app.state.staff_data.failed_checks(None, "C1", "2022")
        none, none_line = app.state.staff_data.failed_checks(None, "C1", "2024")
    assert "已导入（东澜区东风街道办事处 2022年" in first
    assert "未通过的校验：不一致 2 项（C1），详见“校验”页" in first
    assert "与已导入的文件相同，未重复导入" in again
    assert "未通过的校验：不一致 2 项（C1），详见“校验”页" in again  # not 校验全部通过
    name = broken.name
    # each stage as it begins, in one display; a .docx has no page read by OCR
    assert steps == [
        f"第 1/1 个文件 {name}：{stage}"
        for stage in (
            "检查文件（类型、大小、内容）",
            "读取文件",
            "解析表格和正文",
            "勾稽校验",
            "计算向量",
            "写入索引",
        )
    ] + ["导入完成"]
    rows = frame.values.tolist()
    assert [r[:9] for r in rows] == [
        ["东澜区东风街道办事处", 2022, name, "C1", "硬性", "不一致", "表3“自然人”列", "3", "0"],
        ["东澜区东风街道办事处", 2022, name, "C1", "硬性", "不一致", "表3“总计”列", "3", "0"],
    ]
    assert rows[1][10] == (
        "表3“总计”列：本年新收和上年结转的申请相加是3件，但办理结果总计和结转下年度相加是0件，两者应当相等"
    )
    assert (
        line
        == "校验 C1：1 份报告中 1 份有未通过的校验，共 2 项（不一致 2 项，口径不同或提示 0 项）。"
    )
    assert none.empty and none_line == "校验 C1：2 份报告的校验全部通过。"  # 永吉, 淮安


# -- the widget and the staff downloads --------------------------------------------------------


def test_the_widget_explains_in_chinese_why_it_is_not_shown_on_another_site(
    corpus_index, make_app, tmp_path
):
    settings = ui_settings(
        corpus_index,
        widget_frame_ancestors="https://portal.example.gov.cn https://*.example.org",
        feedback_db=tmp_path / "fb.sqlite",
    )
    framed = {"sec-fetch-dest": "iframe", "sec-fetch-site": "cross-site"}
    with client_for(make_app(settings)) as client:
        r = client.get("/widget", headers={**framed, "referer": "https://evil.example.com/page"})
        assert r.status_code == 403
        assert "<h1>问答小组件不能在这个网站中显示</h1>" in r.text
        assert "这个网站（<code>https://evil.example.com</code>）还没有登记" in r.text
        assert r.headers["content-security-policy"] == (
            "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors *"
        )
        assert "<script" not in r.text and "<form" not in r.text
        for allowed in ("https://portal.example.gov.cn/x", "https://news.example.org/"):
            ok = client.get("/widget", headers={**framed, "referer": allowed})
            assert ok.status_code == 200 and 'id="clear"' in ok.text
            assert (
                "frame-ancestors 'self' https://portal.example.gov.cn https://*.example.org"
                in (ok.headers["content-security-policy"])
            )
        plain_page = client.get("/widget")  # opened on its own
        assert (
            plain_page.status_code == 200 and '<button id="clear" type="button"' in plain_page.text
        )


def test_the_staff_downloads_folder_lives_as_long_as_the_app(corpus_index, make_app, tmp_path):
    app = make_app(ui_settings(corpus_index, feedback_db=tmp_path / "fb.sqlite"))
    data = app.state.staff_data
    assert data.export_dir is None  # nothing made before the first download
    with client_for(app):
        _, _, path = data.feedback()
        folder = data.export_dir
        assert folder is not None and folder.name.startswith("reportqa-staff-")
        assert Path(path).is_file() and Path(path).is_relative_to(folder)
    assert not folder.exists()  # removed when the app shut down
    assert data.export_dir is None
