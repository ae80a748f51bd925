"""Figures stated in the report's prose: 主动公开 N 条 (and its breakdown), 收到/办结/结转 N 件,
解读 N 篇, 信息处理费 N 元, 行政复议/诉讼 N 件, and the contact facts of the preamble; and every
other number with a measure word (新闻发布会12场, 政务新媒体95个, 培训4次) as a mention: the noun
phrase it counts, its role in the sentence (a total, a part after 其中/包括, a change after
同比增长) and the sentence itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportqa import segment
from reportqa.format import MENTION, PATH_SEP, PROSE_METRICS, to_simplified
from reportqa.numbers import NUM_PATTERN, prose_number, qualifier

__all__ = ["MENTION", "Mention", "ProseFigure", "extract", "mentions", "sentence_at"]

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
            r"(?<!其他应)(?<!其他)(?:主动公开|主动发布|公开发布|发布各类|公开各类)"
            + _g(16)
            + r"(?:信息|政府信息|文件)"
            + _g(6)
            + _N
            + r"\s*(?P<unit>条)"
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


# -- mentions: every other number with a measure word -------------------------------------------

ROLE_TOTAL, ROLE_PART, ROLE_CHANGE = "总数", "其中", "同比变化"
_UNIT = r"(?P<unit>人次|万元|亿元|元|条|件|次|场|期|个|篇|份|项|人|家|部|批|户|所|名|%|％)"
_MENTION_RE = re.compile(_N + r"\s*" + _UNIT)
_SENT_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_CUT = re.compile(r"[，,、：:（）()“”\"《》]")
# words that carry out an action on the thing counted: what follows them is the noun (召开12场
# 新闻发布会), and they are no part of a noun before the number (组织 is not 组织培训's noun)
_VERBS = (
    "召开",
    "举办",
    "开展",
    "组织",
    "发布",
    "印发",
    "制作",
    "编发",
    "推送",
    "更新",
    "公开",
    "办理",
    "受理",
    "收到",
    "接收",
    "答复",
    "回复",
    "处理",
    "完成",
    "实现",
    "开设",
    "设立",
    "新增",
    "累计",
    "共计",
    "共",
    "全年",
    "今年",
    "本年",
    "全部",
    "其中",
    "包括",
    "另有",
    "达到",
    "达",
    "约",
    "近",
    "超过",
    "逾",
    "有",
)
# verbs after which, inside a clause before a number, only the thing done is named
_ACTIONS = (
    "开展",
    "召开",
    "举办",
    "组织",
    "印发",
    "制作",
    "编发",
    "推送",
    "办理",
    "受理",
    "接收",
    "答复",
    "回复",
    "完成",
    "开设",
    "设立",
    "新增",
    "累计",
    "共计",
)
_OWNER = re.compile(r"^(?:我|本)(?:市|区|县|镇|乡|局|委|办|街道|街|单位|机关|部门|中心)")
_CHANGE = re.compile(r"(?:同比|环比|较上年|比上年)?(?:增长|下降|增加|减少|提高|降低|上升)了?$")
_DATE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|周岁)")


@dataclass(frozen=True)
class Mention:
    noun: str  # the thing counted, as the sentence names it
    role: str  # ROLE_TOTAL / ROLE_PART / ROLE_CHANGE
    value: int | float
    raw: str  # the number as printed, with its unit
    unit: str
    qualifier: str
    sentence: str  # the sentence it stands in (the citation)
    start: int  # span of the number in the text
    end: int


def _noun(sentence: str, left_end: int, right_start: int) -> str:
    """What a number counts: the words after it when a verb comes before it (召开12场新闻发布会),
    else the words before it back to the clause's start, without leading verbs and adverbs."""
    left = sentence[:left_end]
    right = sentence[right_start:]
    title = re.search(r"《([^《》]{2,30})》\s*$", left)
    if title:  # 编发《淮安市人民政府公报》6期: the title is what is counted
        return title.group(1)
    after = _CLAUSE_CUT.split(right, maxsplit=1)[0]
    after = re.split(r"[\d]", after, maxsplit=1)[0][:14]
    after = re.sub(r"[和及与、]+$", "", after)
    clause = _CLAUSE_CUT.split(left)[-1] if left else ""
    listed = bool(re.search(r"\d", clause)) or clause.rstrip().endswith(("和", "及", "与", "、"))
    before = re.sub(r"[\s\d]+", "", clause)
    if re.match(r"(?:季度|月|周|天|日|小时|工作日|年)", after):
        return ""  # 四个季度, 3个工作日: a span of time, not a thing counted
    if (not before or before.endswith(_VERBS) or listed) and re.match(r"[\u4e00-\u9fff]{2}", after):
        noun = after
    else:
        noun = before
    changed = True
    while changed:  # leading words that are no part of the noun
        changed = False
        for v in sorted(_VERBS, key=len, reverse=True):
            if noun.startswith(v) and len(noun) > len(v) + 1:
                noun, changed = noun[len(v) :], True
    noun = re.sub(r"(?:\d{4}年|年度|全年|共计|累计|共|达|约|近|合计|总计)$", "", noun)
    noun = re.sub(r"^(?:年度|年|[等的了和及与在对为将把向从])+", "", noun)
    for v in sorted(_VERBS, key=len, reverse=True):  # 年共办理…: verbs after the year too
        if noun.startswith(v) and len(noun) > len(v) + 1:
            noun = noun[len(v) :]
    noun = re.sub(r"(?:均为|均达|为|是|达到|达|共|有)$", "", noun)
    cut = max((noun.rfind(v) + len(v) for v in _ACTIONS if v in noun[:-2]), default=0)
    if len(noun) - cut >= 2:
        noun = noun[cut:]  # 对照检查标准开展自查整改: what was done is 自查整改
    noun = _OWNER.sub("", noun)
    return noun[-16:]


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that holds ``text[start:end]``."""
    s_start = max((x.end() for x in _SENT_END.finditer(text, 0, start)), default=0)
    nxt = _SENT_END.search(text, end)
    return s_start, nxt.end() if nxt else len(text)


def _inside_word(sentence: str, at: int, end: int) -> bool:
    """Whether a number in Chinese numerals is part of a word (统一部署, 进一步, 唯一): jieba
    puts no word boundary before it or after its measure word."""
    bounds = {0}
    for _, s, e in segment.spans(sentence):
        bounds |= {s, e}
    return at not in bounds or end not in bounds


def mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Every number with a measure word not already read as one of the format's figures
    (``taken``): dates, years and the digits of phones and postcodes carry no measure word."""
    simple = to_simplified(text)
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(simple):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if (
            _DATE_AFTER.match(simple, m.end("num"))
            or simple[max(0, m.start() - 1) : m.start()] == "第"
        ):
            continue  # a date, or an ordinal (第二项)
        value = prose_number(m.group("num"), m.group("mult"))
        if value is None:
            continue
        s_start, s_end = sentence_at(simple, m.start(), m.end())
        sentence = simple[s_start:s_end].strip()
        rel_start = (
            m.start() - s_start - (len(simple[s_start:s_end]) - len(simple[s_start:s_end].lstrip()))
        )
        rel_end = rel_start + (m.end() - m.start())
        num_at = rel_start + (m.start("num") - m.start())
        if not re.search(r"\d", m.group("num")) and (
            m.group("num") == "一" or _inside_word(sentence, num_at, rel_end)
        ):
            continue  # 统一部署, 进一步; 一项重要内容, 一次性: words, not counts
        noun = _noun(sentence, max(0, rel_start), rel_end)
        if len(noun) < 2:
            continue
        before = sentence[: max(0, rel_start)]
        if _CHANGE.search(re.sub(r"\s+", "", before)):
            role = ROLE_CHANGE
            prev = next(
                (x for x in reversed(out) if x.sentence == text[s_start:s_end].strip()), None
            )
            noun = prev.noun if prev else noun  # 80件，同比增长5.26%: the change of the 80
        elif re.search(r"其中|包括|分别|含", before) and re.search(r"\d", before):
            role = ROLE_PART
        else:
            role = ROLE_TOTAL
        out.append(
            Mention(
                noun,
                role,
                value,
                text[m.start() : m.end()].strip(),
                m.group("unit").replace("％", "%"),
                qualifier(m.group("pre"), m.group("post")),
                text[s_start:s_end].strip(),
                m.start(),
                m.end(),
            )
        )
    return out
