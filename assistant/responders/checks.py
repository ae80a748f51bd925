"""Do the tables add up: the cross-checks (勾稽关系) computed at ingest, for one report or every
year of a body."""

from __future__ import annotations

from assistant import wording as w
from assistant.answer import Answer, Citation, Figure
from assistant.question import Intent, ParsedQuestion, YearKind
from assistant.responders.common import Context, Refusal, bodies_of, refusal, years_for
from assistant.responders.registry import responder
from reportqa.records import CheckResult


@responder(Intent.CHECK)
def checks(q: ParsedQuestion, ctx: Context) -> Answer:
    body = bodies_of(q, ctx)[0]
    info = ctx.catalog.bodies[body]
    if q.years.kind is YearKind.NONE:
        years, note = list(info.years), ""
    else:
        years, note = years_for(q, ctx, body)
    citations: list[Citation] = []
    figures: list[Figure] = []
    lines: list[str] = []
    total_checked = total_failed = 0
    for y in years:
        rep = ctx.catalog.report(body, y)
        if rep is None:
            if len(years) == 1:
                raise Refusal(
                    refusal(
                        w.year_not_in_corpus(info.name, y, ctx.catalog.holdings(body)),
                        ctx.catalog,
                        body,
                    )
                )
            continue
        title = w.report_title(rep.body_printed, y)
        results: list[CheckResult] = ctx.lookup.db.checks(
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
                    title=title,
                    body=body,
                    year=y,
                    locator=c.scope,
                    quote=f"{c.check}：{c.detail}",
                    report_id=rep.report_id,
                )
            )
            kind = "未通过" if c.severity == "hard" else "提示"
            lines.append(f"{y}年{kind}{c.check}：{c.detail}[{len(citations)}]")
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
                        title=title,
                        body=body,
                        year=y,
                        locator=sample.scope,
                        quote=f"{sample.check}：{sample.detail}",
                        report_id=rep.report_id,
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
    if total_checked == 0 and not lines:
        raise Refusal(refusal(f"{info.name}的报告中没有可校验的统计表。", ctx.catalog, body))
    verdict = "数据存在不一致" if total_failed else "数据一致"
    text = f"{verdict}。{info.name}：" + "；".join(lines) + "。" + note
    return Answer(answer=text, found=True, citations=citations, figures=figures, route="check")
