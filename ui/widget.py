"""The widget at ``/widget``: a minimal, read-only chat for an iframe on a government portal.

It is one small page and one script, no framework: the script posts to ``/api/ask`` (so the
API's rate limit applies) and builds the answer with ``textContent`` only, so nothing from a
question or a report is ever parsed as HTML. Its Content-Security-Policy allows scripts, styles
and requests from this site only, and lets only the origins in
``REPORTQA_WIDGET_FRAME_ANCESTORS`` embed it (``frame-ancestors``).

Embedding (see also :data:`EMBED_SNIPPET` and the staff workspace's 小组件 tab)::

    <iframe src="https://qa.example.gov.cn/widget" title="政府信息公开年度报告问答"
            width="380" height="560" style="border:1px solid #d0d7de;border-radius:8px"
            loading="lazy"></iframe>

and on the question-answering server::

    REPORTQA_WIDGET_FRAME_ANCESTORS="https://portal.example.gov.cn"
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reportqa.errors import ConfigError
from ui import examples as ex
from ui.render import esc
from ui.services import Services

STATIC = Path(__file__).parent / "static"
EMBED_SNIPPET = (
    '<iframe src="{base}/widget" title="政府信息公开年度报告问答"\n'
    '        width="380" height="560" style="border:1px solid #d0d7de;border-radius:8px"\n'
    '        loading="lazy"></iframe>'
)
_ORIGIN = re.compile(r"^(https?://(\*\.)?[A-Za-z0-9\-.]+(:\d{1,5})?|'self')$")


def frame_ancestors(setting: str) -> str:
    """The CSP frame-ancestors source list of the widget: this site and the configured origins."""
    origins = setting.split()
    bad = [o for o in origins if not _ORIGIN.match(o)]
    if bad:
        raise ConfigError(
            f"REPORTQA_WIDGET_FRAME_ANCESTORS 中有无效的来源：{' '.join(bad)}。"
            "请写成以空格分隔的 https://域名[:端口]，例如 https://portal.example.gov.cn"
        )
    return " ".join(["'self'", *[o for o in origins if o != "'self'"]])


def public_base_url(setting: str) -> str:
    """The site's public address (settings.public_base_url), checked: http(s)://host[:port][/path]."""
    value = setting.strip().rstrip("/")
    if value and not re.match(r"^https?://[A-Za-z0-9\-.]+(:\d{1,5})?(/[\w\-./~%]*)?$", value):
        raise ConfigError(
            f"REPORTQA_PUBLIC_BASE_URL 无效：{setting}。请写成 https://域名[:端口][/路径]，"
            "例如 https://qa.example.gov.cn"
        )
    return value


def widget_csp(setting: str) -> str:
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors(setting)}"
    )


def origin_allowed(origin: str, setting: str) -> bool:
    """Whether a page of ``origin`` may frame the widget: an origin of the setting, exactly or
    under its ``*.`` wildcard (as CSP frame-ancestors reads it)."""
    origin = origin.rstrip("/").lower()
    for allowed in setting.split():
        allowed = allowed.rstrip("/").lower()
        if allowed == origin:
            return True
        scheme, _, host = allowed.partition("://")
        if host.startswith("*.") and origin.startswith(scheme + "://"):
            if origin[len(scheme) + 3 :].endswith(host[1:]):
                return True
    return False


def framing_origin(request: Request) -> str | None:
    """The origin of the page that frames this request, when the browser says so: a cross-site
    iframe load (Sec-Fetch-Dest: iframe) with a Referer. None otherwise."""
    headers = request.headers
    if headers.get("sec-fetch-dest") != "iframe" or headers.get("sec-fetch-site") == "same-origin":
        return None
    m = re.match(r"^(https?://[^/?#]+)", headers.get("referer", ""))
    return m.group(1) if m else None


REFUSED_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"


def refused_page(origin: str, root: str) -> str:
    """The page shown in a frame of an origin that may not embed the widget: in Chinese, why,
    and what the portal's administrator should do. Text and one link only, so it may be framed
    anywhere (nothing on it can be clicked into doing something)."""
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>问答小组件不能在这个网站中显示</title>
<link rel="stylesheet" href="{esc(root)}/widget/widget.css">
</head>
<body>
<header><span>政府信息公开年度报告问答</span></header>
<main class="refused" role="alert">
<h1>问答小组件不能在这个网站中显示</h1>
<p>为了防止冒用，问答服务只允许经过登记的网站嵌入小组件，这个网站（<code>{esc(origin)}</code>）还没有登记。</p>
<p>您可以<a href="{esc(root)}/widget" target="_blank" rel="noopener">在新窗口中打开问答</a>。</p>
<p class="hint">网站管理员：请让问答服务的管理员把 <code>{esc(origin)}</code> 加入设置
REPORTQA_WIDGET_FRAME_ANCESTORS（以空格分隔），然后重新启动服务。</p>
</main>
</body>
</html>
"""


def widget_page(services: Services, root: str) -> str:
    questions = ex.example_questions(services.assistant, limit=3)
    buttons = "".join(
        f'<button type="button" class="ex" data-q="{esc(q)}">{esc(q)}</button>' for q in questions
    )
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开年度报告问答</title>
<link rel="stylesheet" href="{esc(root)}/widget/widget.css">
<script src="{esc(root)}/widget/widget.js" defer></script>
</head>
<body data-api="{esc(root)}/api/ask" data-max="{services.settings.max_question_chars}">
<header><span>政府信息公开年度报告问答</span>
<button id="clear" type="button" title="清空对话，重新开始">清空对话</button></header>
<main id="log" aria-live="polite">
<p class="hint">根据已收录的年度报告回答，每个数字都注明出处。</p>
<div class="examples">{buttons}</div>
</main>
<form id="ask">
<input id="q" name="q" type="text" autocomplete="off" maxlength="{services.settings.max_question_chars}"
 placeholder="请输入问题" aria-label="问题">
<button id="send" type="submit">提问</button>
</form>
</body>
</html>
"""


def build_router(services: Services) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    js = (STATIC / "widget.js").read_text(encoding="utf-8")
    css = (STATIC / "widget.css").read_text(encoding="utf-8")

    @router.get("/widget", response_class=HTMLResponse)
    @router.get("/widget/", response_class=HTMLResponse)
    def page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        origin = framing_origin(request)
        if origin is not None and not origin_allowed(
            origin, services.settings.widget_frame_ancestors
        ):
            # the browser would refuse to show the widget here (frame-ancestors) with a blank
            # error page: say why instead, on a page that holds nothing to click into
            return HTMLResponse(
                refused_page(origin, root),
                status_code=403,
                headers={
                    "Cache-Control": "no-store",
                    "Content-Security-Policy": REFUSED_CSP + "; frame-ancestors *",
                    "Vary": "Referer, Sec-Fetch-Dest, Sec-Fetch-Site",
                },
            )
        return HTMLResponse(
            widget_page(services, root),
            headers={
                "Cache-Control": "no-cache",
                "Vary": "Referer, Sec-Fetch-Dest, Sec-Fetch-Site",
            },
        )

    @router.get("/widget/widget.js")
    def script() -> Response:
        return Response(js, media_type="text/javascript; charset=utf-8")

    @router.get("/widget/widget.css")
    def style() -> Response:
        return Response(css, media_type="text/css; charset=utf-8")

    return router
