"""How well questions written the way people talk are understood, per set and part:

    python benchmarks/understanding.py                  # hash embeddings (figures do not need them)
    python benchmarks/understanding.py --model all-MiniLM-L6-v2

For each set (evaluation/questions/talk.jsonl, both the part tuned on and the part kept aside,
and the template set sample.jsonl) it counts the answers that are correct, wrongly refused,
confidently wrong (a figure, a body or a verdict that is not the right one), made up (an answer
or a number where the corpus has none) and otherwise wrong (a refusal that does not name what it
should), and times the parse and the whole answer of every question. Confidently wrong and made
up must be 0.

Writes benchmarks/out/understanding.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation import QUESTIONS_DIR  # noqa: E402
from evaluation.score import ask_all, load_questions, score  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
COLUMNS = ("n", "correct", "wrongly_refused", "confident_wrong", "made_up", "other")


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="hash", help="embedding model (default: hash)")
    ap.add_argument("--out", type=Path, default=OUT / "understanding.json")
    args = ap.parse_args(argv)

    from assistant.chain import Assistant
    from evaluation.corpora import write_corpus
    from ingest.pipeline import ingest_paths
    from reportqa.app import build_embedder
    from reportqa.index import Index
    from reportqa.settings import Settings

    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        docs = write_corpus("talk", Path(tmp))
        embedder = build_embedder(Settings(embedding_model=args.model))
        with Index(Path(tmp) / "index", embedder) as index:
            ingest_paths([docs], index, progress=False)
            assistant = Assistant(index)
            assistant.warm_up()
            sets = {
                "talk": load_questions(QUESTIONS_DIR / "talk.jsonl"),
                "sample": load_questions(QUESTIONS_DIR / "sample.jsonl"),
            }
            parse_ms: list[float] = []
            parser = assistant.parser()
            for item in sets["talk"]:
                t0 = time.perf_counter()
                parser.parse(item["q"], list(item.get("history") or []))
                parse_ms.append((time.perf_counter() - t0) * 1000)
            for name, questions in sets.items():
                answer_ms: list[float] = []
                run = ask_all(assistant, questions)
                answer_ms.append(run.seconds * 1000 / max(1, len(questions)))
                rep = score(questions, run)
                parts = rep["by_split"] if name == "talk" else {"all": rep}
                for split, v in parts.items():
                    rows[f"{name}/{split}"] = {c: v[c] for c in COLUMNS} | {
                        "accuracy": round(v["accuracy"], 4)
                    }
                rows[f"{name}/mean answer ms"] = {"ms": round(statistics.mean(answer_ms), 2)}
    result = {
        "model": args.model,
        "sets": rows,
        "parse_ms": {
            "p50": round(percentile(parse_ms, 50), 2),
            "p95": round(percentile(parse_ms, 95), 2),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{'set':<16}" + "".join(f"{c:>17}" for c in COLUMNS) + f"{'accuracy':>10}")
    for name, v in rows.items():
        if "n" in v:
            print(
                f"{name:<16}" + "".join(f"{v[c]:>17}" for c in COLUMNS) + f"{v['accuracy']:>10.1%}"
            )
    print(f"parse p50 {result['parse_ms']['p50']} ms, p95 {result['parse_ms']['p95']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
