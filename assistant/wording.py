"""Every sentence an answer is worded with, in one place: changing how the product speaks touches
no logic. Values are written by :func:`reportqa.values.format_value` only."""

from __future__ import annotations

import re

from reportqa.values import format_number, format_percent, format_value

CN_SMALL = "〇一二三四五六七八九十"

NO_REPORTS = "索引中还没有任何报告。请先导入报告（reportqa ingest）。"
EMPTY_QUESTION = "请输入问题。"
UNTRACEABLE = "抱歉，这个答案中有无法核实的数字，因此不予回答。"
NO_REASON_GIVEN = "报告没有说明原因。"
HELP = (
    "您好！我回答关于政府信息公开工作年度报告的问题：某个机关某一年收到、办结了多少政府信息公开申请，"
    "行政复议和行政诉讼有多少件，主动公开了多少条信息，报告写了哪些问题和打算，表格的数据对不对得上。"
    "答案里的每个数字都注明出自哪份报告的哪一格或哪一句。您可以这样问："
)

SUGGESTIONS = (
    "{b}{y}年收到多少政府信息公开申请？",
    "{b}{y}年主动公开了多少条政府信息？",
    "{b}{y}年的数据一致吗？",
    "{b}{y}年存在哪些问题？",
)
METRIC_QUESTION = "{b}{y}年{label}是多少？"
INTENT_NAMES = {
    "figure": "查数",
    "compare": "比较",
    "trend": "历年变化",
    "share": "占比",
    "multiple": "倍数",
    "extreme": "找最多/最少的一项",
    "rank": "排名",
    "total": "合计",
    "ledger": "核对收支（新收＋上年结转＝办结＋结转下年）",
    "yesno": "是否",
    "check": "勾稽校验",
    "narrative": "查找报告原文",
    "holdings": "列出语料中的报告",
    "help": "说明能回答什么",
    "unknown": "未能确定",
}


def cn_count(n: int) -> str:
    """A small count in Chinese numerals, as a question says it (近三年)."""
    return CN_SMALL[n] if 0 <= n <= 10 else str(n)


def report_title(name: str, year: int) -> str:
    return f"{name}{year}年政府信息公开工作年度报告"


def value(v: int | float | str | None, unit: str = "", qualifier: str = "") -> str:
    return format_value(v, unit, qualifier)


def percent(v: float) -> str:
    return format_percent(v)


def times(v: float) -> str:
    return f"{format_number(round(v, 2))}倍"


# ---------------------------------------------------------------------------------- years


def year_note(kind: str, year: int, newest: int, count: int = 0, word: str = "") -> str:
    """How a year not said as a number was read."""
    if kind == "none":
        return f"（未指明年度，按最新的{newest}年报告）"
    if kind == "latest":
        return f"（“{word}”按该机关最新报告年度计，即{newest}年）"
    if kind == "previous":
        return f"（“{word}”按该机关最新报告年度往前{cn_count(count)}年计，即{year}年）"
    if kind == "recent":
        return f"（“{word}”按该机关最新报告年度往前计）"
    if kind == "all":
        return "（语料中该机关的全部年度）"
    return ""


def plan_year_note(asked: int, used: int) -> str:
    return f"（{asked}年的打算写在{used}年的报告里）"


# ---------------------------------------------------------------------------------- refusals


def no_body_named(names: list[str], more: bool) -> str:
    return (
        "请问您想了解哪个机关的报告？语料中有：" + "、".join(names) + ("等" if more else "") + "。"
    )


def which_body(candidates: list[str]) -> str:
    return "您指的是哪一个机关？语料中有：" + "、".join(candidates) + "。请说明全称后再问。"


def which_of(said: str, candidates: list[str]) -> str:
    return f"另外，“{said}”可能指：" + "、".join(candidates) + "，请说明是哪一个。"


def did_you_mean_body(said: str, candidates: list[str]) -> str:
    names = "”或“".join(candidates)
    return f"语料中没有“{said}”。您是指“{names}”吗？请确认机关名称后再问。"


def body_not_in_corpus(name: str, holds: str) -> str:
    return f"语料中没有“{name}”的报告。{holds}。"


def year_not_in_corpus(name: str, year: int, holds: str, said: str = "") -> str:
    """``said``: the year as the question said it in words (前年), which names it instead of a
    number the question did not say."""
    when = f"“{said}”" if said else f"{year}年"
    return f"语料中没有{name}{when}的报告。{holds}。"


def figure_not_in_report(name: str, year: int, label: str, why: str = "") -> str:
    return f"{name}{year}年的报告中没有“{label}”这一项数字{why}。"


def not_in_format(fmt: str) -> str:
    return f"（该报告的表格采用{fmt}年格式，没有这一栏）"


def blank_cell(name: str, year: int, label: str, raw: str) -> str:
    return f"{name}{year}年报告中{label}一栏为“{raw or '空白'}”，未填写数字"


def blank_in_sum(
    name: str, year: int, label: str, filled: list[tuple[str, str]], blank: list[str]
) -> str:
    """无法提供 = 三个理由之和, two of them left blank: the filled ones said, nothing added."""
    said = "、".join(f"“{row}”为{shown}" for row, shown in filled)
    empty = "、".join(f"“{row}”" for row in blank)
    return f"{name}{year}年报告中{label}要由各栏相加，其中{said}，{empty}一栏空白、未填写数字，因此不相加"


def share_over_whole(
    name: str, year: int, part: str, part_shown: str, whole: str, whole_shown: str
) -> str:
    return (
        f"{name}{year}年{part}为{part_shown}，{whole}为{whole_shown}，前者大于后者，不是后者的一部分，"
        f"无法按占比计算。请说明要算{part}占哪一项的比例，例如占办结的申请。"
    )


def not_understood(understood: str, unknown: list[str]) -> str:
    words = "、".join(f"“{w}”" for w in unknown)
    head = "抱歉，我没有完全理解这个问题，因此不给出数字。"
    said = f"我理解到的是：{understood}。" if understood else ""
    missing = f"没能理解的是{words}（报告的统计表中没有与之对应的一栏）。" if unknown else ""
    return head + said + missing


def ask_back_metric() -> str:
    return (
        "请问您想了解哪一项数字？例如收到的申请、办结的申请、行政复议、行政诉讼或主动公开的信息。"
    )


def ambiguous_word(word: str, readings: list[str]) -> str:
    return f"“{word}”在报告里可能指{'、'.join(f'“{r}”' for r in readings)}，请问您指的是哪一项？"


def suggestions_title() -> str:
    return "您是不是想问："


# ---------------------------------------------------------------------------------- figures


def figure_sentence(name: str, year: int, label: str, shown: str, refs: str, note: str = "") -> str:
    return f"{name}{year}年{label}为{shown}{refs}{note}"


def summed_from(parts: list[str]) -> str:
    return "，由" + "、".join(parts) + "相加"


def prose_differs(shown: str, narrow: str = "") -> str:
    """What the report's text says when it differs from the table; a text that counts less
    (本级) is a difference of 口径, said so, not an inconsistency."""
    if narrow:
        return f"；报告正文写的是{shown}，正文所述为“{narrow}”口径，与表格的统计口径不同"
    return f"；报告正文写的是{shown}，与表格不一致"


def part_not_listed(name: str, year: int, part: str, listed: list[str]) -> str:
    have = "、".join(listed) if listed else "没有分项"
    return f"{name}{year}年报告中主动公开的信息没有单列“{part}”一项（报告列出的分项：{have}）。"


def unit_mismatch(asked: str, label: str, unit: str) -> str:
    """培训了多少人次 asked of a figure counted in 次: not the same measure, so no number."""
    return f"您问的是多少{asked}，而报告中的“{label}”以“{unit}”计，不是同一个量，无法据此回答。"


def mention_sentence(
    name: str, year: int, noun: str, shown: str, part: bool, change: str = ""
) -> str:
    """新闻发布会12场: a figure the report states in words, with what it counts; a change the
    text states (同比增长5.26%) with its direction."""
    if change:
        return f"{name}{year}年报告正文中，“{noun}”同比{change}{shown}"
    which = "（句中列出的一项）" if part else ""
    return f"{name}{year}年报告正文中，“{noun}”{which}为{shown}"


def contact_quoted(title: str, label: str, sentence: str) -> str:
    return f"{title}中没有单列的“{label}”一项，原文写道：“{sentence}”[1]"


# ---------------------------------------------------------------------------------- operations


def yes_no(yes: bool, shown: str = "") -> str:
    """有，46件。/ 没有，0件。: the answer, then the figure that decides it."""
    word = "有" if yes else "没有"
    return f"{word}，{shown}。" if shown else f"{word}。"


def premise_said(value: float, words: str = "") -> str:
    """What a question takes for granted, in words (a zero is said as 没有, as people say it; an
    approximate claim as the question said it: 一百来件, 不到100件)."""
    if words:
        return f"（问题认为是{words}）"
    return "（问题认为没有）" if value == 0 else f"（问题认为是{format_number(value)}）"


def all_of_it_right(part: str, whole: str) -> str:
    return f"是的，全部都是：{part}，{whole}。"


def all_of_it_wrong(part: str, whole: str) -> str:
    return f"不是，与报告不符，并非全部：{part}，而{whole}。"


def premise_wrong(sentence: str, asked: bool = False) -> str:
    """A premise the report contradicts; ``asked``: the question asked whether it holds
    (是不是一件都没收到), so the answer is 不是 first."""
    return f"{'不是。' if asked else ''}问题的前提与报告不符：{sentence}。"


def premise_right(sentence: str) -> str:
    return f"是的，{sentence}。"


def claim_check(claimed: str, shown: str, right: bool) -> str:
    if right:
        return f"是的，报告中为{shown}。"
    if re.match(r"不|少于|低于|没|未|超|多于|高于", claimed):  # 不到一百件: said as a bound
        return f"与报告不符（问题说{claimed}）：报告中为{shown}。"
    return f"不是{claimed}，与报告不符：报告中为{shown}。"


def share_sentence(
    name: str, year: int, part_label: str, part: str, whole_label: str, whole: str, pct: str
) -> str:
    return f"{name}{year}年{part_label}为{part}，{whole_label}为{whole}，占{pct}"


def share_undefined() -> str:
    return "后者为0，无法计算占比"


def multiple_sentence(a: str, b: str, ratio: str) -> str:
    return f"{a}，{b}，前者是后者的{ratio}"


def multiple_undefined(b: str) -> str:
    return f"{b}，为0，无法计算倍数"


def diff_years(name: str, label: str, later: str, earlier: str) -> str:
    return f"{name}{label}：{later}，{earlier}"


def change(
    later_year: int, earlier_year: int, delta: int | float, unit: str, pct: float | None
) -> str:
    if delta == 0:
        return f"，{later_year}年与{earlier_year}年持平。"
    word = "增加" if delta > 0 else "减少"
    out = f"，{later_year}年比{earlier_year}年{word}{format_value(abs(delta), unit)}"
    if pct is not None:
        out += f"（{'增长' if delta > 0 else '下降'}{format_percent(abs(pct))}）"
    return out + "。"


def direction_wrong(claimed_up: bool, delta: int | float) -> str:
    """为什么比2022年多了那么多 when it fell: the claim corrected before the figures."""
    said = "增加" if claimed_up else "减少"
    real = "持平" if delta == 0 else "增加" if delta > 0 else "减少"
    return f"与报告不符：不是{said}，而是{real}。"


def change_lead(delta: int | float, pct: float) -> str:
    """下降7%。: a change asked as a rate, said first."""
    return f"{'增长' if delta > 0 else '下降'}{format_percent(abs(pct))}。"


def diff_bodies(
    year: int, label: str, a: str, b: str, na: str, nb: str, delta: int | float, unit: str
) -> str:
    text = f"{year}年{label}：{a}，{b}"
    if delta == 0:
        return text + "，两者相同。"
    return text + f"，{na}比{nb}{'多' if delta > 0 else '少'}{format_value(abs(delta), unit)}。"


def diff_metrics(
    name: str, year: int, a: str, b: str, la: str, lb: str, delta: int | float, unit: str
) -> str:
    """新收比办结多几件: the difference first, then both cited figures."""
    if delta == 0:
        return f"两者相同。{name}{year}年{a}，{b}。"
    lead = f"{la}比{lb}{'多' if delta > 0 else '少'}{format_value(abs(delta), unit)}"
    return f"{lead}。{name}{year}年{a}，{b}。"


def trend(name: str, label: str, bits: list[str]) -> str:
    return f"{name}{label}：" + "，".join(bits) + "。"


def trend_ranked(name: str, label: str, top: str, low: bool, bits: list[str]) -> str:
    """One body's years ranked (哪一年最多，从多到少排): the top year first, then all in order."""
    head = f"{top}最少" if low else f"{top}最多"
    order = "从少到多" if low else "从多到少"
    return f"{head}。{name}{label}，各年度{order}依次为：" + "，".join(bits) + "。"


def neither_body_nor_topic(words: list[str]) -> str:
    said = "、".join(f"“{x}”" for x in words)
    return f"语料中没有叫{said}的机关，报告里也没有写到{said}。"


def body_from_conversation(name: str) -> str:
    return f"（接着上文，按{name}的报告回答。）"


def format_changed(old: list[int], new: list[int]) -> str:
    """A series that crosses 2019: some years from the old 统计表, the rest from today's tables."""
    a, b = "、".join(f"{y}年" for y in old), "、".join(f"{y}年" for y in new)
    return (
        f"（报告格式在2019年改变：{a}的数字取自旧格式的《政府信息公开情况统计表》，"
        f"{b}的取自现行格式的表格，两种格式的统计口径不完全相同。）"
    )


def years_missing(holds: str) -> str:
    return f"所问的其余年度语料中没有相应数据（{holds}）。"


def extreme(name: str, year: int, group: str, top: str, order_word: str, rest: list[str]) -> str:
    tail = "；其余：" + "，".join(rest) if rest else ""
    return f"{name}{year}年{group}中，{order_word}的是{top}{tail}。"


def breakdown(name: str, year: int, group: str, listed: str) -> str:
    return f"{name}{year}年{group}：{listed}。"


def tie(names: list[str]) -> str:
    return "、".join(names) + "并列"


def rank_lead(head: str, shown: str) -> str:
    """The body first (or the tied ones) with its figure: 澜江市卫生健康委员会，0件。"""
    return f"{head}，{shown}。"


def rank(year: int, label: str, order_word: str, lines: list[str], missing: list[str]) -> str:
    text = f"{year}年{label}，{order_word}依次为：" + "；".join(lines) + "。"
    if missing:
        text += "没有相应数字的：" + "、".join(missing) + "。"
    return text


def total(year: int, label: str, n: int, shown: str, lines: list[str], missing: list[str]) -> str:
    text = f"{year}年{cn_count(n)}个机关的{label}合计{shown}：" + "，".join(lines) + "。"
    if missing:
        text += "没有相应数字、未计入的：" + "、".join(missing) + "。"
    return text


def total_years(
    name: str, label: str, years: list[int], shown: str, lines: list[str], missing: list[str]
) -> str:
    span = f"{years[0]}—{years[-1]}年" if len(years) > 2 else "、".join(f"{y}年" for y in years)
    text = f"{name}{span}的{label}合计{shown}：" + "，".join(lines) + "。"
    if missing:
        text += "没有相应数字、未计入的：" + "、".join(missing) + "。"
    return text


def ledger(name: str, year: int, left: str, right: str, holds: bool) -> str:
    verdict = "成立" if holds else "不成立"
    return f"{verdict}。{name}{year}年：{left}；{right}。"


def scope_city(city: str, unsure: list[str]) -> str:
    out = f"（未指明哪个市，按语料中这类机关最多的{city}计"
    if unsure:
        out += f"；名称中没有写明所属市的{'、'.join(unsure)}一并计入"
    return out + "）"


def sum_of(name: str, year: int, shown: str, parts: list[str]) -> str:
    return f"{shown}。{name}{year}年" + "，".join(parts) + f"，合计{shown}。"


def cannot_add(labels: list[str]) -> str:
    return "、".join(labels) + "的单位不同或没有填写数字，不能相加。"


def cannot_subtract(labels: list[str]) -> str:
    return "、".join(labels) + "的单位不同或没有填写数字，不能相减。"


def count_not_found(name: str, year: int) -> str:
    return f"{name}{year}年的报告中没有找到能回答这个数目的句子，因此不给出数字。"


def which_difference() -> str:
    return "这里说了不止两项数字，不清楚要算哪两个数之差。请说出要比较的两项数字。"


def which_two(name: str) -> str:
    return (
        f"这里只说了{name}一个机关，不清楚“两个”指哪两项数字，因此不给出合计。"
        f"请一次说出要相加的两项，例如“{name}行政复议和行政诉讼一共多少件”。"
    )


def scope_unsure(names: list[str]) -> str:
    return f"（名称中看不出是否属于所问地区、未计入的：{'、'.join(names)}）"


def several_readings(word: str) -> str:
    return f"“{word}”可能指不同的项目，分别列出："


READ_BY_MODEL = "（规则未能理解，由语言模型解析；数字仍只取自报告）"


def interpretation(body: str, year: str, metric: str, operation: str) -> str:
    parts = [f"机关：{body}" if body else "", f"年度：{year}" if year else ""]
    parts += [f"指标：{metric}" if metric else "", f"运算：{operation}" if operation else ""]
    return "；".join(p for p in parts if p)
