"""Latency per question and peak memory of the assistant on a 200-report generated index, with
the embedding model loaded (warm_up first). Targets on 2 cores: p95 ≤ 100 ms for figure
questions, ≤ 300 ms for narrative ones.

    python benchmarks/ask.py                      # builds data/bench200 on first use (slow: ingest)
    python benchmarks/ask.py --dir /tmp/bench200  # reuse an index built there

DIR/docs holds the generated reports (make_corpus, seed 200) and DIR/index our index of them.
The questions are drawn from the generator's truth (evaluation.build), so the run also reports
how many were answered correctly. Writes benchmarks/out/ask.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.build import Item, build_questions  # noqa: E402
from evaluation.judge import judge  # noqa: E402

SEED = 200
OUT = ROOT / "benchmarks" / "out"
# "figure" latency: every question a fact answers (figure, fact, follow-up, trend, difference,
# check, refusal, clarification); "narrative": questions answered by retrieval and quoting


def truth(seed: int, n: int, docs: Path | None) -> list[Item]:
    """The generated reports (written to ``docs`` when it is given, else to a temporary folder
    that is thrown away: the same seed gives the same files and truth)."""
    from generator import make_corpus

    if docs is not None:
        return [Item(p, r) for p, r in make_corpus(seed, n, docs, ("txt", "docx", "html"))]
    with tempfile.TemporaryDirectory() as tmp:
        return [Item(p, r) for p, r in make_corpus(seed, n, Path(tmp), ("txt", "docx", "html"))]


def ensure_index(root: Path, n: int, model: str | None, seed: int = SEED) -> list[Item]:
    docs, index = root / "docs", root / "index"
    if not (index / "facts.sqlite").exists():
        items = truth(seed, n, docs)
        from ingest.pipeline import ingest_paths
        from reportqa.app import build_index
        from reportqa.settings import Settings

        settings = Settings(**({"embedding_model": model} if model else {}))
        t0 = time.perf_counter()
        with build_index(settings, index_dir=index) as ix:
            ingest_paths([docs], ix, progress=sys.stderr.isatty())
        print(
            f"ingested {n} reports into {index} in {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
        )
        return items
    return truth(seed, n, None)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def summary(ms: list[float]) -> dict[str, Any]:
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="问答延迟与内存基准")
    p.add_argument("--dir", type=Path, default=ROOT / "data" / "bench200")
    p.add_argument("--n", type=int, default=200, help="生成的报告份数")
    p.add_argument("--seed", type=int, default=SEED, help="生成语料的随机种子")
    p.add_argument("--model", default=None, help="嵌入模型（默认 all-MiniLM-L6-v2）")
    p.add_argument("--repeat", type=int, default=1, help="每个问题计时的次数")
    p.add_argument("--out", type=Path, default=OUT / "ask.json")
    args = p.parse_args(argv)
    items = ensure_index(args.dir, args.n, args.model, args.seed)
    questions = build_questions(args.seed, items, "bench", absent_bodies=[])
    from reportqa.app import build_assistant
    from reportqa.settings import Settings

    t0 = time.perf_counter()
    settings = Settings(**({"embedding_model": args.model} if args.model else {}))
    assistant = build_assistant(settings, index_dir=args.dir / "index")
    assistant.warm_up()
    warm_s = time.perf_counter() - t0
    rss_warm = rss_mb()

    timings: dict[str, list[float]] = {"figure": [], "narrative": []}
    by_kind: dict[str, list[float]] = {}
    correct = {"figure": 0, "narrative": 0}
    for rep in range(args.repeat):
        for item in questions:
            cls = "narrative" if item["kind"] == "narrative" else "figure"
            t = time.perf_counter()
            answer = assistant.ask(item["q"], item["history"])
            ms = (time.perf_counter() - t) * 1000
            timings[cls].append(ms)
            by_kind.setdefault(item["kind"], []).append(ms)
            if rep == 0:
                correct[cls] += judge(item, answer.model_dump())[0] == "correct"

    # Python allocations while answering (tracemalloc slows the run: a separate pass)
    tracemalloc.start()
    for item in questions[:: max(1, len(questions) // 60)]:
        assistant.ask(item["q"], item["history"])
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    result = {
        "reports": len(items),
        "index": str(args.dir / "index"),
        "embedding_model": assistant.index.embedder.model_id if assistant.index.embedder else None,
        "cpus": os.cpu_count(),
        "embedding_threads": settings.embedding_threads or "torch default",
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "warm_up_s": round(warm_s, 2),
        "figure": {
            **summary(timings["figure"]),
            "correct": correct["figure"],
            "target_p95_ms": 100,
        },
        "narrative": {
            **summary(timings["narrative"]),
            "correct": correct["narrative"],
            "target_p95_ms": 300,
        },
        "by_kind": {k: summary(v) for k, v in sorted(by_kind.items())},
        "peak_rss_mb": round(rss_mb(), 1),
        "rss_after_warm_up_mb": round(rss_warm, 1),
        "tracemalloc_peak_while_answering_mb": round(traced_peak / 2**20, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"{result['reports']} reports, model {result['embedding_model']}, {result['cpus']} CPUs, load {result['load_average']}"
    )
    print(f"{'':10}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'target':>9}{'correct':>9}")
    for cls in ("figure", "narrative"):
        r = result[cls]
        print(
            f"{cls:<10}{r['n']:>5}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['target_p95_ms']:>9}{r['correct']:>9}"
        )
    kinds = ", ".join(f"{k} {v['p95_ms']}" for k, v in result["by_kind"].items())
    print(f"p95 ms by kind: {kinds}")
    print(
        f"warm-up {result['warm_up_s']} s; peak RSS {result['peak_rss_mb']} MB "
        f"(after warm-up {result['rss_after_warm_up_mb']} MB); "
        f"Python allocations while answering, peak {result['tracemalloc_peak_while_answering_mb']} MB"
    )
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
