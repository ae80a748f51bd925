"""The national report format (国办公开办函〔2021〕30号 and the 2019 trial format) as data.

Canonical row and column labels are quoted exactly from the format; every parsed cell is
mapped onto one of them. ``keywords`` are the fragments used to recognise a printed label
after :func:`normalize_label` (labels are matched by keywords, never by exact text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PATH_SEP = " / "

TABLE_2 = "表2"
TABLE_3 = "表3"
TABLE_4 = "表4"
PROSE = "正文"
# the one statistics table of reports before 2019, and its two kinds of value column
STAT_TABLE = "统计表"
STAT_THIS_YEAR = "本年度"
STAT_CUMULATIVE = "历年累计"

# The six sections of the 2021 format, with keywords that identify a (possibly renamed) heading.
SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("一、总体情况", ("总体情况", "概述", "基本情况")),
    ("二、主动公开政府信息情况", ("主动公开",)),
    ("三、收到和处理政府信息公开申请情况", ("收到和处理", "依申请公开", "申请情况")),
    ("四、政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼")),
    ("五、存在的主要问题及改进情况", ("问题", "改进")),
    ("六、其他需要报告的事项", ("其他需要报告", "其他事项", "需要报告")),
]
PREAMBLE = "前言"
# words with which the prose narrows what it counts (市政府本级受理申请80件, 不含…): a figure so
# worded may differ from the table's (which counts the body as a whole) by a difference of 口径
NARROW_SCOPE = ("本级", "本机关", "本部门", "机关本身", "办公室", "不含", "不包括", "除", "仅")


def narrower_scope(sentence: str) -> str:
    """The word with which ``sentence`` narrows what it counts, or ''."""
    return next((w for w in NARROW_SCOPE if w in sentence), "")


# the section whose text states problems and plans (the 2021 and 2019 formats)
PROBLEMS_SECTION = "五、存在的主要问题及改进情况"
# what starts an item of an enumerated list in the prose: 一是, （一）, （1）, 1. / 1、, 第一, 首先
ITEM_MARKER = (
    r"(?P<m>[一二三四五六七八九十]是|[（(][一二三四五六七八九十]{1,3}[)）]|[（(]\d{1,2}[)）]"
    r"|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十][，,、]|首先|其次|再次|最后)"
)
# the row key of a number of the prose that no row of the format holds (新闻发布会12场): its row is
# the noun phrase it counts, its column its role (总数 / 其中 / 同比变化)
MENTION = "mention"


@dataclass(frozen=True)
class RowSpec:
    """One data row of a standard table."""

    key: str
    path: tuple[str, ...]
    keywords: tuple[str, ...]
    leaf: bool = True  # False: a group heading, data only in the 2019 single-row form

    @property
    def label(self) -> str:
        return PATH_SEP.join(self.path)


_R3 = "三、本年度办理结果"
_DENY = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOPROC = "（五）不予处理"
_OTHER = "（六）其他处理"

TABLE3_ROWS: list[RowSpec] = [
    RowSpec("new", ("一、本年新收政府信息公开申请数量",), ("本年新收",)),
    RowSpec("carried_in", ("二、上年结转政府信息公开申请数量",), ("上年结转",)),
    RowSpec("open", (_R3, "（一）予以公开"), ("予以公开",)),
    RowSpec(
        "partial",
        (_R3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("部分公开",),
    ),
    RowSpec("deny.secret", (_R3, _DENY, "1.属于国家秘密"), ("国家秘密",)),
    RowSpec(
        "deny.law",
        (_R3, _DENY, "2.其他法律行政法规禁止公开"),
        ("禁止公开", "法律行政", "行政止公开", "法规禁止"),
    ),
    RowSpec("deny.security", (_R3, _DENY, '3.危及"三安全一稳定"'), ("三安全", "一稳定")),
    RowSpec("deny.third_party", (_R3, _DENY, "4.保护第三方合法权益"), ("第三方",)),
    RowSpec("deny.internal", (_R3, _DENY, "5.属于三类内部事务信息"), ("内部事务",)),
    RowSpec("deny.process", (_R3, _DENY, "6.属于四类过程性信息"), ("过程性",)),
    RowSpec("deny.enforcement", (_R3, _DENY, "7.属于行政执法案卷"), ("执法案卷",)),
    RowSpec("deny.query", (_R3, _DENY, "8.属于行政查询事项"), ("行政查询", "查询事项")),
    RowSpec("unable.not_held", (_R3, _UNABLE, "1.本机关不掌握相关政府信息"), ("不掌握",)),
    RowSpec(
        "unable.create", (_R3, _UNABLE, "2.没有现成信息需要另行制作"), ("另行制作", "没有现成")
    ),
    RowSpec(
        "unable.unclear", (_R3, _UNABLE, "3.补正后申请内容仍不明确"), ("仍不明确", "补正后申请")
    ),
    RowSpec("noproc.petition", (_R3, _NOPROC, "1.信访举报投诉类申请"), ("信访", "举报投诉")),
    RowSpec("noproc.repeat", (_R3, _NOPROC, "2.重复申请"), ("重复申请",)),
    RowSpec("noproc.publication", (_R3, _NOPROC, "3.要求提供公开出版物"), ("出版物",)),
    RowSpec("noproc.mass", (_R3, _NOPROC, "4.无正当理由大量反复申请"), ("大量反复", "反复申请")),
    RowSpec(
        "noproc.confirm",
        (_R3, _NOPROC, "5.要求行政机关确认或重新出具已获取信息"),
        ("确认或重新", "重新出具", "已获取信息"),
    ),
    RowSpec(
        "other.no_correction",
        (_R3, _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("逾期不补", "不补正"),
    ),
    RowSpec(
        "other.no_fee",
        (_R3, _OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("收费通知", "缴纳费用"),
    ),
    RowSpec("other.other", (_R3, _OTHER, "3.其他"), ()),  # matched by position: "3.其他"
    RowSpec("other", (_R3, _OTHER), ("其他处理",), leaf=False),
    RowSpec("total", (_R3, "（七）总计"), ()),  # matched as "（七）总计" / "总计" row
    RowSpec("carried_out", ("四、结转下年度继续办理",), ("结转下年度", "继续办理")),
]
TABLE3_BY_KEY = {r.key: r for r in TABLE3_ROWS}
# Leaf result rows whose sum is （七）总计 (C2); the 2019 form replaces the three other.* by "other".
TABLE3_RESULT_LEAVES_2021 = [
    r.key for r in TABLE3_ROWS if r.path[0] == _R3 and r.key not in ("other", "total")
]
TABLE3_RESULT_LEAVES_2019 = [k for k in TABLE3_RESULT_LEAVES_2021 if not k.startswith("other.")] + [
    "other"
]

TABLE3_COLUMNS: list[tuple[str, ...]] = [
    ("自然人",),
    ("法人或其他组织", "商业企业"),
    ("法人或其他组织", "科研机构"),
    ("法人或其他组织", "社会公益组织"),
    ("法人或其他组织", "法律服务机构"),
    ("法人或其他组织", "其他"),
    ("总计",),
]
TABLE3_COLUMN_LABELS = [PATH_SEP.join(c) for c in TABLE3_COLUMNS]

TABLE4_GROUPS: list[tuple[str, ...]] = [
    ("行政复议",),
    ("行政诉讼", "未经复议直接起诉"),
    ("行政诉讼", "复议后起诉"),
]
TABLE4_GROUP_LABELS = [PATH_SEP.join(g) for g in TABLE4_GROUPS]
TABLE4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass(frozen=True)
class Table2Part:
    """One of the four (2019: five) parts of Table 2."""

    item: str  # 第二十条第（一）项
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    units: tuple[str, ...]


TABLE2_PARTS_2021 = [
    Table2Part(
        "第二十条第（一）项",
        ("规章", "行政规范性文件"),
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("件", "件", "件"),
    ),
    Table2Part("第二十条第（五）项", ("行政许可",), ("本年处理决定数量",), ("件",)),
    Table2Part("第二十条第（六）项", ("行政处罚", "行政强制"), ("本年处理决定数量",), ("件",)),
    Table2Part(
        "第二十条第（八）项", ("行政事业性收费",), ("本年收费金额（单位：万元）",), ("万元",)
    ),
]
TABLE2_PARTS_2019 = [
    Table2Part(
        "第二十条第（一）项",
        ("规章", "规范性文件"),
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("件", "件", "件"),
    ),
    Table2Part(
        "第二十条第（五）项",
        ("行政许可", "其他对外管理服务事项"),
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("项", "项", "件"),
    ),
    Table2Part(
        "第二十条第（六）项",
        ("行政处罚", "行政强制"),
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("项", "项", "件"),
    ),
    Table2Part(
        "第二十条第（八）项", ("行政事业性收费",), ("上一年项目数量", "本年增/减"), ("项", "项")
    ),
    Table2Part("第二十条第（九）项", ("政府集中采购",), ("采购项目数量", "采购总金额"), ("项", "")),
]

# Prose metrics (table 正文): canonical row label and unit.
PROSE_METRICS = {
    "published": ("主动公开政府信息", "条"),
    "received": ("收到政府信息公开申请", "件"),
    "answered": ("办结政府信息公开申请", "件"),
    "carried_in": ("上年结转政府信息公开申请", "件"),
    "carried_out": ("结转下年度继续办理", "件"),
    "interpretation": ("政策解读", "篇"),
    "fee": ("信息处理费", "元"),
    "review": ("行政复议", "件"),
    "litigation": ("行政诉讼", "件"),
    "phone": ("联系电话", ""),
    "address": ("地址", ""),
    "postcode": ("邮政编码", ""),
    "email": ("电子邮箱", ""),
    "founded": ("成立年份", "年"),
    "period": ("统计期间", ""),
}


@lru_cache(maxsize=1)
def _trad_table() -> dict[int, str]:
    """Traditional → Simplified, character for character (offsets are kept), from zhconv's
    zh2Hans dictionary."""
    import zhconv.zhconv as z

    z.loaddict()
    pairs = z.zhcdicts["zh2Hans"]
    return {ord(k): v for k, v in pairs.items() if len(k) == 1 and len(v) == 1 and k != v}


_FULLWIDTH = str.maketrans(
    {
        "(": "（",
        ")": "）",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "，": "，",
        "．": ".",
        "：": "：",
        "\u3000": " ",
        "\xa0": " ",
    }
)
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACE_RE = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    """Traditional characters mapped to Simplified ones, one for one (positions are kept), so
    Traditional-script mirrors (規章, 總計, 萬元) read like the originals."""
    return text.translate(_trad_table())


def normalize_label(text: str) -> str:
    """A printed label reduced to what keyword matching needs: no spaces, full-width brackets,
    straight quotes, half-width digits, Simplified script."""
    text = to_simplified(text).translate(_FULLWIDTH).translate(_DIGITS)
    return _SPACE_RE.sub("", text)
