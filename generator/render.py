"""Lay a :class:`GeneratedReport` out as a real report would look, then write it as a file.

:func:`build_layout` turns the truth into paragraphs and table grids (cells with row and column
spans, as in the official template), choosing with the rng among the variations real reports
show (docs/FORMAT.md "Variations a parser must survive"). The writers in ``render_text``,
``render_docx`` and ``render_html`` turn one layout into a tab-cell .txt export, a pipe-flattened
.txt, a .docx with merged cells, an HTML portal page, or a PDF printed by Chromium. No writer
changes a figure: every cell prints ``report.raw`` and every stated figure ``report.prose_raw``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from reportqa.format import (
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    to_simplified,
)

from .model import T2, T3, T4, GeneratedReport, RenderInfo, t2_row

FORMATS = ("txt", "docx", "html", "pdf")


# --------------------------------------------------------------------------------------------
# Layout records


@dataclass
class Para:
    text: str
    role: str = "body"  # title / heading / subheading / body / meta / signature / note


@dataclass
class Cell:
    text: str  # paragraphs of the cell joined by "\n"
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    value: bool = False  # a data cell (as opposed to a label)
    narrow: bool = False  # a narrow label column (（三）不予公开 wraps in print)
    lead_blank: int = 0  # empty paragraphs before the text (Word's vertical centring)
    vertical: bool = False  # one character a line in print (三、本年度办理结果)


@dataclass
class Grid:
    table: str  # 表2 / 表3 / 表4
    rows: list[list[Cell]]  # origin cells only, in reading order, as HTML writes them
    ncols: int

    def occupancy(self) -> list[list[tuple[Cell, int, int]]]:
        """For every grid position: the cell covering it and the cell's origin (row, col)."""
        nrows = len(self.rows)
        grid: list[list[tuple[Cell, int, int] | None]] = [[None] * self.ncols for _ in range(nrows)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.ncols and grid[r][c] is not None:
                    c += 1
                if c + cell.colspan > self.ncols or r + cell.rowspan > nrows:
                    raise ValueError(
                        f"{self.table}: cell {cell.text!r} overflows the grid at ({r}, {c})"
                    )
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if grid[r + dr][c + dc] is not None:
                            raise ValueError(
                                f"{self.table}: overlapping cells at ({r + dr}, {c + dc})"
                            )
                        grid[r + dr][c + dc] = (cell, r, c)
                c += cell.colspan
        for r, row in enumerate(grid):
            if any(x is None for x in row):
                raise ValueError(f"{self.table}: row {r} is not filled")
        return grid  # type: ignore[return-value]


Block = Para | Grid


@dataclass
class Layout:
    blocks: list[Block]
    title: list[str]
    variations: dict[str, str] = field(default_factory=dict)
    traditional: bool = False


# --------------------------------------------------------------------------------------------
# Public API


def render(report: GeneratedReport, fmt: str, path: Path, rng: random.Random) -> Path:
    """Render ``report`` as ``fmt`` (txt / docx / html / pdf) at ``path``; returns the path."""
    return Path(render_with_info(report, fmt, path, rng).path)


def render_with_info(
    report: GeneratedReport, fmt: str, path: Path, rng: random.Random
) -> RenderInfo:
    """Like :func:`render`, and says how: style, encoding, Traditional script, variations."""
    from . import render_docx, render_html, render_text

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if report.table_format == "统计表":  # a report before 2019 (generator.old_style)
        from .old_style import build_old_layout

        layout = build_old_layout(report, rng)
    else:
        layout = build_layout(report, rng, fmt)
    if fmt == "txt":
        style, encoding = render_text.write_txt(layout, path, rng)
    elif fmt == "docx":
        style, encoding = render_docx.write_docx(layout, path, rng), None
    elif fmt == "html":
        style, encoding = render_html.write_html(layout, report, path, rng)
    else:
        style, encoding = render_html.write_pdf(layout, path, rng)
    return RenderInfo(
        path=str(path),
        fmt=fmt,
        style=style,
        encoding=encoding,
        traditional=layout.traditional,
        variations=dict(layout.variations),
    )


# --------------------------------------------------------------------------------------------
# Choices


@dataclass(frozen=True)
class Style:
    """The variations of one rendering."""

    heading_numerals: str  # cn / arabic34 / arabic
    heading_space: str  # "" or " " after 、
    heading_stray: bool  # a stray 、 after one heading
    sub_numerals: str  # cn / arabic_first / arabic
    half_brackets: bool  # (一) instead of （一） in headings and table labels
    sub_sep: str  # "1." / "1、" / "1．"
    quotes: str  # curly / straight
    typo: bool  # 2.其他法律行政止公开
    caption_space: bool  # 第二十条 第（一）项
    caption_missing: bool
    year_in_header: bool  # 本年(2024)制发件数
    split_labels: bool  # long labels broken over two lines in a cell
    table2_split: bool  # Table 2 as four separate tables
    table4_layout: str  # A (yongji) / B (复议 header spans two rows)
    lead_blank: int  # blank paragraphs before 三、本年度办理结果 (docx/tika)
    renamed: frozenset[int]  # sections printed under another name
    title: str  # year_body / body_year / body_nl_year / year_body_nl
    preamble: str  # yongji / huaian / short / inside_one
    review_where: str  # one / four (the 复议/诉讼 sentence in 一（二） or above Table 4)
    sub_headings: bool  # 一's sub-items as their own lines instead of run-in paragraphs
    signature: bool
    traditional: bool


def choose_style(rng: random.Random, report: GeneratedReport, fmt: str) -> Style:
    kind = report.info.kind if report.info else "department"
    pre = rng.choices(["yongji", "huaian", "short", "inside_one"], weights=[3, 4, 2, 1])[0]
    if kind in ("street", "town") and report.founded and rng.random() < 0.6:
        pre = "yongji"
    return Style(
        heading_numerals=rng.choices(["cn", "arabic34", "arabic"], weights=[7, 2, 1])[0],
        heading_space=rng.choice(["", "", " "]),
        heading_stray=rng.random() < 0.08,
        sub_numerals=rng.choices(["cn", "arabic_first", "arabic"], weights=[7, 2, 1])[0],
        half_brackets=rng.random() < 0.15,
        sub_sep=rng.choices(["1.", "1、", "1．"], weights=[7, 2, 1])[0],
        quotes=rng.choice(["curly", "curly", "straight"]),
        typo=rng.random() < 0.12,
        caption_space=rng.random() < 0.3,
        caption_missing=rng.random() < 0.06,
        year_in_header=rng.random() < 0.08,
        split_labels=rng.random() < 0.3,
        table2_split=rng.random() < 0.2,
        table4_layout=rng.choice(["A", "A", "B"]),
        lead_blank=rng.choice([0, 0, 2, 6, 12]),
        renamed=frozenset(s for s in (1, 3, 4, 5) if rng.random() < 0.15),
        title=rng.choice(["year_body", "body_year", "body_nl_year", "year_body_nl"]),
        preamble=pre,
        review_where=rng.choice(["one", "one", "one", "four"]),
        sub_headings=rng.random() < 0.25,
        signature=rng.random() < 0.4,
        traditional=fmt in ("html", "txt") and rng.random() < 0.08,
    )


# --------------------------------------------------------------------------------------------
# Labels

CN_NUM = "一二三四五六七八九十"
SECTION_NAMES = {
    1: ["总体情况"],
    2: ["主动公开政府信息情况"],
    3: ["收到和处理政府信息公开申请情况", "依申请公开政府信息情况"],
    4: ["政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况"],
    5: ["存在的主要问题及改进情况", "存在的问题和改进措施"],
    6: ["其他需要报告的事项"],
}


def heading(n: int, st: Style, stray: bool = False) -> str:
    names = SECTION_NAMES[n]
    name = names[1] if (n in st.renamed and len(names) > 1) else names[0]
    arabic = st.heading_numerals == "arabic" or (st.heading_numerals == "arabic34" and n in (3, 4))
    num = f"{n}、" if arabic else f"{CN_NUM[n - 1]}、"
    return f"{num}{st.heading_space}{name}{'、' if stray else ''}"


def sub_num(i: int, st: Style) -> str:
    """（一） for the i-th (1-based) sub-item, or （1） / (一) per the style."""
    arabic = st.sub_numerals == "arabic" or (st.sub_numerals == "arabic_first" and i == 1)
    inner = str(i) if arabic else CN_NUM[i - 1]
    return f"({inner})" if st.half_brackets else f"（{inner}）"


def paren(text: str, st: Style) -> str:
    return text.replace("（", "(").replace("）", ")") if st.half_brackets else text


def leaf_label(key: str, st: Style, split_ok: bool) -> str:
    """The printed text of a Table 3 row's last label level."""
    text = TABLE3_BY_KEY[key].path[-1]
    if key == "deny.security":
        text = "3.危及“三安全一稳定”" if st.quotes == "curly" else '3.危及"三安全一稳定"'
    if key == "deny.law" and st.typo:
        text = "2.其他法律行政止公开"
    if text[:2] in {f"{i}." for i in range(1, 9)}:
        text = text[0] + st.sub_sep[1:] + text[2:]
    if split_ok and st.split_labels:
        for a, b in (
            ("只计这一情形，", "不计其他情形）"),
            ("逾期不补正、", "行政机关不再处理"),
            ("缴纳费用、", "行政机关不再处理"),
            ("确认或重新出", "具已获取信息"),
        ):
            if a in text and b in text:
                text = text.replace(a, a + "\n", 1)
                break
    return paren(text, st)


# --------------------------------------------------------------------------------------------
# Tables


def table2_grids(report: GeneratedReport, st: Style) -> list[Grid]:
    parts = TABLE2_PARTS_2019 if report.table2_format == "2019" else TABLE2_PARTS_2021
    blocks: list[list[list[Cell]]] = []
    for part in parts:
        rows: list[list[Cell]] = []
        caption = paren(
            part.item.replace("第（", " 第（", 1) if st.caption_space else part.item, st
        )
        if not st.caption_missing:
            rows.append([Cell(caption, colspan=4, header=True)])
        cols = list(part.columns)
        if st.year_in_header:
            cols = [c.replace("本年", f"本年({report.year})", 1) for c in cols]
        head = [Cell("信息内容", header=True)]
        spans = _spans(len(cols))
        head += [Cell(c, colspan=s, header=True) for c, s in zip(cols, spans, strict=True)]
        rows.append(head)
        for row in part.rows:
            line = [Cell(row)]
            for col, s in zip(part.columns, spans, strict=True):
                line.append(Cell(report.raw[(T2, t2_row(part, row), col)], colspan=s, value=True))
            rows.append(line)
        blocks.append(rows)
    if st.table2_split:
        return [Grid(T2, rows, 4) for rows in blocks]
    return [Grid(T2, [r for rows in blocks for r in rows], 4)]


def _spans(n: int) -> list[int]:
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def table3_grid(report: GeneratedReport, st: Style) -> Grid:
    cols = TABLE3_COLUMN_LABELS
    rows: list[list[Cell]] = [
        [
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                colspan=3,
                rowspan=3,
                header=True,
            ),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [Cell(c.split(" / ")[-1], header=True) for c in cols[1:6]],
    ]

    def values(key: str) -> list[Cell]:
        label = TABLE3_BY_KEY[key].label
        return [Cell(report.raw[(T3, label, c)], value=True) for c in cols]

    keys = report.table3_rows()
    leaves = keys[2:-2]
    n_result_rows = len(leaves) + 1
    rows.append([Cell(paren(TABLE3_BY_KEY["new"].path[0], st), colspan=3), *values("new")])
    rows.append(
        [Cell(paren(TABLE3_BY_KEY["carried_in"].path[0], st), colspan=3), *values("carried_in")]
    )
    group_sizes: dict[str, int] = {}
    for k in leaves:
        spec = TABLE3_BY_KEY[k]
        if len(spec.path) == 3:
            group_sizes[spec.path[1]] = group_sizes.get(spec.path[1], 0) + 1
    seen: set[str] = set()
    for i, k in enumerate([*leaves, "total"]):
        spec = TABLE3_BY_KEY[k]
        line: list[Cell] = []
        if i == 0:
            line.append(
                Cell(spec.path[0], rowspan=n_result_rows, lead_blank=st.lead_blank, vertical=True)
            )
        if len(spec.path) == 3:
            group = spec.path[1]
            if group not in seen:
                seen.add(group)
                line.append(Cell(paren(group, st), rowspan=group_sizes[group], narrow=True))
            line.append(Cell(leaf_label(k, st, True)))
        else:
            line.append(Cell(leaf_label(k, st, True), colspan=2))
        rows.append(line + values(k))
    rows.append(
        [Cell(paren(TABLE3_BY_KEY["carried_out"].path[0], st), colspan=3), *values("carried_out")]
    )
    return Grid(T3, rows, 10)


def table4_grid(report: GeneratedReport, st: Style) -> Grid:
    res = [Cell(r, header=True) for r in TABLE4_RESULTS]
    vals = [
        Cell(report.raw[(T4, g, r)], value=True)
        for g in TABLE4_GROUP_LABELS
        for r in TABLE4_RESULTS
    ]
    if st.table4_layout == "A":
        rows = [
            [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
            [Cell(r, rowspan=2, header=True) for r in TABLE4_RESULTS]
            + [
                Cell("未经复议直接起诉", colspan=5, header=True),
                Cell("复议后起诉", colspan=5, header=True),
            ],
            [Cell(r, header=True) for _ in range(2) for r in TABLE4_RESULTS],
            vals,
        ]
    else:
        rows = [
            [
                Cell("行政复议", colspan=5, rowspan=2, header=True),
                Cell("行政诉讼", colspan=10, header=True),
            ],
            [
                Cell("未经复议直接起诉", colspan=5, header=True),
                Cell("复议后起诉", colspan=5, header=True),
            ],
            res + [Cell(r, header=True) for _ in range(2) for r in TABLE4_RESULTS],
            vals,
        ]
    return Grid(T4, rows, 15)


# --------------------------------------------------------------------------------------------
# Prose


def build_layout(report: GeneratedReport, rng: random.Random, fmt: str = "txt") -> Layout:
    st = choose_style(rng, report, fmt)
    info = report.info
    assert info is not None, "GeneratedReport.info is set by make_report"
    y, body = report.year, report.body_printed
    pr = report.prose_raw
    blocks: list[Block] = []

    # Title
    title = {
        "year_body": [f"{y}年{body}政府信息公开工作年度报告"],
        "body_year": [f"{body}{y}年政府信息公开工作年度报告"],
        "body_nl_year": [body, f"{y}年政府信息公开工作年度报告"],
        "year_body_nl": [f"{y}年{body}", "政府信息公开工作年度报告"],
    }[st.title]
    blocks += [Para(t, "title") for t in title]

    preamble = _preamble(report, st, rng)
    if st.preamble != "inside_one":
        blocks += [Para(p) for p in preamble]

    # 一、总体情况
    blocks.append(Para(heading(1, st, st.heading_stray), "heading"))
    if st.preamble == "inside_one":
        blocks += [Para(p) for p in preamble]
    blocks.append(Para(_intro(report, rng)))
    subs = _overview_items(report, st, rng)
    for i, (name, text) in enumerate(subs, start=1):
        if st.sub_headings:
            blocks.append(Para(f"{sub_num(i, st)}{name}", "subheading"))
            blocks.append(Para(text))
        else:
            blocks.append(Para(f"{sub_num(i, st)}{name}。{text}"))

    # 二、主动公开
    blocks.append(Para(heading(2, st), "heading"))
    blocks += table2_grids(report, st)
    # 三、依申请公开
    blocks.append(Para(heading(3, st), "heading"))
    blocks.append(table3_grid(report, st))
    # 四、复议诉讼
    blocks.append(Para(heading(4, st), "heading"))
    if st.review_where == "four":
        sentence = _review_sentence(report, rng)
        if sentence:
            blocks.append(Para(sentence))
    blocks.append(table4_grid(report, st))
    # 五、问题和改进
    blocks.append(Para(heading(5, st), "heading"))
    blocks += [Para(p) for p in _problems(report, rng)]
    # 六、其他
    if report.has_section6:
        blocks.append(Para(heading(6, st), "heading"))
        blocks += [Para(p) for p in _others(report, rng)]
    if st.signature:
        blocks.append(Para(body, "signature"))
        blocks.append(Para(f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", "signature"))

    text = "\n".join(b.text for b in blocks if isinstance(b, Para))
    missing = [k for k, v in pr.items() if v not in text]
    if missing:  # pragma: no cover - a template that drops a stated figure is a generator bug
        raise AssertionError(f"layout lost stated figures {missing} of {report.body_printed}")

    layout = Layout(blocks=blocks, title=title, traditional=st.traditional)
    layout.variations = {
        "headings": st.heading_numerals + ("+space" if st.heading_space else ""),
        "sub_numerals": st.sub_numerals,
        "brackets": "half" if st.half_brackets else "full",
        "sub_sep": st.sub_sep,
        "quotes": st.quotes,
        "typo": str(st.typo),
        "caption": "missing" if st.caption_missing else ("spaced" if st.caption_space else "plain"),
        "year_in_header": str(st.year_in_header),
        "split_labels": str(st.split_labels),
        "table2": "split" if st.table2_split else "one",
        "table4": st.table4_layout,
        "renamed": ",".join(str(s) for s in sorted(st.renamed)),
        "title": st.title,
        "preamble": st.preamble,
        "section6": str(report.has_section6),
        "review_where": st.review_where,
    }
    if st.traditional:
        layout = to_traditional(layout)
    return layout


def _preamble(report: GeneratedReport, st: Style, rng: random.Random) -> list[str]:
    info = report.info
    assert info is not None
    body, y = report.body_printed, report.year
    if st.preamble == "yongji":
        s = body
        bits = []
        if report.founded:
            bits.append(f"成立于{report.founded}年，单位性质行政单位")
        if report.address:
            bits.append(f"现位于{report.address}")
        if report.phone:
            bits.append(f"联系电话{report.phone}")
        if report.postcode:
            bits.append(f"邮政编码{report.postcode}")
        if report.email:
            bits.append(f"电子邮箱{report.email}")
        s += "，".join(bits) + "。" if bits else ""
        s += (
            f"根据《中华人民共和国政府信息公开条例》规定，现公布{body}政府信息公开{y}年度报告，"
            f"报告采用数据为{report.period}。"
        )
        return [s]
    lead = f"{body}成立于{report.founded}年。" if report.founded else ""
    if st.preamble == "short":
        s = (
            f"{lead}本报告根据《中华人民共和国政府信息公开条例》要求编制，报告中所列数据的统计期限自"
            f"{report.period}止。"
        )
        contact = []
        if report.address:
            contact.append(f"地址：{report.address}")
        if report.postcode:
            contact.append(f"邮政编码：{report.postcode}")
        if report.phone:
            contact.append(f"联系电话：{report.phone}")
        if report.email:
            contact.append(f"电子邮箱：{report.email}")
        if contact:
            s += f"如对本年度报告有疑问，请与{body}联系（{'，'.join(contact)}）。"
        return [s]
    # huaian-style and inside_one
    s = (
        f"{lead}本报告由{info.office}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。"
        f"报告所列统计期限自{report.period}。"
    )
    if rng.random() < 0.6:
        s += f"本报告电子版可在“{info.portal}”（www.{info.domain}）下载。"
    contact = []
    if report.address:
        contact.append(f"地址：{report.address}")
    if report.postcode:
        contact.append(f"邮编：{report.postcode}")
    if report.phone:
        contact.append(f"电话：{report.phone}")
    if report.email:
        contact.append(f"电子邮箱：{report.email}")
    if contact:
        s += f"如对本报告有疑问，请与{info.office}联系（{'，'.join(contact)}）。"
    return [s]


def _intro(report: GeneratedReport, rng: random.Random) -> str:
    info = report.info
    assert info is not None
    y = report.year
    return rng.choice(
        [
            f"{y}年，{info.short_name}按照上级的统一部署，认真贯彻落实《中华人民共和国政府信息公开条例》和省、市关于政府信息公开工作的要求，"
            f"紧扣本单位的工作实际，扎实推进政府信息公开工作，取得了一定成效。现将{info.short_name}{y}年度政府信息公开工作报告如下：",
            f"{y}年，{info.we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开的决策部署，"
            f"严格落实《中华人民共和国政府信息公开条例》各项规定，圆满完成了各项任务。",
            f"{y}年，在上级政务公开主管部门的指导下，{info.we}紧紧围绕中心工作，持续深化政务公开，不断提升政府信息公开质量，"
            f"切实保障人民群众的知情权、参与权、表达权和监督权。",
        ]
    )


def _overview_items(
    report: GeneratedReport, st: Style, rng: random.Random
) -> list[tuple[str, str]]:
    info = report.info
    assert info is not None
    pr, y, we, scope = report.prose_raw, report.year, info.we, info.scope
    # （一）主动公开
    s1 = []
    if "published" in pr:
        verb = rng.choice(
            ["累计主动公开政府信息", "共主动公开政府信息", f"通过{info.portal}主动公开各类政府信息"]
        )
        sent = f"{y}年，{we}{verb}{pr['published']}"
        parts = [(k.split("/", 1)[1], v) for k, v in pr.items() if k.startswith("published/")]
        if parts:
            sep = rng.choice(["，", "、"])
            sent += "，其中：" + sep.join(f"{name}{v}" for name, v in parts)
        s1.append(sent + "。")
    else:
        s1.append(f"{we}严格落实主动公开基本目录，及时公开机构职能、政策文件、财政预决算等信息。")
    if "interpretation" in pr:
        s1.append(
            rng.choice(
                [
                    f"围绕重要政策文件，通过文字、图片等形式制作政策解读{pr['interpretation']}。",
                    f"全年共发布解读信息{pr['interpretation']}，方便群众查阅了解。",
                    f"增强政策解读效果，{y}年发布政策解读{pr['interpretation']}。",
                ]
            )
        )
    if rng.random() < 0.4:
        s1.append(f"组织召开新闻发布会{rng.randint(2, 30)}场，努力传递政府声音、回应社会关切。")
    # （二）依申请公开
    s2 = [_application_sentence(report, rng)]
    if st.review_where == "one":
        sentence = _review_sentence(report, rng)
        if sentence:
            s2.append(sentence)
    # （三）（四）（五）
    s3 = (
        f"坚持“先审查、后公开”“一事一审”原则，规范公开审查程序，{scope}对已公开信息进行梳理，"
        f"优化主动公开目录，加强政府信息源头管理。"
    )
    n_media = rng.randint(1, 12) if info.kind in ("street", "town") else rng.randint(5, 120)
    s4 = rng.choice(
        [
            f"规范政府信息公开专栏设置，及时更新栏目内容，截至年底，{we}在运维政务新媒体共计{n_media}个。",
            f"持续加强政府网站和政务新媒体管理，全年对照检查标准开展自查整改{rng.randint(2, 12)}次，不断提升管理能力和服务水平。",
        ]
    )
    s5 = rng.choice(
        [
            f"将政务公开工作纳入年度目标考核，全年组织政务公开业务培训{rng.randint(1, 8)}次，培训{rng.randint(20, 400)}人次。",
            "加强组织领导，明确专人负责，对公开不及时、公开不规范等问题及时督促整改。",
        ]
    )
    return [
        ("主动公开情况" if rng.random() < 0.6 else "积极推动政府信息主动公开", "".join(s1)),
        ("依申请公开情况" if rng.random() < 0.6 else "认真规范处理依申请公开", "".join(s2)),
        ("政府信息管理情况", s3),
        ("政府信息公开平台建设情况", s4),
        ("监督保障情况", s5),
    ]


def _application_sentence(report: GeneratedReport, rng: random.Random) -> str:
    info = report.info
    assert info is not None
    pr, y, we, scope = report.prose_raw, report.year, info.we, info.scope
    if "received" in report.prose_none:
        return rng.choice([f"{y}年，{we}未收到政府信息公开申请。", "本年度未收到依申请公开事项。"])
    keys = tuple(k for k in ("received", "answered", "carried_in", "carried_out") if k in pr)
    r, a, ci, co = (pr.get(k, "") for k in ("received", "answered", "carried_in", "carried_out"))
    options = {
        ("received", "answered"): [
            f"{y}年度，{we}受理依申请公开政府信息{r}，回复处理{a}。",
            f"{y}年，{we}共收到政府信息公开申请{r}，办结{a}。",
            f"全年新收政府信息公开申请{r}，已按法定时限答复{a}。",
        ],
        ("received", "answered", "carried_in", "carried_out"): [
            f"{y}年，{scope}共受理政府信息公开申请{r}，答复{a}（含上年度结转申请{ci}，另有{co}顺延到下年度答复），均在法定期限内予以答复。",
            f"{y}年，{we}新收政府信息公开申请{r}，上年结转政府信息公开申请{ci}，办结{a}，结转下年度继续办理{co}。",
        ],
        ("received", "answered", "carried_out"): [
            f"{y}年，{we}共收到政府信息公开申请{r}，办结{a}，另有{co}结转至下年度办理。",
            f"本年度共受理政府信息公开申请{r}，按时办结{a}，结转下年度继续办理{co}。",
        ],
        ("received",): [
            f"{y}年，{we}共收到政府信息公开申请{r}，均已按时予以答复。",
            f"全年接收政府信息公开申请{r}，均在法定期限内答复。",
        ],
    }
    return rng.choice(options[keys])


def _review_sentence(report: GeneratedReport, rng: random.Random) -> str:
    pr = report.prose_raw
    if "review" in report.prose_none:
        return rng.choice(
            [
                "全年未发生因政府信息公开引起的行政复议、行政诉讼情况。",
                "本年度未发生政府信息公开行政复议、行政诉讼案件。",
            ]
        )
    if "review" not in pr:
        return ""
    rv, lt = pr["review"], pr["litigation"]
    if "review/结果维持" in pr:
        parts = "，".join(f"{res}{pr[f'review/{res}']}" for res in TABLE4_RESULTS[:4])
        return f"政府信息公开行政复议{rv}，其中{parts}；政府信息公开行政诉讼{lt}。"
    return rng.choice(
        [
            f"因政府信息公开工作被申请行政复议{rv}、提起行政诉讼{lt}。",
            f"全年发生政府信息公开行政复议案件{rv}，行政诉讼案件{lt}。",
        ]
    )


def _problems(report: GeneratedReport, rng: random.Random) -> list[str]:
    info = report.info
    assert info is not None
    y, we = report.year, info.we
    first = rng.choice(
        [
            f"{y}年，{we}政府信息公开工作取得了一定成效，但仍存在公开内容不够全面、政策解读质量有待提升、解读方式不够丰富多样等问题。",
            "对照上级新要求和公众新期待，还有一些需要加强和改进的地方：一是政策解读质量仍需提升，个别解读内容简单、形式单一；二是政务公开队伍建设还需加强，存在人员兼职多、流动性大的问题。",
        ]
    )
    second = (
        f"{y + 1}年，{we}将深入贯彻《中华人民共和国政府信息公开条例》，常态化组织开展政务公开业务培训，"
        "进一步提升公开数量，优化公开质量，重点加强公众关注度高的社会公共服务信息公开，增强解读的权威性和丰富性。"
    )
    return [first, second]


def _others(report: GeneratedReport, rng: random.Random) -> list[str]:
    info = report.info
    assert info is not None
    pr, y, we = report.prose_raw, report.year, info.we
    out = []
    if "fee" in pr:
        if "fee" in report.prose_none:
            out.append(
                rng.choice(
                    [
                        "本年度未收取信息处理费。",
                        f"{y}年，{we}未收取政府信息公开信息处理费。",
                        f"{y}年度，{we}依申请公开政府信息未收取信息处理费。",
                    ]
                )
            )
        else:
            out.append(
                rng.choice(
                    [
                        f"{y}年，{we}严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费{pr['fee']}。",
                        f"本年度共收取信息处理费{pr['fee']}。",
                    ]
                )
            )
    extra = rng.random()
    if extra < 0.2:
        out.append(
            f"{y}年，{we}共办理人大代表建议{rng.randint(1, 60)}件、政协委员提案{rng.randint(1, 60)}件，办结率100%。"
        )
    elif extra < 0.5:
        out.append("无其他需要报告的事项。")
    return out or ["无。"]


# --------------------------------------------------------------------------------------------
# Traditional script

# Simplified -> Traditional for characters that reportqa.format.to_simplified maps back.
_S2T_CANDIDATES = (
    "规規总總万萬计計处處结結转轉请請数數开開审審维維护護纠糾诉訴讼訟复復议議权權费費与與无無现現这這属屬国國"
    "险險机機关關过過报報资資讯訊会會业業构構组組织織务務执執号號项項条條举舉访訪补補发發废廢征徵强強减減购購"
    "额額单單内內则則实實际際认認获獲确確应應严嚴门門类類协協调調系係据據经經为為于於区區县縣镇鎮办辦厅廳龙龍"
    "东東阳陽长長岛島湾灣华華亿億广廣异異义義违違风風见見决決准準时時间間统統显顯题題问問进進况況体體动動点點"
    "线線电電话話邮郵编編码碼网網页頁车車联聯设設产產节節几幾来來"
)


def _s2t() -> dict[int, str]:
    table: dict[int, str] = {}
    c = _S2T_CANDIDATES
    for s, t in zip(c[0::2], c[1::2], strict=True):
        if to_simplified(t) == s and s != t:
            table[ord(s)] = t
    return table


S2T = _s2t()


def traditional(text: str) -> str:
    return text.translate(S2T)


def to_traditional(layout: Layout) -> Layout:
    blocks: list[Block] = []
    for b in layout.blocks:
        if isinstance(b, Para):
            blocks.append(Para(traditional(b.text), b.role))
        else:
            rows = [
                [
                    Cell(
                        traditional(c.text),
                        c.colspan,
                        c.rowspan,
                        c.header,
                        c.value,
                        c.narrow,
                        c.lead_blank,
                        c.vertical,
                    )
                    for c in row
                ]
                for row in b.rows
            ]
            blocks.append(Grid(b.table, rows, b.ncols))
    return Layout(blocks, [traditional(t) for t in layout.title], dict(layout.variations), True)
