"""The golden parse check: a question set's expected parse (``parse`` of each JSONL line) against
what the rule parser reads, without an index (the catalog is a list of reports).

    python -m evaluation.golden --questions evaluation/questions/talk.jsonl \\
        --catalog tests/fixtures/talk_catalog.json [--split tune]

Fields compared: the intent, the bodies resolved, the years (relative years resolved against
each body's newest report, as the assistant does) and the metrics with their columns. A field
the expected parse leaves out is not compared.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.catalog import Catalog, ReportInfo
from assistant.parsing import RuleParser
from assistant.question import BodyStatus, Intent, ParsedQuestion, YearKind
from evaluation.judge import body_matches
from evaluation.score import load_questions
from reportqa.metrics import Source, registry

# intents the sets name differently for the same reading
_SAME = {
    ("share", "figure"),  # a named rate (复议纠错率) is a figure of the registry
    ("figure", "yesno"),  # a figure with a premise is checked as a yes/no
    ("extreme", "rank"),
    ("trend", "compare"),
    ("ledger", "check"),
}


def load_catalog(path: Path | str) -> Catalog:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    reports = [
        ReportInfo(f"r{i}", r["body"], r["printed"], r["year"], r["source"], "")
        for i, r in enumerate(data["reports"])
    ]
    return Catalog(reports, parts=set(data.get("published_parts", [])))


def _years(q: ParsedQuestion, catalog: Catalog) -> list[int] | None:
    bodies = [b for b in q.resolved_bodies if b in catalog.bodies]
    newest = max((catalog.bodies[b].newest for b in bodies), default=None)
    ys = q.years
    if ys.kind is YearKind.EXPLICIT:
        extra = [newest - o for o in ys.offsets] if newest else []
        return sorted({*ys.years, *extra})
    if newest is None:
        return None
    if ys.kind is YearKind.PREVIOUS:
        return sorted({newest - o for o in (ys.offsets or (ys.count,))})
    if ys.kind is YearKind.RECENT:
        return list(range(newest - ys.count + 1, newest + 1))
    if ys.kind is YearKind.ALL or (ys.kind is YearKind.NONE and q.intent is Intent.TREND):
        return sorted({y for b in bodies for y in catalog.bodies[b].years})
    if q.intent is Intent.COMPARE and len(bodies) == 1:
        return [newest - 1, newest]  # 比去年: the year before is the other side
    return [newest]


def _metrics(items: list[dict[str, Any]]) -> set[tuple[str, str | None]]:
    reg = registry()
    out = set()
    for m in items:
        mid = m.get("metric")
        if mid not in reg.metrics:
            out.add((str(mid), m.get("dim")))
            continue
        dim = m.get("dim") or reg.default_dim(mid)
        if reg[mid].source is Source.PROSE and mid == "published" and m.get("part"):
            dim = m["part"]
        out.add((mid, dim))
    return out


def differences(item: dict[str, Any], q: ParsedQuestion, catalog: Catalog) -> list[str]:
    """The fields where the parse differs from the expected one (empty: it agrees)."""
    exp = item.get("parse") or {}
    out = []
    want = exp.get("intent")
    got = q.intent.value
    refused = not item["expect"].get("found", True)
    if want and want != got and (want, got) not in _SAME and (got, want) not in _SAME:
        if not (refused and q.intent is Intent.UNKNOWN):
            out.append(f"intent {got} != {want}")
    status = exp.get("body_status")
    if status in ("ambiguous", "unknown", "fuzzy"):
        if not q.mentions(BodyStatus(status)) and not (refused and q.intent is Intent.UNKNOWN):
            out.append(f"no {status} body")
    elif exp.get("bodies") and q.intent not in (Intent.RANK, Intent.TOTAL):
        got_b = q.resolved_bodies
        want_b = exp["bodies"]
        if len(got_b) != len(want_b) or not all(
            any(body_matches(g, w) for g in got_b) for w in want_b
        ):
            out.append(f"bodies {got_b} != {want_b}")
    if (
        isinstance(exp.get("years"), list)
        and exp["years"]
        and q.intent
        not in (
            Intent.NARRATIVE,
            Intent.RANK,
            Intent.TOTAL,
        )
    ):
        got_y = _years(q, catalog)
        if got_y is not None and sorted(got_y) != sorted(exp["years"]):
            out.append(f"years {got_y} != {exp['years']}")
    if exp.get("metrics") and q.intent not in (Intent.EXTREME, Intent.LEDGER, Intent.UNKNOWN):
        got_m = _metrics([r.model_dump() for r in q.metrics])
        want_m = _metrics(exp["metrics"])
        if q.whole is not None:
            want_m -= _metrics([q.whole.model_dump()])
        if not got_m <= want_m and not want_m <= got_m:
            out.append(f"metrics {sorted(got_m)} != {sorted(want_m)}")
    return out


def run(questions: list[dict[str, Any]], catalog: Catalog) -> dict[str, list[str]]:
    """id → differences, for every question whose parse differs."""
    parser = RuleParser(catalog)
    out = {}
    for item in questions:
        q = parser.parse(item["q"], list(item.get("history") or []))
        diff = differences(item, q, catalog)
        if diff:
            out[item["id"]] = diff
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="问题解析与期望解析的比对（不需要索引）")
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--catalog", type=Path, required=True, help="报告清单 JSON（机关、年度）")
    p.add_argument("--split", choices=["tune", "heldout"])
    p.add_argument("--quiet", action="store_true")
    p.add_argument(
        "--known", type=Path, help="把解析不一致的问题 id 写入这个 JSON 文件（测试读它）"
    )
    args = p.parse_args(argv)
    questions = load_questions(args.questions)
    if args.split:
        questions = [q for q in questions if q.get("split", "tune") == args.split]
    diffs = run(questions, load_catalog(args.catalog))
    n = len(questions)
    print(f"{n - len(diffs)}/{n} parses agree ({(n - len(diffs)) / n:.1%})")
    if args.known:
        args.known.write_text(json.dumps(sorted(diffs), indent=1) + "\n", encoding="utf-8")
    if not args.quiet:
        by_id = {q["id"]: q for q in questions}
        for qid, d in diffs.items():
            if by_id[qid].get("split") == "heldout":
                continue
            print(f"  {qid} {by_id[qid]['q']}: {'; '.join(d)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
