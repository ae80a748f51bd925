"""Ingest throughput: reports/s and facts/s with and without embedding, and peak memory, on
generated reports (generator: look-alike bodies over three years, txt/docx/html).

    python benchmarks/ingest.py [--reports 200] [--seed 7] [--out benchmarks/out/ingest.json]

Each ingest runs in a fresh process so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN = """
import json, resource, sys, time
from pathlib import Path
from ingest.pipeline import ingest_paths
from reportqa.app import build_index
from reportqa.settings import Settings
corpus, index_dir, embed = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
t0 = time.perf_counter()
with build_index(Settings(), embed=embed, index_dir=index_dir) as index:
    if embed:
        index.embedder.embed_query("预热")  # model load is reported apart from throughput
    t1 = time.perf_counter()
    summary = ingest_paths([corpus], index, progress=False)
    t2 = time.perf_counter()
print(json.dumps({
    "reports": summary.reports, "failed": len(summary.failed), "facts": summary.facts,
    "chunks": summary.chunks, "startup_s": t1 - t0, "ingest_s": t2 - t1,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run(corpus: Path, index_dir: Path, embed: bool) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(corpus), str(index_dir), "1" if embed else "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["reports_per_s"] = r["reports"] / r["ingest_s"]
    r["facts_per_s"] = r["facts"] / r["ingest_s"]
    r["disk_mb"] = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20
    return r


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "ingest.json")
    args = ap.parse_args()
    from generator import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        t = time.perf_counter()
        made = make_corpus(args.seed, args.reports, corpus, ("txt", "docx", "html"))
        print(f"generated {len(made)} reports in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        results = {
            "without_embedding": run(corpus, Path(tmp) / "ix-facts", embed=False),
            "with_embedding": run(corpus, Path(tmp) / "ix-full", embed=True),
        }
    results["reports_generated"] = len(made)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(
        f"{'':20} {'reports/s':>10} {'facts/s':>10} {'ingest s':>9} {'peak MB':>8} {'disk MB':>8}"
    )
    for name in ("without_embedding", "with_embedding"):
        r = results[name]
        print(
            f"{name:20} {r['reports_per_s']:10.2f} {r['facts_per_s']:10.0f} {r['ingest_s']:9.1f}"
            f" {r['peak_rss_mb']:8.0f} {r['disk_mb']:8.1f}"
        )
    print(
        f"({results['with_embedding']['reports']} reports, {results['with_embedding']['facts']} facts, "
        f"{results['with_embedding']['chunks']} chunks; failed: {results['with_embedding']['failed']})"
    )


if __name__ == "__main__":
    main()
