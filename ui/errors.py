"""The one error shape of the HTTP API: ``{"error": {"code": "...", "message": "..."}}``.

Every error the app answers with (404, 405, 401, 413, 422, 429, 400, 500 ...) goes through
:func:`install_error_handlers` or :func:`error_response`, so a client parses one shape. Messages
are Chinese and say what to do; codes are stable English identifiers for programs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportqa.errors import ReportQAError

log = logging.getLogger(__name__)

# the default code and message of each status, for errors raised without one of ours
_DEFAULTS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求无效。"),
    401: ("unauthorized", "需要工作人员登录（HTTP Basic 或登录后的会话）。"),
    403: ("forbidden", "没有权限访问。"),
    404: ("not_found", "找不到这个地址。接口列表见 /docs。"),
    405: ("method_not_allowed", "这个地址不支持该请求方法。接口列表见 /docs。"),
    409: ("conflict", "请求与当前状态冲突，请稍后重试。"),
    413: ("payload_too_large", "请求内容过大。"),
    415: ("unsupported_media_type", "不支持的请求内容类型。"),
    422: ("invalid_request", "请求参数无效。"),
    429: ("rate_limited", "请求过于频繁，请稍后再试。"),
    500: ("internal_error", "服务器内部错误，请稍后重试。"),
    503: ("unavailable", "服务暂时不可用，请稍后重试。"),
}


class ErrorDetail(BaseModel):
    code: str = Field(description="稳定的英文错误代码，例如 rate_limited")
    message: str = Field(description="中文说明：出了什么问题、该怎么做")


class ErrorBody(BaseModel):
    error: ErrorDetail


# for the OpenAPI documentation of each route
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": message}
    for status, (_, message) in _DEFAULTS.items()
    if status in (400, 401, 413, 422, 429, 503)
}


class ApiError(StarletteHTTPException):
    """An error answered as ``status`` with our shape; ``headers`` e.g. Retry-After. An HTTP
    exception, so that FastAPI passes it through when it is raised while a body is read."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(status, message, headers or {})
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    default_code, default_message = _DEFAULTS.get(status, ("error", "请求失败。"))
    return JSONResponse(
        error_body(code or default_code, message or default_message),
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query"))
        parts.append(f"{where or '请求'}：{err.get('msg', '无效')}")
    return "请求参数无效：" + "；".join(parts) + "。接口说明见 /docs。"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own detail strings are English ("Not Found"): ours replace them, except a
        # detail we raised ourselves in Chinese
        detail = exc.detail if isinstance(exc.detail, str) else None
        mine = detail if detail and not detail.isascii() else None
        return error_response(exc.status_code, None, mine, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(ReportQAError)
    async def _reportqa(request: Request, exc: ReportQAError) -> JSONResponse:
        # the message names server paths: logged for the administrator, not shown
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(
            503, "index_unavailable", "索引暂时不可用，请稍后重试；管理员可查看服务器日志。"
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return error_response(500)
