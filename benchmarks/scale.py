"""How the product grows with the corpus: generated corpora of 100, 500 and 2,000 reports.

    python benchmarks/scale.py                          # 100, 500 and 2000 reports
    python benchmarks/scale.py --sizes 100 500 --questions 120
    python benchmarks/scale.py --keep data/scale        # keep corpora and indexes there
    python benchmarks/scale.py --keep data/scale --questions-only   # ask again over them
    python benchmarks/scale.py --backends sqlite postgres --sizes 100 10000 --no-embed
                                                        # both facts stores; figures only

``--backends postgres`` puts the facts database on PostgreSQL: a server started for the run
(Debian's postgresql, as the tests start it) unless ``--database-url`` names one (a database per
size is created there); its size on disk is ``pg_database_size``. ``--no-embed`` ingests without
vectors (``reportqa ingest --no-embed``) and asks figure questions only.

For each size, in fresh processes:
- generate the corpus (generator, txt/docx/html, look-alike bodies over several years);
- ingest it with the configured embedding model (default: the packaged all-MiniLM-L6-v2):
  time, reports/s, peak memory of the ingest process, index size on disk (facts.sqlite, the
  embedded Chroma directory);
- start ``reportqa serve`` on 127.0.0.1 and ask one question at a time over HTTP (/api/ask):
  the same number of questions of each kind at every size, drawn with a fixed seed from the
  generator's truth (evaluation.build), so the run also counts correct answers; latency p50/p95
  for figure questions (answered from facts) and narrative ones (retrieval and quoting);
- the same questions once more: p95 with the index in the file cache (the first pass includes
  reads from disk, which grow with the index);
- the server's memory after the questions (VmRSS) and its peak (VmHWM).

Writes benchmarks/out/scale.json (after every size, so a long run can be read while it goes on)
and prints a table. The question mix is the issue's target: p95 at the largest size within twice
its value at the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import run as run_ingest  # noqa: E402
from benchmarks.load import percentile, serving  # noqa: E402
from evaluation.build import Item, build_questions  # noqa: E402
from evaluation.judge import judge  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
# kinds answered from the facts database, and the one answered by retrieval
FIGURE_KINDS = ("figure", "fact", "followup", "trend", "diff", "check")
NARRATIVE_KINDS = ("narrative",)


def sample(questions: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` questions drawn with ``seed``: half narrative, half split evenly over the kinds a
    fact answers."""
    rng = random.Random(seed)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        by_kind.setdefault(q["kind"], []).append(q)
    quota = {kind: (n - n // 2) // len(FIGURE_KINDS) for kind in FIGURE_KINDS}
    quota |= {kind: n // 2 // len(NARRATIVE_KINDS) for kind in NARRATIVE_KINDS}
    picked = []
    for kind, k in quota.items():
        pool = by_kind.get(kind, [])
        picked += rng.sample(pool, min(k, len(pool)))
    rng.shuffle(picked)
    return picked


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in KiB (Linux /proc)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def ask_all(url: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    timings: dict[str, list[float]] = {"figure": [], "narrative": []}
    correct = {"figure": 0, "narrative": 0}
    errors = 0
    with httpx.Client(base_url=url, timeout=60) as client:
        client.post("/api/ask", json={"question": "预热"}).raise_for_status()
        for q in questions:
            cls = "narrative" if q["kind"] in NARRATIVE_KINDS else "figure"
            t = time.perf_counter()
            r = client.post("/api/ask", json={"question": q["q"], "history": q["history"]})
            ms = (time.perf_counter() - t) * 1000
            if r.status_code != 200:
                errors += 1
                continue
            timings[cls].append(ms)
            correct[cls] += judge(q, r.json())[0] == "correct"
    return {
        cls: {
            "n": len(ms),
            "correct": correct[cls],
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None,
        }
        for cls, ms in timings.items()
    } | {"errors": errors}


def generate(size: int, docs: Path, seed: int) -> tuple[list[Any], float]:
    """The corpus of ``size`` reports in ``docs`` (one for every backend) and its seconds."""
    from generator import make_corpus

    t = time.perf_counter()
    made = make_corpus(seed, size, docs, ("txt", "docx", "html"))
    return made, time.perf_counter() - t


def build(
    size: int,
    work: Path,
    made: list[Any],
    generated_s: float,
    embed: bool = True,
    database_url: str | None = None,
) -> tuple[list[Item], dict[str, Any]]:
    """Ingest the generated corpus (in ``work/../docs``) into ``work/index`` (the facts in
    ``database_url`` when given)."""
    docs, index = work.parent / "docs", work / "index"
    print(f"[{size}] generated {len(made)} reports in {generated_s:.0f} s", file=sys.stderr)

    if database_url:
        os.environ["REPORTQA_DATABASE_URL"] = database_url  # the ingest process's settings
    try:
        ingest = run_ingest(docs, index, embed=embed)
    finally:
        os.environ.pop("REPORTQA_DATABASE_URL", None)
    print(
        f"[{size}] ingested in {ingest['ingest_s']:.0f} s "
        f"({ingest['reports_per_s']:.2f} reports/s, {ingest['failed']} failed)",
        file=sys.stderr,
    )
    disk = {
        "facts_sqlite_mb": sum(p.stat().st_size for p in index.glob("facts.sqlite*")) / 2**20,
        "chroma_mb": sum(p.stat().st_size for p in (index / "chroma").rglob("*") if p.is_file())
        / 2**20,
    }
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as conn:
            (size_b,) = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        disk["postgres_mb"] = size_b / 2**20
    built = {
        "backend": "postgres" if database_url else "sqlite",
        "reports": size,
        "generated_s": round(generated_s, 1),
        "ingest": {k: round(v, 3) if isinstance(v, float) else v for k, v in ingest.items()},
        "disk_mb": {k: round(v, 1) for k, v in disk.items()},
    }
    return [Item(p, r) for p, r in made], built


def truth_of(size: int, work: Path, seed: int) -> list[Item]:
    """The truth of a corpus built earlier in ``work`` (the same seed makes the same reports)."""
    from generator import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        made = make_corpus(seed, size, Path(tmp), ("txt", "docx", "html"))
    return [Item(work.parent / "docs" / p.name, r) for p, r in made]


def ask_over(
    size: int,
    work: Path,
    items: list[Item],
    seed: int,
    n_questions: int,
    env: dict[str, str],
    figures_only: bool = False,
) -> dict[str, Any]:
    """Serve ``work/index`` and ask the sampled questions: latency, answers, server memory."""
    questions = sample(build_questions(seed, items, "scale", absent_bodies=[]), n_questions, seed)
    if figures_only:
        questions = [q for q in questions if q["kind"] not in NARRATIVE_KINDS]
    with serving(work / "index", env) as (proc, url):
        asked = ask_all(url, questions)
        # the same questions again: the index's pages are now in the file cache, as on a server
        # that has been answering a while (the first pass includes reads from disk)
        warm = ask_all(url, questions)
        mem = memory_kb(proc.pid)
    print(
        f"[{size}] figure p95 {asked['figure']['p95_ms']} ms, "
        f"narrative p95 {asked['narrative']['p95_ms']} ms",
        file=sys.stderr,
    )
    return {
        "questions": asked,
        "questions_warm": warm,
        "serve_rss_mb": round(mem["VmRSS"] / 1024, 1),
        "serve_peak_rss_mb": round(mem["VmHWM"] / 1024, 1),
        "load_average": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--questions", type=int, default=240, help="questions asked at each size")
    ap.add_argument("--keep", type=Path, help="keep corpora and indexes under this folder")
    ap.add_argument(
        "--questions-only",
        action="store_true",
        help="with --keep: ask again over the indexes kept there (ingest figures from --out)",
    )
    ap.add_argument("--out", type=Path, default=OUT / "scale.json")
    ap.add_argument(
        "--backends",
        nargs="+",
        choices=("sqlite", "postgres"),
        default=["sqlite"],
        help="facts stores to measure, each over the same corpora",
    )
    ap.add_argument("--database-url", help="a PostgreSQL server to use (default: start one)")
    ap.add_argument("--no-embed", action="store_true", help="no vectors; figure questions only")
    args = ap.parse_args(argv)
    if args.questions_only and args.keep is None:
        ap.error("--questions-only needs --keep")

    env = {**os.environ, "REPORTQA_RATE_LIMIT_PER_MINUTE": "0", "PYTHONUNBUFFERED": "1"}
    result: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "embedding_model": env.get("REPORTQA_EMBEDDING_MODEL", "all-MiniLM-L6-v2 (default)"),
        "sizes": [],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    root = args.keep or Path(tempfile.mkdtemp(prefix="reportqa-scale-"))
    earlier_rows: list[dict[str, Any]] = []
    if args.questions_only:
        earlier_rows = json.loads(args.out.read_text())["sizes"]
    server = None
    try:
        if "postgres" in args.backends and not args.database_url:
            from tests.pgserver import PostgresServer

            server = PostgresServer.start()
            pg = server.__enter__()
        for size in args.sizes:
            made, generated_s = [], 0.0
            if not args.questions_only:
                if (root / f"n{size}").exists():
                    shutil.rmtree(root / f"n{size}")
                made, generated_s = generate(size, root / f"n{size}" / "docs", args.seed)
            for backend in args.backends:
                work = root / f"n{size}" / backend
                url = None
                if backend == "postgres":
                    name = f"scale_{size}_{int(time.time())}"
                    if server is not None:
                        url = pg.create_database(name)
                    else:
                        import psycopg

                        with psycopg.connect(args.database_url, autocommit=True) as conn:
                            conn.execute(f'CREATE DATABASE "{name}"')
                        url = args.database_url.rsplit("/", 1)[0] + "/" + name
                if args.questions_only:
                    row = next(  # noqa: B023
                        r
                        for r in earlier_rows
                        if r["reports"] == size and r.get("backend", "sqlite") == backend
                    )
                    items = truth_of(size, work, args.seed)
                else:
                    work.mkdir(parents=True)
                    items, row = build(size, work, made, generated_s, not args.no_embed, url)
                serve_env = env | ({"REPORTQA_DATABASE_URL": url} if url else {})
                row |= ask_over(
                    size, work, items, args.seed, args.questions, serve_env, args.no_embed
                )
                result["sizes"].append(row)
                args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        if server is not None:
            server.__exit__(None, None, None)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    print(
        f"{'backend':>8} {'reports':>7} {'ingest s':>9} {'rep/s':>6} {'ingest MB':>9} {'disk MB':>8} "
        f"{'fig p50':>7} {'fig p95':>7} {'warm p95':>8} {'nar p50':>7} {'nar p95':>7} "
        f"{'serve MB':>8} {'correct':>9}"
    )
    for r in result["sizes"]:
        q = r["questions"]
        n = q["figure"]["n"] + q["narrative"]["n"]
        ok = q["figure"]["correct"] + q["narrative"]["correct"]
        print(
            f"{r.get('backend', 'sqlite'):>8} {r['reports']:>7} {r['ingest']['ingest_s']:>9.0f} {r['ingest']['reports_per_s']:>6.2f} "
            f"{r['ingest']['peak_rss_mb']:>9.0f} {sum(r['disk_mb'].values()):>8.1f} "
            f"{q['figure']['p50_ms']!s:>7} {q['figure']['p95_ms']!s:>7} "
            f"{r.get('questions_warm', q)['figure']['p95_ms']!s:>8} "
            f"{q['narrative']['p50_ms']!s:>7} {q['narrative']['p95_ms']!s:>7} "
            f"{r['serve_rss_mb']:>8.0f} {ok:>4}/{n:<4}"
        )
    errors = sum(r["questions"]["errors"] for r in result["sizes"])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
