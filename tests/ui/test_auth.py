"""Staff authentication: scrypt hashes, signed sessions, the login flow, no default account."""

from __future__ import annotations

import base64

import pytest

from reportqa.errors import ConfigError
from tests.ui.conftest import STAFF_PASSWORD, STAFF_USER, client_for, error_of, ui_settings
from ui.auth import COOKIE, StaffAuth, hash_password, verify_password


def test_hash_and_verify():
    encoded = hash_password("秘密 password")
    assert encoded.startswith("scrypt$16384$8$1$") and "秘密" not in encoded
    assert verify_password("秘密 password", encoded)
    assert not verify_password("秘密 passwore", encoded)
    assert not verify_password("x", "md5$abc")
    assert not verify_password("x", "scrypt$1$2$3$!!$??")
    assert hash_password("a") != hash_password("a")  # salted


def _auth(tmp_path, **kw) -> StaffAuth:
    return StaffAuth(ui_settings(tmp_path, **kw))


def test_no_account_means_disabled(tmp_path):
    auth = _auth(tmp_path, staff_user=None, staff_password=None)
    assert not auth.enabled
    assert not auth.check("", "") and not auth.check("admin", "admin")


@pytest.mark.parametrize(
    "kw",
    [
        {"staff_user": "staff", "staff_password": None},
        {"staff_user": None, "staff_password": "pw"},
        {"staff_user": "staff", "staff_password": None, "staff_password_hash": "plain"},
    ],
)
def test_an_incomplete_account_is_a_config_error(tmp_path, kw):
    with pytest.raises(ConfigError, match="REPORTQA_STAFF"):
        _auth(tmp_path, **kw)


def test_a_configured_hash_is_used(tmp_path):
    auth = _auth(tmp_path, staff_password=None, staff_password_hash=hash_password("pw-123456"))
    assert auth.check(STAFF_USER, "pw-123456") and not auth.check(STAFF_USER, STAFF_PASSWORD)


def test_sessions_are_signed_and_expire(tmp_path):
    auth = _auth(tmp_path, session_hours=1)
    token = auth.make_session(STAFF_USER, now=1000)
    assert auth.session_user(token, now=1000 + 3599) == STAFF_USER
    assert auth.session_user(token, now=1000 + 3601) is None
    user, expiry, sig = token.split("|")
    assert auth.session_user(f"{user}|{int(expiry) + 999}|{sig}", now=1000) is None
    other = base64.urlsafe_b64encode(b"admin").decode()
    assert auth.session_user(f"{other}|{expiry}|{sig}", now=1000) is None
    assert auth.session_user("garbage", now=1000) is None
    # another process (restart) signs with another key
    assert _auth(tmp_path).session_user(token, now=1000) is None


def test_the_app_keeps_only_a_hash(index_copy, make_app):
    app = make_app(ui_settings(index_copy))
    services = app.state.services
    assert services.settings.staff_password is None
    assert STAFF_PASSWORD not in repr(vars(services.auth))


def test_login_flow(index_copy, make_app):
    with client_for(make_app(ui_settings(index_copy))) as client:
        r = client.get("/staff/", headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/staff/login"
        assert "工作人员登录" in client.get("/staff/login").text
        r = client.post("/staff/login", data={"username": STAFF_USER, "password": "nope"})
        assert r.status_code == 401 and "账号或密码错误" in r.text
        assert COOKIE not in client.cookies
        r = client.post(
            "/staff/login",
            data={"username": STAFF_USER, "password": STAFF_PASSWORD},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/staff/"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        r = client.get("/staff/", headers={"accept": "text/html"})
        assert r.status_code == 200 and "年度报告工作台" in r.text
        assert client.get("/staff", headers={"accept": "text/html"}).url.path == "/staff/"
        # a session works for the staff API too
        assert client.get("/api/feedback").status_code == 200
        client.get("/staff/logout")
        assert client.get("/api/feedback").status_code == 401


def test_login_attempts_are_limited(index_copy, make_app):
    with client_for(make_app(ui_settings(index_copy))) as client:
        statuses = [
            client.post("/staff/login", data={"username": "x", "password": "y"}).status_code
            for _ in range(12)
        ]
        assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
        r = client.post("/staff/login", data={"username": "x", "password": "y"})
        assert "登录失败次数过多" in r.text


def test_disabled_staff_pages_say_so_in_chinese(index_copy, make_app):
    settings = ui_settings(index_copy, staff_user=None, staff_password=None)
    with client_for(make_app(settings)) as client:
        for path in ("/staff", "/staff/", "/staff/login"):
            r = client.get(path, headers={"accept": "text/html"})
            assert r.status_code == 403
            assert "工作台未启用" in r.text and "REPORTQA_STAFF_USER" in r.text
        r = client.get("/staff/gradio_api/info")
        assert r.status_code == 403 and error_of(r)["code"] == "staff_disabled"
