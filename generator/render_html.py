"""HTML portal pages (navigation, metadata and footer around the report; tables with rowspan and
colspan; utf-8 or gbk) and PDFs printed from a clean HTML rendering by headless Chromium."""

from __future__ import annotations

import html
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import GeneratedReport
from .render import Grid, Layout, Para, traditional

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    for p in CHROMIUM_CANDIDATES:
        if Path(p).exists():
            return p
    return shutil.which("chromium")


# Noto CJK is avoided: Chromium's PDFs map its glyphs to Kangxi radicals (⼈ for 人) in the text
# layer, which real Word-made PDFs do not do.
PDF_FONTS = ("AR PL UMing CN", "WenQuanYi Zen Hei")
INSTALL_HINT = "apt-get install -y chromium fonts-arphic-uming fonts-wqy-zenhei"


def _fonts_present() -> bool:
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    out = subprocess.run(
        [fc, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return all(f in out for f in PDF_FONTS)


def pdf_available() -> bool:
    """PDF rendering needs Chromium and two CJK fonts (:data:`INSTALL_HINT`)."""
    return chromium_path() is not None and _fonts_present()


def _cell_html(text: str, rng: random.Random, wrap: str) -> str:
    if not text:
        return "&nbsp;" if rng.random() < 0.6 else ""
    parts = [html.escape(t, quote=False) for t in text.split("\n")]
    if wrap == "p":
        return "".join(f"<p>{p}</p>" for p in parts)
    if wrap == "span":
        return "".join(
            f'<p style="text-align:center"><span style="font-family:仿宋_GB2312;font-size:10.5pt">{p}</span></p>'
            for p in parts
        )
    return "<br>".join(parts)


def _vertical(text: str) -> str:
    """One character a line, as a narrow Word column prints it (三、 stays together)."""
    chars = list(text.replace("\n", ""))
    lines = []
    for ch in chars:
        if lines and ch in "、，。）":
            lines[-1] += ch
        else:
            lines.append(ch)
    return "<br>".join(html.escape(x, quote=False) for x in lines)


def table_html(grid: Grid, rng: random.Random, css_class: bool = False) -> str:
    """A table with rowspan/colspan. ``css_class`` (the print rendering) marks narrow and number
    cells for the print stylesheet and sets vertical labels one character a line."""
    wrap = rng.choice(["plain", "p"] if css_class else ["plain", "p", "span"])
    tbody = rng.random() < 0.5
    out = [
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">'
    ]
    if tbody:
        out.append("<tbody>")
    for row in grid.rows:
        cells = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if css_class and cell.vertical:
                attrs += ' class="vertical"'
            elif css_class and cell.narrow:
                attrs += ' class="narrow"'
            elif css_class and cell.value:
                attrs += ' class="num"'
            inner = (
                _vertical(cell.text)
                if css_class and cell.vertical
                else _cell_html(cell.text, rng, wrap)
            )
            cells.append(f"<td{attrs}>{inner}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    if tbody:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _para_html(p: Para, rng: random.Random, strong_headings: bool) -> str:
    text = html.escape(p.text, quote=False)
    if p.role == "title":
        return f'<p style="text-align:center"><strong>{text}</strong></p>'
    if p.role == "heading":
        return f"<p><strong>{text}</strong></p>" if strong_headings else f"<h3>{text}</h3>"
    if p.role == "subheading":
        return f'<p style="text-indent:2em"><strong>{text}</strong></p>'
    if p.role == "signature":
        return f'<p style="text-align:right">{text}</p>'
    return f'<p style="text-indent:2em">{text}</p>'


def content_html(layout: Layout, rng: random.Random, css_class: bool = False) -> str:
    strong = rng.random() < 0.7
    parts = []
    for b in layout.blocks:
        parts.append(
            _para_html(b, rng, strong) if isinstance(b, Para) else table_html(b, rng, css_class)
        )
    return "\n".join(parts)


NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进{city}", "专题专栏"]


def write_html(
    layout: Layout, report: GeneratedReport, path: Path, rng: random.Random
) -> tuple[str, str]:
    info = report.info
    assert info is not None
    charset = rng.choice(["utf-8", "utf-8", "gbk"])
    tr = traditional if layout.traditional else (lambda s: s)
    title = "".join(layout.title)
    site = info.portal.replace("门户网站", "")
    city = site[:3]
    pub = f"{report.year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    meta = (
        f'<meta charset="{charset}">'
        if rng.random() < 0.5
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    nav = "".join(
        f'<li><a href="/col/{i}.html">{n.format(city=city)}</a></li>' for i, n in enumerate(NAV)
    )
    info_table = ""
    if rng.random() < 0.5:
        info_table = (
            '<table class="xxgk-info"><tr><td>索引号：</td>'
            f"<td>{rng.randint(10**10, 10**11 - 1)}/{pub[:4]}-{rng.randint(10000, 99999)}</td>"
            f"<td>信息分类：</td><td>政府信息公开年报</td></tr>"
            f"<tr><td>发布机构：</td><td>{html.escape(report.body_printed)}</td><td>生成日期：</td><td>{pub}</td></tr>"
            "<tr><td>文号：</td><td></td><td>有效性：</td><td>有效</td></tr></table>"
        )
    related = ""
    if rng.random() < 0.5:
        items = "".join(
            f'<li><a href="/art/{y}/{rng.randint(100, 999)}.html">{html.escape(report.body_printed)}{y}年政府信息公开工作年度报告</a></li>'
            for y in (report.year - 1, report.year - 2)
        )
        related = f'<div class="related"><h4>相关链接</h4><ul>{items}</ul></div>'
    body = content_html(layout, rng)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<title>{html.escape(title)}_{html.escape(site)}</title>
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{pub} 09:{rng.randint(10, 59)}">
<meta name="ContentSource" content="{html.escape(report.body_printed)}">
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery.min.js"></script>
</head>
<body>
<div class="header"><div class="logo"><a href="/">{html.escape(site)}</a></div>
<div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div>
<div class="tools"><a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="#">English</a></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/1.html">政务公开</a> &gt; <a href="/col/nb.html">政府信息公开年报</a></div>
{info_table}
<div class="article">
<h1 class="art-title">{html.escape(title)}</h1>
<div class="art-info">发布时间：{pub}　来源：{html.escape(report.body_printed)}　浏览次数：<span id="hits">{rng.randint(30, 5000)}</span>　字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
<div class="art-content" id="zoom">
{body}
</div>
<div class="art-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
{related}
</div>
<div class="footer"><p>主办：{html.escape(site)}办公室　承办：{html.escape(city)}大数据管理中心</p>
<p>网站标识码：{rng.randint(10**9, 10**10 - 1)}　备案号：X ICP备{rng.randint(10**7, 10**8 - 1)}号　公网安备 {rng.randint(10**13, 10**14 - 1)}号</p>
<p>联系电话：{rng.randint(10**7, 10**8 - 1)}　建议使用1920×1080分辨率浏览</p></div>
<script>var _hmt = _hmt || [];</script>
</body>
</html>
"""
    if layout.traditional:
        page = tr(page)
    path.write_bytes(page.encode(charset, errors="xmlcharrefreplace"))
    return "html", charset


PRINT_CSS = """
@page { size: A4; margin: 2.6cm 2.4cm 2.4cm 2.6cm;
  @bottom-center { content: "- " counter(page) " -"; font-family: "AR PL UMing CN"; font-size: 11pt; } }
body { font-family: "AR PL UMing CN", "WenQuanYi Zen Hei"; font-size: 15.5pt; line-height: 1.75; }
p { margin: 0; text-indent: 2em; }
p.title { text-align: center; text-indent: 0; font-size: 21pt; font-weight: bold; line-height: 1.5; }
p.heading, p.title { font-family: "WenQuanYi Zen Hei", "AR PL UMing CN"; }
p.signature { text-align: right; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10pt; line-height: 1.35; }
td { border: 0.8pt solid #000; text-align: center; vertical-align: middle; padding: 2pt 3pt; }
td p { text-indent: 0; }
td.vertical { width: 1.1em; }
td.narrow { width: 3.6em; }
td.num { width: 3.2em; }
"""


def write_pdf(layout: Layout, path: Path, rng: random.Random) -> tuple[str, None]:
    """Print the layout to PDF with headless Chromium; raises RuntimeError without it."""
    chromium = chromium_path()
    if chromium is None or not _fonts_present():
        raise RuntimeError(f"PDF rendering needs Chromium and CJK fonts: {INSTALL_HINT}")
    parts = []
    for b in layout.blocks:
        if isinstance(b, Para):
            parts.append(f'<p class="{b.role}">{html.escape(b.text, quote=False)}</p>')
        else:
            parts.append(table_html(b, rng, css_class=True))
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>{PRINT_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    with tempfile.TemporaryDirectory(prefix="reportqa-pdf-") as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        if not out.exists():
            raise RuntimeError(
                f"Chromium did not print {path.name}: {proc.stderr.decode(errors='replace')[-500:]}"
            )
        shutil.copyfile(out, path)
    return "pdf", None
