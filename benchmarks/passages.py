"""Passage retrieval for questions about the text, and how fast narrative answers are:

    python benchmarks/passages.py                               # recall on the narrative set
    python benchmarks/passages.py --latency /tmp/scale/n2000/index --n 200

Recall: for every question of evaluation/questions/narrative.jsonl that a passage answers, over
the corpus it was written for (the talk corpus and the real excerpts, hash embeddings), whether
the first passage found (recall@1), or one of the first three (recall@3), is in the right report
and section and holds one of the phrases the answer must quote; by part (tuned / kept aside).

Latency: narrative questions about random bodies and years of an existing index (e.g. the
2,000-report index benchmarks/scale.py keeps with --keep), answered by the whole chain; p50/p95.

Writes benchmarks/out/passages.json and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation import QUESTIONS_DIR  # noqa: E402
from evaluation.judge import body_matches  # noqa: E402
from evaluation.score import load_questions  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TEMPLATES = (
    "{b}{y}年存在哪些问题？",
    "{b}{y}年下一步打算怎么改进？",
    "{b}{y}年是怎么开展政务公开培训的？",
    "{b}{y}年在政府网站和政务新媒体方面做了什么？",
    "{b}{y}年怎么审核要公开的信息？",
)


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else 0.0


def _norm(s: str) -> str:
    from reportqa.format import to_simplified

    return to_simplified("".join(s.split()))


def _hit(passage, exp: dict) -> bool:
    first = passage.sentences[0]
    return (
        body_matches(first.chunk.body, exp["body"])
        and first.chunk.year == exp["year"]
        and first.section == exp["section"]
        and any(_norm(q) in _norm(passage.text) for q in exp["quote_any"])
    )


def recall(assistant) -> dict:
    from assistant.responders.common import Refusal, bodies_of
    from assistant.responders.narrative import _report_year, find_passages, keywords

    out: dict[str, dict] = {}
    for q in load_questions(QUESTIONS_DIR / "narrative.jsonl"):
        exp = q["expect"]
        if not exp["found"] or "quote_any" not in exp or q.get("history"):
            continue
        state = assistant._parse({"question": q["q"], "history": []})
        parsed, ctx = state["query"], state["context"]
        ranks: list[bool] = []
        try:
            bodies = bodies_of(parsed, ctx, allow_none=True)
            body = bodies[0] if bodies else None
            year = _report_year(parsed, ctx, body)[0] if body else None
            ranks = [
                _hit(p, exp) for p in find_passages(parsed, ctx, body, year, keywords(parsed, ctx))
            ]
        except Refusal:
            pass
        row = out.setdefault(q["split"], {"n": 0, "at1": 0, "at3": 0})
        row["n"] += 1
        row["at1"] += bool(ranks[:1] and ranks[0])
        row["at3"] += any(ranks[:3])
    for row in out.values():
        row["recall@1"] = round(row["at1"] / row["n"], 3)
        row["recall@3"] = round(row["at3"] / row["n"], 3)
    return out


def latency(index_dir: Path, n: int, seed: int) -> dict:
    from reportqa.app import build_assistant
    from reportqa.settings import Settings

    assistant = build_assistant(Settings(), index_dir=index_dir)
    assistant.warm_up()
    reports = [r for info in assistant.catalog.bodies.values() for r in info.reports.values()]
    rng = random.Random(seed)
    times, found = [], 0
    for _ in range(n):
        r = rng.choice(reports)
        q = rng.choice(TEMPLATES).format(b=r.body_printed, y=r.year)
        t = time.perf_counter()
        a = assistant.ask(q)
        times.append((time.perf_counter() - t) * 1000)
        found += a.found
    return {
        "reports": len(reports),
        "questions": n,
        "found": found,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=Path, help="index to time narrative answers on")
    ap.add_argument("--n", type=int, default=200, help="narrative questions to time")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=OUT / "passages.json")
    args = ap.parse_args(argv)

    from assistant.chain import Assistant
    from evaluation.corpora import write_corpus
    from ingest.pipeline import ingest_paths
    from reportqa.index import Index
    from reportqa.index.embedding import HashEmbedder

    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        docs = write_corpus("words", Path(tmp))
        with Index(Path(tmp) / "index", HashEmbedder()) as index:
            ingest_paths([docs], index, progress=False)
            result["recall"] = recall(Assistant(index))
    for split, row in sorted(result["recall"].items()):
        print(f"recall [{split}] n={row['n']}: @1 {row['recall@1']:.1%}  @3 {row['recall@3']:.1%}")
    if args.latency:
        result["latency"] = latency(args.latency, args.n, args.seed)
        lat = result["latency"]
        print(
            f"narrative latency over {lat['reports']} reports, {lat['questions']} questions: "
            f"p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, max {lat['max_ms']} ms "
            f"({lat['found']} answered)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
