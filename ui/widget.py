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


def widget_csp(setting: str) -> str:
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors(setting)}"
    )


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
<header>政府信息公开年度报告问答</header>
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
        return HTMLResponse(widget_page(services, root), headers={"Cache-Control": "no-cache"})

    @router.get("/widget/widget.js")
    def script() -> Response:
        return Response(js, media_type="text/javascript; charset=utf-8")

    @router.get("/widget/widget.css")
    def style() -> Response:
        return Response(css, media_type="text/css; charset=utf-8")

    return router
