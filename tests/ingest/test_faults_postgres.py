"""The kill -9 fault test (tests/ingest/test_faults.py) against the PostgreSQL facts store: the
same corpus, the same kinds of rounds and the same checks after every kill, with the facts,
checks, chunks and lexical index in a database of a real PostgreSQL server (one database per
round; a "changed" round starts from a copy of the old corpus's database, CREATE DATABASE …
TEMPLATE) and the vectors in the round's directory. A killed writer's transaction is rolled back
by the server and its advisory lock released with its connection, so the rerun starts at once.

The random rounds are fewer than SQLite's (8 kills, not 12): the deterministic rounds already
cover every window between two commits."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.chain import Assistant
from generator import make_corpus
from ingest.pipeline import KILL_AFTER_UPSERTS_ENV, file_report_id, ingest_paths
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder
from tests.conftest import ROOT, snapshot
from tests.ingest.test_faults import (
    CHANGED,
    CLI_TIMEOUT,
    CORPUS_SEED,
    KILL_AFTER_COMMITS_ENV,
    KILL_SEED,
    QUESTIONS,
    VECTOR_QUERIES,
    Version,
    _answers_like,
    _records,
    _rewrite,
    _versions,
)
from tests.pgserver import PostgresServer

pytestmark = pytest.mark.slow

RANDOM_KILLS = 8
KILL_AFTER_COMMITS_CLI = f"""
import atexit, contextlib, os, signal, sys
from reportqa.index.postgres import PostgresFactsDB
after = int(os.environ.get({KILL_AFTER_COMMITS_ENV!r}) or 0)
done = 0
original = PostgresFactsDB.writing
@contextlib.contextmanager
def writing(self):
    global done
    held = getattr(self._local, "conn", None) is not None
    with original(self) as conn:
        yield conn
    if held:
        return  # nested: not a commit
    done += 1
    if done == after:
        os.kill(os.getpid(), signal.SIGKILL)
PostgresFactsDB.writing = writing
atexit.register(lambda: print(f"COMMITS {{done}}", file=sys.stderr))
from reportqa.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class World:
    server: PostgresServer
    tmp: Path
    corpus: Path
    order: list[Path]
    old: dict[Path, Version]
    new: dict[Path, Version]
    old_index: Path
    clean: dict
    fresh_s: float
    startup_s: float
    changed_s: float
    made: int = 0

    def url(self, index_dir: Path) -> str:
        return self.server.url(_dbname(index_dir))

    def new_dir(self, kind: str) -> Path:
        self.made += 1
        return self.tmp / f"{kind}-{self.made}"

    @property
    def changed(self) -> list[Path]:
        return [p for p in self.order if self.old[p] != self.new[p]]

    def start(self, mode: str) -> Path:
        d = self.new_dir(mode)
        if mode == "changed":
            shutil.copytree(self.old_index, d)
            self.server.create_database(_dbname(d), template=_dbname(self.old_index))
        else:
            self.server.create_database(_dbname(d))
        return d


def _dbname(index_dir: Path) -> str:
    return "f_" + index_dir.name.replace("-", "_")


def _start(server: PostgresServer, index_dir: Path, corpus: Path, env=None, code: str = ""):
    import os

    head = ["-c", code] if code else ["-m", "reportqa.cli"]
    base = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    return subprocess.Popen(
        [sys.executable, *head, "ingest", str(corpus), "--index", str(index_dir)],
        cwd=ROOT,
        env={
            **base,
            "REPORTQA_EMBEDDING_MODEL": "hash",
            "REPORTQA_DATABASE_URL": server.url(_dbname(index_dir)),
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=CLI_TIMEOUT)
    if proc.returncode == 0:
        assert "导入完成" in out and "现有 8 份报告" in out, out
        return "finished"
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, out, err)
    return "killed"


def _open(world: World, index_dir: Path, create: bool = True) -> Index:
    return Index(index_dir, HashEmbedder(), database_url=world.url(index_dir), create=create)


def _check_killed(world: World, index_dir: Path, mode: str) -> str:
    """As in test_faults: the vectors are looked at in a copy of the directory (Chroma caches
    its clients by path); the database is read where it is (reading changes nothing)."""
    look = world.new_dir("look")
    if index_dir.exists():
        shutil.copytree(index_dir, look)
    with Index(look, HashEmbedder(), database_url=world.url(index_dir)) as ix:
        rows = {Path(r.report.path): r for r in ix.facts.list_reports()}
        held: dict[Path, Version] = {}
        flagged = []
        for path, row in rows.items():
            versions = (
                [world.new[path], world.old[path]] if mode == "changed" else [world.new[path]]
            )
            version = next((v for v in versions if v.sha256 == row.report.sha256), None)
            assert version is not None, f"{path.name}: its sha256 is of no version of the file"
            if not row.complete:
                flagged.append(path)
                assert version is world.old[path], f"{path.name}: flagged, yet the new version"
            assert _records(ix, row.report.report_id) == (version.facts, version.chunks)
            assert (row.n_facts, row.n_chunks) == (len(version.facts), len(version.chunks))
            held[path] = version
        if mode == "fresh":
            assert set(rows) == set(world.order[: len(rows)]), [p.name for p in rows]
            assert flagged == []
        else:
            assert set(rows) == set(world.order)
            done = [p for p in world.changed if held[p] is world.new[p]]
            assert done == world.changed[: len(done)], [p.name for p in done]
            assert flagged == [], flagged
        assistant = Assistant(ix)
        for path, version in held.items():
            _answers_like(assistant, path, version.truth)
        for path in set(world.order) - set(held):
            truth = world.new[path].truth
            a = assistant.ask(f"{truth.body_canonical}{truth.year}年{QUESTIONS[0][1]}")
            assert not a.found, a.answer
        complete = {r.report.report_id for r in rows.values() if r.complete}
        for q in VECTOR_QUERIES:
            assert {h.metadata["report_id"] for h in ix.vector_search(q, k=60)} <= complete, q
    shutil.rmtree(look)
    if mode == "fresh":
        return f"{len(rows)}/8 committed"
    return f"{len(done)}/{len(world.changed)} changed files redone, flagged {[p.name for p in flagged]}"


def _rerun_in_process(world: World, index_dir: Path) -> None:
    with _open(world, index_dir) as ix:
        summary = ingest_paths([world.corpus], ix, progress=False)
    assert summary.ok, summary.failed


def _check_recovered(world: World, index_dir: Path) -> None:
    with _open(world, index_dir) as ix:
        got = snapshot(ix)
    assert len(got["vectors"]) == len(set(got["vectors"]))
    assert got == world.clean


def _committed(world: World, index_dir: Path) -> int:
    import psycopg

    try:
        with psycopg.connect(world.url(index_dir), connect_timeout=2) as conn:
            return conn.execute("SELECT count(*) FROM reports WHERE complete = 1").fetchone()[0]
    except psycopg.Error:
        return 0


@pytest.fixture(scope="module")
def world(tmp_path_factory, postgres_server) -> World:
    tmp = tmp_path_factory.mktemp("faults-pg")
    corpus = tmp / "corpus"
    made = make_corpus(CORPUS_SEED, 8, corpus, ("txt", "docx", "html"), years=(2023, 2024))
    w = World(postgres_server, tmp, corpus, [], {}, {}, tmp / "old-index", {}, 0, 0, 0)

    postgres_server.create_database(_dbname(w.old_index))
    assert _finish(_start(postgres_server, w.old_index, corpus)) == "finished"
    shutil.copytree(w.old_index, tmp / "old-read")
    with Index(tmp / "old-read", HashEmbedder(), database_url=w.url(w.old_index)) as ix:
        w.old = _versions(ix, made)
    for i in CHANGED:
        path, truth = made[i]
        made[i] = (path, _rewrite(path, truth, i))

    clean_dir = tmp / "clean"
    postgres_server.create_database(_dbname(clean_dir))
    t0 = time.monotonic()
    proc = _start(postgres_server, clean_dir, corpus)
    first = None
    while proc.poll() is None:
        if first is None and _committed(w, clean_dir) >= 1:
            first = time.monotonic() - t0
        time.sleep(0.02)
    assert _finish(proc) == "finished" and first is not None
    w.fresh_s, w.startup_s = time.monotonic() - t0, first
    with _open(w, clean_dir) as ix:
        w.new = _versions(ix, made)
        w.clean = snapshot(ix)
    w.order = sorted(w.new)
    changed = sorted(made[i][0].resolve() for i in CHANGED)
    assert [p for p in w.order if w.old[p] != w.new[p]] == changed

    d = w.start("changed")
    t0 = time.monotonic()
    assert _finish(_start(postgres_server, d, corpus)) == "finished"
    w.changed_s = time.monotonic() - t0
    with _open(w, d) as ix:
        assert snapshot(ix) == w.clean
    print(f"clean {w.fresh_s:.2f}s (first commit {w.startup_s:.2f}s); changed {w.changed_s:.2f}s")
    return w


def test_the_clean_postgres_index_is_the_sqlite_index(world, tmp_path):
    """What a clean ingest stores is the same on both backends (ids, values, checks, lexical
    tokens); only the vector ids are compared elsewhere."""
    with Index(tmp_path / "sqlite", HashEmbedder()) as ix:
        assert ingest_paths([world.corpus], ix, progress=False).ok
        lite = snapshot(ix)
    assert lite == world.clean


def test_sigkill_at_random_times_then_rerun_equals_a_clean_ingest(world: World) -> None:
    rng = random.Random(KILL_SEED)
    kills = rnd = 0
    while kills < RANDOM_KILLS:
        mode = ("fresh", "changed")[rnd % 2]
        d = world.start(mode)
        end = world.fresh_s if mode == "fresh" else world.changed_s
        for again in range(rng.choice((1, 1, 2))):
            if rng.random() < 1 / 3:
                at = rng.uniform(0.05, world.startup_s)
            else:
                at = rng.uniform(world.startup_s, end)
            print(f"round {rnd} ({mode}) kill {again}: at {at:.2f}s ...", end=" ")
            proc = _start(world.server, d, world.corpus)
            try:
                proc.wait(timeout=at)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
            print(f"{_finish(proc)}; {_check_killed(world, d, mode)}")
            kills += 1
        assert _finish(_start(world.server, d, world.corpus)) == "finished"
        _check_recovered(world, d)
        rnd += 1


def test_sigkill_after_a_vector_upsert_then_rerun_equals_a_clean_ingest(world: World) -> None:
    for mode, k in (("fresh", 5), ("changed", 1), ("changed", 3)):
        d = world.start(mode)
        env = {KILL_AFTER_UPSERTS_ENV: str(k)}
        assert _finish(_start(world.server, d, world.corpus, env)) == "killed"
        state = _check_killed(world, d, mode)
        print(f"{mode}: killed after upsert {k}: {state}")
        if mode == "fresh":
            assert state == f"{k - 1}/8 committed"
            with _open(world, d, create=False) as ix:
                assert ix.vectors.ids_for_report(file_report_id(world.order[k - 1]))
        else:
            assert state == f"{k - 1}/3 changed files redone, flagged []"
        _rerun_in_process(world, d)
        _check_recovered(world, d)


def test_sigkill_after_each_committed_transaction_then_rerun_equals_a_clean_ingest(
    world: World,
) -> None:
    d = world.start("changed")
    proc = _start(world.server, d, world.corpus, {}, KILL_AFTER_COMMITS_CLI)
    out, err = proc.communicate(timeout=CLI_TIMEOUT)
    assert "导入完成" in out, err
    total = int(err.rsplit("COMMITS ", 1)[1])
    assert total >= 2 * len(world.changed)
    for k in range(1, total + 1):
        d = world.start("changed")
        env = {KILL_AFTER_COMMITS_ENV: str(k)}
        assert (
            _finish(_start(world.server, d, world.corpus, env, KILL_AFTER_COMMITS_CLI)) == "killed"
        )
        print(f"killed after commit {k}/{total}: {_check_killed(world, d, 'changed')}")
        _rerun_in_process(world, d)
        _check_recovered(world, d)
