"""Figures stated in the report's prose: 主动公开 N 条 (and its breakdown), 收到/办结/结转 N 件,
解读 N 篇, 信息处理费 N 元, 行政复议/诉讼 N 件, and the contact facts of the preamble."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportqa.format import PATH_SEP, PROSE_METRICS, to_simplified
from reportqa.numbers import NUM_PATTERN, prose_number, qualifier

_TEXTUAL = {"phone", "postcode", "email", "address", "period", "founded"}

_GAP = r"[^。；;，,\d\n]{0,%d}?"
_N = NUM_PATTERN


@dataclass(frozen=True)
class ProseFigure:
    metric: str  # key of PROSE_METRICS, or "published/<part>"
    row: str  # canonical label
    value: int | float | None
    raw: str  # the phrase as printed
    unit: str
    qualifier: str
    start: int  # span of ``raw`` in the text view
    end: int


def _g(n: int) -> str:
    return _GAP % n


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "published",
        re.compile(
            r"主动公开" + _g(16) + r"(?:信息|政府信息|文件)" + _g(6) + _N + r"\s*(?P<unit>条)"
        ),
    ),
    (
        "received",
        re.compile(
            r"(?:受理|收到|新收|接收|接到)" + _g(20) + r"申请" + _g(10) + _N + r"\s*(?P<unit>件)"
        ),
    ),
    (
        "received",
        re.compile(
            r"(?:受理|收到|新收|接收|接到)"
            + _g(4)
            + _N
            + r"\s*(?P<unit>件)"
            + r"[^。；;，,\d]{0,12}?申请"
        ),
    ),
    ("carried_in", re.compile(r"上一?年度?结转" + _g(10) + _N + r"\s*(?P<unit>件)")),
    (
        "answered",
        re.compile(
            r"(?<!下年度)(?:答复|办结|回复处理|回复|办理完毕|处理完毕)"
            + _g(8)
            + _N
            + r"\s*(?P<unit>件)"
        ),
    ),
    (
        "carried_out",
        re.compile(_N + r"\s*(?P<unit>件)" + _g(4) + r"(?:顺延|结转|转入|转至)(?:到|至)?下一?年"),
    ),
    (
        "carried_out",
        re.compile(
            r"(?:结转|顺延|转入|转至)(?:到|至)?下一?年度?" + _g(10) + _N + r"\s*(?P<unit>件)"
        ),
    ),
    ("interpretation", re.compile(r"解读" + _g(10) + _N + r"\s*(?P<unit>篇|个|条|期|份|次)")),
    ("fee", re.compile(r"信息处理费" + _g(10) + _N + r"\s*(?P<unit>万元|元)")),
    ("review", re.compile(r"行政复议" + _g(6) + _N + r"\s*(?P<unit>件|起)")),
    ("litigation", re.compile(r"行政诉讼" + _g(6) + _N + r"\s*(?P<unit>件|起)")),
]
_NO_FEE = re.compile(r"(?:未|没有|不)(?:收取|收)[^。；;]{0,12}?(?:信息处理费|费用)")
_BREAKDOWN = re.compile(r"([\u4e00-\u9fff]{2,8}?)\s*" + _N + r"\s*条")

_TEXT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "phone",
        re.compile(
            r"(?:联系)?电话(?:号码)?(?:为|是)?[:：]?\s*(?P<v>[(（]?0\d{2,3}[)）]?[\s\-—－‐–]*\d{7,8}|1\d{10}|\d{7,8})"
        ),
    ),
    ("postcode", re.compile(r"(?:邮政编码|邮编)(?:为|是)?[:：]?\s*(?P<v>\d{6})(?!\d)")),
    (
        "email",
        re.compile(r"(?:电子)?邮箱[:：]?\s*(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"),
    ),
    (
        "address",
        re.compile(
            r"(?:通讯地址|联系地址|办公地址|地址)(?:为|是)?[:：]\s*(?P<v>[^，,。；;）)\n]{4,40})"
        ),
    ),
    (
        "address",
        re.compile(r"(?:现位于|位于|坐落于)\s*(?P<v>[^，,。；;）)\n]{4,40}?(?:号|楼|室|层|院))"),
    ),
    ("founded", re.compile(r"成立于\s*(?P<v>(?:19|20)\d{2})\s*年")),
    (
        "period",
        re.compile(
            r"(?P<v>(?:19|20)\d{2}\s*年\s*1\s*月\s*1\s*日\s*(?:至|到|—|－|-|~|～)\s*(?:(?:19|20)\d{2}\s*年\s*)?12\s*月\s*31\s*日)"
        ),
    ),
]


def _figure(metric: str, m: re.Match[str], view_text: str) -> ProseFigure | None:
    value = prose_number(m.group("num"), m.group("mult"))
    if value is None:
        return None
    row, unit = PROSE_METRICS[metric]
    unit = m.group("unit") or unit
    return ProseFigure(
        metric,
        row,
        value,
        m.group(0).strip(),
        unit,
        qualifier(m.group("pre"), m.group("post")),
        m.start(),
        m.end(),
    )


def extract(text: str) -> list[ProseFigure]:
    """Every figure found; the same phrase is never read twice for one metric, and a part of the
    主动公开 breakdown (其中：政策解读69条) is not read as a figure of its own.

    Matching runs on the Simplified text (Traditional mirrors read alike); ``raw`` is quoted from
    the text as printed, at the same positions."""
    printed = text
    text = to_simplified(text)
    out: list[ProseFigure] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    breakdowns: list[tuple[int, int]] = []

    def add(fig: ProseFigure) -> None:
        spans = taken.setdefault(fig.metric, [])
        if any(s < fig.end and fig.start < e for s, e in spans):
            return
        if "/" not in fig.metric and fig.metric != "published":
            if any(s <= fig.start and fig.end <= e for s, e in breakdowns):
                return
        spans.append((fig.start, fig.end))
        raw = (
            printed[fig.start : fig.end].strip()
            if fig.value is not None or fig.metric in _TEXTUAL
            else fig.raw
        )
        out.append(replace(fig, raw=raw) if raw else fig)

    for metric, pat in _PATTERNS:
        for m in pat.finditer(text):
            fig = _figure(metric, m, text)
            if fig is None:
                continue
            if metric == "published":
                span = _breakdown(text, m, add)
                if span:
                    breakdowns.append(span)
            add(fig)
    for m in _NO_FEE.finditer(text):
        row, unit = PROSE_METRICS["fee"]
        if not any(f.metric == "fee" for f in out):
            add(ProseFigure("fee", row, 0, m.group(0), unit, "", m.start(), m.end()))
    for metric, pat in _TEXT_PATTERNS:
        for m in pat.finditer(text):
            row, unit = PROSE_METRICS[metric]
            v = m.group("v").strip()
            value = int(v) if metric == "founded" else None
            add(ProseFigure(metric, row, value, v, unit, "", m.start("v"), m.end("v")))
    out.sort(key=lambda f: f.start)
    return out


def _breakdown(text: str, m: re.Match[str], add) -> tuple[int, int] | None:
    """其中：机构信息350条，政策文件19条… after a 主动公开 total, up to the end of the sentence."""
    end = text.find("。", m.end())
    end = len(text) if end < 0 else end
    tail = text[m.end() : end]
    k = tail.find("其中")
    if k < 0:
        return None
    base = m.end() + k + 2
    row0, _ = PROSE_METRICS["published"]
    for b in _BREAKDOWN.finditer(text, base, end):
        label = b.group(1).lstrip("：:，,、")
        label = re.sub(r"^(?:其中|包括|含)", "", label)
        value = prose_number(b.group("num"), b.group("mult"))
        if not label or value is None:
            continue
        add(
            ProseFigure(
                f"published/{label}",
                f"{row0}{PATH_SEP}{label}",
                value,
                b.group(0).strip(),
                "条",
                qualifier(b.group("pre"), b.group("post")),
                b.start(),
                b.end(),
            )
        )
    return (base, end)
