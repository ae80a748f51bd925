"""Scripted faults on a real generated corpus. ``reportqa ingest`` (the real command and parser,
hash embeddings) is SIGKILLed at many points. After every kill the index must open; every report
it holds must be whole (exactly the facts and chunks of one version of its file) and must answer
figure questions with the generator's true numbers, cited from its file; a report it does not
hold must not be answered; vector search must return nothing of a report that is not committed
complete. Then a rerun must complete and leave exactly what a clean ingest leaves (same snapshot,
no duplicate vector ids).

The corpus: eight reports, four bodies, 2023 and 2024 (so C15 compares the years), txt, docx and
html; two 2024 reports sort before their 2023 one, so ingesting the 2023 report rewrites the 2024
report's C15 results. Two kinds of rounds:

* fresh: an empty index, killed (sometimes twice in a row: a crash during recovery) while it is
  first built. What is committed is a prefix of the ingest order, all of it new.
* changed: the index of the corpus as it first was, after three of its files were rewritten with
  other figures (so C15 of an unchanged neighbour year changes too), killed while it re-ingests
  them. Each report holds its old or its new version, never a mix; the new ones are a prefix of
  the changed files; none is flagged incomplete (reports are keyed by content: a new version is
  written under its own id, and the old one replaced in the same commit).

Kill points: random times from a seeded ``random.Random``, a third of them in the start-up (imports,
jieba, Chroma; measured as the time to the first committed report) and the rest among the reports;
and two deterministic hooks: after the k-th vector upsert (``REPORTQA_TEST_KILL_AFTER_UPSERTS``:
vectors written, rows not committed) and after the k-th committed facts-database transaction, for
every k of a re-ingest (every window between two SQLite commits). The times are the same for a
seed, but where they land depends on the machine's speed; every kill is printed, so a failure
names its round and time.
"""

from __future__ import annotations

import hashlib
import os
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
from generator import GeneratedReport, make_corpus, make_report, render_with_info
from ingest.pipeline import KILL_AFTER_UPSERTS_ENV, file_report_id, ingest_paths
from reportqa.format import TABLE3_BY_KEY
from reportqa.index import FACTS_FILE, Index
from reportqa.index.embedding import HashEmbedder
from reportqa.records import format_number
from tests.conftest import ROOT, count_reports, snapshot

pytestmark = pytest.mark.slow

CORPUS_SEED = 28  # 4 bodies x (2023, 2024), distinct non-zero figures, two 2024s sort first
KILL_SEED = 20240607
RANDOM_KILLS = 12
CHANGED = (2, 5, 6)  # corpus positions rewritten: two 2023 reports (their 2024 stays), one 2024
QUESTIONS = (  # (Table 3 row key, question after "{body}{year}年")
    ("new", "收到多少政府信息公开申请？"),
    ("total", "办结了多少件政府信息公开申请？"),
)
VECTOR_QUERIES = ("本年新收政府信息公开申请数量", "主动公开政府信息", "存在的主要问题及改进情况")
CLI_TIMEOUT = 180

# python -c KILL_AFTER_COMMITS_CLI ingest ...: the reportqa command, SIGKILLed right after its k-th
# committed facts-database transaction (k from the environment; 0: never). It prints how many it
# committed when it exits normally.
KILL_AFTER_COMMITS_ENV = "FAULTS_KILL_AFTER_COMMITS"
KILL_AFTER_COMMITS_CLI = f"""
import atexit, contextlib, os, signal, sys
from reportqa.index.factsdb import FactsDB
after = int(os.environ.get({KILL_AFTER_COMMITS_ENV!r}) or 0)
done = 0
original = FactsDB.writing
@contextlib.contextmanager
def writing(self):
    global done
    with original(self) as conn:
        yield conn
    done += 1
    if done == after:
        os.kill(os.getpid(), signal.SIGKILL)
FactsDB.writing = writing
atexit.register(lambda: print(f"COMMITS {{done}}", file=sys.stderr))
from reportqa.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass(frozen=True)
class Version:
    """One version of one file: its bytes, the generator's truth, and what a clean ingest of it
    stores."""

    sha256: str
    truth: GeneratedReport
    facts: frozenset
    chunks: frozenset


@dataclass
class World:
    tmp: Path
    corpus: Path
    order: list[Path]  # the ingest order (a folder is expanded sorted)
    old: dict[Path, Version]  # the corpus as first generated
    new: dict[Path, Version]  # after CHANGED were rewritten (the others: equal to old)
    old_index: Path  # a clean ingest of the old corpus; never opened by this process
    clean: dict  # snapshot of a clean ingest of the new corpus
    fresh_s: float  # a clean CLI ingest of the whole corpus, start-up included
    startup_s: float  # ... until its first report was committed
    changed_s: float  # a CLI re-ingest of the changed files over old_index
    made_dirs: int = 0

    def new_dir(self, kind: str) -> Path:
        self.made_dirs += 1
        return self.tmp / f"{kind}-{self.made_dirs}"

    @property
    def changed(self) -> list[Path]:
        return [p for p in self.order if self.old[p] != self.new[p]]

    def start(self, mode: str) -> Path:
        d = self.new_dir(mode)
        if mode == "changed":
            shutil.copytree(self.old_index, d)
        return d


# -- running the command ----------------------------------------------------------------------


def _start(index_dir: Path, corpus: Path, env: dict[str, str] | None = None, code: str = ""):
    head = ["-c", code] if code else ["-m", "reportqa.cli"]
    base = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    return subprocess.Popen(
        [sys.executable, *head, "ingest", str(corpus), "--index", str(index_dir)],
        cwd=ROOT,
        env={**base, "REPORTQA_EMBEDDING_MODEL": "hash", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen) -> str:
    """Wait for the command; it must succeed or have been SIGKILLed. Returns which."""
    out, err = proc.communicate(timeout=CLI_TIMEOUT)
    if proc.returncode == 0:
        assert "导入完成" in out and "现有 8 份报告" in out, out
        return "finished"
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, out, err)
    return "killed"


def _kill_at(world: World, index_dir: Path, at: float) -> str:
    proc = _start(index_dir, world.corpus)
    try:
        proc.wait(timeout=at)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return _finish(proc)


def _rerun(world: World, index_dir: Path) -> None:
    """The command, run to its end over what the kills left."""
    assert _finish(_start(index_dir, world.corpus)) == "finished"


def _rerun_in_process(world: World, index_dir: Path) -> None:
    with Index(index_dir, HashEmbedder()) as ix:
        summary = ingest_paths([world.corpus], ix, progress=False)
    assert summary.ok, summary.failed


# -- what a killed index must satisfy ---------------------------------------------------------


def _records(ix: Index, report_id: str) -> tuple[frozenset, frozenset]:
    facts = ix.facts.facts(report_id=report_id)
    chunks = ix.facts.chunks(report_id=report_id)
    return (
        frozenset((f.fact_id, f.body, f.value, f.raw) for f in facts),
        frozenset((c.chunk_id, c.text) for c in chunks),
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _answers_like(assistant: Assistant, path: Path, truth: GeneratedReport) -> None:
    """Figure questions about ``truth``'s body and year get its numbers, cited from ``path``."""
    for key, tail in QUESTIONS:
        label = TABLE3_BY_KEY[key].label
        question = f"{truth.body_canonical}{truth.year}年{tail}"
        a = assistant.ask(question)
        value, raw = truth.cells[("表3", label, "总计")], truth.raw[("表3", label, "总计")]
        assert value is not None, f"{path.name}: pick a corpus whose {label} total is printed"
        assert a.found and a.answer.startswith(f"{format_number(value)}件。"), (question, a.answer)
        c = a.citations[0]
        assert (c.source, c.year, c.quote) == (
            path.name,
            truth.year,
            f"表3“{label}”行“总计”列：{raw}",
        ), (question, a.answer)


def _check_killed(world: World, index_dir: Path, mode: str) -> str:
    """Open what a kill left and check it; returns a one-line summary.

    It opens a copy, so that the rerun meets exactly what the kill left (opening checkpoints the
    WAL, creates files) and so that this process never reopens a Chroma directory another process
    has written since (Chroma caches its clients by path)."""
    look = world.new_dir("look")
    if index_dir.exists():
        shutil.copytree(index_dir, look)
    with Index(look, HashEmbedder()) as ix:
        rows = {Path(r.report.path): r for r in ix.facts.list_reports()}
        held: dict[Path, Version] = {}
        flagged = []
        for path, row in rows.items():
            assert path in world.new, path
            versions = (
                [world.new[path], world.old[path]] if mode == "changed" else [world.new[path]]
            )
            version = next((v for v in versions if v.sha256 == row.report.sha256), None)
            assert version is not None, f"{path.name}: its sha256 is of no version of the file"
            if not row.complete:
                flagged.append(path)
                assert version is world.old[path], f"{path.name}: flagged, yet the new version"
            assert _records(ix, row.report.report_id) == (version.facts, version.chunks), (
                f"{path.name}: not exactly the facts and chunks of one version"
            )
            assert (row.n_facts, row.n_chunks) == (len(version.facts), len(version.chunks))
            held[path] = version

        if mode == "fresh":  # files are ingested in order, each committed whole or not at all
            assert set(rows) == set(world.order[: len(rows)]), [p.name for p in rows]
            assert flagged == []
        else:  # the changed files are redone in order; none is flagged (a new version has its
            # own id: the old one stays whole and complete until the commit that replaces it)
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
            assert path.name not in {c.source for c in a.citations}, a.answer

        complete = {r.report.report_id for r in rows.values() if r.complete}
        for q in VECTOR_QUERIES:  # nothing of an uncommitted or a flagged report
            assert {h.metadata["report_id"] for h in ix.vector_search(q, k=60)} <= complete, q
    shutil.rmtree(look)
    if mode == "fresh":
        return f"{len(rows)}/8 committed"
    return f"{len(done)}/{len(world.changed)} changed files redone, flagged {[p.name for p in flagged]}"


def _check_recovered(world: World, index_dir: Path) -> None:
    """The index after the rerun equals a clean ingest, without duplicate vector ids."""
    with Index(index_dir, HashEmbedder()) as ix:
        got = snapshot(ix)
    assert len(got["vectors"]) == len(set(got["vectors"]))
    assert got == world.clean


# -- the corpus and its clean ingests ---------------------------------------------------------


def _rewrite(path: Path, truth: GeneratedReport, i: int) -> GeneratedReport:
    """Other figures for the same body and year, rendered to the same file and format; the
    carry-over that C15 compares with the neighbour year differs too."""
    carry = "carried_out" if truth.year == 2023 else "carried_in"
    keys = [("表3", TABLE3_BY_KEY[k].label, "总计") for k in ("new", "total", carry)]
    for attempt in range(100):
        rng = random.Random(f"changed-{i}-{attempt}")
        other = make_report(
            rng,
            truth.body_printed,
            truth.body_canonical,
            truth.year,
            truth.table_format,
            info=truth.info,
        )
        if all(other.cells[k] not in (None, truth.cells[k]) for k in keys):
            break
    else:
        raise AssertionError(f"no other figures for {path.name}")
    info = render_with_info(other, path.suffix.lstrip("."), path, rng)
    return other.with_rendering(info)


def _versions(ix: Index, made: list[tuple[Path, GeneratedReport]]) -> dict[Path, Version]:
    out = {}
    for path, truth in made:
        path = path.resolve()
        facts, chunks = _records(ix, file_report_id(path))
        assert len(facts) > 100 and chunks, path.name
        out[path] = Version(_sha256(path), truth, facts, chunks)
    return out


def _timed_clean_ingest(corpus: Path, index_dir: Path) -> tuple[float, float]:
    """A clean CLI ingest: its duration, and when its first report was committed."""
    t0 = time.monotonic()
    proc = _start(index_dir, corpus)
    first = None
    while proc.poll() is None:
        if first is None and count_reports(index_dir / FACTS_FILE) >= 1:
            first = time.monotonic() - t0
        time.sleep(0.01)
    assert _finish(proc) == "finished"
    assert first is not None, "the first report's commit was never seen"
    return time.monotonic() - t0, first


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    tmp = tmp_path_factory.mktemp("faults")
    corpus = tmp / "corpus"
    made = make_corpus(CORPUS_SEED, 8, corpus, ("txt", "docx", "html"), years=(2023, 2024))
    assert sorted(p.suffix for p, _ in made) == [".docx"] * 3 + [".html"] * 2 + [".txt"] * 3
    assert {(t.body_canonical, t.year) for _, t in made} == {
        (b, y) for b in {t.body_canonical for _, t in made} for y in (2023, 2024)
    }

    old_index = tmp / "old-index"  # copied, never opened, by the "changed" rounds
    assert _finish(_start(old_index, corpus)) == "finished"
    shutil.copytree(old_index, tmp / "old-read")
    with Index(tmp / "old-read", HashEmbedder()) as ix:
        old = _versions(ix, made)

    for i in CHANGED:
        path, truth = made[i]
        made[i] = (path, _rewrite(path, truth, i))

    clean_dir = tmp / "clean"
    fresh_s, startup_s = _timed_clean_ingest(corpus, clean_dir)
    with Index(clean_dir, HashEmbedder()) as ix:
        new = _versions(ix, made)
        clean = snapshot(ix)
        checks = ix.facts.checks(failed_only=False)
    assert {c.check for c in checks if not c.passed} == {"C15"}  # the rewrites broke C15 only
    changed = sorted(made[i][0].resolve() for i in CHANGED)
    assert [p for p in sorted(new) if old[p] != new[p]] == changed

    changed_dir = tmp / "changed-timed"  # a re-ingest of changed files equals a clean ingest
    shutil.copytree(old_index, changed_dir)
    t0 = time.monotonic()
    assert _finish(_start(changed_dir, corpus)) == "finished"
    changed_s = time.monotonic() - t0
    with Index(changed_dir, HashEmbedder()) as ix:
        assert snapshot(ix) == clean
    print(
        f"clean ingest {fresh_s:.2f}s (first report committed at {startup_s:.2f}s); "
        f"re-ingest of the changed files {changed_s:.2f}s"
    )
    return World(
        tmp=tmp,
        corpus=corpus,
        order=sorted(new),
        old=old,
        new=new,
        old_index=old_index,
        clean=clean,
        fresh_s=fresh_s,
        startup_s=startup_s,
        changed_s=changed_s,
    )


# -- the rounds -------------------------------------------------------------------------------


def test_sigkill_at_random_times_then_rerun_equals_a_clean_ingest(world: World) -> None:
    rng = random.Random(KILL_SEED)
    kills = rnd = 0
    while kills < RANDOM_KILLS:
        mode = ("fresh", "changed")[rnd % 2]
        d = world.start(mode)
        end = world.fresh_s if mode == "fresh" else world.changed_s
        for again in range(rng.choice((1, 1, 2))):  # sometimes killed again while recovering
            if rng.random() < 1 / 3:
                at = rng.uniform(0.05, world.startup_s)
            else:
                at = rng.uniform(world.startup_s, end)
            print(f"round {rnd} ({mode}) kill {again}: at {at:.2f}s ...", end=" ")
            outcome = _kill_at(world, d, at)
            print(f"{outcome}; {_check_killed(world, d, mode)}")
            kills += 1
        _rerun(world, d)
        _check_recovered(world, d)
        rnd += 1


def test_sigkill_after_a_vector_upsert_then_rerun_equals_a_clean_ingest(world: World) -> None:
    """The worst point: a report's vectors are in Chroma (replaced, for a changed file) and its
    rows are not committed."""
    for mode, k in (("fresh", 5), ("changed", 1), ("changed", 2), ("changed", 3)):
        d = world.start(mode)
        assert _finish(_start(d, world.corpus, {KILL_AFTER_UPSERTS_ENV: str(k)})) == "killed"
        state = _check_killed(world, d, mode)
        print(f"{mode}: killed after upsert {k}: {state}")
        if mode == "fresh":
            assert state == f"{k - 1}/8 committed"
            with Index(d, HashEmbedder(), create=False) as ix:  # the window was hit
                assert ix.vectors.ids_for_report(file_report_id(world.order[k - 1]))
        else:
            assert state == f"{k - 1}/3 changed files redone, flagged []"
        _rerun_in_process(world, d)
        _check_recovered(world, d)


def test_sigkill_after_each_committed_transaction_then_rerun_equals_a_clean_ingest(
    world: World,
) -> None:
    d = world.start("changed")
    out, err = _start(d, world.corpus, {}, KILL_AFTER_COMMITS_CLI).communicate(timeout=CLI_TIMEOUT)
    assert "导入完成" in out, err
    total = int(err.rsplit("COMMITS ", 1)[1])
    assert total >= 2 * len(world.changed)  # each: marked pending, committed, unmarked
    for k in range(1, total + 1):
        d = world.start("changed")
        env = {KILL_AFTER_COMMITS_ENV: str(k)}
        assert _finish(_start(d, world.corpus, env, KILL_AFTER_COMMITS_CLI)) == "killed"
        print(f"killed after commit {k}/{total}: {_check_killed(world, d, 'changed')}")
        _rerun_in_process(world, d)
        _check_recovered(world, d)
