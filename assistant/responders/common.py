"""What every responder shares: the context it answers from, the bodies and years a parse
resolves to (or the refusal that says why it cannot), and citations of facts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant import wording as w
from assistant.answer import Answer, Citation, Figure
from assistant.catalog import Catalog
from assistant.figures import FigureLookup, Resolved
from assistant.question import BodyStatus, Intent, ParsedQuestion, YearKind
from reportqa.format import PATH_SEP, PROSE
from reportqa.records import Fact

# a question that asks why: it takes what follows for granted (为什么一件都没收到)
WHY = re.compile(r"为什么|为何|怎么会")


@dataclass
class Context:
    catalog: Catalog
    lookup: FigureLookup
    retriever: Callable[..., Any]  # (body=, year=) -> a LangChain retriever of report chunks
    index: Any = None  # reportqa.index.Index: the fact rows searched for suggestions


class Refusal(Exception):
    """Raised inside a responder with the answer that ends it early: mostly one that says why
    nothing is answered, sometimes one found another way (a contact detail quoted, a count the
    prose states) when the figure asked for is not in the tables."""

    def __init__(self, answer: Answer):
        super().__init__(answer.answer)
        self.answer = answer


# ---------------------------------------------------------------------------------- citing


def cite_fact(f: Fact) -> Citation:
    if f.table == PROSE:
        quote = f.context or f.raw  # the sentence it stands in
    else:
        col = f"“{f.column}”列" if f.column else ""
        quote = f"{f.table}“{f.row}”行{col}：{f.raw or '（空白）'}"
    p = f.provenance
    return Citation(
        source=p.source,
        title=w.report_title(f.body_printed, f.year),
        body=f.body,
        year=f.year,
        section=p.section,
        locator=p.locator,
        quote=quote,
        fact_id=f.fact_id,
        report_id=f.report_id,
        provenance={
            "table": f.table,
            "row": f.row,
            "column": f.column,
            "page": p.page,
            "line": p.line,
            "char_start": p.char_start,
            "char_end": p.char_end,
            "table_index": p.table_index,
            "row_index": p.row_index,
            "col_index": p.col_index,
        },
    )


def figure_of(f: Fact) -> Figure:
    value: int | float | str = f.value if f.value is not None else f.raw
    label = f"{f.table}：{f.row}" + (f"·{f.column}" if f.column else "")
    return Figure(
        value=value,
        unit=f.unit,
        label=label,
        body=f.body,
        year=f.year,
        source=f.provenance.source,
        locator=f.provenance.locator,
        qualifier=f.qualifier,
    )


def computed_figure(
    value: int | float, unit: str, label: str, body: str, year: int, source: str
) -> Figure:
    return Figure(
        value=value, unit=unit, label=label, body=body, year=year, source=source, computed=True
    )


class Sources:
    """Citations and figures gathered while an answer is written; ``cite`` returns the [n]
    markers to put after the words they support."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.figures: list[Figure] = []

    def cite(self, r: Resolved, limit: int = 3) -> str:
        refs = []
        for f in r.facts:
            self.citations.append(cite_fact(f))
            self.figures.append(figure_of(f))
            refs.append(f"[{len(self.citations)}]")
        if r.computed and isinstance(r.value, int | float) and len(r.facts) > 1:
            first = r.facts[0]
            how = "计算" if r.parts else f"由{len(r.facts)}个单元格相加"
            self.figures.append(
                computed_figure(
                    r.value,
                    r.unit,
                    f"{r.label}（{how}）",
                    first.body,
                    first.year,
                    first.provenance.source,
                )
            )
        return "".join(refs[:limit]) + ("…" if len(refs) > limit else "")

    def add(self, fig: Figure) -> None:
        self.figures.append(fig)

    def answer(self, text: str, route: str, chart: Any = None, found: bool = True) -> Answer:
        """The answer these sources support."""
        return Answer(
            answer=text,
            found=found,
            citations=self.citations,
            figures=self.figures,
            route=route,
            chart=chart,
        )

    def report(self, c: Citation) -> str:
        self.citations.append(c)
        return f"[{len(self.citations)}]"


def leaf_name(row_label: str) -> str:
    import re

    last = row_label.split(PATH_SEP)[-1]
    return re.sub(r"^(?:[一二三四五六七八九]、|（[一二三四五六七八九]）|\d+\.)", "", last)


def summed_parts(r: Resolved) -> str:
    """，由“予以公开·自然人”3、… 相加: the cells of a sum, named."""
    if not r.computed or r.parts or len(r.facts) < 2 or not isinstance(r.value, int | float):
        return ""
    bits = []
    for f in r.facts:
        col = f.column.split(PATH_SEP)[-1] if f.column else ""
        bits.append(f"“{leaf_name(f.row)}{'·' + col if col else ''}”{w.value(f.value)}")
    return w.summed_from(bits)


# ---------------------------------------------------------------------------------- bodies


def refusal(
    text: str,
    catalog: Catalog,
    body: str | None = None,
    near: str = "",
    suggestions: list[str] | None = None,
    route: str = "refusal",
) -> Answer:
    """found: false, saying what the corpus does hold; the reports named are cited, so every
    year in the answer is traceable."""
    infos = [catalog.bodies[body]] if body in catalog.bodies else catalog.nearest(near)
    citations = [
        Citation(
            source=r.source,
            title=w.report_title(r.body_printed, r.year),
            body=r.body,
            year=r.year,
            quote="（语料中的报告）",
            report_id=r.report_id,
        )
        for info in infos
        for r in info.reports.values()
    ]
    return Answer(
        answer=text,
        found=False,
        route=route,
        suggestions=suggestions if suggestions is not None else default_suggestions(catalog, body),
        citations=citations,
    )


def default_suggestions(catalog: Catalog, body: str | None) -> list[str]:
    info = catalog.bodies.get(body) if body else next(iter(catalog.bodies.values()), None)
    if info is None:
        return []
    short = catalog.short_name(info.body)
    return [s.format(b=short, y=info.newest) for s in w.SUGGESTIONS]


def bodies_of(q: ParsedQuestion, ctx: Context, allow_none: bool = False) -> list[str]:
    """The bodies the question is about, or a :class:`Refusal` saying which name is unknown,
    which one of several is meant, or that a name must be confirmed."""
    cat = ctx.catalog
    for m in q.mentions(BodyStatus.FUZZY):
        names = [cat.bodies[b].name for b in m.bodies]
        fixed = [q.text.replace(m.text, cat.short_name(b)) for b in m.bodies][:3]
        raise Refusal(
            refusal(
                w.did_you_mean_body(m.text, names),
                cat,
                m.bodies[0],
                suggestions=fixed,
                route="clarify",
            )
        )
    resolved = q.resolved_bodies
    unknown = q.mentions(BodyStatus.UNKNOWN)
    if unknown and not resolved:
        name = unknown[0].text
        raise Refusal(refusal(w.body_not_in_corpus(name, cat.holdings(near=name)), cat, near=name))
    ambiguous = q.mentions(BodyStatus.AMBIGUOUS)
    if ambiguous and (not resolved or len(ambiguous) + len(resolved) > len(resolved)):
        cands = sorted({cat.bodies[b].name for m in ambiguous for b in m.bodies})
        fixed = [q.text.replace(ambiguous[0].text, c) for c in cands[:4]]
        raise Refusal(refusal(w.which_body(cands), cat, suggestions=fixed, route="clarify"))
    if unknown:  # one body known, another not: say which is missing
        name = unknown[0].text
        raise Refusal(refusal(w.body_not_in_corpus(name, cat.holdings(near=name)), cat, near=name))
    if resolved:
        return resolved
    if len(cat.bodies) == 1:
        return list(cat.bodies)
    if allow_none:
        return []
    names = [i.name for i in cat.bodies.values()]
    raise Refusal(
        refusal(
            w.no_body_named(names[:10], len(names) > 10),
            cat,
            suggestions=[
                f"{cat.short_name(b)}收到多少政府信息公开申请？" for b in list(cat.bodies)[:4]
            ],
            route="clarify",
        )
    )


# ---------------------------------------------------------------------------------- years


def years_for(q: ParsedQuestion, ctx: Context, body: str) -> tuple[list[int], str]:
    """The years asked for, and a note saying how a year not given as a number was read."""
    info = ctx.catalog.bodies[body]
    newest = info.newest
    ys = q.years
    if ys.kind is YearKind.EXPLICIT:
        extra = [newest - o for o in ys.offsets if newest - o not in ys.years]
        return sorted([*ys.years, *extra]) if extra else list(ys.years), ""
    if ys.kind is YearKind.PREVIOUS and len(ys.offsets) > 1:
        years = sorted(newest - o for o in ys.offsets)
        return years, f"（“{ys.words}”按该机关最新报告年度计，即{'、'.join(map(str, years))}年）"
    if ys.kind is YearKind.PREVIOUS:
        year = newest - ys.count
        return [year], w.year_note("previous", year, newest, ys.count, ys.words)
    if ys.kind is YearKind.RECENT:
        return list(range(newest - ys.count + 1, newest + 1)), w.year_note(
            "recent", newest, newest, ys.count, ys.words
        )
    if ys.kind is YearKind.ALL:
        return list(info.years), w.year_note("all", newest, newest)
    if ys.kind is YearKind.LATEST:
        return [newest], w.year_note("latest", newest, newest, word=ys.words)
    if q.intent in (Intent.TREND,):
        return list(info.years), w.year_note("all", newest, newest)
    return [newest], w.year_note("none", newest, newest)


def years_said(q: ParsedQuestion, ctx: Context, body: str) -> list[int]:
    """The years in the order the question said them (去年的是前年的几倍: 去年 first)."""
    newest = ctx.catalog.bodies[body].newest
    return [v if v > 0 else newest + v + 1 for v in q.years.sequence]


def need_report(ctx: Context, body: str, year: int, q: ParsedQuestion | None = None) -> None:
    if ctx.catalog.report(body, year) is None:
        name = ctx.catalog.bodies[body].name
        said = q.years.words if q is not None and q.years.kind is not YearKind.EXPLICIT else ""
        raise Refusal(
            refusal(
                w.year_not_in_corpus(name, year, ctx.catalog.holdings(body), said),
                ctx.catalog,
                body,
            )
        )


def resolve_or_refuse(ctx: Context, body: str, year: int, ref) -> Resolved:
    """The figure, or a refusal saying the report has no such figure (for a blank cell too)."""
    r = ctx.lookup.resolve(body, year, ref)
    name = ctx.catalog.bodies[body].name
    if r is None:
        from assistant.figures import label_of

        raise Refusal(refusal(w.figure_not_in_report(name, year, label_of(ref)), ctx.catalog, body))
    return r


def stated(v: object) -> bool:
    return isinstance(v, int | float)
