"""From a loaded Document to a ParsedReport: identity, table facts, prose facts, chunks, checks."""

from __future__ import annotations

from ingest import checks, chunking, ocr_review, prose, stat_table, tables
from ingest.bodies import canonical_candidate, identify
from ingest.document import Document, Table, TextLine
from ingest.sections import Section, TextView, split_sections
from reportqa.errors import IngestError
from reportqa.format import PREAMBLE, PROSE, STAT_TABLE, TABLE_2, TABLE_3, TABLE_4
from reportqa.progress import OnProgress, Progress, Stage, ignore
from reportqa.records import CheckResult, Chunk, Fact, ParsedReport, Provenance

_SECTION_TABLE = {2: TABLE_2, 3: TABLE_3, 4: TABLE_4}


def parse_document(
    doc: Document, report_id: str, source: str, *, on_progress: OnProgress = ignore
) -> ParsedReport:
    """Parse one loaded document. Raises IngestError when it holds no report. ``on_progress``
    hears when the checks begin (the parsing before them is the caller's stage to announce)."""
    sections = split_sections(doc)
    wrapped = doc.file_format == "pdf"
    views = {s.number: TextView(s.lines(), wrapped) for s in sections}
    by_number = {s.number: s for s in sections}

    # the standard tables: grids by content, else by the section they stand in; text lines of
    # sections 二–四 as the fallback for a table printed as text
    kind_of: dict[int, str] = {}
    stat_grids = stat_table.stat_tables(doc)
    for s in sections:
        for t in s.tables():
            if t.index in stat_grids:
                continue  # a 统计表 of the years before 2019: read below, not as 表2–表4
            kind = tables.classify(t) or _SECTION_TABLE.get(s.number)
            if kind:
                kind_of[t.index] = kind
    # a table broken by a page can leave a row outside both halves (a PDF row at the top of a
    # page): the lines between two tables of one kind belong to it
    blocks_by_kind: dict[str, list[Table | TextLine]] = {}
    positions = {id(b): i for i, b in enumerate(doc.blocks)}
    for kind in set(kind_of.values()):
        idx = [
            positions[id(b)]
            for b in doc.blocks
            if isinstance(b, Table) and kind_of.get(b.index) == kind
        ]
        blocks_by_kind[kind] = [
            b
            for b in doc.blocks[min(idx) : max(idx) + 1]
            if isinstance(b, TextLine) or kind_of.get(b.index) == kind
        ]
    lines_by_kind = {
        kind: by_number[n].lines()[1:] for n, kind in _SECTION_TABLE.items() if n in by_number
    }
    table_result = tables.parse_tables(blocks_by_kind, lines_by_kind)

    # identity
    prose_figs = {n: prose.extract(v.text) for n, v in views.items()}
    period = next((f for n in (0, 1) for f in prose_figs.get(n, []) if f.metric == "period"), None)
    period_year = int(period.raw.strip()[:4]) if period else None
    first_lines = [b.text for b in doc.blocks[:8] if isinstance(b, TextLine) and b.text.strip()]
    preamble = views[0].text if 0 in views else ""
    ident = identify(first_lines, preamble[:600], period_year, source)
    has_report = bool(table_result.cells) or len(sections) > 2 or ident.body_from == "title"
    if not has_report:
        raise IngestError(source, "没有找到政府信息公开工作年度报告的内容（无标题、章节或统计表）")
    if not ident.body_printed:
        raise IngestError(source, "无法确定报告的发布机关（标题、前言和文件名中都没有）")
    if ident.year is None:
        raise IngestError(source, "无法确定报告年度（标题、统计期限和文件名中都没有）")
    body = canonical_candidate(ident.body_printed)
    year = ident.year

    def fact(**kw) -> Fact:
        return Fact(
            report_id=report_id, body=body, body_printed=ident.body_printed, year=year, **kw
        )

    facts: list[Fact] = []
    ocr_boxes = {}  # index of a scanned table fact -> its OCR box
    section_of_table = {}
    printed_of_table = {}  # a 统计表 is cited under the heading it stands under, as printed
    for s in sections:
        for t in s.tables():
            section_of_table[t.index] = s.heading
            printed_of_table[t.index] = s.printed or s.heading
    for c in table_result.cells:
        ref = c.cell
        if ref.ocr is not None:
            ocr_boxes[len(facts)] = ref.ocr
        sec = section_of_table.get(ref.table_index, "") if ref.table_index else ""
        if not sec:
            sec = next(
                (
                    s.heading
                    for s in sections
                    if s.number == {TABLE_2: 2, TABLE_3: 3, TABLE_4: 4}[c.table]
                ),
                "",
            )
        facts.append(
            fact(
                table=c.table,
                row=c.row,
                column=c.column,
                value=ref.value.value,
                raw=ref.value.raw,
                unit=c.unit,
                qualifier="",
                provenance=Provenance(
                    source=source,
                    section=sec,
                    locator=ref.locator,
                    page=ref.page,
                    line=ref.line,
                    table_index=ref.table_index,
                    row_index=ref.row_index,
                    col_index=ref.col_index,
                ),
                row_key=c.row_key,
                col_index=c.col_index,
                table_format=c.table_format,
            )
        )
    for s in sections:
        view = views[s.number]
        taken = [(f.start, f.end) for f in prose_figs[s.number]]
        for mn in prose.mentions(view.text, taken):
            facts.append(
                fact(
                    table=PROSE,
                    row=mn.noun,
                    column=mn.role,
                    value=mn.value,
                    raw=mn.raw,
                    context=_clip(mn.sentence, mn.raw),
                    unit=mn.unit,
                    qualifier=mn.qualifier,
                    provenance=_span_provenance(view, mn.start, mn.end, source, s.heading),
                    row_key=prose.MENTION,
                )
            )
        for fig in prose_figs[s.number]:
            facts.append(
                fact(
                    table=PROSE,
                    row=fig.row,
                    column="",
                    value=fig.value,
                    raw=fig.raw,
                    context=_clip(_sentence(view.text, fig.start, fig.end), fig.raw)
                    if fig.value is not None
                    else "",
                    unit=fig.unit,
                    qualifier=fig.qualifier,
                    provenance=_span_provenance(view, fig.start, fig.end, source, s.heading),
                    row_key=fig.metric,
                )
            )

    stat_cells = [] if table_result.cells else stat_table.read(doc)
    for sc in stat_cells:
        if sc.ocr is not None:
            ocr_boxes[len(facts)] = sc.ocr
        facts.append(
            fact(
                table=STAT_TABLE,
                row=sc.row,
                column=sc.column,
                value=sc.value,
                raw=sc.raw,
                unit=sc.unit,
                qualifier="",
                provenance=Provenance(
                    source=source,
                    section=printed_of_table.get(sc.table_index, ""),
                    locator=sc.locator,
                    page=sc.page,
                    table_index=sc.table_index,
                    row_index=sc.row_index,
                    col_index=sc.grid_col,
                ),
                row_key=sc.metric,
                col_index=sc.col_index,
                table_format=STAT_TABLE,
            )
        )
    chunks = _chunks(sections, views, report_id, body, year, source)
    formats = set(table_result.formats.values()) - {""}
    if stat_cells:
        formats.add(STAT_TABLE)
    table_format = formats.pop() if len(formats) == 1 else ("mixed" if formats else "none")

    on_progress(Progress(Stage.CHECK))
    warnings = list(table_result.warnings)
    ocr_checks: list[CheckResult] = []
    if ocr_boxes:  # a scan: doubtful digits reviewed against the checks, never silently
        facts, ocr_checks, ocr_warnings = ocr_review.review(report_id, facts, ocr_boxes)
        warnings += ocr_warnings
    report_checks = checks.check_report(report_id, facts) + ocr_checks
    return ParsedReport(
        report_id=report_id,
        source=source,
        file_format=doc.file_format,
        body=body,
        body_printed=ident.body_printed,
        year=year,
        title=ident.title or f"{ident.body_printed}{year}年政府信息公开工作年度报告",
        body_from=ident.body_from,
        year_from=ident.year_from,
        table_format=table_format,
        facts=facts,
        chunks=chunks,
        checks=report_checks,
        warnings=warnings,
    )


def _sentence(text: str, start: int, end: int) -> str:
    s, e = prose.sentence_at(text, start, end)
    return text[s:e].strip()


def _clip(sentence: str, number: str, limit: int = 120) -> str:
    """The sentence a mention stands in, as quoted: whole when short, else the part around the
    number."""
    if len(sentence) <= limit:
        return sentence
    at = max(0, sentence.find(number))
    start = max(0, min(at - limit // 2, len(sentence) - limit))
    return (
        ("…" if start else "")
        + sentence[start : start + limit]
        + ("…" if start + limit < len(sentence) else "")
    )


def _chunks(
    sections: list[Section],
    views: dict[int, TextView],
    report_id: str,
    body: str,
    year: int,
    source: str,
) -> list[Chunk]:
    out: list[Chunk] = []
    for s in sections:
        view = views[s.number]
        for p in chunking.section_pieces(s, view):
            out.append(
                Chunk(
                    report_id=report_id,
                    body=body,
                    year=year,
                    section=s.heading if s.number else PREAMBLE,
                    subsection=p.subsection,
                    text=p.text,
                    provenance=_span_provenance(view, p.start, p.end, source, s.heading),
                )
            )
    return out


def _span_provenance(view: TextView, start: int, end: int, source: str, section: str) -> Provenance:
    """Where a span of a section's text stands: its first line, and its offsets in the document."""
    ln, first = view.locate(start)
    _, last = view.locate(max(start, end - 1))
    where = f"第{ln.page}页第{ln.line}行" if ln.page else f"第{ln.line}行"
    return Provenance(
        source=source,
        section=section,
        locator=where,
        page=ln.page,
        line=ln.line,
        char_start=first,
        char_end=last + 1,
    )
