"""Escaping for the HTML the web layer writes: everything taken from a question, a report or
the index goes through :func:`esc` before it becomes part of a page."""

from __future__ import annotations

import html

# Beyond HTML's five: characters that a template engine on the page (Gradio's HTML component
# fills JS template strings and Handlebars templates) could read as syntax.
_TEMPLATE_CHARS = str.maketrans({"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;"})


def esc(text: object) -> str:
    """``text`` as HTML text: ``< > & " '`` and template marks escaped, line breaks kept."""
    escaped = html.escape(str(text), quote=True).translate(_TEMPLATE_CHARS)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")
