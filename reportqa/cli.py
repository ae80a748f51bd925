"""The ``reportqa`` command: ingest reports, list facts, list cross-check results.

Exit status: 0 success; 1 an error, or a file that could not be ingested; 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from reportqa.errors import ReportQAError
from reportqa.index import Index
from reportqa.records import CheckResult, Fact, format_number
from reportqa.settings import Settings
from reportqa.values import format_value

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportqa",
        description="政府信息公开工作年度报告问答助手：导入报告、查询表格事实与校验结果。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    index_help = f"索引目录（默认 {settings.index_dir}，可用 REPORTQA_INDEX_DIR 设置）"

    p = sub.add_parser(
        "ingest", help="导入报告文件或文件夹", description="导入报告文件或文件夹（递归）。"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="报告文件或文件夹")
    p.add_argument("--index", type=Path, default=settings.index_dir, help=index_help)
    p.add_argument("--prune", action="store_true", help="从索引中删除源文件已不存在的报告")
    p.add_argument("--no-embed", action="store_true", help="只写入事实和全文索引，不计算向量")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("facts", help="列出表格事实", description="列出索引中的表格事实和正文数字。")
    p.add_argument("--index", type=Path, default=settings.index_dir, help=index_help)
    p.add_argument("--body", help="主体名称中包含的文字，例如 永吉街道")
    p.add_argument("--year", type=int, help="报告年度，例如 2024")
    p.add_argument("--table", help="表2 / 表3 / 表4 / 正文")
    p.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")
    p.set_defaults(run=cmd_facts)

    p = sub.add_parser("checks", help="列出未通过的勾稽校验", description="列出勾稽关系校验结果。")
    p.add_argument("--index", type=Path, default=settings.index_dir, help=index_help)
    p.add_argument("--all", action="store_true", help="也列出通过的校验")
    p.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")
    p.set_defaults(run=cmd_checks)

    p = sub.add_parser(
        "ask",
        help="提问",
        description='就索引中的报告提问；--batch 读取 JSONL（每行 {"id", "q", "history"}），模型只加载一次。',
    )
    p.add_argument("question", nargs="?", help="问题，例如 “永吉街道去年收到多少信息公开申请？”")
    p.add_argument("--index", type=Path, default=settings.index_dir, help=index_help)
    p.add_argument("--batch", type=Path, metavar="FILE.jsonl", help="批量提问的 JSONL 文件")
    p.add_argument("--json", action="store_true", help="输出 JSON 答案")
    p.add_argument("--no-embed", action="store_true", help="不加载嵌入模型（只用事实库和全文检索）")
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser(
        "serve",
        help="启动网页问答服务",
        description="启动网页服务：市民问答 /、工作人员工作台 /staff、嵌入小组件 /widget、HTTP 接口 /api（文档 /docs）。",
    )
    p.add_argument("--index", type=Path, default=settings.index_dir, help=index_help)
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=int, default=7860, help="端口（默认 7860；0 表示任选空闲端口）")
    p.set_defaults(run=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = Settings()
    except ValidationError as e:
        print(f"错误：REPORTQA_ 环境变量的设置无效：\n{e}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser(settings)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, settings, parser))
    except ReportQAError as e:
        print(f"错误：{e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head & co.: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


def cmd_ingest(
    args: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser
) -> int:
    from ingest.pipeline import ingest_paths
    from reportqa.app import build_index

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error("路径不存在：" + "、".join(missing))
    with build_index(settings, embed=not args.no_embed, index_dir=args.index) as index:
        summary = ingest_paths(
            args.paths,
            index,
            prune=args.prune,
            progress=sys.stderr.isatty(),
            max_bytes=settings.max_file_mb * 1024 * 1024,
        )
        out = sys.stdout
        print(
            f"导入完成：导入或更新 {summary.reports} 份报告，跳过未变化的 {len(summary.skipped)} 份；"
            + (f"移动过位置的 {len(summary.moved)} 份只更新了路径；" if summary.moved else "")
            + f"写入事实 {summary.facts} 条、文本块 {summary.chunks} 个。",
            file=out,
        )
        totals = index.facts.stats()
        print(
            f"索引 {index.dir} 现有 {totals['reports']} 份报告、事实 {totals['facts']} 条、"
            f"文本块 {totals['chunks']} 个、未通过的校验 {totals['failed_checks']} 项。",
            file=out,
        )
        if summary.failed_checks:
            print(f"本次未通过的校验（{len(summary.failed_checks)} 项）：", file=out)
            for c in summary.failed_checks:
                print(f"  {_report_name(index, c.report_id)} {_check_line(c)}", file=out)
        if summary.pruned:
            print(f"已删除源文件不存在的报告（{len(summary.pruned)} 份）：", file=out)
            for path in summary.pruned:
                print(f"  {path}", file=out)
        if summary.ignored:
            print(f"忽略了文件夹中类型不支持的文件（{len(summary.ignored)} 个）：", file=out)
            for path in summary.ignored:
                print(f"  {path}", file=out)
        if summary.failed:
            print(f"失败的文件（{len(summary.failed)} 个）：", file=out)
            for f in summary.failed:
                print(f"  {f.path}：{f.reason}", file=out)
    return EXIT_OK if summary.ok else EXIT_ERROR


def cmd_ask(args: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser) -> int:
    from reportqa.app import build_assistant

    if (args.question is None) == (args.batch is None):
        parser.error("请给出一个问题，或用 --batch 指定 JSONL 文件（二者选一）")
    if args.batch is not None and not args.batch.is_file():
        parser.error(f"文件不存在：{args.batch}")
    items: list[dict[str, Any]] = []
    if args.batch is not None:
        for n, line in enumerate(args.batch.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                parser.error(f"{args.batch} 第{n}行不是合法的 JSON：{e.msg}")
            if not isinstance(item, dict) or not isinstance(item.get("q"), str):
                parser.error(f'{args.batch} 第{n}行缺少字符串字段 "q"')
            items.append(item)
    else:
        items.append({"id": None, "q": args.question, "history": []})
    assistant = build_assistant(settings, index_dir=args.index, embed=not args.no_embed)
    for item in items:
        answer = assistant.ask(item["q"], list(item.get("history") or []))
        if args.json or args.batch is not None:
            out = answer.model_dump()
            if args.batch is not None:
                out = {"id": item.get("id"), **out}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        else:
            print(answer.answer)
            for i, c in enumerate(answer.citations, 1):
                where = "，".join(x for x in (c.section, c.locator) if x)
                print(f"  [{i}] {c.title}（{c.source}{'，' + where if where else ''}）：{c.quote}")
            for s in answer.suggestions:
                print(f"  试试问：{s}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser) -> int:
    import signal
    import socket

    import uvicorn

    from reportqa.app import build_web_app

    if not 0 <= args.port <= 65535:
        parser.error(f"端口必须在 0 到 65535 之间：{args.port}")
    settings = settings.model_copy(update={"index_dir": args.index})
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as e:
        sock.close()
        print(
            f"错误：无法监听 {args.host}:{args.port}（{e.strerror}）。请换一个端口（--port）。",
            file=sys.stderr,
        )
        return EXIT_ERROR
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    shown = f"[{shown}]" if ":" in shown else shown

    def ready() -> None:
        print(
            f"问答服务已启动：http://{shown}:{port}/ "
            f"（工作人员工作台 /staff，嵌入小组件 /widget，接口文档 /docs）。按 Ctrl+C 停止。",
            flush=True,
        )

    app = build_web_app(settings, on_ready=ready)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
    # uvicorn stops gracefully on SIGINT/SIGTERM, then raises the signal again: end quietly
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_OK))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    print("问答服务已停止。", flush=True)
    return EXIT_OK


def cmd_facts(args: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser) -> int:
    from reportqa.app import build_index

    with build_index(settings, embed=False, index_dir=args.index, create=False) as index:
        facts = index.facts.facts(year=args.year, table=args.table, body_contains=args.body)
    if args.json:
        for f in facts:
            print(json.dumps(_fact_json(f), ensure_ascii=False))
        return EXIT_OK
    if not facts:
        print("没有符合条件的事实。")
        return EXIT_OK
    header = ["主体", "年度", "表", "行", "列", "数值", "原文", "出处"]
    rows = [
        [
            f.body,
            str(f.year),
            f.table,
            f.row,
            f.column,
            _shown_value(f),
            f.raw,
            f"{f.provenance.source} {f.provenance.locator}".strip(),
        ]
        for f in facts
    ]
    _print_table(header, rows, sys.stdout)
    print(f"共 {len(facts)} 条。")
    return EXIT_OK


def cmd_checks(
    args: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser
) -> int:
    from reportqa.app import build_index

    with build_index(settings, embed=False, index_dir=args.index, create=False) as index:
        results = index.facts.checks(failed_only=not args.all)
        reports = {r.report.report_id: r.report for r in index.facts.list_reports()}
        names = {rid: _report_name(index, rid) for rid in {c.report_id for c in results}}
    if args.json:
        for c in results:
            r = reports.get(c.report_id)
            d: dict[str, Any] = {
                "report_id": c.report_id,
                "body": r.body if r else "",
                "year": r.year if r else None,
                "source": r.source if r else "",
                "check": c.check,
                "scope": c.scope,
                "passed": c.passed,
                "severity": c.severity,
                "expected": c.expected,
                "actual": c.actual,
                "detail": c.detail,
            }
            print(json.dumps(d, ensure_ascii=False))
        return EXIT_OK
    if not results:
        print("没有未通过的校验。" if not args.all else "没有校验结果。")
        return EXIT_OK
    for c in results:
        print(f"{names[c.report_id]} {_check_line(c)}")
    failed = sum(1 for c in results if not c.passed)
    print(f"共 {len(results)} 项，其中未通过 {failed} 项。")
    return EXIT_OK


def _fact_json(f: Fact) -> dict[str, Any]:
    d = f.to_json()
    d["fact_id"] = f.fact_id
    return d


def _shown_value(f: Fact) -> str:
    return format_value(f.value, f.unit, f.qualifier, blank="—")


def _check_line(c: CheckResult) -> str:
    mark = "通过" if c.passed else ("未通过" if c.severity == "hard" else "提示")
    numbers = ""
    if c.expected is not None or c.actual is not None:
        exp = "—" if c.expected is None else format_number(c.expected)
        act = "—" if c.actual is None else format_number(c.actual)
        numbers = f"（应为 {exp}，实为 {act}）"
    return f"[{c.check} {mark}] {c.scope}{numbers}：{c.detail}"


def _report_name(index: Index, report_id: str) -> str:
    row = index.facts.get_report(report_id)
    if row is None:
        return report_id
    return f"{row.report.body_printed}{row.report.year}年（{row.report.source}）"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(header: list[str], rows: list[list[str]], out: TextIO) -> None:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)]
        print("  ".join(cells).rstrip(), file=out)


if __name__ == "__main__":
    sys.exit(main())
