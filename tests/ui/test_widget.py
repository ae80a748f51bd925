"""The widget: its CSP (frame-ancestors from the setting), a read-only page, no markup from
data."""

from __future__ import annotations

import pytest

from reportqa.errors import ConfigError
from tests.ui.conftest import client_for, ui_settings
from ui.widget import STATIC, frame_ancestors


def test_frame_ancestors_from_the_setting():
    assert frame_ancestors("") == "'self'"
    assert (
        frame_ancestors("https://portal.example.gov.cn  http://127.0.0.1:8080 https://*.gov.cn")
        == "'self' https://portal.example.gov.cn http://127.0.0.1:8080 https://*.gov.cn"
    )
    for bad in ("portal.example.gov.cn", "https://a.cn; script-src *", "javascript:x", "*"):
        with pytest.raises(ConfigError, match="REPORTQA_WIDGET_FRAME_ANCESTORS"):
            frame_ancestors(bad)


def test_an_invalid_setting_stops_the_app(index_copy, make_app):
    with pytest.raises(ConfigError):
        make_app(ui_settings(index_copy, widget_frame_ancestors="https://a.cn;x"))


def test_only_the_widget_may_be_framed_by_the_portal(index_copy, make_app):
    settings = ui_settings(index_copy, widget_frame_ancestors="https://portal.example.gov.cn")
    with client_for(make_app(settings)) as client:
        r = client.get("/widget")
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'self' https://portal.example.gov.cn" in csp
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "x-frame-options" not in r.headers
        for path in ("/", "/staff/login", "/api/health"):
            r = client.get(path)
            assert r.headers["content-security-policy"] == "frame-ancestors 'self'", path
            assert r.headers["x-frame-options"] == "SAMEORIGIN"
            assert r.headers["x-content-type-options"] == "nosniff"


def test_the_page_offers_corpus_questions_and_posts_only_to_ask(shared_client):
    html = shared_client.get("/widget").text
    assert '<html lang="zh-CN">' in html
    assert 'data-q="永吉街道2024年收到多少政府信息公开申请？"' in html
    assert 'data-api="/api/ask"' in html
    assert '<script src="/widget/widget.js" defer></script>' in html and "<script>" not in html
    js = shared_client.get("/widget/widget.js")
    assert js.headers["content-type"].startswith("text/javascript")
    # read-only and safe by construction: one endpoint, text nodes only
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source
    assert source.count("fetch(") == 1
