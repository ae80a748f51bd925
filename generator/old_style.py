"""Reports before 2019: free chapters (概述 … 附表) and a 政府信息公开情况统计表, in the national
2014 style (``统计指标 | 单位 | 统计数``) or a provincial variant (``指标名称 | 计量单位 | 2018年度 |
历年累计``).

:func:`make_old_report` gives a :class:`GeneratedReport` whose ``table_format`` is ``统计表``: its
``cells`` hold every row of the table as ``ingest.stat_table`` should read it (the row's label path,
the column 本年度 / 历年累计, the value), and ``stat_metrics`` the figures that mean a metric of the
registry (``new``, ``review@corrected`` …). :func:`build_old_layout` lays it out for the writers of
:mod:`.render`; no writer changes a figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reportqa.format import PATH_SEP, STAT_CUMULATIVE, STAT_TABLE, STAT_THIS_YEAR, normalize_label

from .model import BodyInfo, GeneratedReport, logu, make_body_info, split
from .render import Cell, Grid, Layout, Para

THIS_YEAR, CUMULATIVE = STAT_THIS_YEAR, STAT_CUMULATIVE


@dataclass(frozen=True)
class OldRow:
    label: str  # as printed, numbering included
    unit: str  # "" for a heading row (its cells print —)
    depth: int  # 0 一、 / 1 （一） / 2 1. / 3 其中 (one deeper than its parent)
    key: str  # what the value is, for the builder
    metric: str = ""  # the registry metric the row means ("" for none)


def _national_rows(n_reasons: int) -> list[OldRow]:
    rows = [
        OldRow("一、主动公开情况", "", 0, ""),
        OldRow(
            "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
            "条",
            1,
            "published",
            "published",
        ),
        OldRow("其中：主动公开规范性文件数", "条", 2, "pub_normative"),
        OldRow("（二）制发规范性文件总数", "件", 1, "normative_issued"),
        OldRow("二、回应解读情况", "", 0, ""),
        OldRow(
            "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
            "次",
            1,
            "responses",
        ),
        OldRow("（二）通过不同渠道和方式回应解读的情况", "", 1, ""),
        OldRow("1.参加或举办新闻发布会总次数", "次", 2, "press"),
        OldRow("2.政府网站在线访谈次数", "次", 2, "interviews"),
        OldRow("3.政策解读稿件发布数", "篇", 2, "interpretations"),
        OldRow("三、依申请公开情况", "", 0, ""),
        OldRow("（一）收到申请数", "件", 1, "received", "new"),
        OldRow("1.当面申请数", "件", 2, "ch.face"),
        OldRow("2.传真申请数", "件", 2, "ch.fax"),
        OldRow("3.网络申请数", "件", 2, "ch.net"),
        OldRow("4.信函申请数", "件", 2, "ch.letter"),
        OldRow("（二）申请办结数", "件", 1, "answered", "total"),
        OldRow("1.按时办结数", "件", 2, "on_time"),
        OldRow("2.延期办结数", "件", 2, "late"),
        OldRow("（三）申请答复数", "件", 1, "replies"),
        OldRow("1.属于已主动公开范围数", "件", 2, "r.published"),
        OldRow("2.同意公开答复数", "件", 2, "r.open", "open"),
        OldRow("3.同意部分公开答复数", "件", 2, "r.partial", "partial"),
        OldRow("4.不同意公开答复数", "件", 2, "r.deny", "deny"),
    ]
    reasons = [
        "涉及国家秘密",
        "涉及商业秘密",
        "涉及个人隐私",
        "危及国家安全、公共安全、经济安全和社会稳定",
        "不是《条例》所指政府信息",
        "法律法规规定的其他情形",
    ][:n_reasons]
    for i, r in enumerate(reasons):
        rows.append(OldRow(("其中：" if i == 0 else "") + r, "件", 3, f"deny.{i}"))
    rows += [
        OldRow("5.不属于本行政机关公开数", "件", 2, "r.not_ours"),
        OldRow("6.申请信息不存在数", "件", 2, "r.none"),
        OldRow("7.告知作出更改补充数", "件", 2, "r.amend"),
        OldRow("8.告知通过其他途径办理数", "件", 2, "r.other_way"),
        OldRow("四、行政复议数量", "件", 0, "review", "review"),
        OldRow("（一）维持具体行政行为数", "件", 1, "rv.0", "review@upheld"),
        OldRow("（二）被依法纠错数", "件", 1, "rv.1", "review@corrected"),
        OldRow("（三）其他情形数", "件", 1, "rv.2", "review@other_result"),
        OldRow("五、行政诉讼数量", "件", 0, "litigation", "litigation"),
        OldRow(
            "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 1, "lt.0", "litigation@upheld"
        ),
        OldRow("（二）被依法纠错数", "件", 1, "lt.1", "litigation@corrected"),
        OldRow("（三）其他情形数", "件", 1, "lt.2", "litigation@other_result"),
        OldRow("六、举报投诉数量", "件", 0, "complaints"),
        OldRow("七、依申请公开信息收取的费用", "万元", 0, "fee", "fee"),
        OldRow("八、机构建设和保障经费情况", "", 0, ""),
        OldRow("（一）政府信息公开工作专门机构数", "个", 1, "offices"),
        OldRow("（二）设置政府信息公开查阅点数", "个", 1, "reading_points"),
        OldRow("（三）从事政府信息公开工作人员数", "人", 1, "staff"),
        OldRow("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", 2, "staff.full"),
        OldRow("2.兼职人员数", "人", 2, "staff.part"),
        OldRow(
            "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "万元",
            1,
            "budget",
        ),
        OldRow("九、政府信息公开会议和培训情况", "", 0, ""),
        OldRow("（一）召开政府信息公开工作会议或专题会议数", "次", 1, "meetings"),
        OldRow("（二）举办各类培训班数", "次", 1, "trainings"),
        OldRow("（三）接受培训人员数", "人次", 1, "trainees"),
    ]
    return rows


PROVINCIAL_ROWS = [
    OldRow("一、主动公开文件数", "件", 0, "published", "published"),
    OldRow("其中：政府网站公开数", "件", 1, "pub.web"),
    OldRow("政府公报公开数", "件", 1, "pub.gazette"),
    OldRow("二、受理依申请公开信息总数", "件", 0, "received", "new"),
    OldRow("其中：当面", "件", 1, "ch.face"),
    OldRow("网上", "件", 1, "ch.net"),
    OldRow("信函、传真", "件", 1, "ch.letter"),
    OldRow("三、对申请的答复总数", "件", 0, "answered", "total"),
    OldRow("其中：同意公开", "件", 1, "r.open", "open"),
    OldRow("同意部分公开", "件", 1, "r.partial", "partial"),
    OldRow("不予公开", "件", 1, "r.deny", "deny"),
    OldRow("其他类型", "件", 1, "r.other"),
    OldRow("四、行政复议数", "件", 0, "review", "review"),
    OldRow("五、行政诉讼数", "件", 0, "litigation", "litigation"),
]


def _paths(rows: list[OldRow]) -> list[str]:
    """Each row's label path as the reader builds it: parents' labels, 其中 dropped."""
    out = []
    stack: list[tuple[int, str]] = []
    for row in rows:
        shown = normalize_label(row.label).removeprefix("其中：")
        while stack and stack[-1][0] >= row.depth:
            stack.pop()
        out.append(PATH_SEP.join([*(s for _, s in stack), shown]))
        stack.append((row.depth, shown))
    return out


def _values(rng: random.Random, kind: str) -> dict[str, int | float]:
    big = kind in ("city", "district")
    v: dict[str, int | float] = {}
    v["published"] = logu(rng, 300, 20000) if big else logu(rng, 20, 1500)
    v["pub_normative"] = rng.randint(0, max(1, int(v["published"]) // 50))
    v["pub.web"], v["pub.gazette"] = split(rng, int(v["published"]), [0.9, 0.1])
    v["normative_issued"] = rng.randint(0, 40)
    for k in ("responses", "press", "interviews", "interpretations", "complaints"):
        v[k] = rng.randint(0, 30)
    received = logu(rng, 5, 900) if big else rng.randint(0, 40)
    v["received"] = received
    face, fax, net, letter = split(rng, received, [0.2, 0.02, 0.6, 0.18])
    v["ch.face"], v["ch.fax"], v["ch.net"], v["ch.letter"] = face, fax, net, letter
    answered = received - (rng.randint(0, min(3, received)) if received else 0)
    v["answered"] = answered
    v["on_time"], v["late"] = split(rng, answered, [0.95, 0.05])
    v["replies"] = answered
    parts = split(rng, answered, [0.15, 0.45, 0.1, 0.08, 0.1, 0.07, 0.03, 0.02])
    for k, p in zip(
        (
            "r.published",
            "r.open",
            "r.partial",
            "r.deny",
            "r.not_ours",
            "r.none",
            "r.amend",
            "r.other_way",
        ),
        parts,
        strict=True,
    ):
        v[k] = p
    v["r.other"] = answered - v["r.open"] - v["r.partial"] - v["r.deny"]
    for i, p in enumerate(split(rng, int(v["r.deny"]), [0.2, 0.2, 0.3, 0.1, 0.1, 0.1])):
        v[f"deny.{i}"] = p
    review = rng.randint(0, 6 if big else 2)
    v["review"] = review
    v["rv.0"], v["rv.1"], v["rv.2"] = split(rng, review, [0.6, 0.2, 0.2])
    lit = rng.randint(0, 4 if big else 1)
    v["litigation"] = lit
    v["lt.0"], v["lt.1"], v["lt.2"] = split(rng, lit, [0.6, 0.2, 0.2])
    v["fee"] = 0 if rng.random() < 0.7 else round(rng.randint(1, 300) / 100, 2)
    v["offices"] = rng.randint(1, 3)
    v["reading_points"] = rng.randint(1, 12)
    v["staff.full"], v["staff.part"] = rng.randint(0, 5), rng.randint(1, 12)
    v["staff"] = v["staff.full"] + v["staff.part"]
    v["budget"] = round(rng.randint(0, 500) / 10, 1)
    v["meetings"], v["trainings"] = rng.randint(0, 8), rng.randint(0, 8)
    v["trainees"] = rng.randint(0, 400)
    return v


def _printed(v: int | float) -> str:
    return str(v)


def make_old_report(
    rng: random.Random,
    body_printed: str,
    body_canonical: str,
    year: int,
    variant: str | None = None,
    *,
    info: BodyInfo | None = None,
) -> GeneratedReport:
    """One report of ``year`` (before 2019) with a 统计表: ``variant`` "national" (统计指标 | 单位
    | 统计数) or "provincial" (指标名称 | 计量单位 | {year}年度 | 历年累计); chosen when None."""
    info = info or make_body_info(rng, body_printed)
    variant = variant or rng.choice(["national", "national", "provincial"])
    rows = _national_rows(rng.randint(3, 6)) if variant == "national" else PROVINCIAL_ROWS
    v = _values(rng, info.kind)
    columns = [THIS_YEAR] if variant == "national" else [THIS_YEAR, CUMULATIVE]
    cells: dict[tuple[str, str, str], int | float | None] = {}
    raw: dict[tuple[str, str, str], str] = {}
    metrics: dict[str, int | float] = {}
    cumulative = {k: int(x * rng.uniform(6, 12)) if isinstance(x, int) else x for k, x in v.items()}
    for row, path in zip(rows, _paths(rows), strict=True):
        if not row.key:
            continue
        for col in columns:
            value = v[row.key] if col == THIS_YEAR else cumulative[row.key]
            cells[(STAT_TABLE, path, col)] = value
            raw[(STAT_TABLE, path, col)] = _printed(value)
        if row.metric:
            metrics[row.metric] = v[row.key]
    prose: dict[str, tuple[int | float | str, str, str]] = {
        "published": (v["published"], "", "条"),
        "received": (v["received"], "", "件"),
    }
    prose_raw = {"published": f"{v['published']}条", "received": f"{v['received']}件"}
    if v["review"] or v["litigation"]:
        prose["review"] = (v["review"], "", "件")
        prose["litigation"] = (v["litigation"], "", "件")
        prose_raw["review"], prose_raw["litigation"] = f"{v['review']}件", f"{v['litigation']}件"
    return GeneratedReport(
        body_printed=body_printed,
        body_canonical=body_canonical,
        year=year,
        table_format=STAT_TABLE,
        cells=cells,
        raw=raw,
        prose=prose,
        prose_raw=prose_raw,
        phone=info.phone,
        address=None,
        postcode=None,
        founded=None,
        period=f"{year}年1月1日至{year}年12月31日",
        info=info,
        table_modes={STAT_TABLE: variant},
        stat_metrics=metrics,
        stat_rows=tuple((r.label, r.unit, r.depth, r.key) for r in rows),
    )


def build_old_layout(report: GeneratedReport, rng: random.Random) -> Layout:
    info = report.info
    assert info is not None
    y, body, pr = report.year, report.body_printed, report.prose_raw
    variant = report.table_modes[STAT_TABLE]
    title = [f"{body}{y}年政府信息公开工作年度报告"]
    blocks: list[Para | Grid] = [Para(t, "title") for t in title]
    blocks.append(
        Para(
            f"本报告根据《中华人民共和国政府信息公开条例》要求，由{info.office}编制。"
            f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        )
    )
    review = (
        f"全年发生政府信息公开行政复议{pr['review']}，行政诉讼{pr['litigation']}。"
        if "review" in pr
        else "全年未发生因政府信息公开申请提起的行政复议、行政诉讼。"
    )
    chapters = [
        (
            "概述",
            f"{y}年，{info.we}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
        ),
        ("主动公开政府信息情况", f"{y}年，{info.we}共主动公开政府信息{pr['published']}。"),
        (
            "依申请公开政府信息情况",
            f"{y}年，{info.we}共收到政府信息公开申请{pr['received']}，均在法定期限内答复。",
        ),
        ("政府信息公开的收费及减免情况", "本年度依申请公开政府信息收取的费用见附表。"),
        ("因政府信息公开申请行政复议、提起行政诉讼的情况", review),
        (
            "存在的主要问题及改进措施",
            "一是公开内容还不够全面；二是政策解读形式较单一。下一步将进一步规范公开程序。",
        ),
        ("其他需要报告的事项", "无。"),
    ]
    numerals = "一二三四五六七八九"
    for i, (name, text) in enumerate(chapters):
        blocks.append(Para(f"{numerals[i]}、{name}", "heading"))
        blocks.append(Para(text))
    blocks.append(Para("附表：政府信息公开情况统计表", "heading"))
    if variant == "national":
        head = ["统计指标", "单位", "统计数"]
    else:
        head = ["指标名称", "计量单位", f"{y}年度", "历年累计"]
    ncols = len(head)
    rows = [[Cell(h, header=True) for h in head]]
    values = {k[1:]: val for k, val in report.raw.items()}
    table_rows = [OldRow(label, unit, depth, key) for label, unit, depth, key in report.stat_rows]
    for row, path in zip(table_rows, _paths(table_rows), strict=True):
        line = [Cell(row.label), Cell(row.unit or "—")]
        for col in [THIS_YEAR] if ncols == 3 else [THIS_YEAR, CUMULATIVE]:
            line.append(Cell(values.get((path, col), "—") if row.key else "—", value=True))
        rows.append(line)
    blocks.append(Grid(STAT_TABLE, rows, ncols))
    blocks.append(Para(body, "signature"))
    return Layout(blocks=blocks, title=title, variations={"old": variant})
