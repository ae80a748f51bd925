"""The staff workspace at ``/staff`` (behind the login of :mod:`ui.auth`):

- 数字查询: body, table, row, column → the value in every year with its source, a line chart
  across the years, and a CSV download;
- 校验: the cross-checks that failed, per report, with the expected and actual numbers;
- 报告库: the reports (body, year, format, checks) and the upload of new ones, with progress;
- 反馈: the citizens' 👍/👎 log, viewable and exportable as CSV;
- 小组件: the snippet that embeds the widget in a portal.

Tables show text cells as text (``datatype="str"``); the few HTML fragments go through
:func:`ui.render.esc`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from reportqa.records import CheckResult, Fact, format_number
from ui.exports import FEEDBACK_HEADER, feedback_rows, to_csv
from ui.render import esc
from ui.services import Services
from ui.uploads import ALLOWED_EXTENSIONS, UploadError
from ui.widget import EMBED_SNIPPET

TITLE = "年度报告工作台"
NO_COLUMN = "（无列）"
FACT_HEADER = ["年度", "数值", "单位", "原文", "报告", "文件", "位置"]
CHECK_HEADER = ["主体", "年度", "文件", "校验", "范围", "应为", "实为", "说明", "类型"]
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


def _num(v: Any) -> str:
    return "—" if v is None else format_number(v)


def empty_chart() -> pd.DataFrame:
    """No points yet, with the column types of a chart (the year a category, not a number)."""
    return pd.DataFrame({"年度": pd.Series([], dtype="str"), "数值": pd.Series([], dtype="float")})


def _frame(header: Sequence[str], rows: list[list[Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(header), dtype=object)


class StaffData:
    """What the workspace shows, read from the index (a class so that tests call it directly)."""

    def __init__(self, services: Services, export_dir: Path):
        self.services = services
        self.export_dir = export_dir

    @property
    def db(self) -> Any:
        return self.services.index.facts

    def _export_path(self, name: str) -> Path:
        """A fresh file for one download (two staff members never share one)."""
        return Path(tempfile.mkdtemp(dir=self.export_dir)) / name

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
    ) -> tuple[pd.DataFrame, pd.DataFrame, str | None, str]:
        """The values across years (table, chart data, CSV path, a summary line)."""
        if not (body and table and row and column is not None):
            return _frame(FACT_HEADER, []), empty_chart(), None, ""
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
        chart = pd.DataFrame(
            {
                # "2024年": a category on the axis, not the number 2,024.0
                "年度": pd.Series([f"{f.year}年" for f in numeric], dtype="str"),
                "数值": pd.Series([float(f.value) for f in numeric], dtype="float"),  # type: ignore[arg-type]
            }
        )
        label = f"{table}：{row}" + (f"·{col}" if col else "")
        path = self._export_path("数字查询.csv")
        path.write_text(
            to_csv(["主体", "指标", *FACT_HEADER], [[body, label, *r] for r in rows]),
            encoding="utf-8",
        )
        years = sorted({f.year for f in facts})
        span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
        summary = f"{label}：{len(rows)} 个数值，{span}"
        if len({f.year for f in numeric}) < 2:
            summary += "（折线图需要至少两个年度的数值）"
        return _frame(FACT_HEADER, rows), chart, str(path), summary

    # -- checks -----------------------------------------------------------------------------

    def report_choices(self) -> list[tuple[str, str]]:
        return [(ALL_REPORTS, "")] + [
            (f"{r.report.body_printed} {r.report.year}年（{r.report.source}）", r.report.report_id)
            for r in self.db.list_reports()
        ]

    def failed_checks(self, report_id: str | None) -> tuple[pd.DataFrame, str]:
        reports = {r.report.report_id: r.report for r in self.db.list_reports()}
        results: list[CheckResult] = self.db.checks(report_id=report_id or None, failed_only=True)
        rows = []
        for c in results:
            rep = reports.get(c.report_id)
            rows.append(
                [
                    rep.body_printed if rep else c.report_id,
                    rep.year if rep else "",
                    rep.source if rep else "",
                    c.check,
                    c.scope,
                    _num(c.expected),
                    _num(c.actual),
                    c.detail,
                    "硬性" if c.severity == "hard" else "提示",
                ]
            )
        per_report = {c.report_id for c in results}
        checked = [report_id] if report_id else list(reports)
        summary = (
            f"{len(checked)} 份报告中 {len(per_report)} 份有未通过的校验，共 {len(results)} 项。"
            if results
            else f"{len(checked)} 份报告的校验全部通过。"
        )
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
                    r.ingested_at.replace("T", " ").replace("+00:00", " UTC"),
                ]
            )
        return _frame(LIBRARY_HEADER, rows)

    # -- feedback ---------------------------------------------------------------------------

    def feedback(self) -> tuple[pd.DataFrame, str, str]:
        entries = self.services.feedback.entries()
        counts = self.services.feedback.counts()
        path = self._export_path("反馈记录.csv")
        path.write_text(to_csv(FEEDBACK_HEADER, feedback_rows(entries)), encoding="utf-8")
        summary = f"共 {len(entries)} 条：👍 {counts['up']}，👎 {counts['down']}。"
        return _frame(FEEDBACK_HEADER, feedback_rows(entries)), summary, str(path)


def upload_report(services: Services, files: list[str] | None, progress: Any) -> str:
    """Ingest the uploaded files one by one; an HTML summary (escaped) of what happened."""
    files = [f for f in (files or []) if f]
    if not files:
        return '<p class="rq-warn">请先选择要上传的报告文件。</p>'
    lines = []
    for i, path in enumerate(files):
        name = Path(path).name
        progress((i, len(files)), desc=f"正在导入 {name}（{i + 1}/{len(files)}）")
        try:
            out = services.uploader.store_path(name, Path(path))
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
            f"文本块 {rep.n_chunks} 个"
            if rep
            else ""
        )
        checks = (
            f"；未通过的校验 {len(out.failed_checks)} 项" if out.failed_checks else "；校验全部通过"
        )
        lines.append(f'<li class="rq-ok">{esc(out.name)}：{what}（{detail}{checks}）</li>')
    progress((len(files), len(files)), desc="导入完成")
    return '<ul class="rq-upload-result">' + "".join(lines) + "</ul>"


def build_staff(services: Services) -> gr.Blocks:
    data = StaffData(services, Path(tempfile.mkdtemp(prefix="reportqa-staff-")))
    exts = ", ".join(ALLOWED_EXTENSIONS)

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
            chart = gr.LinePlot(
                empty_chart(),
                x="年度",
                y="数值",
                title="历年数值",
                label="折线图",
                elem_id="rq-chart",
                height=280,
            )
            csv_button = gr.DownloadButton("下载 CSV", value=None, visible=False, elem_id="rq-csv")

        with gr.Tab("校验", id="checks"):
            which = gr.Dropdown(
                label="报告", choices=data.report_choices(), value="", elem_id="rq-report"
            )
            check_summary = gr.HTML("")
            check_table = gr.Dataframe(
                headers=CHECK_HEADER,
                datatype="str",
                interactive=False,
                wrap=True,
                label="未通过的勾稽校验",
                column_widths=["13%", "6%", "17%", "5%", "12%", "6%", "6%", "29%", "6%"],
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
            )
            gr.HTML(
                f"<p>上传新的报告（{esc(exts)}，每个文件不超过 "
                f"{services.settings.max_upload_mb} MB；同名文件视为新版本，替换原报告）：</p>"
            )
            files = gr.File(
                label="选择报告文件",
                file_count="multiple",
                file_types=list(ALLOWED_EXTENSIONS),
                elem_id="rq-files",
            )
            upload = gr.Button("上传并导入", variant="primary", elem_id="rq-upload")
            upload_result = gr.HTML("", elem_id="rq-upload-result")

        with gr.Tab("反馈", id="feedback"):
            fb_summary = gr.HTML("", elem_id="rq-feedback-summary")
            fb_table = gr.Dataframe(
                headers=list(FEEDBACK_HEADER),
                datatype="str",
                interactive=False,
                wrap=True,
                label="市民反馈",
                elem_id="rq-feedback",
            )
            with gr.Row():
                fb_refresh = gr.Button("刷新", size="sm")
                fb_csv = gr.DownloadButton(
                    "导出 CSV", value=None, size="sm", elem_id="rq-feedback-csv"
                )

        with gr.Tab("小组件", id="widget"):
            gr.HTML(
                "<p>把下面的代码放进门户网站的页面，即可嵌入只读的问答小组件。"
                "门户的网址需要加入服务器设置 REPORTQA_WIDGET_FRAME_ANCESTORS（以空格分隔）。</p>"
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
            frame, points, path, line = data.series(b, t, r, c)
            return (
                frame,
                points,
                gr.DownloadButton(value=path, visible=path is not None),
                f"<p>{esc(line)}</p>" if line else "",
            )

        def on_report(report_id: str | None):
            frame, line = data.failed_checks(report_id)
            return frame, f"<p>{esc(line)}</p>"

        def on_upload(paths: list[str] | None, progress=gr.Progress()):  # noqa: B008 (Gradio's way)
            result = upload_report(services, paths, progress)
            return (
                result,
                data.library(),
                gr.Dropdown(choices=data.bodies()),
                gr.Dropdown(choices=data.report_choices()),
                None,
            )

        def on_feedback():
            frame, line, path = data.feedback()
            return frame, f"<p>{esc(line)}</p>", path

        def on_load(request: gr.Request):
            user = getattr(request, "username", None) or ""
            base = str(request.request.base_url).rstrip("/") if request and request.request else ""
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
        which.change(on_report, [which], [check_table, check_summary], **private)
        upload.click(
            on_upload,
            [files],
            [upload_result, library, body, which, files],
            concurrency_limit=1,
            concurrency_id="ingest",
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
        )
    return demo


CSS = """
.rq-title { font-size: 1.5em; margin: 0.2em 0; }
.rq-user { text-align: right; }
.rq-bad { color: #cf222e; }
.rq-ok { color: #1a7f37; }
"""
