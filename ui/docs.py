"""The API documentation at ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), working offline.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, which a government intranet often
cannot reach (a blank page). The same pages are built here with FastAPI's
``get_swagger_ui_html`` / ``get_redoc_html`` pointing at copies served by this site: the files
that the ``fastapi-offline`` package ships (Swagger UI's bundle and CSS, ReDoc's standalone
bundle, a favicon), under :data:`ASSETS`. No Google fonts, no validator badge: the pages make
no request outside this site.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"  # where the bundles are served
TITLE = "政府信息公开年度报告问答 API"
FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")


def asset_dir() -> Path:
    """The folder of the bundles in the installed ``fastapi-offline`` package."""
    try:
        import fastapi_offline
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise RuntimeError(
            "接口文档需要 fastapi-offline 包提供的 Swagger UI 和 ReDoc 文件：请运行 "
            "pip install fastapi-offline。"
        ) from e
    folder = Path(fastapi_offline.__file__).parent / "static"
    missing = [f for f in FILES if not (folder / f).is_file()]
    if missing:  # pragma: no cover - a broken installation
        raise RuntimeError(f"fastapi-offline 的文件不全（缺少 {', '.join(missing)}）：请重新安装。")
    return folder


def install(app: FastAPI) -> None:
    """Add ``/docs``, ``/redoc`` and the assets they load to ``app`` (created with
    ``docs_url=None, redoc_url=None``)."""
    openapi_url = app.openapi_url or "/openapi.json"
    app.mount(ASSETS, StaticFiles(directory=asset_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{TITLE} - 接口文档",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from outside
        )
        return _chinese(page)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{TITLE} - 接口文档",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        return _chinese(page)


# the pages may load nothing from outside this site (ReDoc's footer would fetch its logo from
# a CDN); ReDoc searches in a worker made from a blob
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)
# ReDoc's "API docs by Redocly" link (an English logo from a CDN) is not shown
_HIDE = "<style>a[href*='redocly.com'], a[href*='redoc.ly'] { display: none !important; }</style>"


def _chinese(page: HTMLResponse) -> HTMLResponse:
    """The page declared as Chinese (its text is the API's Chinese descriptions), kept to
    this site's own files."""
    body = bytes(page.body).decode("utf-8").replace("<html>", '<html lang="zh-CN">', 1)
    body = body.replace("</head>", _HIDE + "</head>", 1)
    return HTMLResponse(
        body, headers={"Cache-Control": "no-cache", "Content-Security-Policy": POLICY}
    )
