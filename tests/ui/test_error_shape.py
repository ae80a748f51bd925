"""Every error of every endpoint has one shape: {"error": {"code", "message"}} (datasette's
tests/test_error_shape.py). The wrong-method case is generated from the OpenAPI document, so a
new route is covered the day it is added."""

from __future__ import annotations

import io

import pytest

from tests.ui.conftest import basic, client_for, error_of, ui_settings

METHODS = ("get", "post", "put", "patch", "delete")


def test_wrong_method_on_every_documented_route(shared_client):
    spec = shared_client.get("/openapi.json").json()
    checked = 0
    for path, ops in spec["paths"].items():
        for method in METHODS:
            if method in ops:
                continue
            r = shared_client.request(method.upper(), path)
            assert r.status_code == 405, (method, path, r.text)
            assert error_of(r)["code"] == "method_not_allowed"
            assert set(r.headers["allow"].lower().split(", ")) >= set(ops), path
            checked += 1
    assert checked == len(METHODS) * len(spec["paths"]) - sum(map(len, spec["paths"].values()))


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/api/nope"),
        ("POST", "/api/ask/extra"),
        ("GET", "/api"),
        ("GET", "/no/such/page"),
        ("GET", "/gradio_api/no-such-thing"),
        ("GET", "/widget/no-such-file.js"),
    ],
)
def test_not_found(shared_client, method, path):
    r = shared_client.request(method, path)
    assert r.status_code == 404, r.text
    assert error_of(r)["code"] == "not_found"


def test_unauthorized_staff_endpoints(shared_client):
    for r in (
        shared_client.post("/api/reports", files={"file": ("a.txt", io.BytesIO(b"x"))}),
        shared_client.get("/api/feedback"),
        shared_client.get("/staff/", headers={"accept": "application/json"}),
        shared_client.post("/staff/gradio_api/queue/join", json={}),
        shared_client.get("/staff/gradio_api/info"),
    ):
        assert r.status_code == 401, (r.request.url, r.text)
        assert error_of(r)["code"] == "unauthorized"


def test_invalid_requests_are_422(shared_client):
    cases = [
        shared_client.post("/api/ask", json={"question": "问" * 301}),
        shared_client.post("/api/ask", json={"question": "   "}),
        shared_client.post("/api/ask", json={"question": "问", "history": ["问"] * 21}),
        shared_client.post("/api/ask", json={"history": []}),
        shared_client.post("/api/ask", json={"question": 5}),
        shared_client.post(
            "/api/ask", content=b"{not json", headers={"content-type": "application/json"}
        ),
        shared_client.get("/api/facts", params={"year": "二〇二四"}),
        shared_client.get("/api/facts", params={"limit": 0}),
        shared_client.get("/api/feedback", params={"format": "xml"}, auth=basic()),
    ]
    codes = [error_of(r)["code"] for r in cases]
    assert [r.status_code for r in cases] == [422] * len(cases)
    assert codes[:3] == ["question_too_long", "empty_question", "history_too_long"]
    assert set(codes[3:]) == {"invalid_request"}
    assert "300" in error_of(cases[0])["message"]


def test_payload_too_large(shared_client):
    r = shared_client.post(
        "/api/ask",
        content=b'{"question": "' + b"a" * 70_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert error_of(r)["code"] == "payload_too_large"


def test_bad_upload_is_400(shared_client):
    r = shared_client.post(
        "/api/reports", files={"file": ("x.exe", io.BytesIO(b"MZ"))}, auth=basic()
    )
    assert r.status_code == 400
    assert error_of(r)["code"] == "bad_extension"


def test_rate_limit_is_429_with_retry_after(corpus_index, tmp_path, make_app):
    settings = ui_settings(corpus_index, rate_limit_per_minute=3, feedback_db=tmp_path / "f.db")
    with client_for(make_app(settings)) as client:
        for url in ("/api/reports", "/api/facts?limit=1", "/api/reports"):
            assert client.get(url).status_code == 200
        for r in (
            client.get("/api/reports"),
            client.get("/api/facts"),
            client.post("/api/ask", json={"question": "淮安市2024年收到多少政府信息公开申请？"}),
        ):
            assert r.status_code == 429
            assert error_of(r)["code"] == "rate_limited"
            assert 1 <= int(r.headers["retry-after"]) <= 20
        assert client.get("/api/health").status_code == 200  # monitoring is not limited


def test_index_unavailable_is_503(corpus_index, tmp_path, make_app):
    from reportqa.errors import IndexError_

    class Broken:
        def __init__(self, real):
            self.index = real.index
            self.catalog = real.catalog
            self.example_questions = real.example_questions

        def ask(self, question, history=None):
            raise IndexError_("索引数据库 /srv/secret/facts.sqlite 被锁定")

        def warm_up(self):
            pass

    from reportqa.app import build_assistant

    settings = ui_settings(corpus_index, feedback_db=tmp_path / "f.db")
    app = make_app(settings, assistant=Broken(build_assistant(settings)))
    with client_for(app) as client:
        r = client.post("/api/ask", json={"question": "问"})
        assert r.status_code == 503
        err = error_of(r)
        assert err["code"] == "index_unavailable" and "/srv/secret" not in err["message"]


@pytest.mark.parametrize("method, path", [("POST", "/widget"), ("DELETE", "/staff/login")])
def test_pages_answer_wrong_methods_in_the_shape_too(shared_client, method, path):
    r = shared_client.request(method, path)
    assert r.status_code in (404, 405), r.text
    assert error_of(r)["code"] in ("not_found", "method_not_allowed")
