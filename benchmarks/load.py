"""Load test of POST /api/ask: N concurrent clients for S seconds on loopback.

    python benchmarks/load.py                      # 20 clients, 30 s, a server of its own
    python benchmarks/load.py --clients 50 --seconds 60
    python benchmarks/load.py --url http://127.0.0.1:7860   # a server already running

Without --url it starts ``reportqa serve`` on 127.0.0.1 (a free port) over --index, or over a
temporary index of corpus/ built first, with the rate limit off (every client is 127.0.0.1), and
stops it at the end. The embedding model is the one REPORTQA_EMBEDDING_MODEL names (default: the
packaged all-MiniLM-L6-v2). Each client asks the questions below in turn, one at a time; a
request is an error unless it answers 200 with an Answer. The run is bounded: clients stop at the
deadline, a request times out after --timeout seconds, and the server is stopped in any case.

Prints throughput and latency percentiles; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# (question, history): figure, check, narrative, refusal and follow-up questions
QUESTIONS = [
    ("淮安市2024年收到多少政府信息公开申请？", []),
    ("永吉街道2024年收到多少政府信息公开申请？", []),
    ("淮安市政府2024年的数据一致吗？", []),
    ("淮安市2024年政府信息公开行政复议有多少件？", []),
    ("永吉街道2024年存在哪些问题？", []),
    ("北京市2023年收到多少申请？", []),
    ("那行政诉讼呢？", ["淮安市2024年政府信息公开行政复议有多少件？"]),
    ("主动公开了多少条？", ["永吉街道2024年收到多少政府信息公开申请？"]),
]
_READY = re.compile(r"http://[^\s/]+:\d+/")


def start_server(index: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportqa.cli", "serve", "--index", str(index), "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 300
    assert proc.stdout is not None
    for line in proc.stdout:
        m = _READY.search(line)
        if m:
            # keep draining the server's output so that it never blocks on a full pipe
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, m.group(0).rstrip("/")
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("the server did not start")


@contextlib.contextmanager
def serving(index: Path, env: dict[str, str]):
    """``reportqa serve`` over ``index`` on loopback for the ``with`` block: (process, url)."""
    proc, url = start_server(index, env)
    try:
        yield proc, url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def build_index(index: Path, env: dict[str, str]) -> None:
    print(f"building an index of corpus/ in {index} …", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reportqa.cli",
            "ingest",
            str(ROOT / "corpus"),
            "--index",
            str(index),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def client_loop(
    url: str, deadline: float, offset: int, timeout: float
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    i = offset
    with httpx.Client(base_url=url, timeout=timeout) as client:
        while time.monotonic() < deadline:
            question, history = QUESTIONS[i % len(QUESTIONS)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = client.post("/api/ask", json={"question": question, "history": history})
                ok = r.status_code == 200 and "answer" in r.json()
                why = f"{r.status_code} {r.text[:120]}"
            except (httpx.HTTPError, ValueError) as e:
                ok, why = False, f"{type(e).__name__}: {e}"
            elapsed = time.perf_counter() - t0
            if ok:
                latencies.append(elapsed)
            else:
                errors.append(why)
    return latencies, errors


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def server_memory(pid: int) -> str:
    """The server's resident memory now and at its peak (Linux /proc), for the report."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return f"server memory: {fields['VmRSS']:.0f} MB resident, peak {fields['VmHWM']:.0f} MB"


def run(url: str, clients: int, seconds: float, timeout: float, pid: int | None = None) -> int:
    with httpx.Client(base_url=url, timeout=timeout) as c:  # warm: one request before timing
        c.post("/api/ask", json={"question": QUESTIONS[0][0]}).raise_for_status()
    start = time.monotonic()
    deadline = start + seconds
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda k: client_loop(url, deadline, k, timeout), range(clients)))
    wall = time.monotonic() - start
    latencies = [x for lat, _ in results for x in lat]
    errors = [e for _, errs in results for e in errs]
    total = len(latencies) + len(errors)
    print(f"clients {clients}, {wall:.1f} s, {total} requests, {len(errors)} errors")
    print(f"throughput {len(latencies) / wall:.1f} answers/s")
    if latencies:
        print(
            "latency ms: "
            + ", ".join(f"p{p} {percentile(latencies, p) * 1000:.0f}" for p in (50, 95, 99))
            + f", mean {statistics.fmean(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f}"
        )
    if pid is not None:
        print(server_memory(pid))
    for e in errors[:5]:
        print("error:", e)
    return 1 if errors or not latencies else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server (default: start one)")
    ap.add_argument("--index", type=Path, help="index to serve (default: build one of corpus/)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--timeout", type=float, default=30.0, help="per request, in seconds")
    args = ap.parse_args(argv)
    if args.url:
        return run(args.url.rstrip("/"), args.clients, args.seconds, args.timeout)
    env = {**os.environ, "REPORTQA_RATE_LIMIT_PER_MINUTE": "0", "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory(prefix="reportqa-load-") as tmp:
        index = args.index
        if index is None:
            index = Path(tmp) / "index"
            build_index(index, env)
        with serving(index, env) as (proc, url):
            print(
                f"server {url} (index {index}, model {env.get('REPORTQA_EMBEDDING_MODEL', 'default')})"
            )
            return run(url, args.clients, args.seconds, args.timeout, proc.pid)


if __name__ == "__main__":
    sys.exit(main())
