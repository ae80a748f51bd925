"""The staff workspace at ``/staff`` (behind the login of :mod:`ui.auth`):

- 数字查询: body, table, row, column → the value in every year with its source, a line chart
  across the years, and a CSV download;
- 校验: the cross-checks that failed, per report, with the expected and actual numbers;
- 报告库: the reports (body, year, format, checks) and the upload of new ones, with progress;
- 反馈: the citizens' 有用/没用 votes, viewable and exportable as CSV;
- 小组件: the snippet that embeds the widget in a portal.

Tables show text cells as text (``datatype="str"``); the few HTML fragments go through
:func:`ui.render.esc`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from reportqa.progress import Progress
from reportqa.records import CheckResult, Fact, format_number
from ui.charts import CHART_CSS, Point, chart_html
from ui.checkwords import ERROR, KIND_LABELS, kind, plain
from ui.compare import (
    RANK_HEADER,
    TOTAL_HEADER,
    find_metric,
    metric_choices,
    metric_label,
    rank_csv,
    rank_xlsx,
    ranking,
    table_rows,
    totals,
)
from ui.exports import FEEDBACK_HEADER, feedback_rows, to_csv
from ui.render import esc
from ui.services import Services
from ui.times import local_time
from ui.uploads import UploadError
from ui.widget import EMBED_SNIPPET

TITLE = "年度报告工作台"
NO_COLUMN = "（无列）"
FACT_HEADER = ["年度", "数值", "单位", "原文", "报告", "文件", "位置"]
CHECK_HEADER = [
    "主体",
    "年度",
    "文件",
    "校验",
    "级别",
    "类型",
    "范围",
    "应为",
    "实为",
    "说明",
    "市民看到的说明",
]
COMPARE_HEADER = RANK_HEADER[:12]  # on screen: without the quote and the link (in the downloads)
LIBRARY_HEADER = [
    "主体",
    "年度",
    "格式",
    "文件",
    "事实",
    "文本块",
    "校验通过",
    "校验未通过",
    "导入时间",
]
ALL_REPORTS = "全部报告"
ALL_CHECKS = "全部校验"
ALL_YEARS = "全部年度"


def _num(v: Any) -> str:
    return "—" if v is None else format_number(v)


def _frame(header: Sequence[str], rows: list[list[Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(header), dtype=object)


class StaffData:
    """What the workspace shows, read from the index (a class so that tests call it directly).

    Downloads are written to a folder of this workspace, made on the first download and
    removed by :meth:`close` (the web app calls it when it shuts down)."""

    def __init__(self, services: Services):
        self.services = services
        self._export_dir: Path | None = None

    @property
    def db(self) -> Any:
        return self.services.index.facts

    @property
    def export_dir(self) -> Path | None:
        """The folder of this workspace's downloads; None until the first one."""
        return self._export_dir

    def _export_path(self, name: str) -> Path:
        """A fresh file for one download (two staff members never share one)."""
        if self._export_dir is None:
            self._export_dir = Path(tempfile.mkdtemp(prefix="reportqa-staff-"))
        return Path(tempfile.mkdtemp(dir=self._export_dir)) / name

    def close(self) -> None:
        if self._export_dir is not None:
            shutil.rmtree(self._export_dir, ignore_errors=True)
            self._export_dir = None

    # -- explorer ---------------------------------------------------------------------------

    def bodies(self) -> list[tuple[str, str]]:
        names: dict[str, str] = {}
        for r in self.db.list_reports():
            names[r.report.body] = r.report.body_printed
        return sorted(
            (
                (printed if printed == body else f"{printed}（{body}）", body)
                for body, printed in names.items()
            ),
            key=lambda x: x[1],
        )

    def _facts(self, body: str | None, **filters: Any) -> list[Fact]:
        return self.db.facts(body=body, **filters) if body else []

    def tables(self, body: str | None) -> list[str]:
        return list(dict.fromkeys(f.table for f in self._facts(body)))

    def rows(self, body: str | None, table: str | None) -> list[str]:
        if not table:
            return []
        return list(dict.fromkeys(f.row for f in self._facts(body, table=table)))

    def columns(self, body: str | None, table: str | None, row: str | None) -> list[str]:
        if not table or not row:
            return []
        cols = dict.fromkeys(f.column for f in self._facts(body, table=table, row=row))
        return [c or NO_COLUMN for c in cols]

    def series(
        self, body: str | None, table: str | None, row: str | None, column: str | None
    ) -> tuple[pd.DataFrame, str, str | None, str]:
        """The values across years (table, chart HTML, CSV path, a summary line)."""
        if not (body and table and row and column is not None):
            return _frame(FACT_HEADER, []), "", None, ""
        col = "" if column == NO_COLUMN else column
        facts = self._facts(body, table=table, row=row, column=col)
        reports = {r.report.report_id: r.report for r in self.db.list_reports(body=body)}
        rows = []
        for f in facts:
            rep = reports.get(f.report_id)
            rows.append(
                [
                    f.year,
                    _num(f.value),
                    f.unit,
                    f.raw,
                    rep.display_name() if rep else f.body_printed,
                    f.provenance.source,
                    "，".join(x for x in (f.provenance.section, f.provenance.locator) if x),
                ]
            )
        numeric = [f for f in facts if isinstance(f.value, int | float)]
        label = f"{table}：{row}" + (f"·{col}" if col else "")
        printed = facts[-1].body_printed if facts else body
        unit = next((f.unit for f in numeric if f.unit), "")
        title = f"{printed}：{table}“{row}”行" + (f"“{col}”列" if col else "")
        chart = chart_html(
            "line",
            title,
            unit,
            [Point(f"{f.year}年", f.value) for f in numeric],  # type: ignore[arg-type]
        )
        path = self._export_path("数字查询.csv")
        path.write_text(
            to_csv(["主体", "指标", *FACT_HEADER], [[body, label, *r] for r in rows]),
            encoding="utf-8",
        )
        years = sorted({f.year for f in facts})
        span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
        summary = f"{label}：{len(rows)} 个数值，{span}"
        return _frame(FACT_HEADER, rows), chart, str(path), summary

    # -- comparison across bodies -----------------------------------------------------------

    def years(self) -> list[int]:
        return sorted({r.report.year for r in self.db.list_reports()}, reverse=True)

    def compare(
        self, metric: str | None, year: int | str | None, by: str = "region"
    ) -> tuple[pd.DataFrame, pd.DataFrame, str, str | None, str | None, str]:
        """One metric for one year across every body: the ranked table, the totals by region or
        level, a bar chart, CSV and XLSX downloads (with the citations), a summary line."""
        empty = _frame(COMPARE_HEADER, []), _frame(TOTAL_HEADER, []), "", None, None
        if not metric or not year:
            return (*empty, "")
        ref = find_metric(metric)
        label = metric_label(ref)
        ranked = ranking(self.services.assistant, ref, int(year), self.services.base_url)
        if not ranked:
            return (*empty, f"{year}年没有机关的报告中有“{label}”的数字。")
        groups = totals(ranked, by)
        shown = [r[: len(COMPARE_HEADER)] for r in table_rows(ranked)]
        title = f"{year}年{label}"
        chart = chart_html(
            "bar",
            f"{title}（从多到少）",
            ranked[0].unit,
            [Point(r.name, r.value) for r in ranked],
        )
        csv_path = self._export_path(f"{year}年各机关比较.csv")
        csv_path.write_text(rank_csv(ranked), encoding="utf-8")
        xlsx_path = self._export_path(f"{year}年各机关比较.xlsx")
        xlsx_path.write_bytes(rank_xlsx(title, ranked, groups))
        with_previous = [r for r in ranked if r.previous is not None]
        summary = f"{title}：{len(ranked)} 个机关，从多到少排列"
        summary += f"；其中 {len(with_previous)} 个有上一年度的数字，可以比较同比变化。"
        return (
            _frame(COMPARE_HEADER, shown),
            _frame(TOTAL_HEADER, groups),
            chart,
            str(csv_path),
            str(xlsx_path),
            summary,
        )

    # -- checks -----------------------------------------------------------------------------

    def report_choices(self) -> list[tuple[str, str]]:
        return [(ALL_REPORTS, "")] + [
            (f"{r.report.body_printed} {r.report.year}年（{r.report.source}）", r.report.report_id)
            for r in self.db.list_reports()
        ]

    def check_choices(self) -> list[tuple[str, str]]:
        codes = sorted(
            {c.check for c in self.db.checks(failed_only=True)},
            key=lambda c: (c[0], int(c[1:]) if c[1:].isdigit() else 0),
        )
        return [(ALL_CHECKS, "")] + [(c, c) for c in codes]

    def year_choices(self) -> list[tuple[str, str]]:
        return [(ALL_YEARS, "")] + [(f"{y}年", str(y)) for y in self.years()]

    def failed_checks(
        self, report_id: str | None, check: str | None = None, year: str | int | None = None
    ) -> tuple[pd.DataFrame, str]:
        """Every failed check of every report (or of one), filterable by check and year: code
        and severity for staff, with the plain words a citizen is shown."""
        reports = {r.report.report_id: r.report for r in self.db.list_reports()}
        results: list[CheckResult] = self.db.checks(report_id=report_id or None, failed_only=True)
        if check:
            results = [c for c in results if c.check == check]
        if year:
            results = [
                c
                for c in results
                if c.report_id in reports and reports[c.report_id].year == int(year)
            ]
        rows = []
        for c in results:
            rep = reports.get(c.report_id)
            rows.append(
                [
                    rep.body_printed if rep else c.report_id,
                    rep.year if rep else "",
                    rep.source if rep else "",
                    c.check,
                    "硬性" if c.severity == "hard" else "提示",
                    KIND_LABELS[kind(c)],
                    c.scope,
                    _num(c.expected),
                    _num(c.actual),
                    c.detail,
                    plain(c),
                ]
            )
        per_report = {c.report_id for c in results}
        checked = (
            [report_id]
            if report_id
            else [r for r, rep in reports.items() if not year or rep.year == int(year)]
        )
        errors = sum(1 for c in results if kind(c) == ERROR)
        if results:
            summary = (
                f"{len(checked)} 份报告中 {len(per_report)} 份有未通过的校验，共 {len(results)} 项"
                f"（不一致 {errors} 项，口径不同或提示 {len(results) - errors} 项）。"
            )
        else:
            summary = f"{len(checked)} 份报告的校验全部通过。"
        if check:
            summary = f"校验 {check}：" + summary
        return _frame(CHECK_HEADER, rows), summary

    # -- library ----------------------------------------------------------------------------

    def library(self) -> pd.DataFrame:
        rows = []
        for r in self.db.list_reports():
            checks = self.db.checks(report_id=r.report.report_id, failed_only=False)
            failed = sum(1 for c in checks if not c.passed)
            rows.append(
                [
                    r.report.body_printed,
                    r.report.year,
                    r.report.file_format,
                    r.report.source,
                    r.n_facts,
                    r.n_chunks,
                    len(checks) - failed,
                    failed,
                    local_time(r.ingested_at),
                ]
            )
        return _frame(LIBRARY_HEADER, rows)

    # -- feedback ---------------------------------------------------------------------------

    def feedback(self) -> tuple[pd.DataFrame, str, str]:
        entries = self.services.feedback.entries()
        counts = self.services.feedback.counts()
        path = self._export_path("反馈记录.csv")
        path.write_text(to_csv(FEEDBACK_HEADER, feedback_rows(entries)), encoding="utf-8")
        summary = f"共 {len(entries)} 条：有用 {counts['up']}，没用 {counts['down']}。"
        return _frame(FEEDBACK_HEADER, feedback_rows(entries)), summary, str(path)


def _checks_words(failed: list[CheckResult]) -> str:
    if not failed:
        return "勾稽校验全部通过"
    errors = [c for c in failed if kind(c) == ERROR]
    others = len(failed) - len(errors)
    bits = []
    if errors:
        bits.append(
            f"不一致 {len(errors)} 项（{'、'.join(dict.fromkeys(c.check for c in errors))}）"
        )
    if others:
        bits.append(f"口径不同或提示 {others} 项")
    return "未通过的校验：" + "，".join(bits) + "，详见“校验”页"


def upload_report(services: Services, files: list[str] | None, progress: Any) -> str:
    """Ingest the uploaded files one by one, reporting each stage in one progress display (the
    file, then the stage: "第 1/2 个文件 a.pdf：文字识别 第 3/6 页"); an HTML summary (escaped)
    of what happened, with each report's checks as the index holds them."""
    files = [f for f in (files or []) if f]
    if not files:
        return '<p class="rq-warn">请先选择要上传的报告文件。</p>'
    lines = []
    for i, path in enumerate(files):
        name = Path(path).name

        def on_progress(p: Progress, i: int = i, name: str = name) -> None:
            progress(
                (i + p.fraction) / len(files),
                desc=f"第 {i + 1}/{len(files)} 个文件 {name}：{p.label}",
            )

        try:
            out = services.uploader.store_path(name, Path(path), on_progress)
        except UploadError as e:
            lines.append(f'<li class="rq-bad">{esc(name)}：{esc(e.message)}</li>')
            continue
        except Exception as e:  # the index, not the file: say so and go on
            lines.append(
                f'<li class="rq-bad">{esc(name)}：导入出错（{esc(type(e).__name__)}）</li>'
            )
            continue
        rep = out.report
        what = "与已导入的文件相同，未重复导入" if out.unchanged else "已导入"
        detail = (
            f"{esc(rep.report.body_printed)} {rep.report.year}年，事实 {rep.n_facts} 条，"
            f"文本块 {rep.n_chunks} 个；"
            if rep
            else ""
        )
        cls = "rq-ok" if not any(kind(c) == ERROR for c in out.failed_checks) else "rq-warn"
        lines.append(
            f'<li class="{cls}">{esc(out.name)}：{what}（{detail}'
            f"{esc(_checks_words(out.failed_checks))}）</li>"
        )
    progress(1.0, desc="导入完成")
    return '<ul class="rq-upload-result">' + "".join(lines) + "</ul>"


def build_staff(services: Services, data: StaffData | None = None) -> gr.Blocks:
    """The workspace's pages; ``data`` (made here if not given) holds its downloads folder,
    which the caller removes with ``data.close()`` when the app stops."""
    data = data or StaffData(services)
    extensions = list(services.uploader.extensions)
    exts = ", ".join(extensions)
    newest = data.years()[0] if data.years() else None

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        with gr.Row():
            gr.HTML(f"<h1 class='rq-title'>{esc(TITLE)}</h1>")
            who = gr.HTML("", elem_id="rq-who")

        with gr.Tab("数字查询", id="explorer"):
            with gr.Row():
                body = gr.Dropdown(
                    label="主体", choices=data.bodies(), value=None, elem_id="rq-body"
                )
                table = gr.Dropdown(label="表", choices=[], value=None, elem_id="rq-table")
            with gr.Row():
                row = gr.Dropdown(label="行", choices=[], value=None, elem_id="rq-row")
                column = gr.Dropdown(label="列", choices=[], value=None, elem_id="rq-column")
            summary = gr.HTML("", elem_id="rq-series-summary")
            chart = gr.HTML("", elem_id="rq-chart")
            with gr.Row():
                values = gr.Dataframe(
                    headers=FACT_HEADER,
                    datatype="str",
                    interactive=False,
                    wrap=True,
                    label="各年度的数值与出处",
                    column_widths=["7%", "8%", "6%", "8%", "25%", "21%", "25%"],
                    elem_id="rq-values",
                )
            csv_button = gr.DownloadButton("下载 CSV", value=None, visible=False, elem_id="rq-csv")

        with gr.Tab("比较", id="compare"):
            with gr.Row():
                metric = gr.Dropdown(
                    label="指标",
                    choices=metric_choices(),
                    value="new",
                    elem_id="rq-metric",
                    scale=3,
                )
                cyear = gr.Dropdown(
                    label="年度",
                    choices=[(f"{y}年", y) for y in data.years()],
                    value=newest,
                    elem_id="rq-year",
                    scale=1,
                )
                by = gr.Radio(
                    label="合计",
                    choices=[("按地区", "region"), ("按级别", "level")],
                    value="region",
                    elem_id="rq-by",
                    scale=1,
                )
            compare_summary = gr.HTML("", elem_id="rq-compare-summary")
            compare_chart = gr.HTML("", elem_id="rq-compare-chart")
            rank_table = gr.Dataframe(
                headers=COMPARE_HEADER,
                datatype="str",
                interactive=False,
                wrap=True,
                label="各机关排名（同比：与同一机关上一年度的报告相比）",
                elem_id="rq-rank",
            )
            totals_table = gr.Dataframe(
                headers=TOTAL_HEADER,
                datatype="str",
                interactive=False,
                wrap=True,
                label="分组合计",
                elem_id="rq-totals",
            )
            with gr.Row():
                rank_csv_button = gr.DownloadButton(
                    "下载 CSV（含出处）", value=None, visible=False, elem_id="rq-rank-csv"
                )
                rank_xlsx_button = gr.DownloadButton(
                    "下载 Excel（含出处）", value=None, visible=False, elem_id="rq-rank-xlsx"
                )

        with gr.Tab("校验", id="checks"):
            with gr.Row():
                which = gr.Dropdown(
                    label="报告",
                    choices=data.report_choices(),
                    value="",
                    elem_id="rq-report",
                    scale=3,
                )
                which_check = gr.Dropdown(
                    label="校验",
                    choices=data.check_choices(),
                    value="",
                    elem_id="rq-check-code",
                    scale=1,
                )
                which_year = gr.Dropdown(
                    label="年度",
                    choices=data.year_choices(),
                    value="",
                    elem_id="rq-check-year",
                    scale=1,
                )
            check_summary = gr.HTML("", elem_id="rq-check-summary")
            check_table = gr.Dataframe(
                headers=CHECK_HEADER,
                datatype="str",
                interactive=False,
                wrap=True,
                label="未通过的勾稽校验（口径不同不是错误）",
                column_widths=[
                    "10%",
                    "5%",
                    "11%",
                    "5%",
                    "5%",
                    "6%",
                    "10%",
                    "5%",
                    "5%",
                    "18%",
                    "20%",
                ],
                elem_id="rq-checks",
            )

        with gr.Tab("报告库", id="library"):
            library = gr.Dataframe(
                headers=LIBRARY_HEADER,
                datatype="str",
                interactive=False,
                wrap=True,
                label="已收录的报告",
                elem_id="rq-library",
                # every column on the page; a long file name wraps in its own
                column_widths=["15%", "6%", "6%", "27%", "6%", "7%", "8%", "9%", "16%"],
            )
            gr.HTML(
                f"<p>上传新的报告（{esc(exts)}，每个文件不超过 "
                f"{services.settings.max_upload_mb} MB；同名文件视为新版本，替换原报告）：</p>"
            )
            files = gr.File(
                label="选择报告文件",
                file_count="multiple",
                file_types=extensions,
                elem_id="rq-files",
            )
            upload = gr.Button("上传并导入", variant="primary", elem_id="rq-upload")
            upload_result = gr.HTML("", elem_id="rq-upload-result", min_height=60)

        with gr.Tab("反馈", id="feedback"):
            fb_summary = gr.HTML("", elem_id="rq-feedback-summary")
            fb_table = gr.Dataframe(
                headers=list(FEEDBACK_HEADER),
                datatype="str",
                interactive=False,
                wrap=True,
                label="市民反馈",
                elem_id="rq-feedback",
                # long answers wrap inside their column, not across the page
                column_widths=["11%", "5%", "16%", "32%", "6%", "8%", "22%"],
            )
            with gr.Row():
                fb_refresh = gr.Button("刷新", size="sm")
                fb_csv = gr.DownloadButton(
                    "导出 CSV", value=None, size="sm", elem_id="rq-feedback-csv"
                )

        with gr.Tab("小组件", id="widget"):
            gr.HTML(
                "<p>把下面的代码放进门户网站的页面，即可嵌入只读的问答小组件。"
                "门户的网址需要加入服务器设置 REPORTQA_WIDGET_FRAME_ANCESTORS（以空格分隔）；"
                "代码中的地址取自设置 REPORTQA_PUBLIC_BASE_URL（未设置时为您访问工作台所用的地址）。</p>"
            )
            snippet = gr.Code(language="html", label="嵌入代码", interactive=False)

        # -- events -------------------------------------------------------------------------

        def on_body(b: str | None):
            return (
                gr.Dropdown(choices=data.tables(b), value=None),
                gr.Dropdown(choices=[], value=None),
                gr.Dropdown(choices=[], value=None),
            )

        def on_table(b: str | None, t: str | None):
            return gr.Dropdown(choices=data.rows(b, t), value=None), gr.Dropdown(
                choices=[], value=None
            )

        def on_row(b: str | None, t: str | None, r: str | None):
            cols = data.columns(b, t, r)
            return gr.Dropdown(choices=cols, value=cols[0] if len(cols) == 1 else None)

        def on_column(b: str | None, t: str | None, r: str | None, c: str | None):
            frame, drawn, path, line = data.series(b, t, r, c)
            return (
                frame,
                drawn,
                gr.DownloadButton(value=path, visible=path is not None),
                f"<p>{esc(line)}</p>" if line else "",
            )

        def on_compare(m: str | None, y: int | None, g: str | None):
            ranked, groups, drawn, csv_path, xlsx_path, line = data.compare(m, y, g or "region")
            return (
                ranked,
                groups,
                drawn,
                gr.DownloadButton(value=csv_path, visible=csv_path is not None),
                gr.DownloadButton(value=xlsx_path, visible=xlsx_path is not None),
                f"<p>{esc(line)}</p>" if line else "",
            )

        def on_checks(report_id: str | None, check: str | None, year: str | None):
            frame, line = data.failed_checks(report_id, check, year)
            return frame, f"<p>{esc(line)}</p>"

        def clear_result():
            return ""

        def on_upload(paths: list[str] | None, progress=gr.Progress()):  # noqa: B008 (Gradio's way)
            result = upload_report(services, paths, progress)
            frame, line = data.failed_checks(None)
            return (
                result,
                data.library(),
                gr.Dropdown(choices=data.bodies()),
                gr.Dropdown(choices=data.report_choices(), value=""),
                gr.Dropdown(choices=data.check_choices(), value=""),
                frame,
                f"<p>{esc(line)}</p>",
                None,
            )

        def on_feedback():
            frame, line, path = data.feedback()
            return frame, f"<p>{esc(line)}</p>", path

        def on_load(request: gr.Request):
            user = getattr(request, "username", None) or ""
            base = services.base_url
            if not base:
                base = (
                    str(request.request.base_url).rstrip("/") if request and request.request else ""
                )
                base = base.removesuffix("/staff")
            frame, line = data.failed_checks(None)
            fb_frame, fb_line, fb_path = data.feedback()
            return (
                f"<p class='rq-user'>已登录：{esc(user)} · <a href='/staff/logout'>退出</a></p>",
                gr.Dropdown(choices=data.bodies(), value=None),
                gr.Dropdown(choices=data.report_choices(), value=""),
                frame,
                f"<p>{esc(line)}</p>",
                data.library(),
                fb_frame,
                f"<p>{esc(fb_line)}</p>",
                fb_path,
                EMBED_SNIPPET.format(base=base),
            )

        private: dict[str, Any] = {"api_visibility": "private"}
        body.change(on_body, [body], [table, row, column], **private)
        table.change(on_table, [body, table], [row, column], **private)
        row.change(on_row, [body, table, row], [column], **private)
        column.change(
            on_column, [body, table, row, column], [values, chart, csv_button, summary], **private
        )
        compare_outputs = [
            rank_table,
            totals_table,
            compare_chart,
            rank_csv_button,
            rank_xlsx_button,
            compare_summary,
        ]
        for trigger in (metric.change, cyear.change, by.change):
            trigger(on_compare, [metric, cyear, by], compare_outputs, **private)
        check_inputs = [which, which_check, which_year]
        for trigger in (which.change, which_check.change, which_year.change):
            trigger(on_checks, check_inputs, [check_table, check_summary], **private)
        # a new upload: the previous result goes at once, and one progress display (on the
        # result) instead of one over every output
        files.upload(clear_result, None, [upload_result], queue=False, **private)
        upload.click(clear_result, None, [upload_result], queue=False, **private).then(
            on_upload,
            [files],
            [
                upload_result,
                library,
                body,
                which,
                which_check,
                check_table,
                check_summary,
                files,
            ],
            concurrency_limit=1,
            concurrency_id="ingest",
            show_progress_on=[upload_result],
            **private,
        )
        fb_refresh.click(on_feedback, None, [fb_table, fb_summary, fb_csv], **private)
        demo.load(
            on_load,
            None,
            [
                who,
                body,
                which,
                check_table,
                check_summary,
                library,
                fb_table,
                fb_summary,
                fb_csv,
                snippet,
            ],
            **private,
        ).then(on_compare, [metric, cyear, by], compare_outputs, **private)
    return demo


CSS = (
    CHART_CSS
    + """
.rq-title { font-size: 1.5em; margin: 0.2em 0; }
.rq-user { text-align: right; }
.rq-bad { color: #cf222e; }
.rq-ok { color: #1a7f37; }
.rq-warn { color: #9a6700; }
#rq-chart .rq-chart, #rq-compare-chart .rq-chart { max-width: none; }
"""
)
