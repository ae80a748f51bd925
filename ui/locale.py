"""Chinese on the Gradio pages (the chat and the workspace), whatever the browser's language.

Gradio picks the language of its own words ("Drop File Here", "Click to Upload", "Clear",
"Like") from ``navigator.language`` and ships a zh-CN translation; a browser set to English (or
any language) would get English. Two things make every label Chinese:

* :class:`ChineseLocale` puts :data:`HEAD_SCRIPT` at the top of each Gradio page's ``<head>``
  (before Gradio's own scripts) and marks the page ``lang="zh-CN"``. The script tells Gradio the
  browser's language is zh-CN, so Gradio's own translation is used, and
* the keys Gradio's zh-CN translation lacks come from :data:`GRADIO_ZH` (Gradio's ``gr.I18n``,
  passed to ``mount_gradio_app``: :func:`gradio_i18n`), and the script
* translates the labels Gradio writes in English whatever the language (aria-labels and titles
  of its icon buttons: "Copy message", "Fullscreen", "Open cell menu" ...) from :data:`LABELS`,
  as Gradio adds them to the page. A chat message's aria-label, which Gradio fills with the
  message's HTML source, becomes "提问" or "回答".

The words are data (:data:`LABELS`, :data:`TEXTS`); the browser tests
(``tests/ui/test_browser_chinese.py``) fail on any English label or visible word they find.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

# Gradio's English aria-labels, titles and placeholders → Chinese (exact values)
LABELS: dict[str, str] = {
    "Clear": "清空对话",
    "Copy": "复制",
    "Copied": "已复制",
    "Copy message": "复制这条消息",
    "Copied message": "已复制",
    "Copy table data": "复制表格数据",
    "Copy to clipboard": "复制",
    "Like": "赞",
    "Dislike": "踩",
    "Liked": "已赞",
    "Disliked": "已踩",
    "Download": "下载",
    "File upload": "上传文件",
    "Click to upload or drop files": "点击上传或把文件拖放到这里",
    "Upload file": "上传文件",
    "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏",
    "Exit fullscreen": "退出全屏",
    "More tabs": "更多标签页",
    "Open cell menu": "单元格菜单",
    "Table actions": "表格操作",
    "Sort column": "排序",
    "chatbot conversation": "问答记录",
    "Code input container": "代码",
    "Unfold line": "展开",
    "Fold line": "折叠",
    "Remove": "移除",
    "Clear file": "移除文件",
    "Retry": "重试",
    "Undo": "撤销",
    "Edit": "编辑",
    "Share": "分享",
    "Close": "关闭",
    "Dropdown": "下拉菜单",
    "Select": "选择",
    "Search": "搜索",
    "Loading": "加载中",
    "Loading...": "加载中……",
}
# a label that starts with one of these is replaced whole (the chat's messages: Gradio writes
# the message's HTML source after it, which a screen reader would read out)
PREFIXES: dict[str, str] = {"user's message": "提问", "bot's message": "回答"}
# visible English text nodes Gradio writes outside its translation (exact, trimmed)
TEXTS: dict[str, str] = {
    "processing |": "处理中 |",
    "processing": "处理中",
    "queue:": "排队：",
    "queue: ": "排队：",
    "pending": "等待中",
    "Loading...": "加载中……",
    "Loading": "加载中",
    "Error": "错误",
    "Close": "关闭",
    "Copied!": "已复制",
    "Copy": "复制",
}
# keys of Gradio's own translation that its zh-CN file lacks (it would show the key itself)
GRADIO_ZH: dict[str, str] = {"common.complete": "完成"}
_ATTRIBUTES = ("aria-label", "title", "placeholder", "aria-roledescription", "alt")

HEAD_SCRIPT = (
    "<script>/* reportqa: Gradio in Chinese whatever the browser's language (ui/locale.py) */"
    "(function(){"
    "var L=['zh-CN','zh'];"
    "try{Object.defineProperty(Navigator.prototype,'language',{get:function(){return L[0]},"
    "configurable:true});"
    "Object.defineProperty(Navigator.prototype,'languages',{get:function(){return L.slice()},"
    "configurable:true});}catch(e){}"
    f"var W={json.dumps(LABELS, ensure_ascii=False)},P={json.dumps(PREFIXES, ensure_ascii=False)},"
    f"T={json.dumps(TEXTS, ensure_ascii=False)},A={json.dumps(list(_ATTRIBUTES))};"
    "function label(v){if(Object.prototype.hasOwnProperty.call(W,v))return W[v];"
    "for(var k in P){if(v.indexOf(k)===0)return P[k];}return null;}"
    "function fix(el){if(el.nodeType===3){var t=el.nodeValue.trim();"
    "if(t&&Object.prototype.hasOwnProperty.call(T,t))el.nodeValue=el.nodeValue.replace(t,T[t]);"
    "return;}if(el.nodeType!==1)return;"
    "for(var i=0;i<A.length;i++){var v=el.getAttribute(A[i]);if(v){var c=label(v);"
    "if(c!==null&&c!==v)el.setAttribute(A[i],c);}}}"
    "function walk(root){fix(root);if(root.querySelectorAll){"
    "var all=root.querySelectorAll('*');for(var i=0;i<all.length;i++)fix(all[i]);"
    "var w=document.createTreeWalker(root,NodeFilter.SHOW_TEXT),n;while((n=w.nextNode()))fix(n);}}"
    "new MutationObserver(function(ms){for(var i=0;i<ms.length;i++){var m=ms[i];"
    "if(m.type==='attributes'||m.type==='characterData')fix(m.target);"
    "else for(var j=0;j<m.addedNodes.length;j++)walk(m.addedNodes[j]);}})"
    ".observe(document.documentElement,{subtree:true,childList:true,characterData:true,"
    "attributes:true,attributeFilter:A});"
    "document.addEventListener('DOMContentLoaded',function(){walk(document.body);});"
    "})();</script>"
)


def gradio_i18n() -> Any:
    """Gradio's i18n with :data:`GRADIO_ZH` for zh-CN."""
    import gradio as gr

    return gr.I18n(**{"zh-CN": GRADIO_ZH})


Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]


class ChineseLocale:
    """Puts :data:`HEAD_SCRIPT` into the Gradio pages at ``paths`` (their HTML only) and
    declares them Chinese (``<html lang="zh-CN">``)."""

    def __init__(self, app: ASGIApp, paths: tuple[str, ...] = ("/", "/staff/")):
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or scope.get("path") not in self.paths
        ):
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def rewriting_send(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = with_chinese_head(b"".join(chunks))
            raw = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            raw.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewriting_send)


def with_chinese_head(page: bytes) -> bytes:
    """The page with the script first in its ``<head>`` and its ``lang`` set to zh-CN."""
    text = page.decode("utf-8")
    text = text.replace('lang="en"', 'lang="zh-CN"', 1)
    if "<head>" in text:
        text = text.replace("<head>", "<head>" + HEAD_SCRIPT, 1)
    return text.encode("utf-8")
