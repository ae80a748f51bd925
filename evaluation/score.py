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
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import Answer, untraceable_numbers

KINDS = [
    "figure",
    "fact",
    "narrative",
    "trend",
    "diff",
    "followup",
    "check",
    "unanswerable",
    "clarify",
]
_NUM = re.compile(r"\d+(?:\.\d+)?")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def load_questions(path: Path | str) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# ---------------------------------------------------------------------------------- matching


def _norm(s: str) -> str:
    """Spaces out, dashes alike, Simplified script (a Traditional-script mirror is quoted as
    printed)."""
    from reportqa.format import to_simplified

    return to_simplified(re.sub(r"\s+", "", s).replace("—", "-").replace("－", "-"))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def lead_number(text: str) -> float | None:
    """The figure an answer leads with (the answer states the figure first)."""
    m = _NUM.search(text)
    return float(m.group()) if m else None


def offered_numbers(answer: dict[str, Any], question: str) -> list[str]:
    """Numbers an answer offers beyond years and the question's own numbers."""
    asked = set(_NUM.findall(question))
    text = re.sub(r"\[\d+\]", "", answer["answer"])
    nums = [n for n in _NUM.findall(text) if n not in asked and not _YEARISH.match(n)]
    nums += [
        str(f["value"])
        for f in answer.get("figures", [])
        if _NUM.search(str(f["value"])) and not _YEARISH.match(str(f["value"]))
    ]
    return nums


def body_matches(cited: str, expected: str) -> bool:
    """The same body: equal, or one the other with a region prefix (澜江市西澜区… / 西澜区…)."""
    return bool(cited) and (
        cited == expected or cited.endswith(expected) or expected.endswith(cited)
    )


def _sources(expect: dict[str, Any]) -> list[str]:
    s = expect.get("source")
    return s if isinstance(s, list) else [s] if s else []


def citation_ok(answer: dict[str, Any], expect: dict[str, Any]) -> bool | None:
    """Whether the first citation is the right report; None where the question has none."""
    if not expect.get("found") or not expect.get("source"):
        return None
    cits = answer.get("citations") or []
    if not cits:
        return False
    c = cits[0]
    if c["source"] not in _sources(expect):
        return False
    if expect.get("body") and not body_matches(c["body"], expect["body"]):
        return False
    if expect.get("year") and isinstance(expect.get("source"), str) and c["year"] != expect["year"]:
        return False
    return True


def judge(item: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    """(correct, why not) for one answer."""
    exp = item["expect"]
    text = answer["answer"]
    if not exp["found"]:
        if answer["found"]:
            return False, "answered where the corpus has no answer"
        offered = offered_numbers(answer, item["q"])
        if offered:
            return False, f"offered numbers {offered} in a refusal"
        for m in exp.get("mentions", []):
            if m not in text:
                return False, f"refusal does not say what the corpus holds ({m})"
        for c in exp.get("candidates", []):
            short = c[c.find("市") + 1 :] if "市" in c[:-4] else c
            if c not in text and short not in text:
                return False, f"clarification does not list {c}"
        return True, ""
    if not answer["found"]:
        return False, "refused"
    if "consistent" in exp:
        want = "数据一致" if exp["consistent"] else "数据存在不一致"
        return (text.startswith(want), "" if text.startswith(want) else f"verdict is not {want}")
    if "values" in exp:
        figs = answer.get("figures", [])
        for year, v in exp["values"].items():
            if not any(
                f["year"] == int(year)
                and isinstance(f["value"], int | float)
                and _close(f["value"], v)
                for f in figs
            ):
                return False, f"no figure {v} for {year}"
        return True, ""
    if item["kind"] == "diff" or ("value" in exp and item["kind"] == "diff"):
        delta = exp["value"]
        figs = answer.get("figures", [])
        if not any(
            "之差" in f["label"] and _close(float(f["value"]), abs(delta))
            for f in figs
            if isinstance(f["value"], int | float)
        ):
            return False, f"no difference {abs(delta)}"
        word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
        return (word in text, "" if word in text else f"direction is not {word}")
    if "quote_any" in exp:
        cits = answer.get("citations") or []
        if not cits:
            return False, "no citation"
        c = cits[0]
        if exp.get("section") and c.get("section") != exp["section"]:
            return False, f"quoted section {c.get('section')!r}"
        quote = _norm(c.get("quote", ""))
        if not any(_norm(w) in quote for w in exp["quote_any"]):
            return False, f"quote lacks {exp['quote_any']}"
        if exp.get("body") and not body_matches(c["body"], exp["body"]):
            return False, f"quoted {c['body']}"
        return True, ""
    value = exp["value"]
    if isinstance(value, str):
        ok = _norm(value) in _norm(text)
        return ok, "" if ok else f"text lacks {value!r}"
    lead = lead_number(text)
    if lead is None or not _close(lead, float(value)):
        return False, f"leads with {lead}, expected {value}"
    return True, ""


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


def score(questions: list[dict[str, Any]], run: Run) -> dict[str, Any]:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    cites: list[bool] = []
    cites_sample: list[bool] = []
    fabricated, untraceable, details = [], [], []
    for item in questions:
        ans = run.answers.get(item["id"])
        if ans is None:
            by_kind[item["kind"]].append(False)
            details.append(
                {
                    "id": item["id"],
                    "q": item["q"],
                    "kind": item["kind"],
                    "correct": False,
                    "why": "no answer",
                }
            )
            continue
        ok, why = judge(item, ans)
        by_kind[item["kind"]].append(ok)
        c = citation_ok(ans, item["expect"])
        if c is not None:
            cites.append(c)
            if any(s in ("yongji-2024.txt", "huaian-2024.pdf") for s in _sources(item["expect"])):
                cites_sample.append(c)
        exp = item["expect"]
        if not exp["found"] and (ans["found"] or offered_numbers(ans, item["q"])):
            fabricated.append(item["id"])
        bad = untraceable_numbers(Answer(**{k: v for k, v in ans.items() if k != "id"}), item["q"])
        if bad or item["id"] in run.verify_refusals:
            untraceable.append(item["id"])
        first = (ans.get("citations") or [{}])[0]
        details.append(
            {
                "id": item["id"],
                "q": item["q"],
                "history": item.get("history", []),
                "kind": item["kind"],
                "correct": ok,
                "why": why,
                "citation_ok": c,
                "answer": ans["answer"],
                "found": ans["found"],
                "route": ans.get("route"),
                "cited": f"{first.get('source', '')} {first.get('locator', '')}".strip(),
                "expect": exp,
            }
        )
    n = sum(len(v) for v in by_kind.values())
    correct = sum(sum(v) for v in by_kind.values())
    return {
        "questions": n,
        "correct": correct,
        "accuracy": correct / n if n else 0.0,
        "by_kind": {
            k: {"n": len(v), "correct": sum(v), "accuracy": sum(v) / len(v)}
            for k in KINDS
            if (v := by_kind.get(k))
        },
        "citation": {
            "n": len(cites),
            "correct": sum(cites),
            "accuracy": sum(cites) / len(cites) if cites else 1.0,
        },
        "citation_sample_reports": {
            "n": len(cites_sample),
            "correct": sum(cites_sample),
            "accuracy": sum(cites_sample) / len(cites_sample) if cites_sample else 1.0,
        },
        "fabricated": fabricated,
        "untraceable": untraceable,
        "verify_refusals": run.verify_refusals,
        "seconds": round(run.seconds, 2),
        "details": details,
    }


def print_report(
    name: str, rep: dict[str, Any], show_failures: bool = True, out=sys.stdout
) -> None:
    print(f"\n== {name}: {rep['questions']} 个问题，用时 {rep['seconds']} 秒", file=out)
    print(f"{'kind':<14}{'n':>5}{'correct':>9}{'accuracy':>10}", file=out)
    for k, v in rep["by_kind"].items():
        print(f"{k:<14}{v['n']:>5}{v['correct']:>9}{v['accuracy']:>10.1%}", file=out)
    print(f"{'ALL':<14}{rep['questions']:>5}{rep['correct']:>9}{rep['accuracy']:>10.1%}", file=out)
    c, cs = rep["citation"], rep["citation_sample_reports"]
    print(f"citation (right report first): {c['correct']}/{c['n']} = {c['accuracy']:.1%}", file=out)
    print(
        f"  on the sample reports' questions: {cs['correct']}/{cs['n']} = {cs['accuracy']:.1%}",
        file=out,
    )
    print(
        f"fabricated: {len(rep['fabricated'])}   untraceable: {len(rep['untraceable'])}", file=out
    )
    if show_failures:
        for d in rep["details"]:
            if not d["correct"] or d.get("citation_ok") is False:
                hist = f" (after {d['history']})" if d.get("history") else ""
                print(
                    f"  ✗ {d['id']} [{d['kind']}] {d['q']}{hist}\n      {d['why'] or 'wrong citation'} | {d.get('answer', '')[:160]} | {d.get('cited', '')}",
                    file=out,
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
    args = p.parse_args(argv)
    questions = [q for path in args.questions for q in load_questions(path)]
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
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
