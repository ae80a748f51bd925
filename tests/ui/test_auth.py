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


def _counting_hashes(monkeypatch) -> list[str]:
    """Every password check the app runs (each one is a scrypt of about 36 ms)."""
    import ui.auth

    calls: list[str] = []
    real = ui.auth.verify_password

    def counting(password: str, encoded: str) -> bool:
        calls.append(password)
        return real(password, encoded)

    monkeypatch.setattr(ui.auth, "verify_password", counting)
    return calls


@pytest.mark.parametrize("path", ["/api/feedback", "/staff/gradio_api/info"])
def test_a_burst_of_bad_basic_credentials_stops_hashing_at_the_limit(
    index_copy, make_app, monkeypatch, path
):
    hashes = _counting_hashes(monkeypatch)
    wrong = (STAFF_USER, "wrong password")
    with client_for(make_app(ui_settings(index_copy))) as client:
        statuses = [client.get(path, auth=wrong).status_code for _ in range(25)]
        assert statuses == [401] * 10 + [429] * 15
        assert len(hashes) == 10  # none after the limit: the limit is taken before the hash
        r = client.get(path, auth=wrong)
        wait = int(r.headers["retry-after"])
        assert 1 <= wait <= 6  # ten a minute: a token every six seconds
        assert error_of(r) == {
            "code": "rate_limited",
            "message": f"工作人员身份验证过于频繁（每个客户端每分钟最多失败 10 次），请 {wait} 秒后再试。",
        }
        # the right password waits too (no hash runs for this client until a token is back)
        assert client.get(path, auth=(STAFF_USER, STAFF_PASSWORD)).status_code == 429
        assert len(hashes) == 10


def test_good_basic_credentials_are_not_limited_and_hashed_once(index_copy, make_app, monkeypatch):
    hashes = _counting_hashes(monkeypatch)
    good = (STAFF_USER, STAFF_PASSWORD)
    with client_for(make_app(ui_settings(index_copy))) as client:
        statuses = [client.get("/staff/gradio_api/info", auth=good).status_code for _ in range(15)]
        assert statuses == [200] * 15
        # the staff gate's check is the only one (the workspace's own check reuses it)
        assert len(hashes) == 15
        assert [client.get("/api/feedback", auth=good).status_code for _ in range(3)] == [200] * 3
        assert len(hashes) == 18


def test_the_login_form_is_limited_before_hashing(index_copy, make_app, monkeypatch):
    hashes = _counting_hashes(monkeypatch)
    with client_for(make_app(ui_settings(index_copy))) as client:
        for _ in range(14):
            client.post("/staff/login", data={"username": STAFF_USER, "password": "y"})
        assert len(hashes) == 10
