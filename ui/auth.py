"""Staff authentication: one account from settings, checked against a scrypt hash.

- ``REPORTQA_STAFF_USER`` with ``REPORTQA_STAFF_PASSWORD_HASH`` (print one with
  ``python -m ui.auth``) or ``REPORTQA_STAFF_PASSWORD`` (hashed when the app starts; the app keeps
  only the hash). Without a user and a password the staff pages and the upload API are disabled;
  there is no default password.
- A request is a staff request with HTTP Basic credentials, or with the session cookie that the
  login form (``/staff/login``) sets: ``user|expiry|HMAC-SHA256``, HttpOnly, SameSite=Strict,
  signed with ``REPORTQA_SESSION_SECRET`` (the same on every instance of a deployment) or, unset,
  with a key made at start-up (a restart logs everyone out).
- Comparisons are constant-time (``hmac.compare_digest``).
- Hashing costs (scrypt, about 36 ms of a core): every HTTP Basic attempt takes a token of the
  client's login limit *before* the hash runs, and a success gives it back; a client over the
  limit gets the 429 error without any hashing. A request the staff gate has let through carries
  its user in the ASGI scope, so the mounted workspace does not hash the same credentials again.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import math
import secrets
import sys
import time
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from reportqa.errors import ConfigError
from reportqa.settings import Settings
from ui.errors import ApiError
from ui.ratelimit import Limiter

COOKIE = "reportqa_staff"
LOGIN_ATTEMPTS_PER_MINUTE = 10  # per client: Basic attempts and failed logins
SCOPE_USER = "reportqa.staff_user"  # the ASGI scope key of a user the staff gate checked
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) of ``password``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return "scrypt${n}${r}${p}$".format(**_SCRYPT) + f"{b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        kind, n, r, p, salt, digest = encoded.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(got, expected)


MIN_SECRET_CHARS = 32


def _session_key(settings: Settings) -> bytes:
    """The key sessions are signed with: the configured secret, or a random one per process."""
    secret = settings.session_secret.get_secret_value().strip() if settings.session_secret else ""
    if not secret:
        return secrets.token_bytes(32)
    if len(secret) < MIN_SECRET_CHARS:
        raise ConfigError(
            f"REPORTQA_SESSION_SECRET 太短：至少需要 {MIN_SECRET_CHARS} 个字符。可以用 "
            'python -c "import secrets; print(secrets.token_urlsafe(32))" 生成一个。'
        )
    return hashlib.sha256(b"reportqa staff session\0" + secret.encode("utf-8")).digest()


def too_many_attempts(wait: float, per_minute: int) -> ApiError:
    seconds = max(1, math.ceil(wait))
    return ApiError(
        429,
        "rate_limited",
        f"工作人员身份验证过于频繁（每个客户端每分钟最多失败 {per_minute} 次），"
        f"请 {seconds} 秒后再试。",
        {"Retry-After": str(seconds)},
    )


@dataclass(frozen=True)
class _Account:
    user: str
    password_hash: str


class StaffAuth:
    """The staff account (or none) and the sessions signed for it."""

    def __init__(self, settings: Settings, limiter: Limiter | None = None):
        """``limiter``: the per-client limit on password checks (none: unlimited)."""
        self.limiter = limiter
        self._account: _Account | None = None
        self.session_seconds = int(settings.session_hours * 3600)
        self._key = _session_key(settings)
        user = (settings.staff_user or "").strip()
        if settings.staff_password_hash:
            encoded = settings.staff_password_hash.strip()
            if not encoded.startswith("scrypt$") or encoded.count("$") != 5:
                raise ConfigError(
                    "REPORTQA_STAFF_PASSWORD_HASH 的格式不对。请用 python -m ui.auth 生成。"
                )
        elif settings.staff_password is not None and settings.staff_password.get_secret_value():
            encoded = hash_password(settings.staff_password.get_secret_value())
        else:
            encoded = ""
        if user and encoded:
            self._account = _Account(user, encoded)
        elif user or encoded:
            raise ConfigError(
                "工作人员账号配置不完整：请同时设置 REPORTQA_STAFF_USER 和 "
                "REPORTQA_STAFF_PASSWORD（或 REPORTQA_STAFF_PASSWORD_HASH），或者都不设置以停用工作台。"
            )

    @property
    def enabled(self) -> bool:
        return self._account is not None

    def check(self, user: str, password: str) -> bool:
        account = self._account
        if account is None:
            return False
        user_ok = hmac.compare_digest(user.encode("utf-8"), account.user.encode("utf-8"))
        password_ok = verify_password(password, account.password_hash)  # always run: timing
        return user_ok and password_ok

    # -- sessions ---------------------------------------------------------------------------

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    def make_session(self, user: str, now: float | None = None) -> str:
        expiry = int((now or time.time()) + self.session_seconds)
        payload = f"{base64.urlsafe_b64encode(user.encode()).decode()}|{expiry}"
        return f"{payload}|{self._sign(payload)}"

    def session_user(self, token: str | None, now: float | None = None) -> str | None:
        if not token or self._account is None:
            return None
        try:
            user_b64, expiry, sig = token.split("|")
            payload = f"{user_b64}|{expiry}"
            if not hmac.compare_digest(sig, self._sign(payload)):
                return None
            if int(expiry) < (now or time.time()):
                return None
            user = base64.urlsafe_b64decode(user_b64.encode()).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        return user if user == self._account.user else None

    # -- requests ---------------------------------------------------------------------------

    def basic_user(self, conn: HTTPConnection) -> str | None:
        """The user of the request's HTTP Basic credentials, checked after a token of the
        client's limit is taken (raises the 429 ApiError when none is left; no hash runs)."""
        header = conn.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            user, sep, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if not sep:
            return None
        key = conn.client.host if conn.client else "unknown"
        if self.limiter is not None:
            wait = self.limiter.acquire(key)  # before the hash: a flood costs no scrypt
            if wait > 0:
                raise too_many_attempts(wait, self.limiter.per_minute)
        if not self.check(user, password):
            return None
        if self.limiter is not None:
            self.limiter.refund(key)  # only failures count
        return user

    def login(self, key: str, user: str, password: str) -> float | bool:
        """The login form's check for client ``key``: True or False, or the seconds to wait
        when the client is over its limit (then no hash runs)."""
        if self.limiter is not None:
            wait = self.limiter.acquire(key)
            if wait > 0:
                return wait
        if not self.check(user, password):
            return False
        if self.limiter is not None:
            self.limiter.refund(key)
        return True

    def request_user(self, conn: HTTPConnection) -> str | None:
        """The staff user a request (or websocket) is made by: the one the staff gate already
        checked, the session cookie, then Basic."""
        if self._account is None:
            return None
        checked = conn.scope.get(SCOPE_USER)
        if checked is not None:
            return checked
        return self.session_user(conn.cookies.get(COOKIE)) or self.basic_user(conn)


def main() -> int:
    """``python -m ui.auth``: print the hash to put in REPORTQA_STAFF_PASSWORD_HASH."""
    first = getpass.getpass("工作人员密码：")
    if len(first) < 8:
        print("密码至少需要 8 个字符。", file=sys.stderr)
        return 1
    if getpass.getpass("再输入一次：") != first:
        print("两次输入的密码不一致。", file=sys.stderr)
        return 1
    print(hash_password(first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
