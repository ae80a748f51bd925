"""Score the assistant over a question set.

    python -m evaluation.score --questions evaluation/questions/sample.jsonl --corpus corpus \\
        --index /tmp/eval-sample --out evaluation/out/sample.json
    python -m evaluation.score --questions evaluation/questions/gen70.jsonl --corpus /tmp/gen70/docs \\
        --index /tmp/gen70/index --out evaluation/out/gen70.json
    reportqa ask --batch Q.jsonl --index DIR --json > A.jsonl
    python -m evaluation.score --questions Q.jsonl --answers A.jsonl      # score given answers

Reports accuracy by kind (the value and ``found`` both right; a refusal must offer no number),
citation accuracy (the first citation is the right report: source file, body and year),
fabricated answers (an answer, or a number, where the corpus has none), and untraceable numbers
(numbers in an answer that are neither a cited figure nor in a cited quote; the chain's verify
step refuses those, and every refusal it makes is counted here too). Both must be 0.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import Answer, untraceable_numbers
from evaluation.judge import OUTCOMES, citation_ok, judge


def load_questions(path: Path | str) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# ---------------------------------------------------------------------------------- running


class _VerifyCounter(logging.Handler):
    """Counts the chain's verify refusals (answers composed with an untraceable number)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "untraceable" in record.getMessage():
            self.messages.append(record.getMessage())


@dataclass
class Run:
    answers: dict[str, dict[str, Any]]
    verify_refusals: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def ask_all(assistant: Any, questions: Iterable[dict[str, Any]]) -> Run:
    counter = _VerifyCounter()
    log = logging.getLogger("assistant.chain")
    log.addHandler(counter)
    answers: dict[str, dict[str, Any]] = {}
    refusals: dict[str, list[str]] = {}
    t0 = time.perf_counter()
    try:
        for item in questions:
            before = len(counter.messages)
            a: Answer = assistant.ask(item["q"], list(item.get("history") or []))
            answers[item["id"]] = a.model_dump()
            if len(counter.messages) > before:
                refusals[item["id"]] = counter.messages[before:]
    finally:
        log.removeHandler(counter)
    return Run(answers, refusals, time.perf_counter() - t0)


def build_eval_assistant(corpus: Path | None, index_dir: Path, model: str | None = None) -> Any:
    """The assistant over ``index_dir``, ingesting ``corpus`` first (unchanged files are skipped)."""
    from ingest.pipeline import ingest_paths
    from reportqa.app import build_assistant, build_index
    from reportqa.settings import Settings

    settings = Settings(**({"embedding_model": model} if model else {}))
    if corpus is not None:
        with build_index(settings, index_dir=index_dir) as index:
            summary = ingest_paths([corpus], index, progress=sys.stderr.isatty())
            if summary.failed:
                for f in summary.failed:
                    print(f"导入失败：{f.path}：{f.reason}", file=sys.stderr)
    assistant = build_assistant(settings, index_dir=index_dir)
    assistant.warm_up()
    return assistant


# ---------------------------------------------------------------------------------- scoring


def group_of(item: dict[str, Any]) -> str:
    """The class of a question (talk sets) or its kind (template sets)."""
    return item.get("class") or item.get("kind", "")


def score(questions: list[dict[str, Any]], run: Run) -> dict[str, Any]:
    """Outcomes (evaluation/judge.py) overall, by split and by class; citations; untraceable
    numbers."""
    outcomes: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    by_split: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    by_group: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    cites: list[bool] = []
    untraceable, details = [], []
    for item in questions:
        ans = run.answers.get(item["id"])
        if ans is None:
            outcome, why = "other", "no answer"
        else:
            outcome, why = judge(item, ans)
        split = item.get("split", "all")
        outcomes[outcome] += 1
        by_split[split][outcome] += 1
        by_group[group_of(item)][outcome] += 1
        c = citation_ok(ans, item["expect"]) if ans is not None else None
        if c is not None:
            cites.append(c)
        if ans is not None:
            bad = untraceable_numbers(
                Answer(**{k: v for k, v in ans.items() if k != "id"}), item["q"]
            )
            if bad or item["id"] in run.verify_refusals:
                untraceable.append(item["id"])
        details.append(
            {
                "id": item["id"],
                "q": item["q"],
                "history": item.get("history", []),
                "class": group_of(item),
                "split": split,
                "outcome": outcome,
                "why": why,
                "citation_ok": c,
                "answer": (ans or {}).get("answer", ""),
                "interpretation": (ans or {}).get("interpretation", ""),
                "found": (ans or {}).get("found"),
                "route": (ans or {}).get("route"),
                "expect": item["expect"],
            }
        )
    n = len(questions)

    def part(counts: dict[str, int]) -> dict[str, Any]:
        total = sum(counts.values())
        return {**counts, "n": total, "accuracy": counts["correct"] / total if total else 0.0}

    return {
        "questions": n,
        **part(outcomes),
        "by_split": {k: part(v) for k, v in sorted(by_split.items())},
        "by_class": {k: part(v) for k, v in sorted(by_group.items())},
        "citation": {
            "n": len(cites),
            "correct": sum(cites),
            "accuracy": sum(cites) / len(cites) if cites else 1.0,
        },
        "untraceable": untraceable,
        "verify_refusals": run.verify_refusals,
        "seconds": round(run.seconds, 2),
        "details": details,
    }


def print_report(
    name: str, rep: dict[str, Any], show_failures: bool = True, out=sys.stdout
) -> None:
    print(f"\n== {name}: {rep['questions']} 个问题，用时 {rep['seconds']} 秒", file=out)
    head = f"{'':<24}{'n':>5}{'correct':>9}{'refused':>9}{'wrong':>7}{'made-up':>9}{'other':>7}{'accuracy':>10}"
    print(head, file=out)

    def row(label: str, v: dict[str, Any]) -> None:
        print(
            f"{label:<24}{v['n']:>5}{v['correct']:>9}{v['wrongly_refused']:>9}"
            f"{v['confident_wrong']:>7}{v['made_up']:>9}{v['other']:>7}{v['accuracy']:>10.1%}",
            file=out,
        )

    for k, v in rep["by_class"].items():
        row(k, v)
    for k, v in rep["by_split"].items():
        row(f"[{k}]", v)
    row("ALL", rep)
    c = rep["citation"]
    print(f"citation (right report first): {c['correct']}/{c['n']} = {c['accuracy']:.1%}", file=out)
    print(f"untraceable: {len(rep['untraceable'])}", file=out)
    if show_failures:
        for d in rep["details"]:
            if d["outcome"] != "correct" or d.get("citation_ok") is False:
                if d["split"] == "heldout":
                    continue  # never read while tuning: only counted
                hist = f" (after {d['history']})" if d.get("history") else ""
                print(
                    f"  ✗ {d['id']} [{d['class']}/{d['outcome']}] {d['q']}{hist}\n"
                    f"      {d['why'] or 'wrong citation'} | {d['answer'][:200]}\n"
                    f"      理解：{d['interpretation']}",
                    file=out,
                )


def known_failures(rep: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """split → outcome → the ids of the questions answered that way (all but the correct)."""
    out: dict[str, dict[str, list[str]]] = {}
    for d in rep["details"]:
        if d["outcome"] != "correct":
            out.setdefault(d["split"], {}).setdefault(d["outcome"], []).append(d["id"])
    return {s: {o: sorted(ids) for o, ids in sorted(v.items())} for s, v in sorted(out.items())}


def write_known(rep: dict[str, Any], path: Path) -> None:
    path.write_text(
        json.dumps(known_failures(rep), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="问题集评测：按类别的准确率、引用准确率、编造答案、无法溯源的数字"
    )
    p.add_argument(
        "--questions", type=Path, required=True, nargs="+", help="问题集 JSONL（可多个）"
    )
    p.add_argument("--corpus", type=Path, help="要导入的报告文件夹（已导入且未变化的文件会跳过）")
    p.add_argument("--index", type=Path, help="索引目录")
    p.add_argument("--model", help="嵌入模型（默认按设置：all-MiniLM-L6-v2；hash 用于快速试验）")
    p.add_argument(
        "--answers", type=Path, help="reportqa ask --batch --json 的输出：只评分，不运行助手"
    )
    p.add_argument("--out", type=Path, help="评测结果 JSON")
    p.add_argument("--quiet", action="store_true", help="不列出答错的问题")
    p.add_argument("--split", choices=["tune", "heldout"], help="只评这一部分（默认全部）")
    p.add_argument(
        "--known",
        type=Path,
        help="把答错的问题（按部分和结果）写入这个 JSON 文件：测试以它为已知失败清单",
    )
    args = p.parse_args(argv)
    questions = [q for path in args.questions for q in load_questions(path)]
    if args.split:
        questions = [q for q in questions if q.get("split", "tune") == args.split]
    if args.answers:
        answers = {}
        for line in args.answers.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                answers[d["id"]] = d
        run = Run(answers)
    else:
        if args.index is None:
            p.error("需要 --index（或用 --answers 评分已有答案）")
        assistant = build_eval_assistant(args.corpus, args.index, args.model)
        run = ask_all(assistant, questions)
    rep = score(questions, run)
    name = ", ".join(str(q) for q in args.questions)
    print_report(name, rep, show_failures=not args.quiet)
    if args.known:
        write_known(rep, args.known)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
