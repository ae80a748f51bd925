"""HTML for the chat: the answer with its figure and numbered, expandable sources.

Everything taken from a question or a document is escaped with :func:`esc` before it becomes
part of the HTML; the only markup is the fixed markup written here. The chat renders this HTML
without Markdown (a ``*`` or ``[x](...)`` in a question stays text), and Gradio sanitises it once
more on the page.
"""

from __future__ import annotations

import re

from assistant.answer import Answer, Citation, Figure
from ui.charts import CHART_CSS, Point, chart_html
from ui.escape import esc
from ui.sources import citation_file_url

__all__ = ["esc", "answer_html", "question_html", "notice_html", "CHAT_CSS"]

_REF = re.compile(r"\[(\d{1,3})\]")


def question_html(question: str) -> str:
    return f'<div class="rq-q">{esc(question)}</div>'


def _text_with_refs(text: str, n_citations: int) -> str:
    """The escaped answer text with its [n] markers as links to the numbered sources."""

    def ref(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if 1 <= n <= n_citations:
            return f'<sup class="rq-ref">[{n}]</sup>'
        return m.group(0)

    return _REF.sub(ref, esc(text))


# the answers whose lead is one figure: shown as a card (a trend or a list is not one figure)
_ONE_FIGURE = ("figure", "compare", "share", "multiple", "total", "yesno")


def _main_figure(answer: Answer) -> Figure | None:
    """The figure the answer leads with, for the card: the computed one (a sum of cells, a
    share, a total), else the cell; none for a trend, a list or several figures asked at once."""
    if not answer.found or not answer.figures or answer.route not in _ONE_FIGURE:
        return None
    computed = [f for f in answer.figures if f.computed]
    if answer.route == "figure":
        if answer.parse and len(answer.parse.get("metrics") or []) > 1:
            return None
        return computed[0] if computed else answer.figures[0]
    return computed[-1] if computed else answer.figures[0]


def figure_html(f: Figure) -> str:
    return (
        '<div class="rq-figure">'
        f'<div class="rq-figure-value">{esc(f.shown)}</div>'
        f'<div class="rq-figure-label">{esc(f.label)}</div>'
        f'<div class="rq-figure-where">{esc(f.body)} · {esc(f.year)}年</div>'
        "</div>"
    )


def file_position(c: Citation) -> str:
    """Where the cited place stands in the file, in words that do not read like the report's
    own 表3: "第4页，文件中的第3个表格，第4行第10列" / "第400行"."""
    p = c.provenance or {}
    bits = []
    if isinstance(p.get("page"), int):
        bits.append(f"第{p['page']}页")
    if all(isinstance(p.get(k), int) for k in ("table_index", "row_index", "col_index")):
        bits.append(f"文件中的第{p['table_index']}个表格")
        bits.append(f"第{p['row_index'] + 1}行第{p['col_index'] + 1}列")
    elif isinstance(p.get("line"), int):
        bits.append(f"第{p['line']}行")
    return "，".join(bits) if bits else c.locator


def citation_html(n: int, c: Citation) -> str:
    """One numbered source: the report and year in the summary; when opened, the quote (a
    sentence, or the table cell with the report's row and column labels) first, then the
    section and the position in the file, and links to the marked text and to the file."""
    where = [x for x in (c.section, file_position(c)) if x]
    # links written as elements that the chat page's script (LINK_JS) opens: the address in
    # ``title``, no ``href`` and no <a> in an answer's HTML (tests/assistant/test_hostile.py
    # holds every answer to a few plain tags)
    links = []
    if c.url:
        links.append(
            f'<div class="rq-link rq-view" title="{esc(c.url)}">查看原文（标出引用处）</div>'
        )
    page = (c.provenance or {}).get("page")
    file_link = citation_file_url(c)
    if file_link and c.source.lower().endswith(".pdf") and isinstance(page, int):
        links.append(
            f'<div class="rq-link rq-file" title="{esc(file_link)}">打开PDF第{page}页</div>'
        )
    rows = [
        f'<div class="rq-quote">{esc(c.quote)}</div>' if c.quote else "",
        f'<div class="rq-meta">报告：{esc(c.title)}（{esc(c.year)}年）</div>',
        f'<div class="rq-meta">位置：{esc("，".join(where))}</div>' if where else "",
        f'<div class="rq-meta">文件：{esc(c.source)}</div>',
        f'<div class="rq-links">{"".join(links)}</div>' if links else "",
    ]
    return (
        '<li class="rq-source"><details>'
        f"<summary>[{n}] {esc(c.title)}</summary>" + "".join(rows) + "</details></li>"
    )


def chart_of(answer: Answer) -> str:
    ch = answer.chart
    if ch is None or not answer.found:
        return ""
    points = [Point(p.label, p.value, p.citation) for p in ch.points]
    return chart_html(ch.kind, ch.title, ch.unit, points)


def _without_lead(text: str, fig: Figure | None) -> str:
    """The answer's first words repeat the card's figure ("3119件。…"): shown once, on the card."""
    if fig is not None and text.startswith(fig.shown + "。"):
        return text[len(fig.shown) + 1 :]
    return text


def answer_html(answer: Answer) -> str:
    """The whole answer: figure card, text with [n] markers, sources, and for an answer that
    found nothing, the suggested questions."""
    parts = []
    fig = _main_figure(answer)
    if fig is not None:
        parts.append(figure_html(fig))
    if answer.interpretation:
        parts.append(f'<div class="rq-interp">我的理解：{esc(answer.interpretation)}</div>')
    cls = "rq-answer" if answer.found else "rq-answer rq-notfound"
    text = _without_lead(answer.answer, fig)
    parts.append(f'<div class="{cls}">{_text_with_refs(text, len(answer.citations))}</div>')
    if answer.generated:
        # a model's words, checked against the quotes: said so, with what they stand on
        note = "正在生成……" if answer.partial else GENERATED_NOTE
        parts.append(f'<div class="rq-generated">{esc(note)}</div>')
        if answer.extract:
            parts.append(
                '<details class="rq-extract"><summary>原文摘录</summary>'
                f"<div>{_text_with_refs(answer.extract, len(answer.citations))}</div></details>"
            )
    parts.append(chart_of(answer))
    if answer.citations:
        heading = "出处" if answer.found else "语料中的报告"
        items = "".join(citation_html(i, c) for i, c in enumerate(answer.citations, 1))
        parts.append(
            f'<div class="rq-sources-title">{heading}（点击展开）</div>'
            f'<ol class="rq-sources">{items}</ol>'
        )
    if answer.suggestions:
        items = "".join(f"<li>{esc(s)}</li>" for s in answer.suggestions)
        parts.append(
            '<div class="rq-suggest-title">您可以这样问：</div>'
            f'<ul class="rq-suggestions">{items}</ul>'
        )
    return '<div class="rq-reply">' + "".join(parts) + "</div>"


GENERATED_NOTE = "以上文字由语言模型根据所引原文概括，其中每个数字都已与原文核对；以原文为准。"


def notice_html(text: str) -> str:
    """A message from the app itself (rate limit, error), escaped like everything else."""
    return f'<div class="rq-answer rq-notice">{esc(text)}</div>'


CHAT_CSS = (
    CHART_CSS
    + """
.rq-generated { font-size: 0.85em; color: #666; margin: 4px 0; }
.rq-extract summary { cursor: pointer; color: #444; font-size: 0.9em; }
.rq-figure { border-left: 4px solid #1f6feb; background: #f3f7ff; padding: 8px 12px;
  margin-bottom: 8px; border-radius: 4px; }
.rq-figure-value { font-size: 1.8em; font-weight: 700; color: #0b3d91; }
.rq-figure-label, .rq-figure-where { font-size: 0.9em; color: #444; }
.rq-notfound { color: #7a4b00; }
.rq-interp { font-size: 0.85em; color: #57606a; margin-bottom: 4px; }
.rq-ref { color: #1f6feb; font-weight: 600; }
.rq-sources-title, .rq-suggest-title { margin-top: 8px; font-weight: 600; font-size: 0.9em; }
.rq-sources { margin: 4px 0 0 0; padding-left: 0; list-style: none; }
.rq-source details { border: 1px solid #d0d7de; border-radius: 4px; margin: 4px 0;
  padding: 4px 8px; }
.rq-source summary { cursor: pointer; }
.rq-quote { background: #fffbe6; padding: 4px 6px; margin: 4px 0; }
.rq-meta { font-size: 0.85em; color: #555; }
.rq-suggestions { margin: 4px 0 0 1.2em; }
.rq-links { margin-top: 2px; font-size: 0.9em; display: flex; gap: 12px; flex-wrap: wrap; }
.rq-link { color: #0969da; text-decoration: underline; cursor: pointer; }
.rq-answer { overflow-wrap: anywhere; }
"""
)


# Opens the chat's source links (see citation_html) in a new tab, by click or Enter; only
# addresses of this site's viewer and files.
LINK_JS = """
<script>
(function () {
  function open(el) {
    var url = el.getAttribute("title") || "";
    if (/^(https?:\\/\\/[^\\s]+)?\\/(view|files)\\/[0-9a-f]{20}/.test(url)) {
      window.open(url, "_blank", "noopener");
    }
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest(".rq-link");
    if (el) { ev.preventDefault(); open(el); }
  });
  document.addEventListener("keydown", function (ev) {
    var el = ev.target.closest && ev.target.closest(".rq-link");
    if (el && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); open(el); }
  });
  new MutationObserver(function () {
    document.querySelectorAll(".rq-link:not([tabindex])").forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "link");
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
</script>
"""
