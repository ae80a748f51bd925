"""Figures: one, or several named in one question (收到多少、办结多少; 电话和地址), for one body
and year or several; and yes/no questions decided by a figure (有没有被起诉, 收没收费), including
questions that take a figure for granted (为什么一件申请都没收到)."""

from __future__ import annotations

import re

from assistant import wording as w
from assistant.answer import Answer, Citation
from assistant.figures import Resolved, label_of
from assistant.lexicon import lexicon
from assistant.question import Intent, MetricRef, ParsedQuestion, all_of, claim_holds
from assistant.responders.common import (
    WHY,
    Context,
    Refusal,
    Sources,
    bodies_of,
    cite_fact,
    figure_of,
    need_report,
    refusal,
    stated,
    summed_parts,
    years_for,
)
from assistant.responders.mentions import mention_answer
from assistant.responders.registry import responder
from reportqa.format import PROSE, PROSE_METRICS, narrower_scope, to_simplified
from reportqa.metrics import Source, registry

# contact details the preamble states: when no fact holds one, the sentence that does is quoted
_CONTACT_WORDS = {
    "address": ["地址", "位于"],
    "phone": ["电话"],
    "postcode": ["邮编", "邮政编码"],
    "email": ["邮箱"],
}


def _prose_note(ctx: Context, body: str, year: int, r: Resolved, src: Sources) -> str:
    """When the text states a table figure differently, say so (both are cited)."""
    m = registry()[r.ref.metric]
    dim = r.ref.dim or registry().default_dim(m.id)
    if not m.prose or m.source is Source.PROSE or not stated(r.value):
        return ""
    dimension = registry().dimension_of(m.id)
    if dimension is not None and dim != dimension.default:
        return ""
    row = PROSE_METRICS[m.prose][0]
    said = next((f for f in ctx.lookup.table(body, year, PROSE) if f.row == row), None)
    if said is None or said.value is None or said.qualifier or said.value == r.value:
        return ""
    ref = src.report(cite_fact(said))
    src.add(figure_of(said))
    return w.prose_differs(w.value(said.value, said.unit), narrower_scope(said.context)) + ref


def figure_line(
    ctx: Context, body: str, year: int, r: Resolved, src: Sources, note: str = ""
) -> str:
    name = r.facts[0].body_printed if r.facts else ctx.catalog.bodies[body].name
    if r.value is None:
        refs = src.cite(r)
        if r.computed and any(f.value is not None for f in r.facts):
            # a sum of cells some of which are blank: what is filled, what is not, never added
            filled = [
                (f.row.split(" / ")[-1], w.value(f.value, f.unit or r.unit, f.qualifier))
                for f in r.facts
                if f.value is not None
            ]
            blank = [f.row.split(" / ")[-1] for f in r.facts if f.value is None]
            return w.blank_in_sum(name, year, r.label, filled, blank) + refs
        raw = r.facts[0].raw if r.facts else ""
        return w.blank_cell(name, year, r.label, raw) + refs
    refs = src.cite(r)
    shown = w.value(r.value, r.unit, r.qualifier) if r.unit != "%" else w.percent(r.value)  # type: ignore[arg-type]
    line = w.figure_sentence(name, year, r.label, shown, refs, note) + summed_parts(r)
    return line + _prose_note(ctx, body, year, r, src)


def _part_refusal(ctx: Context, body: str, year: int, ref: MetricRef) -> Answer:
    listed = [f.row.split(" / ")[-1] for f in ctx.lookup.parts_of_published(body, year)]
    name = ctx.catalog.bodies[body].name
    return refusal(w.part_not_listed(name, year, ref.part or "", listed), ctx.catalog, body)


def _quote_contact(ctx: Context, body: str, year: int, key: str) -> Answer | None:
    """The report's own sentence giving a contact detail no fact holds (an address broken
    over two lines of a PDF), quoted with its citation."""
    from assistant.responders.narrative import best_sentences

    rep = ctx.catalog.report(body, year)
    if rep is None:
        return None
    words = _CONTACT_WORDS[key]
    docs = ctx.retriever(body=body, year=year).invoke(" ".join(words + ["联系"]))
    for d in docs:
        content = to_simplified(d.page_content)
        if not any(re.search(re.escape(x) + r"\s*[：:为是在]?\s*\S", content) for x in words):
            continue
        sentence = best_sentences(d.page_content, words)
        if not any(x in to_simplified(sentence) for x in words):
            continue
        m = d.metadata
        title = w.report_title(rep.body_printed, year)
        cit = Citation(
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
        return Answer(
            answer=w.contact_quoted(title, words[0], sentence),
            found=True,
            citations=[cit],
            route="figure",
        )
    return None


def resolve_all(
    q: ParsedQuestion, ctx: Context, missing: list[tuple[str, int, MetricRef]] | None = None
) -> list[tuple[str, int, Resolved, str]]:
    """(body, year, figure, year note) for every body, year and metric the question names;
    a refusal when one is missing and it is the only one asked for (the others missing are
    added to ``missing``)."""
    out = []
    bodies = bodies_of(q, ctx)
    asked = len(bodies) * max(1, len(q.metrics))
    for body in bodies:
        years, note = years_for(q, ctx, body)
        for year in years:
            need_report(ctx, body, year, q)
            for ref in q.metrics:
                r = ctx.lookup.resolve(body, year, ref)
                if r is None:
                    if ref.part:
                        # 编了几期政府公报: a part the report does not list may still be a count
                        # its text states (《淮安市人民政府公报》6期)
                        said = mention_answer(q, ctx, body, year, note) if len(years) == 1 else None
                        raise Refusal(said or _part_refusal(ctx, body, year, ref))
                    m = registry()[ref.metric]
                    if m.source is Source.PROSE and m.prose in _CONTACT_WORDS and asked == 1:
                        quoted = _quote_contact(ctx, body, year, m.prose)
                        if quoted is not None:
                            raise Refusal(quoted)
                    if asked == 1 and len(years) == 1:
                        said = mention_answer(q, ctx, body, year, note, ref)
                        if said is not None:  # 政策解读12条 said only inside 主动公开's list
                            raise Refusal(said)
                        name = ctx.catalog.bodies[body].name
                        raise Refusal(
                            refusal(
                                w.figure_not_in_report(name, year, label_of(ref)), ctx.catalog, body
                            )
                        )
                    if missing is not None:
                        missing.append((body, year, ref))
                    continue
                out.append((body, year, r, note))
                note = ""
    if not out:
        body = bodies[0]
        name = ctx.catalog.bodies[body].name
        labels = "、".join(label_of(r) for r in q.metrics)
        raise Refusal(
            refusal(
                w.figure_not_in_report(name, years_for(q, ctx, body)[0][0], labels),
                ctx.catalog,
                body,
            )
        )
    return out


@responder(Intent.FIGURE)
def figure(q: ParsedQuestion, ctx: Context) -> Answer:
    if (
        q.ambiguous_words
        and len(q.metrics) > 1
        and all(r.words and r.words[0] in q.ambiguous_words for r in q.metrics)
    ):
        return _ask_which(q, ctx)
    missing: list[tuple[str, int, MetricRef]] = []
    found = resolve_all(q, ctx, missing)
    wrong_unit = _in_another_measure(q, found)
    if wrong_unit is not None:
        body, year, r, note = wrong_unit
        said = mention_answer(q, ctx, body, year, note) if len(found) == 1 else None
        if said is not None:  # 主动公开的政策解读类多少条: the part the prose lists
            return said
        raise Refusal(
            refusal(
                w.unit_mismatch(q.units[0], r.label, r.unit), ctx.catalog, body, route="clarify"
            )
        )
    src = Sources()
    lines = [figure_line(ctx, b, y, r, src, note) for b, y, r, note in found]
    for body, year, ref in missing:  # 地址和邮编: say which is not there, quote what says it
        lines.append(_missing_line(ctx, body, year, ref, src))
    if not any(stated(f.value) or isinstance(f.value, str) and f.value for f in src.figures):
        return Answer(
            answer="；".join(lines) + "。", found=False, citations=src.citations, route="refusal"
        )
    if len(found) == 1 and not missing:
        r = found[0][2]
        lead = w.value(r.value, r.unit, r.qualifier) if r.unit != "%" else w.percent(r.value)  # type: ignore[arg-type]
        text = f"{lead}。{lines[0]}。"
    else:
        text = "；".join(lines) + "。"
    return src.answer(text, "figure")


def _in_another_measure(
    q: ParsedQuestion, found: list[tuple[str, int, Resolved, str]]
) -> tuple[str, int, Resolved, str] | None:
    """The first figure counted in a measure other than the one asked (培训3次 for 多少人次)."""
    if len(q.units) != 1:
        return None
    units = lexicon().units
    for item in found:
        r = item[2]
        if stated(r.value) and not units.compatible(q.units[0], r.unit):
            return item
    return None


def _missing_line(ctx: Context, body: str, year: int, ref: MetricRef, src: Sources) -> str:
    m = registry()[ref.metric]
    name = ctx.catalog.bodies[body].name
    if m.source is Source.PROSE and m.prose in _CONTACT_WORDS:
        quoted = _quote_contact(ctx, body, year, m.prose)
        if quoted is not None:
            c = quoted.citations[0]
            return f"报告中没有单列的“{m.label}”一项，原文写道：“{c.quote}”" + src.report(c)
    return w.figure_not_in_report(name, year, label_of(ref)).rstrip("。")


def _ask_which(q: ParsedQuestion, ctx: Context) -> Answer:
    """A word with several readings asked as one figure: ask which, offer each as a question."""
    reg = registry()
    bodies = bodies_of(q, ctx)
    body = bodies[0]
    readings = [reg[r.metric].label for r in q.metrics]
    short = ctx.catalog.short_name(body)
    year = years_for(q, ctx, body)[0][0]
    sugg = [w.METRIC_QUESTION.format(b=short, y=year, label=label) for label in readings]
    return refusal(
        w.ambiguous_word(q.ambiguous_words[0], readings),
        ctx.catalog,
        body,
        suggestions=sugg,
        route="clarify",
    )


def _all_of_it(q: ParsedQuestion, ctx: Context, found, body_text: str, src: Sources) -> Answer:
    """全部都予以公开了吧: the part against its whole, both cited."""
    body, year, part, _note = found
    whole_ref = all_of(part.ref)
    whole = ctx.lookup.resolve(body, year, whole_ref) if whole_ref is not None else None
    if whole is None or part.number is None:
        return src.answer(body_text + "。", "yesno")
    whole_line = figure_line(ctx, body, year, whole, src, "")
    if whole.number is None:
        # the whole is not printed (cells of it left blank): the figure, and why no verdict
        shown = w.value(part.number, part.unit, part.qualifier)
        return src.answer(f"{shown}。{body_text}；{whole_line}。", "yesno")
    if part.number == whole.number:
        text = w.all_of_it_right(body_text, whole_line)
    else:
        text = w.all_of_it_wrong(body_text, whole_line)
    return src.answer(text, "yesno")


_ASKS_WHETHER = re.compile(r"是不是|是否|吗|对不对|对吗|吧")


@responder(Intent.YESNO)
def yes_no(q: ParsedQuestion, ctx: Context) -> Answer:
    found = resolve_all(q, ctx)
    src = Sources()
    lines = [figure_line(ctx, b, y, r, src, note) for b, y, r, note in found]
    values = [r.number for _, _, r, _ in found]
    if not any(v is not None for v in values):
        return Answer(
            answer="；".join(lines) + "。", found=False, citations=src.citations, route="refusal"
        )
    body_text = "；".join(lines)
    if q.premise_all and len(found) == 1:
        return _all_of_it(q, ctx, found[0], body_text, src)
    if q.premise is not None and len(found) == 1:
        v = values[0]
        r = found[0][2]
        said = q.premise_words or w.value(q.premise, r.unit)
        if q.premise == 0 and q.premise_range is None:
            asked = bool(_ASKS_WHETHER.search(q.as_read)) and not WHY.search(q.as_read)
            text = w.premise_right(body_text) if v == 0 else w.premise_wrong(body_text, asked)
            if v == 0 and re.search(r"为什么|为何|怎么", q.as_read):
                text += w.NO_REASON_GIVEN
        else:
            text = (
                w.claim_check(said, w.value(v, r.unit, r.qualifier), claim_holds(q, v))
                + body_text
                + "。"
            )
        return src.answer(text, "yesno")
    truths = [bool(v) for v in values if v is not None]
    if len(set(truths)) > 1:
        # 主动公开了几条？有没有被起诉？: some figures are 0 and some are not, so no one 有 or
        # 没有 answers them all; each figure is said
        return src.answer(body_text + "。", "yesno")
    yes = any(truths)
    shown = ""
    if len(found) == 1:
        r = found[0][2]
        shown = w.value(r.value, r.unit, r.qualifier)
    return src.answer(w.yes_no(yes, shown) + body_text + "。", "yesno")
