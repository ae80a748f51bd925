"""The answers: a figure, a trend, a difference, the cross-checks, a quoted passage, or a plain
"the corpus does not say". Every number comes from a fact; nothing is guessed."""

from __future__ import annotations

import re

from assistant.answer import Answer, Citation, Figure
from assistant.catalog import Catalog
from assistant.figures import FigureLookup, Resolved, _leaf_name
from assistant.lexicon import lexicon
from assistant.understanding import Query
from reportqa.format import PROSE, PROSE_METRICS, SECTIONS, normalize_label, to_simplified
from reportqa.records import CheckResult, Fact, format_number

SUGGESTIONS = [
    "{b}{y}年收到多少政府信息公开申请？",
    "{b}{y}年主动公开了多少条政府信息？",
    "{b}{y}年的数据一致吗？",
    "{b}{y}年存在哪些问题？",
]
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
}
# 表3 rows whose total the text states too (the C10 cross-check's pairs)
_PROSE_OF_T3 = {
    "new": "received",
    "total": "answered",
    "carried_in": "carried_in",
    "carried_out": "carried_out",
}
_HOW_MANY = re.compile(r"^(?:几|多少|哪)[个件条次场篇项年家位]?$")
# contact details the preamble states: when no fact holds one, the sentence that does is quoted
_CONTACT_WORDS = {
    "address": ["地址", "位于"],
    "phone": ["电话"],
    "postcode": ["邮编", "邮政编码"],
    "email": ["邮箱"],
}


_CN = "〇一二三四五六七八九十"


def _cn(n: int) -> str:
    """A small count in Chinese numerals, as the question said it (近三年)."""
    return _CN[n] if 0 <= n <= 10 else str(n)


def _stated(value: int | float | str | None) -> bool:
    """Whether a figure holds a value (not a blank cell or a placeholder such as / or 无)."""
    if isinstance(value, int | float):
        return True
    if not value:
        return False
    return value.strip() not in ("", "/", "-", "—", "N/A", "无", "未填写")


def show(value: int | float | str | None, unit: str = "", qualifier: str = "") -> str:
    if value is None:
        return "未填写"
    if isinstance(value, str):
        return value
    return f"{format_number(value)}{qualifier}{unit}"


def report_title(f: Fact) -> str:
    return f"{f.body_printed}{f.year}年政府信息公开工作年度报告"


def cite_fact(f: Fact) -> Citation:
    if f.table == PROSE:
        quote = f.raw
    else:
        col = f"“{f.column}”列" if f.column else ""
        quote = f"{f.table}“{f.row}”行{col}：{f.raw or '（空白）'}"
    return Citation(
        source=f.provenance.source,
        title=report_title(f),
        body=f.body,
        year=f.year,
        section=f.provenance.section,
        locator=f.provenance.locator,
        quote=quote,
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


def _computed_figure(r: Resolved, body: str, year: int) -> Figure:
    first = r.facts[0]
    return Figure(
        value=r.value if r.value is not None else "未填写",
        unit=r.unit,
        label=f"{r.label}（由{len(r.facts)}个单元格相加）",
        body=body,
        year=year,
        source=first.provenance.source,
        locator="；".join(f.provenance.locator for f in r.facts),
    )


class Responder:
    def __init__(self, catalog: Catalog, lookup: FigureLookup, retriever_factory):
        self.catalog = catalog
        self.lookup = lookup
        self.retriever_factory = retriever_factory

    # ------------------------------------------------------------------ entry

    def respond(self, q: Query) -> Answer:
        if not self.catalog.bodies:
            return Answer(
                answer="索引中还没有任何报告。请先导入报告（reportqa ingest）。",
                found=False,
                route="refusal",
            )
        if q.ambiguous and not q.bodies:
            cands = sorted({self.catalog.bodies[b].name for group in q.ambiguous for b in group})
            return Answer(
                answer="您指的是哪一个机关？语料中有：" + "、".join(cands) + "。请说明全称后再问。",
                found=False,
                route="clarify",
                suggestions=[f"{c}收到多少政府信息公开申请？" for c in cands[:4]],
            )
        bodies = list(q.bodies)
        if not bodies:
            if q.unknown_mentions:
                name = q.unknown_mentions[0]
                return self._not_in_corpus(f"语料中没有“{name}”的报告。", near=name)
            if len(self.catalog.bodies) == 1:
                bodies = list(self.catalog.bodies)
            elif q.route == "narrative":
                bodies = []
            else:
                names = [i.name for i in self.catalog.bodies.values()]
                return Answer(
                    answer="请问您想了解哪个机关的报告？语料中有："
                    + "、".join(names[:10])
                    + ("等" if len(names) > 10 else "")
                    + "。",
                    found=False,
                    route="clarify",
                    suggestions=[f"{n}收到多少政府信息公开申请？" for n in names[:4]],
                )
        if q.route == "check":
            return self._checks(q, bodies)
        if q.route == "narrative" or q.metric is None:
            return self._narrative(q, bodies)
        if q.route == "trend" and not (len(bodies) > 1 and len(q.years) <= 1 and not q.relative):
            return self._trend(q, bodies)
        if q.route == "diff":
            return self._diff(q, bodies)
        return self._figure(q, bodies)

    # ------------------------------------------------------------------ years

    def _years(self, q: Query, body: str) -> tuple[list[int], str]:
        """The years asked for, and a note saying how a relative year was read."""
        info = self.catalog.bodies[body]
        newest = max(info.years)
        if q.years:
            return list(q.years), ""
        if q.relative and q.relative.startswith("recent:"):
            n = int(q.relative.split(":")[1])
            wanted = list(range(newest - n + 1, newest + 1))
            return wanted, f"（近{_cn(n)}年按该机关最新报告年度{newest}年往前计）"
        if q.relative == "前年":
            return [
                newest - 1
            ], f"（“前年”按该机关最新报告年度{newest}年的前一年计，即{newest - 1}年）"
        if q.relative:
            return [newest], f"（“{q.relative}”按该机关最新报告年度计，即{newest}年）"
        return [newest], f"（未指明年度，按最新的{newest}年报告）"

    def _missing_year(self, body: str, year: int) -> Answer:
        holds = self.catalog.holdings(body)
        return self._not_in_corpus(
            f"语料中没有{self.catalog.bodies[body].name}{year}年的报告。{holds}。", body
        )

    def _not_in_corpus(self, text: str, body: str | None = None, near: str = "") -> Answer:
        """found: false, saying what the corpus does hold (for an unknown body, the bodies named
        most like it); the reports named are cited, so every year in the answer is traceable."""
        holds = "" if body else self.catalog.holdings(near=near) + "。"
        sugg = self._suggestions(body)
        infos = (
            [self.catalog.bodies[body]]
            if body in self.catalog.bodies
            else self.catalog.nearest(near)
        )
        citations = [
            Citation(
                source=r.source,
                title=f"{r.body_printed}{r.year}年政府信息公开工作年度报告",
                body=r.body,
                year=r.year,
                quote="（语料中的报告）",
            )
            for info in infos
            for r in info.reports.values()
        ]
        return Answer(
            answer=text + holds, found=False, route="refusal", suggestions=sugg, citations=citations
        )

    def _suggestions(self, body: str | None) -> list[str]:
        info = self.catalog.bodies.get(body) if body else next(iter(self.catalog.bodies.values()))
        if info is None:
            return []
        aliases = [a for a, bs in self.catalog.alias_map.items() if bs == {info.body}]
        short = min((a for a in aliases if len(a) >= 4), key=len, default=info.name)
        return [s.format(b=short, y=max(info.years)) for s in SUGGESTIONS]

    # ------------------------------------------------------------------ figure

    def _figure(self, q: Query, bodies: list[str]) -> Answer:
        parts: list[str | None] = []
        citations: list[Citation] = []
        figures: list[Figure] = []
        for body in bodies:
            years, note = self._years(q, body)
            for year in years:
                if self.catalog.report(body, year) is None:
                    if len(bodies) == 1 and len(years) == 1:
                        return self._missing_year(body, year)
                    parts.append(f"语料中没有{self.catalog.bodies[body].name}{year}年的报告")
                    continue
                r = self.lookup.resolve(body, year, q.metric)  # type: ignore[arg-type]
                if r is None or r.value is None and not r.facts:
                    parts.append(None)
                    continue
                name = r.facts[0].body_printed
                sentence = f"{name}{year}年{r.label}为{show(r.value, r.unit, r.qualifier)}{note}"
                if r.value is None:
                    sentence = f"{name}{year}年报告中{r.label}一栏为“{r.facts[0].raw or '空白'}”，未填写数字"
                refs = []
                for f in r.facts:
                    citations.append(cite_fact(f))
                    figures.append(figure_of(f))
                    refs.append(f"[{len(citations)}]")
                if r.computed and r.value is not None:
                    figures.append(_computed_figure(r, body, year))
                    sentence += (
                        "，由"
                        + "、".join(
                            f"“{_leaf_name(f.row)}·{f.column.split(' / ')[-1]}”{show(f.value)}"
                            for f in r.facts
                        )
                        + "相加"
                    )
                sentence += "".join(refs[:3]) + ("…" if len(refs) > 3 else "")
                note, stated = self._prose_note(body, year, q, r)
                if stated is not None:
                    citations.append(cite_fact(stated))
                    figures.append(figure_of(stated))
                    sentence += f"{note}[{len(citations)}]"
                parts.append(sentence)
        real = [p for p in parts if p]
        if not figures:
            b = bodies[0]
            if q.metric and q.metric.kind == "prose" and q.metric.key in _CONTACT_WORDS:
                quoted = self._quote_contact(q, b)
                if quoted is not None:
                    return quoted
            metric_words = "、".join(q.metric.words) if q.metric else ""
            return self._not_in_corpus(
                f"{self.catalog.bodies[b].name}的报告中没有找到“{metric_words}”相应的数字。", b
            )
        if not any(_stated(f.value) for f in figures):
            # the cells are there but blank: the report does not say; cite the blank cells
            text = "；".join(real) + "。"
            return Answer(answer=text, found=False, citations=citations, route="refusal")
        head = (
            show(figures[0].value, figures[0].unit, figures[0].qualifier)
            if len(figures) == 1
            else ""
        )
        if len(real) == 1 and citations and len([p for p in parts if p]) == 1:
            lead = self._lead(q, figures, real[0])
            text = f"{lead}。{real[0]}。"
        else:
            text = "；".join(real) + "。"
        _ = head
        return Answer(answer=text, found=True, citations=citations, figures=figures, route="figure")

    def _quote_contact(self, q: Query, body: str) -> Answer | None:
        """The report's own sentence giving a contact detail no fact holds (an address broken
        over two lines of a PDF), quoted with its citation."""
        years, _ = self._years(q, body)
        year = years[0]
        rep = self.catalog.report(body, year)
        if rep is None:
            return None
        words = _CONTACT_WORDS[q.metric.key]  # type: ignore[union-attr]
        docs = self.retriever_factory(body=body, year=year).invoke(" ".join(words + ["联系"]))
        for d in docs:
            content = to_simplified(d.page_content)
            if not any(re.search(re.escape(w) + r"\s*[：:为是在]?\s*\S", content) for w in words):
                continue
            sentence = _best_sentences(d.page_content, words)
            if not any(w in to_simplified(sentence) for w in words):
                continue
            m = d.metadata
            title = f"{rep.body_printed}{year}年政府信息公开工作年度报告"
            cit = Citation(
                source=m["source"],
                title=title,
                body=m["body"],
                year=m["year"],
                section=m["section"],
                locator=m["locator"],
                quote=sentence,
            )
            label = "、".join(words[:1])
            text = f"{title}中没有单列的“{label}”一项，原文写道：“{sentence}”[1]"
            return Answer(answer=text, found=True, citations=[cit], route="figure")
        return None

    @staticmethod
    def _lead(q: Query, figures: list[Figure], sentence: str) -> str:
        computed = [f for f in figures if "相加" in f.label]
        f = computed[0] if computed else figures[0]
        return show(f.value, f.unit, f.qualifier)

    def _prose_note(self, body: str, year: int, q: Query, r: Resolved) -> tuple[str, Fact | None]:
        """When the text states the same figure differently, say so (both are cited figures)."""
        m = q.metric
        if m is None or not isinstance(r.value, int | float):
            return "", None
        key = None
        if m.kind == "t3" and m.column in (None, "6"):
            key = _PROSE_OF_T3.get(m.key or "new")
        elif m.kind == "t4" and m.column in (None, "4"):
            key = m.key or "review"
        if key not in PROSE_METRICS:
            return "", None
        row = PROSE_METRICS[key][0]
        stated = next((f for f in self.lookup.table(body, year, PROSE) if f.row == row), None)
        if stated is None or stated.value is None or stated.qualifier or stated.value == r.value:
            return "", None
        return f"；报告正文写的是{show(stated.value, stated.unit)}，与表格不一致", stated

    # ------------------------------------------------------------------ trend / difference

    def _series(self, q: Query, body: str) -> tuple[list[tuple[int, Resolved]], list[int], str]:
        years, note = self._years(q, body)
        have, missing = [], []
        for y in years:
            r = self.lookup.resolve(body, y, q.metric) if self.catalog.report(body, y) else None  # type: ignore[arg-type]
            if r is None or r.value is None:
                missing.append(y)
            else:
                have.append((y, r))
        return have, missing, note

    def _trend(self, q: Query, bodies: list[str]) -> Answer:
        body = bodies[0]
        have, missing, note = self._series(q, body)
        if not have:
            return (
                self._missing_year(body, (q.years or [max(self.catalog.bodies[body].years)])[0])
                if missing
                else self._not_in_corpus("没有找到相应的数字。", body)
            )
        citations, figures, bits = [], [], []
        for y, r in have:
            refs = []
            for f in r.facts:
                citations.append(cite_fact(f))
                figures.append(figure_of(f))
                refs.append(f"[{len(citations)}]")
            if r.computed:
                figures.append(_computed_figure(r, body, y))
            bits.append(
                f"{y}年{show(r.value, r.unit, r.qualifier)}{refs[0] if len(refs) == 1 else ''}"
            )
        name = self.catalog.bodies[body].name
        text = f"{name}{have[0][1].label}：" + "，".join(bits) + "。"
        if missing:
            text += f"所问的其余年度语料中没有相应数据（{self.catalog.holdings(body)}）。"
            for rep in self.catalog.bodies[body].reports.values():
                citations.append(
                    Citation(
                        source=rep.source,
                        title=f"{rep.body_printed}{rep.year}年政府信息公开工作年度报告",
                        body=rep.body,
                        year=rep.year,
                        quote="（语料中的报告）",
                    )
                )
        if note:
            text += note
        return Answer(answer=text, found=True, citations=citations, figures=figures, route="trend")

    def _diff_bodies(self, q: Query, a: str, b: str) -> Answer:
        """淮安市政府收到的申请比永吉街道多多少: two bodies in one year (the year asked, or
        the newest both have)."""
        ia, ib = self.catalog.bodies[a], self.catalog.bodies[b]
        common = sorted(set(ia.years) & set(ib.years))
        year = q.years[0] if q.years else (common[-1] if common else None)
        if year is None:
            return self._not_in_corpus("这两个机关没有同一年度的报告，无法比较。", a)
        for body in (a, b):
            if self.catalog.report(body, year) is None:
                return self._missing_year(body, year)
        ra = self.lookup.resolve(a, year, q.metric)  # type: ignore[arg-type]
        rb = self.lookup.resolve(b, year, q.metric)  # type: ignore[arg-type]
        if not _comparable(ra, rb):
            return self._not_in_corpus("至少有一个机关的报告中没有相应的数字，无法比较。", a)
        assert ra is not None and rb is not None
        citations, figures = _cite_pair(((ra, a, year), (rb, b, year)))
        delta, delta_v = _delta(ra.value, rb.value)  # type: ignore[arg-type]
        figures.append(
            Figure(
                value=abs(delta_v),
                unit=ra.unit,
                label=f"{ia.name}与{ib.name}之差（计算）",
                body=a,
                year=year,
                source=citations[0].source,
            )
        )
        ref_a = "".join(f"[{i + 1}]" for i in range(len(ra.facts)))
        ref_b = "".join(f"[{len(ra.facts) + i + 1}]" for i in range(len(rb.facts)))
        text = (
            f"{year}年{ra.label}：{ia.name}{show(ra.value, ra.unit)}{ref_a}，"
            f"{ib.name}{show(rb.value, rb.unit)}{ref_b}"
        )
        if delta == 0:
            text += "，两者相同。"
        else:
            text += f"，{ia.name}比{ib.name}{'多' if delta > 0 else '少'}{show(abs(delta_v), ra.unit)}。"
        return Answer(answer=text, found=True, citations=citations, figures=figures, route="diff")

    def _diff(self, q: Query, bodies: list[str]) -> Answer:
        if len(bodies) >= 2 and len(q.years) <= 1:
            return self._diff_bodies(q, bodies[0], bodies[1])
        body = bodies[0]
        years = list(q.years)
        info = self.catalog.bodies[body]
        if len(years) < 2:
            base = years[0] if years else max(info.years)
            years = [base - 1, base]
        a, b = sorted(years[:2])
        for y in (a, b):
            if self.catalog.report(body, y) is None:
                return self._missing_year(body, y)
        ra = self.lookup.resolve(body, a, q.metric)  # type: ignore[arg-type]
        rb = self.lookup.resolve(body, b, q.metric)  # type: ignore[arg-type]
        if not _comparable(ra, rb):
            return self._not_in_corpus("两个年度中至少有一年没有相应的数字，无法比较。", body)
        assert ra is not None and rb is not None
        citations, figures = _cite_pair(((ra, body, a), (rb, body, b)))
        delta, delta_v = _delta(rb.value, ra.value)  # type: ignore[arg-type]
        figures.append(
            Figure(
                value=abs(delta_v),
                unit=rb.unit,
                label=f"{b}年与{a}年之差（计算）",
                body=body,
                year=b,
                source=citations[-1].source,
            )
        )
        direction = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
        text = (
            f"{info.name}{rb.label}：{b}年{show(rb.value, rb.unit)}，{a}年{show(ra.value, ra.unit)}"
        )
        if delta == 0:
            text += f"，{b}年与{a}年持平。"
        else:
            text += f"，{b}年比{a}年{direction}{show(abs(delta_v), rb.unit)}"
            if isinstance(ra.value, int | float) and ra.value:
                pct = round(abs(delta) / ra.value * 100, 1)
                figures.append(
                    Figure(
                        value=pct,
                        unit="%",
                        label=f"{b}年比{a}年的变化幅度（计算）",
                        body=body,
                        year=b,
                        source=citations[-1].source,
                    )
                )
                text += f"（{'增长' if delta > 0 else '下降'}{format_number(pct)}%）"
            text += "。"
        return Answer(answer=text, found=True, citations=citations, figures=figures, route="diff")

    # ------------------------------------------------------------------ checks

    def _checks(self, q: Query, bodies: list[str]) -> Answer:
        body = bodies[0]
        years, note = (
            self._years(q, body) if q.years or q.relative else (self.catalog.bodies[body].years, "")
        )
        citations, figures, lines = [], [], []
        total_checked = total_failed = 0
        for y in years:
            rep = self.catalog.report(body, y)
            if rep is None:
                if len(years) == 1:
                    return self._missing_year(body, y)
                continue
            results: list[CheckResult] = self.lookup.db.checks(
                report_id=rep.report_id, failed_only=False
            )
            hard = [c for c in results if c.severity == "hard"]
            failed = [c for c in results if not c.passed]
            total_checked += len(hard)
            total_failed += len([c for c in failed if c.severity == "hard"])
            for c in failed:
                citations.append(
                    Citation(
                        source=rep.source,
                        title=f"{rep.body_printed}{y}年政府信息公开工作年度报告",
                        body=body,
                        year=y,
                        section="",
                        locator=c.scope,
                        quote=f"{c.check}：{c.detail}",
                    )
                )
                lines.append(
                    f"{y}年{'未通过' if c.severity == 'hard' else '提示'}{c.check}：{c.detail}[{len(citations)}]"
                )
            if not failed:
                passed = [c for c in hard if c.passed]
                sample = next(
                    (c for c in passed if c.check == "C1" and "总计" in c.scope),
                    passed[0] if passed else None,
                )
                if sample is not None:
                    citations.append(
                        Citation(
                            source=rep.source,
                            title=f"{rep.body_printed}{y}年政府信息公开工作年度报告",
                            body=body,
                            year=y,
                            locator=sample.scope,
                            quote=f"{sample.check}：{sample.detail}",
                        )
                    )
                figures.append(
                    Figure(
                        value=len(hard),
                        unit="项",
                        label="通过的硬性勾稽校验（计数）",
                        body=body,
                        year=y,
                        source=rep.source,
                    )
                )
                lines.append(
                    f"{y}年报告的{len(hard)}项硬性勾稽校验全部通过"
                    + (f"（例如{sample.detail}）[{len(citations)}]" if sample else "")
                )
        name = self.catalog.bodies[body].name
        if total_checked == 0 and not lines:
            return self._not_in_corpus(f"{name}的报告中没有可校验的统计表。", body)
        verdict = "数据存在不一致" if total_failed else "数据一致"
        text = f"{verdict}。{name}：" + "；".join(lines) + "。" + note
        return Answer(answer=text, found=True, citations=citations, figures=figures, route="check")

    # ------------------------------------------------------------------ narrative

    def _keywords(self, q: Query) -> list[str]:
        """The question's content words (jieba precise mode, so 公务员 stays one word), without
        body names, years and words every report contains."""
        import jieba

        text = to_simplified(normalize_label(q.topic or q.text))
        for name in sorted((a for a in self.catalog.alias_map if a in text), key=len, reverse=True):
            text = text.replace(name, " ")
        text = re.sub(r"(?:19|20)\d{2}年?度?", " ", text)
        words = [
            w
            for w in jieba.lcut(text)
            if len(w) >= 2
            and w not in _GENERIC_WORDS
            and not set(w) <= _STOP
            and not w.isdigit()
            and not _HOW_MANY.match(w)
        ]
        return list(dict.fromkeys(words))

    def _narrative(self, q: Query, bodies: list[str]) -> Answer:
        body = bodies[0] if bodies else None
        year = None
        note = ""
        if body is not None:
            # the year asked for, or the body's newest report (said in the answer)
            years, note = self._years(q, body)
            year = years[0]
            if self.catalog.report(body, year) is None:
                return self._missing_year(body, year)
        keywords = self._keywords(q)
        if not keywords:
            return self._not_in_corpus("没有理解您的问题，请换个说法，例如：", body)
        lx = lexicon()
        alts = {w: lx.alternatives(w) for w in keywords}
        search_words = list(dict.fromkeys(a for w in keywords for a in alts[w]))
        retriever = self.retriever_factory(body=body, year=year)
        docs = retriever.invoke(" ".join(search_words))
        scored = []
        asks_number = bool(re.search(r"多少|几[个件条次场篇项]|数量|比例|率", q.text))
        # two thirds of the content words; all of them when a number is asked for (the number
        # quoted must be about just what was asked)
        need = len(keywords) if asks_number else max(1, -(-len(keywords) * 2 // 3))
        for d in docs:
            content = to_simplified(d.page_content)
            hits = [a for w in keywords for a in alts[w][:1] if any(x in content for x in alts[w])]
            if len(hits) < need:
                continue
            found = [x for w in keywords for x in alts[w] if x in content]
            if asks_number and not any(
                re.search(re.escape(w) + r".{0,12}?\d", content) for w in found
            ):
                continue  # a number was asked for: the passage must state one by the words
            scored.append(
                (len(hits), _section_bonus(d.metadata.get("section", ""), search_words), d)
            )
        keywords = search_words
        if not scored:
            who = self.catalog.bodies[body].name if body else "语料中的报告"
            return self._not_in_corpus(f"{who}没有写到与“{'、'.join(keywords)}”相关的内容。", body)
        # most content words first; among equals, the section whose subject the words name
        # (问题, 改进 → 五、存在的主要问题及改进情况), then retrieval order
        scored.sort(key=lambda x: (-x[0], -x[1]))
        best = scored[0][:2]
        chosen = [d for n, b, d in scored if (n, b) == best][:2]
        citations, quotes = [], []
        for d in chosen:
            sentence = _best_sentences(d.page_content, keywords)
            m = d.metadata
            rep = self.catalog.report(m["body"], m["year"])
            title = f"{rep.body_printed if rep else m['body']}{m['year']}年政府信息公开工作年度报告"
            citations.append(
                Citation(
                    source=m["source"],
                    title=title,
                    body=m["body"],
                    year=m["year"],
                    section=m["section"],
                    locator=m["locator"],
                    quote=sentence,
                )
            )
            quotes.append(f"“{sentence}”[{len(citations)}]")
        head = f"{citations[0].title}{citations[0].section and '“' + citations[0].section + '”'}中写道："
        text = head + "；".join(quotes) + (note or "")
        return Answer(answer=text, found=True, citations=citations, route="narrative")


def _comparable(ra: Resolved | None, rb: Resolved | None) -> bool:
    return (
        ra is not None
        and rb is not None
        and isinstance(ra.value, int | float)
        and isinstance(rb.value, int | float)
    )


def _cite_pair(pairs) -> tuple[list[Citation], list[Figure]]:
    """Citations and figures of two resolved values (body, year each), sums included."""
    citations: list[Citation] = []
    figures: list[Figure] = []
    for r, body, year in pairs:
        for f in r.facts:
            citations.append(cite_fact(f))
            figures.append(figure_of(f))
        if r.computed:
            figures.append(_computed_figure(r, body, year))
    return citations, figures


def _delta(x: int | float, y: int | float) -> tuple[int | float, int | float]:
    """x − y, and the same shown without float noise."""
    delta = x - y
    return delta, int(delta) if float(delta).is_integer() else round(delta, 6)


_SENT = re.compile(r"[^。！？；\n]*[。！？；]?")


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


def _best_sentences(text: str, keywords: list[str], limit: int = 160) -> str:
    sentences = [s.strip() for s in _SENT.findall(_unwrap(text)) if s.strip()]
    # a heading line is no answer: prefer sentences that end as sentences do
    full = [s for s in sentences if s[-1] in "。！？；" and len(s) > 8]
    sentences = full or sentences
    if not sentences:
        return text[:limit]
    scored = sorted(
        range(len(sentences)), key=lambda i: (-sum(w in sentences[i] for w in keywords), i)
    )
    best = scored[0]
    out = sentences[best]
    if len(out) < 40 and best + 1 < len(sentences):
        out += sentences[best + 1]
    return out[: limit * 2]
