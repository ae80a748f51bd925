"""The HTTP API over the two real samples: exact figures and citations, facts, reports, health,
the staff-only upload and feedback export."""

from __future__ import annotations

import io

import pytest

from tests.ui.conftest import (
    XSS,
    basic,
    client_for,
    error_of,
    ui_settings,
    variant_report,
)

HUAIAN_NEW = "淮安市2024年收到多少政府信息公开申请？"


def test_ask_returns_the_answer_json_with_figure_and_citation(shared_client):
    r = shared_client.post("/api/ask", json={"question": HUAIAN_NEW, "history": []})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {
        "answer",
        "found",
        "citations",
        "figures",
        "route",
        "suggestions",
        "interpretation",
        "parse",
        "generated",
        "extract",
        "partial",
        "chart",
    }
    assert body["found"] is True and body["route"] == "figure"
    assert body["chart"] is None  # one figure: no chart
    assert body["interpretation"] == (
        "机关：淮安市人民政府；年度：2024年；指标：收到（本年新收）的政府信息公开申请；运算：查数"
    )
    assert body["parse"]["intent"] == "figure"
    assert body["parse"]["metrics"][0]["metric"] == "new"
    assert (
        body["answer"]
        == "3119件。淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件[1]。"
    )
    assert body["figures"][0]["value"] == 3119 and body["figures"][0]["unit"] == "件"
    (cite,) = body["citations"]
    assert {
        k: cite[k] for k in ("source", "title", "body", "year", "section", "locator", "quote")
    } == {
        "source": "huaian-2024.pdf",
        "title": "淮安市人民政府2024年政府信息公开工作年度报告",
        "body": "淮安市人民政府",
        "year": 2024,
        "section": "三、收到和处理政府信息公开申请情况",
        "locator": "第4页 表格3 第4行第10列",
        "quote": "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119",
    }
    # the cited cell itself, by id and structured place (not only the flattened strings)
    assert len(cite["fact_id"]) == 20 and cite["chunk_id"] is None
    assert {k: cite["provenance"][k] for k in ("table", "row", "column", "page")} == {
        "table": "表3",
        "row": "一、本年新收政府信息公开申请数量",
        "column": "总计",
        "page": 4,
    }
    # the link to the report's text with this cell marked (table 3 of the PDF, 0-based cell)
    assert cite["url"] == f"/view/{cite['report_id']}?t=3&r=3&c=9&page=4#hl"


def test_ask_uses_history_for_a_follow_up(shared_client):
    r = shared_client.post(
        "/api/ask",
        json={"question": "淮安市呢？", "history": ["永吉街道2024年收到多少政府信息公开申请？"]},
    )
    assert r.status_code == 200
    assert r.json()["figures"][0]["value"] == 3119


def test_ask_not_found_says_what_the_corpus_holds(shared_client):
    body = shared_client.post("/api/ask", json={"question": "北京市2023年收到多少申请？"}).json()
    assert body["found"] is False
    assert (
        "语料中有南关区永吉街道办事处（2024年）；淮安市人民政府（2024年）的报告" in body["answer"]
    )
    assert body["suggestions"]


def test_facts_filters_by_body_table_row_column_and_year(shared_client):
    r = shared_client.get(
        "/api/facts",
        params={
            "body": "淮安",
            "year": 2024,
            "table": "表3",
            "row": "一、本年新收政府信息公开申请数量",
            "column": "总计",
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and body["truncated"] is False
    fact = body["facts"][0]
    assert (fact["value"], fact["raw"], fact["source"], fact["locator"]) == (
        3119,
        "3119",
        "huaian-2024.pdf",
        "第4页 表格3 第4行第10列",
    )
    assert "path" not in fact  # server paths are not published


def test_facts_limit_truncates(shared_client):
    body = shared_client.get("/api/facts", params={"body": "淮安", "limit": 3}).json()
    assert body["count"] == 3 and body["truncated"] is True and body["next_cursor"]


def test_facts_come_in_pages_cut_by_the_database(shared_client, monkeypatch):
    store = shared_client.app.state.services.index.facts
    everything = [f.fact_id for f in store.facts(body_contains="淮安")]
    assert len(everything) > 120
    # the endpoint never loads every matching fact: only the paged query runs
    monkeypatch.setattr(store, "facts", lambda *a, **k: pytest.fail("facts() loads every fact"))
    pages, cursor = [], None
    while True:
        params = {"body": "淮安", "limit": 50, **({"cursor": cursor} if cursor else {})}
        body = shared_client.get("/api/facts", params=params).json()
        pages.append(body["count"])
        assert body["truncated"] is (body["next_cursor"] is not None)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == [50] * (len(everything) // 50) + [len(everything) % 50]
    default = shared_client.get("/api/facts", params={"body": "淮安"}).json()
    assert default["count"] == 100  # the default page


def test_facts_pages_follow_each_other_in_order(shared_client):
    store = shared_client.app.state.services.index.facts
    everything = [f.fact_id for f in store.facts()]
    seen, cursor = [], None
    while True:
        params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
        body = shared_client.get("/api/facts", params=params).json()
        seen += [f["fact_id"] for f in body["facts"]]
        if not (cursor := body["next_cursor"]):
            break
    assert seen == everything


def test_facts_refuse_a_page_too_large_and_a_made_up_cursor(shared_client):
    r = shared_client.get("/api/facts", params={"limit": 1001})
    assert r.status_code == 422 and error_of(r)["code"] == "invalid_request"
    r = shared_client.get("/api/facts", params={"cursor": "not-a-cursor"})
    assert r.status_code == 422
    assert error_of(r) == {
        "code": "invalid_cursor",
        "message": "无效的分页游标“not-a-cursor”：请使用上一页返回的 next_cursor。",
    }


def test_reports_lists_both_samples_with_checks(shared_client):
    body = shared_client.get("/api/reports").json()
    assert body["count"] == 2
    by_source = {r["source"]: r for r in body["reports"]}
    assert set(by_source) == {"huaian-2024.pdf", "yongji-2024.txt"}
    assert by_source["huaian-2024.pdf"]["body"] == "淮安市人民政府"
    assert by_source["huaian-2024.pdf"]["file_format"] == "pdf"
    assert by_source["huaian-2024.pdf"]["checks_failed"] == 0
    assert by_source["huaian-2024.pdf"]["checks_passed"] > 0


def test_reports_read_every_reports_checks_in_one_query(shared_client, monkeypatch):
    store = shared_client.app.state.services.index.facts
    expected = {}
    for row in store.list_reports():
        checks = store.checks(report_id=row.report.report_id, failed_only=False)
        failed = sum(1 for c in checks if not c.passed)
        expected[row.report.source] = (len(checks) - failed, failed)
    calls = []
    real = store.check_counts
    monkeypatch.setattr(store, "check_counts", lambda: calls.append(1) or real())
    monkeypatch.setattr(store, "checks", lambda *a, **k: pytest.fail("a query per report"))
    body = shared_client.get("/api/reports").json()
    got = {r["source"]: (r["checks_passed"], r["checks_failed"]) for r in body["reports"]}
    assert got == expected and calls == [1]
    assert min(p for p, _ in got.values()) > 0


def test_health(shared_client):
    body = shared_client.get("/api/health").json()
    assert body["status"] == "ok" and body["reports"] == 2 and body["embedding_model"] == "hash-256"


def test_openapi_documents_every_route(shared_client):
    spec = shared_client.get("/openapi.json").json()
    assert {(p, m) for p, ops in spec["paths"].items() for m in ops} == {
        ("/api/ask", "post"),
        ("/api/facts", "get"),
        ("/api/reports", "get"),
        ("/api/reports", "post"),
        ("/api/health", "get"),
        ("/api/feedback", "get"),
        ("/api/rank", "get"),
    }
    assert shared_client.get("/docs").status_code == 200


# -- upload -----------------------------------------------------------------------------------


def _upload(client, name: str, data: bytes, auth=None):
    return client.post("/api/reports", files={"file": (name, io.BytesIO(data))}, auth=auth)


def test_upload_needs_staff_credentials(shared_client):
    r = _upload(shared_client, "a.txt", b"x")
    assert r.status_code == 401
    assert error_of(r)["code"] == "unauthorized"
    assert r.headers["www-authenticate"].startswith("Basic")
    r = _upload(shared_client, "a.txt", b"x", auth=("staff", "wrong password"))
    assert r.status_code == 401


def test_upload_ingests_and_the_report_becomes_answerable(index_copy, tmp_path, make_app):
    report = variant_report(tmp_path / "永吉街道 2023年度报告.txt", inject=XSS)
    with client_for(make_app(ui_settings(index_copy))) as client:
        before = client.post("/api/ask", json={"question": "永吉街道2023年存在哪些问题？"}).json()
        assert before["found"] is False
        r = _upload(client, report.name, report.read_bytes(), auth=basic())
        assert r.status_code == 201, r.text
        out = r.json()
        assert out["name"] == "永吉街道_2023年度报告.txt"  # the space sanitised
        assert out["unchanged"] is False
        assert (out["report"]["body"], out["report"]["year"]) == ("南关区永吉街道办事处", 2023)
        assert (index_copy / "uploads" / out["name"]).is_file()
        after = client.post("/api/ask", json={"question": "永吉街道2023年存在哪些问题？"}).json()
        assert after["found"] is True
        assert XSS in after["citations"][0]["quote"]  # JSON carries the text as it is
        assert after["citations"][0]["source"] == out["name"]
        # the same file again changes nothing
        again = _upload(client, report.name, report.read_bytes(), auth=basic())
        assert again.status_code == 200 and again.json()["unchanged"] is True


def test_upload_refuses_bad_files(index_copy, make_app):
    with client_for(make_app(ui_settings(index_copy, max_upload_mb=1))) as client:
        cases = [
            ("report.exe", b"MZ...", 400, "bad_extension"),
            ("report", b"text", 400, "bad_extension"),
            ("report.pdf", b"not a pdf at all", 400, "bad_content"),
            ("report.docx", b"%PDF-1.4", 400, "bad_content"),
            ("report.txt", b"", 400, "empty_file"),
            ("report.txt", "这不是一份年度报告。".encode(), 400, "ingest_failed"),
            ("big.txt", b"a" * (1024 * 1024 + 1), 413, "file_too_large"),
        ]
        for name, data, status, code in cases:
            r = _upload(client, name, data, auth=basic())
            assert r.status_code == status, (name, r.text)
            assert error_of(r)["code"] == code, name
        assert not [p for p in (index_copy / "uploads").iterdir()], "a refused file was kept"
        assert client.get("/api/health").json()["reports"] == 2


def test_upload_is_disabled_without_a_staff_account(index_copy, make_app):
    settings = ui_settings(index_copy, staff_user=None, staff_password=None)
    with client_for(make_app(settings)) as client:
        r = _upload(client, "a.txt", b"x", auth=basic())
        assert r.status_code == 403
        err = error_of(r)
        assert err["code"] == "staff_disabled" and "REPORTQA_STAFF_USER" in err["message"]


def test_feedback_export_is_for_staff(shared_client):
    assert shared_client.get("/api/feedback").status_code == 401
    r = shared_client.get("/api/feedback", params={"format": "csv"}, auth=basic())
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.startswith("\ufeff时间,评价,问题,回答,是否找到,类型,出处")
    assert shared_client.get("/api/feedback", auth=basic()).json()["count"] == 0
