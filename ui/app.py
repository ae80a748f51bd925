"""The web app: FastAPI with the Gradio pages mounted.

    /            citizens' chat (Gradio)          /api/...     HTTP API (ui.api), /docs
    /staff       staff workspace (Gradio, login)  /widget      embeddable chat (ui.widget)

:func:`create_app` builds the site from the :class:`~ui.services.Services` that the composition
root (:func:`reportqa.app.build_web_app`) wires from the settings: the web layer is handed the
assistant, the stores and the ingest entry point, and never builds them. It adds small ASGI
middlewares: security headers (CSP ``frame-ancestors``: the widget may be framed by the
configured origins, every other page by this site only), the staff gate (every ``/staff`` path
but the login needs a staff session or HTTP Basic), a body-size limit on the API, the Chinese
locale of the Gradio pages and the Chinese "not found" page. Concurrency: the API's handlers run
in a thread pool; the Gradio queues answer up to ``settings.ui_concurrency`` questions at a time,
so one slow question never holds up the others.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import gradio as gr
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import HTTPConnection

from reportqa.settings import Settings
from ui import api, chat, docs, sources, staff, widget
from ui.auth import COOKIE, SCOPE_USER, StaffAuth
from ui.errors import ApiError, error_body, error_response, install_error_handlers
from ui.locale import ChineseLocale, gradio_i18n
from ui.ratelimit import client_key
from ui.render import LINK_JS
from ui.services import Services

log = logging.getLogger(__name__)

API_BODY_LIMIT = 64 * 1024  # JSON requests: a question and its history
Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]


def check_settings(settings: Settings) -> str:
    """Fail early on web settings that cannot work; the widget's CSP policy."""
    policy = widget.widget_csp(settings.widget_frame_ancestors)
    widget.public_base_url(settings.public_base_url)
    return policy


def open_stores(services: Services) -> None:
    index = services.index
    if index.has_vectors:
        _ = index.vectors


def create_app(
    services: Services,
    *,
    warm_up: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> FastAPI:
    """The whole site over ``services``; ``warm_up`` loads the models before the first
    request; ``on_ready`` runs once the app can answer."""
    settings = services.settings
    widget_policy = check_settings(settings)
    staff_data = staff.StaffData(services) if services.auth.enabled else None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Open the vector store before the first request: Chroma clients made by concurrent
        # first requests fail ("Could not connect to tenant default_tenant").
        await anyio.to_thread.run_sync(open_stores, services)
        if warm_up:
            await anyio.to_thread.run_sync(services.assistant.warm_up)
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            if staff_data is not None:
                staff_data.close()  # the workspace's downloads folder

    app = FastAPI(
        title="政府信息公开年度报告问答 API",
        description=(
            "根据已收录的政府信息公开工作年度报告回答问题、查询表格事实。"
            '所有错误都以 {"error": {"code", "message"}} 返回；公开接口按客户端限流（429 带 Retry-After）。'
        ),
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by ui.docs from local assets (no CDN)
        redoc_url=None,
    )
    app.state.services = services
    app.state.staff_data = staff_data
    install_error_handlers(app)
    docs.install(app)
    app.include_router(api.build_router(services))
    app.include_router(widget.build_router(services))
    app.include_router(sources.build_router(services))
    _add_staff_routes(app, services)

    if services.auth.enabled:
        staff_blocks = staff.build_staff(services, staff_data)
        staff_blocks.queue(default_concurrency_limit=settings.ui_concurrency, max_size=256)
        gr.mount_gradio_app(
            app,
            staff_blocks,
            path="/staff",
            auth_dependency=services.auth.request_user,
            footer_links=[],
            run_history=False,
            max_file_size=settings.max_upload_mb * 1024 * 1024,
            css=staff.CSS,
            show_error=False,
            i18n=gradio_i18n(),
        )
    chat_blocks = chat.build_chat(services)
    chat_blocks.queue(default_concurrency_limit=settings.ui_concurrency, max_size=512)
    gr.mount_gradio_app(
        app,
        chat_blocks,
        path="/",
        footer_links=[],
        run_history=False,
        max_file_size=1,  # the chat takes no files
        css=chat.CSS,
        head=LINK_JS,
        show_error=False,
        i18n=gradio_i18n(),
    )

    app.add_middleware(BodyLimit, limit=API_BODY_LIMIT, upload_limit=services.uploader.max_bytes)
    app.add_middleware(ChineseLocale)  # the Gradio pages in Chinese, whatever the browser's
    app.add_middleware(PlainErrors)
    app.add_middleware(StaffGate, auth=services.auth)
    app.add_middleware(SecurityHeaders, widget_policy=widget_policy)
    return app


# -- staff login ------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f6f8fa;
  display: flex; justify-content: center; padding-top: 10vh; margin: 0; }}
main {{ background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 24px 32px;
  width: 340px; }}
h1 {{ font-size: 1.3em; margin-top: 0; }}
label {{ display: block; margin: 12px 0 4px; }}
input {{ width: 100%; padding: 6px 8px; box-sizing: border-box; }}
button {{ margin-top: 16px; width: 100%; padding: 8px; background: #1f6feb; color: #fff;
  border: 0; border-radius: 6px; font-size: 1em; }}
.err {{ color: #cf222e; }}
</style></head><body><main>{body}</main></body></html>"""


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(title=html.escape(title), body=body),
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


DISABLED_MESSAGE = (
    "工作人员工作台未启用：服务器没有配置工作人员账号。"
    "请管理员设置环境变量 REPORTQA_STAFF_USER 和 REPORTQA_STAFF_PASSWORD"
    "（或 REPORTQA_STAFF_PASSWORD_HASH）后重新启动服务。"
)


def not_found_page(path: str) -> HTMLResponse:
    """The page a browser gets for an address this site does not have."""
    return page(
        "找不到这个页面",
        "<h1>找不到这个页面</h1>"
        f"<p>本站没有 <code>{html.escape(path[:200])}</code> 这个地址。"
        "地址可能输错了，或者页面已经移走。</p>"
        "<p><a href='/'>返回问答首页</a> · <a href='/docs'>接口文档</a></p>",
        404,
    )


def disabled_page() -> HTMLResponse:
    return page(
        "工作台未启用",
        f"<h1>工作台未启用</h1><p>{html.escape(DISABLED_MESSAGE)}</p><p><a href='/'>返回问答</a></p>",
        403,
    )


def login_form(error: str = "", status: int = 200) -> HTMLResponse:
    err = f"<p class='err' role='alert'>{html.escape(error)}</p>" if error else ""
    return page(
        "工作人员登录",
        "<h1>工作人员登录</h1>" + err + "<form method='post' action='/staff/login'>"
        "<label for='username'>账号</label>"
        "<input id='username' name='username' autocomplete='username' required>"
        "<label for='password'>密码</label>"
        "<input id='password' name='password' type='password' "
        "autocomplete='current-password' required>"
        "<button type='submit'>登录</button></form>",
        status,
    )


def _add_staff_routes(app: FastAPI, services: Services) -> None:
    auth = services.auth

    @app.get("/staff/login", include_in_schema=False)
    def login_page(request: Request) -> Response:
        if not auth.enabled:
            return disabled_page()
        if auth.request_user(request):
            return RedirectResponse("/staff/", status_code=303)
        return login_form()

    @app.post("/staff/login", include_in_schema=False)
    def login(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
        if not auth.enabled:
            return disabled_page()
        outcome = auth.login(client_key(request), username, password)
        if outcome is False:
            return login_form("账号或密码错误。", 401)
        if outcome is not True:  # over the limit: no password was checked
            return login_form(f"登录失败次数过多，请 {max(1, math.ceil(outcome))} 秒后再试。", 429)
        resp = RedirectResponse("/staff/", status_code=303)
        resp.set_cookie(
            COOKIE,
            auth.make_session(username),
            max_age=auth.session_seconds,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return resp

    @app.get("/staff", include_in_schema=False)
    def staff_root() -> Response:
        return RedirectResponse("/staff/", status_code=307)

    @app.get("/staff/logout", include_in_schema=False)
    def logout() -> Response:
        resp = RedirectResponse("/staff/login", status_code=303)
        resp.delete_cookie(COOKIE, path="/")
        return resp


# -- middleware -------------------------------------------------------------------------------


async def _send_json(send: Callable, status: int, body: dict, headers: dict | None = None) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """CSP frame-ancestors (the widget's from settings, this site only elsewhere), nosniff,
    a same-origin referrer."""

    def __init__(self, app: ASGIApp, widget_policy: str):
        self.app = app
        self.widget_policy = widget_policy.encode()

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        is_widget = path == "/widget" or path.startswith("/widget/")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                own = [  # a route's own policy (a served report file: sandbox) is kept
                    v
                    for k, v in message.get("headers", [])
                    if k.lower() == b"content-security-policy"
                ]
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-security-policy", b"x-frame-options")
                ]
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"same-origin"))
                if is_widget:  # its refusal page says where it may be framed itself
                    headers.append(
                        (b"content-security-policy", own[0] if own else self.widget_policy)
                    )
                else:
                    policy = b"; ".join([*own, b"frame-ancestors 'self'"])
                    headers.append((b"content-security-policy", policy))
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class StaffGate:
    """Every ``/staff`` path except login and logout needs a staff user: a browser asking for
    a page is sent to the login form, anything else gets 401 (403 when staff is disabled)."""

    OPEN = ("/staff/login", "/staff/logout")

    def __init__(self, app: ASGIApp, auth: StaffAuth):
        self.app = app
        self.auth = auth

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        guarded = (path == "/staff" or path.startswith("/staff/")) and path not in self.OPEN
        if not guarded:
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        try:
            user = self.auth.request_user(conn)
        except ApiError as e:  # too many Basic attempts from this client: no hash was run
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _send_json(
                    send, e.status, error_body(e.code, e.message), dict(e.headers or {})
                )
            return
        if user is not None:
            scope[SCOPE_USER] = user  # the workspace's own check need not hash again
        if scope["type"] == "websocket":
            if user is None:
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        if not self.auth.enabled:
            if _wants_html(conn):
                await disabled_page()(scope, receive, send)
            else:
                await _send_json(send, 403, error_body("staff_disabled", DISABLED_MESSAGE))
            return
        if user is not None:
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD") and _wants_html(conn):
            await RedirectResponse("/staff/login", status_code=303)(scope, receive, send)
            return
        await _send_json(
            send, 401, error_body("unauthorized", "需要工作人员登录：请先在 /staff/login 登录。")
        )


class PlainErrors:
    """Starlette's bare ``{"detail": "Not Found"}`` / ``"Method Not Allowed"`` answers (from
    the mounted Gradio apps, for paths they do not know) in our error shape; a browser asking
    for a page outside ``/api`` gets a Chinese page instead (:func:`not_found_page`)."""

    DEFAULT = {404: b'{"detail":"Not Found"}', 405: b'{"detail":"Method Not Allowed"}'}

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: dict | None = None
        path = scope.get("path", "")
        browser_page = (
            not (path == "/api" or path.startswith("/api/"))
            and scope.get("method") in ("GET", "HEAD")
            and _wants_html(HTTPConnection(scope))
        )

        async def rewriting_send(message: dict) -> None:
            nonlocal held
            if message["type"] == "http.response.start" and message["status"] in self.DEFAULT:
                held = message  # wait for the body to decide
                return
            if held is not None and message["type"] == "http.response.body":
                start, held = held, None
                if message.get("body", b"") == self.DEFAULT[start["status"]] and not message.get(
                    "more_body"
                ):
                    headers = {
                        k.decode(): v.decode()
                        for k, v in start.get("headers", [])
                        if k.lower() not in (b"content-type", b"content-length")
                    }
                    status = start["status"]
                    if status == 404 and browser_page:
                        await not_found_page(path)(scope, receive, send)
                        return
                    await _send_json(send, status, error_body(*_default_error(status)), headers)
                    return
                await send(start)
            await send(message)

        await self.app(scope, receive, rewriting_send)


def _default_error(status: int) -> tuple[str, str]:
    body = json.loads(bytes(error_response(status).body))
    return body["error"]["code"], body["error"]["message"]


def _wants_html(conn: HTTPConnection) -> bool:
    return "text/html" in conn.headers.get("accept", "")


class BodyLimit:
    """Refuse API request bodies over ``limit`` bytes (``upload_limit`` plus form overhead for
    the upload) with 413, before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int):
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit + 64 * 1024

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        is_upload = path.rstrip("/") == "/api/reports" and scope.get("method") == "POST"
        limit = self.upload_limit if is_upload else self.limit
        code, message = (
            (
                "file_too_large",
                f"文件超过了 {(self.upload_limit - 65536) / 1048576:g} MB 的上传上限。",
            )
            if is_upload
            else ("payload_too_large", f"请求内容超过了 {limit // 1024} KB。")
        )
        length = HTTPConnection(scope).headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            await _send_json(send, 413, error_body(code, message), {"Connection": "close"})
            return
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, code, message, {"Connection": "close"})
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except ApiError:
            if started:
                raise
            await _send_json(send, 413, error_body(code, message), {"Connection": "close"})
