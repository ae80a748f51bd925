"""What a report says in words: the passage that answers, quoted with its citation, or a plain
"the report does not say". A year a plan is for (2025年打算怎么改进) is answered by the report
that states the plan (2024's)."""

from __future__ import annotations

import re

from assistant import wording as w
from assistant.answer import Answer, Citation
from assistant.lexicon import lexicon
from assistant.question import Intent, ParsedQuestion, YearKind
from assistant.responders.common import Context, Refusal, bodies_of, refusal, years_for
from assistant.responders.registry import responder
from reportqa.format import SECTIONS, normalize_label, to_simplified

_STOP = set("的了吗呢么是有在和与及或吧啊呀怎么什么哪些多少几年今去前请问一下")
_GENERIC_WORDS = {
    "政府",
    "信息",
    "公开",
    "政府信息",
    "信息公开",
    "报告",
    "年度",
    "工作",
    "情况",
    "年度报告",
    "街道",
    "人民政府",
    "办事处",
    "多少",
    "哪些",
    "什么",
    "怎么",
    "如何",
    "有没有",
    "是否",
    "方面",
    "做了",
    "做好",
    "怎么样",
    "哪个",
    "部门",
    "主要",
    "报告里",
    "里说",
    "还有",
    "提到",
    "提及",
    "写到",
    "说到",
    "报告中",
    "上面",
    "自己",
    "存在",
}
_HOW_MANY = re.compile(r"^(?:几|多少|哪)[个件条次场篇项年家位]?$")
_SENT = re.compile(r"[^。！？；\n]*[。！？；]?")


def keywords(q: ParsedQuestion, ctx: Context) -> list[str]:
    """The question's content words (jieba precise mode, so 公务员 stays one word), without
    body names, years and words every report contains."""
    import jieba

    text = to_simplified(normalize_label(q.topic or q.text))
    for name in sorted((a for a in ctx.catalog.alias_map if a in text), key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"(?:19|20)\d{2}年?度?", " ", text)
    words = [
        x
        for x in jieba.lcut(text)
        if len(x) >= 2
        and x not in _GENERIC_WORDS
        and not set(x) <= _STOP
        and not x.isdigit()
        and not _HOW_MANY.match(x)
    ]
    return list(dict.fromkeys(words))


def _report_year(q: ParsedQuestion, ctx: Context, body: str) -> tuple[int, str]:
    years, note = years_for(q, ctx, body)
    year = years[-1]
    if ctx.catalog.report(body, year) is None and q.years.kind is YearKind.EXPLICIT:
        # 2025年打算怎么改进: a plan for 2025 is written in the 2024 report
        if q.years.plan_year and ctx.catalog.report(body, year - 1) is not None:
            return year - 1, w.plan_year_note(year, year - 1)
        name = ctx.catalog.bodies[body].name
        raise Refusal(
            refusal(w.year_not_in_corpus(name, year, ctx.catalog.holdings(body)), ctx.catalog, body)
        )
    return year, note


@responder(Intent.NARRATIVE)
def narrative(q: ParsedQuestion, ctx: Context) -> Answer:
    bodies = bodies_of(q, ctx, allow_none=True)
    body = bodies[0] if bodies else None
    year = None
    note = ""
    if body is not None:
        year, note = _report_year(q, ctx, body)
    words = keywords(q, ctx)
    if not words:
        raise Refusal(
            refusal("没有理解您的问题，请换个说法，例如：", ctx.catalog, body, route="clarify")
        )
    lx = lexicon()
    alts = {x: lx.alternatives(x) for x in words}
    search_words = list(dict.fromkeys(a for x in words for a in alts[x]))
    docs = ctx.retriever(body=body, year=year).invoke(" ".join(search_words))
    asks_number = bool(re.search(r"多少|几[个件条次场篇项]|数量|比例|率", q.text))
    # two thirds of the content words; all of them when a number is asked for (the number
    # quoted must be about just what was asked)
    need = len(words) if asks_number else max(1, -(-len(words) * 2 // 3))
    scored = []
    for d in docs:
        content = to_simplified(d.page_content)
        hits = [a for x in words for a in alts[x][:1] if any(y in content for y in alts[x])]
        if len(hits) < need:
            continue
        found = [y for x in words for y in alts[x] if y in content]
        if asks_number and not any(re.search(re.escape(y) + r".{0,12}?\d", content) for y in found):
            continue
        scored.append((len(hits), _section_bonus(d.metadata.get("section", ""), search_words), d))
    if not scored:
        who = ctx.catalog.bodies[body].name if body else "语料中的报告"
        raise Refusal(
            refusal(f"{who}没有写到与“{'、'.join(search_words)}”相关的内容。", ctx.catalog, body)
        )
    # most content words first; among equals, the section whose subject the words name
    scored.sort(key=lambda x: (-x[0], -x[1]))
    best = scored[0][:2]
    chosen = [d for n, b, d in scored if (n, b) == best][:2]
    citations, quotes = [], []
    for d in chosen:
        sentence = best_sentences(d.page_content, search_words)
        m = d.metadata
        rep = ctx.catalog.report(m["body"], m["year"])
        title = w.report_title(rep.body_printed if rep else m["body"], m["year"])
        citations.append(
            Citation(
                source=m["source"],
                title=title,
                body=m["body"],
                year=m["year"],
                section=m["section"],
                locator=m["locator"],
                quote=sentence,
                chunk_id=m.get("id"),
                report_id=m.get("report_id"),
            )
        )
        quotes.append(f"“{sentence}”[{len(citations)}]")
    head = (
        f"{citations[0].title}{citations[0].section and '“' + citations[0].section + '”'}中写道："
    )
    return Answer(
        answer=head + "；".join(quotes) + (note or ""),
        found=True,
        citations=citations,
        route="narrative",
    )


def _section_bonus(section: str, words: list[str]) -> int:
    """1 when ``section`` is the one whose keywords (reportqa.format.SECTIONS) the question's
    words name: 问题/改进 → 五、存在的主要问题及改进情况."""
    for name, keys in SECTIONS:
        if name == section:
            return int(any(k in words for k in keys))
    return 0


def _unwrap(text: str) -> str:
    """Lines a PDF wrapped mid-sentence joined again (a long line not ending a sentence);
    short lines (headings) keep their break."""
    lines = text.split("\n")
    out = lines[0]
    for prev, line in zip(lines, lines[1:], strict=False):
        p = prev.rstrip()
        joined = len(p) >= 20 and p[-1:] not in ("。", "！", "？", "；", "：", "")
        out += ("" if joined else "\n") + line
    return out


def best_sentences(text: str, keywords: list[str], limit: int = 160) -> str:
    sentences = [s.strip() for s in _SENT.findall(_unwrap(text)) if s.strip()]
    # a heading line is no answer: prefer sentences that end as sentences do
    full = [s for s in sentences if s[-1] in "。！？；" and len(s) > 8]
    sentences = full or sentences
    if not sentences:
        return text[:limit]
    scored = sorted(
        range(len(sentences)), key=lambda i: (-sum(x in sentences[i] for x in keywords), i)
    )
    best = scored[0]
    out = sentences[best]
    if len(out) < 40 and best + 1 < len(sentences):
        out += sentences[best + 1]
    return out[: limit * 2]
