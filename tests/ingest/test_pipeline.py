"""The ingest pipeline: idempotent, replacing, pruning, failure-tolerant, crash-safe.

Most tests use the fake report format of tests/conftest.py (real txt loader, real stores, fake
parser) so that they test the pipeline and not the parser; the ``real_parser`` tests run the
sample report in corpus/ through everything.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from ingest.pipeline import KILL_AFTER_UPSERTS_ENV, expand_paths, file_report_id, ingest_paths
from reportqa.errors import ConfigError
from reportqa.index import Index
from reportqa.index.embedding import HashEmbedder, SentenceTransformerEmbedder
from reportqa.index.vectors import fact_entries
from tests.conftest import CORPUS, FAKE_CLI, ROOT, count_reports, snapshot, write_fake

pytestmark = pytest.mark.usefixtures("fake_parser")


def make_corpus(root: Path, n: int = 3, *extra: str) -> list[Path]:
    return [
        write_fake(root / f"r{i}.txt", f"第{i}街道办事处", 2024, f"第{i}份报告的独有段落。", *extra)
        for i in range(n)
    ]


def ingest(paths, index, **kw):
    return ingest_paths(paths, index, progress=False, **kw)


def test_ingests_a_folder_recursively_and_reports_what_it_did(tmp_path, index):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 2)
    write_fake(corpus / "sub" / "deep.txt", "深层街道办事处", 2023, "警告：表3有一行无法识别")
    (corpus / "notes.xlsx").write_bytes(b"not a report")
    (corpus / ".hidden.txt").write_text("主体：隐藏\n年度：2024\n", encoding="utf-8")
    (corpus / "~$temp.docx").write_bytes(b"")

    s = ingest([corpus], index)
    assert s.ingested == [str((corpus / n).resolve()) for n in ("r0.txt", "r1.txt", "sub/deep.txt")]
    assert (s.reports, s.facts, s.chunks) == (3, 3, 5)
    assert s.ignored == [str(corpus / "notes.xlsx")]
    assert s.failed == [] and s.skipped == [] and s.failed_checks == [] and s.ok
    assert s.warnings == ["deep.txt: 表3有一行无法识别"]
    assert index.facts.stats() == {"reports": 3, "facts": 3, "chunks": 5, "failed_checks": 0}
    assert index.vectors.count() == 8
    assert index.embedding_model == "hash-256"
    row = index.facts.get_report(file_report_id(corpus / "r0.txt"))
    assert (row.report.body, row.report.year, row.report.source, row.complete, row.embedded) == (
        "第0街道办事处",
        2024,
        "r0.txt",
        True,
        True,
    )


def test_expand_paths_deduplicates_and_keeps_explicit_files(tmp_path):
    files = make_corpus(tmp_path / "c", 2)
    odd = tmp_path / "report.xlsx"
    odd.write_bytes(b"x")
    got, ignored = expand_paths([tmp_path / "c", files[0], odd])
    assert got == [f.resolve() for f in files] + [odd.resolve()]
    assert ignored == []


def test_second_ingest_writes_nothing(tmp_path, index):
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    ingest([corpus], index)
    before = snapshot(index)
    stamps = [r.ingested_at for r in index.facts.list_reports()]
    time.sleep(1.1)  # ingested_at has one-second resolution
    s = ingest([corpus], index)
    assert s.ingested == [] and len(s.skipped) == 3 and (s.facts, s.chunks) == (0, 0)
    assert snapshot(index) == before
    assert [r.ingested_at for r in index.facts.list_reports()] == stamps


def test_a_report_read_by_an_older_reader_is_read_again(tmp_path, index, monkeypatch):
    """An upgrade that reads reports differently (new prose facts) re-reads unchanged files: a
    report keeps the version of the reader that read it."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    ingest([corpus], index)
    assert {r.report.reader for r in index.facts.list_reports()} == {pipeline.READER_VERSION}
    monkeypatch.setattr(pipeline, "READER_VERSION", "next")
    s = ingest([corpus], index)
    assert len(s.ingested) == 3 and s.skipped == []
    assert {r.report.reader for r in index.facts.list_reports()} == {"next"}
    assert len(ingest([corpus], index).skipped) == 3


def test_a_changed_file_replaces_its_records(tmp_path, index):
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus)
    ingest([corpus], index)
    old = file_report_id(files[1])
    old_ids = set(index.vectors.ids_for_report(old))

    write_fake(files[1], "第1街道办事处", 2024, "改写后的段落提到信息公开专栏。", new=9)
    rid = file_report_id(files[1])
    assert rid != old  # keyed by content
    s = ingest([corpus], index)
    assert s.ingested == [str(files[1].resolve())] and len(s.skipped) == 2
    assert index.facts.get_report(old) is None and index.facts.facts(report_id=old) == []
    assert index.vectors.ids_for_report(old) == []
    assert index.facts.get_report_by_path(files[1].resolve()).report.report_id == rid
    facts = index.facts.facts(report_id=rid)
    assert [(f.raw, f.value) for f in facts] == [("9", 9)]
    assert [c.text for c in index.facts.chunks(report_id=rid)][
        -1
    ] == "改写后的段落提到信息公开专栏。"
    new_ids = set(index.vectors.ids_for_report(rid))
    rows = {e.id for e in fact_entries(facts)}
    assert new_ids == rows | {c.chunk_id for c in index.facts.chunks(report_id=rid)}
    assert old_ids.isdisjoint(new_ids)
    assert [h.report_id for h in index.lexical_search("专栏")] == [rid]
    assert "第1份报告的独有段落。" not in [h.text for h in index.lexical_search("独有段落", k=50)]
    assert index.facts.stats() == {"reports": 3, "facts": 3, "chunks": 6, "failed_checks": 0}


def test_a_moved_corpus_folder_keeps_every_report_id_and_writes_nothing_again(tmp_path, index):
    files = make_corpus(tmp_path / "corpus")
    ingest([tmp_path / "corpus"], index)
    before = snapshot(index)
    ids = [file_report_id(f) for f in files]
    (tmp_path / "corpus").rename(tmp_path / "moved")
    s = ingest([tmp_path / "moved"], index)
    moved = [str((tmp_path / "moved" / f.name).resolve()) for f in files]
    assert (s.ingested, s.skipped, s.moved) == ([], [], moved)
    assert [index.facts.get_report(i).report.path for i in ids] == moved
    after = snapshot(index)
    assert after["vectors"] == before["vectors"] and after["facts"] == before["facts"]
    assert ingest([tmp_path / "moved"], index).skipped == moved  # settled


def test_the_same_file_twice_is_one_report(tmp_path, index):
    files = make_corpus(tmp_path / "corpus", 1)
    copy = tmp_path / "copy" / "r0-副本.txt"
    copy.parent.mkdir()
    copy.write_bytes(files[0].read_bytes())
    s = ingest([tmp_path / "corpus", copy], index)
    assert s.ingested == [str(files[0].resolve())] and s.skipped == [str(copy.resolve())]
    assert s.warnings == [
        f"r0-副本.txt: 与已导入的 {files[0].resolve()} 内容完全相同，是同一份报告，未重复导入"
    ]
    assert index.facts.stats()["reports"] == 1


def test_prune_deletes_reports_whose_file_is_gone(tmp_path, index):
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus)
    ingest([corpus], index)
    rid = file_report_id(files[0])
    files[0].unlink()
    s = ingest([corpus], index)
    assert index.facts.stats()["reports"] == 3 and s.pruned == []  # kept without --prune
    s = ingest([corpus], index, prune=True)
    assert s.pruned == [str(files[0].resolve())]
    assert index.facts.get_report(rid) is None and index.facts.facts(report_id=rid) == []
    assert index.vectors.ids_for_report(rid) == []
    assert rid not in {h.report_id for h in index.lexical_search("独有段落 街道办事处", k=50)}


def test_a_failed_file_loses_nothing_already_indexed(tmp_path, index):
    corpus = tmp_path / "corpus"
    files = make_corpus(corpus, 2)
    ingest([corpus], index)
    before = snapshot(index)

    write_fake(files[0], "第0街道办事处", 2024, "崩溃")  # now makes the parser raise
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "nobody.txt").write_text("只有一段文字。\n", encoding="utf-8")
    odd = tmp_path / "table.xlsx"
    odd.write_bytes(b"PK")
    late = write_fake(corpus / "z-late.txt", "后来街道办事处", 2024)

    s = ingest([corpus, odd], index)
    reasons = {Path(f.path).name: f.reason for f in s.failed}
    assert reasons == {
        "r0.txt": "内部错误: RuntimeError: boom",
        "empty.txt": reasons["empty.txt"],  # the loader's words
        "nobody.txt": "没有找到报告的主体和年度",
        "table.xlsx": "不支持的文件类型 .xlsx（支持 .txt、.docx、.doc、.wps、.html、.htm、.pdf）",
    }
    assert reasons["empty.txt"]
    assert not s.ok and s.ingested == [str(late.resolve())]
    after = snapshot(index)
    # r0 keeps its old version; r1 untouched; the late file was still ingested
    old = {k: v for k, v in before.items() if k != "vectors"}
    assert set(old["facts"]) <= set(after["facts"])
    assert set(before["vectors"]) <= set(after["vectors"])
    assert len(after["reports"]) == 3


def test_an_index_or_settings_error_stops_the_run_and_keeps_what_was_committed(tmp_path):
    class BrokenEmbedder(HashEmbedder):
        calls = 0

        def embed_documents(self, texts):
            BrokenEmbedder.calls += 1
            if BrokenEmbedder.calls > 1:
                raise ConfigError("找不到嵌入模型 X。")
            return super().embed_documents(texts)

    files = make_corpus(tmp_path / "corpus", 3)
    with Index(tmp_path / "index", BrokenEmbedder()) as ix:
        with pytest.raises(ConfigError, match="找不到嵌入模型 X"):
            ingest(files, ix)
        assert [r.report.source for r in ix.facts.list_reports()] == ["r0.txt"]


def test_failed_checks_are_collected(tmp_path, index):
    f = write_fake(tmp_path / "a.txt", "甲街道办事处", 2024, "校验：C2；表3“自然人”列；27；26；0")
    s = ingest([f], index)
    assert [(c.check, c.expected, c.actual) for c in s.failed_checks] == [("C2", 27, 26)]
    assert [c.check for c in index.facts.checks()] == ["C2"]


def _carry(year: int, carried_in: int, carried_out: int) -> list[str]:
    return [
        f"事实：表3；二、上年结转政府信息公开申请数量；总计；{carried_in}；carried_in；6",
        f"事实：表3；四、结转下年度继续办理；总计；{carried_out}；carried_out；6",
    ]


@pytest.mark.parametrize("order", [(2023, 2024), (2024, 2023)])
def test_cross_year_check_c15_whatever_the_ingest_order(tmp_path, index, order):
    files = {
        2023: write_fake(tmp_path / "2023.txt", "甲街道办事处", 2023, *_carry(2023, 0, 3)),
        2024: write_fake(tmp_path / "2024.txt", "甲街道办事处", 2024, *_carry(2024, 4, 1)),
    }
    for year in order:
        ingest([files[year]], index)
    rid = file_report_id(files[2024])
    (c15,) = [c for c in index.facts.checks(report_id=rid, failed_only=False) if c.check == "C15"]
    assert (c15.passed, c15.expected, c15.actual) == (False, 3, 4)
    assert "2023年报告“四、结转下年度继续办理”为3" in c15.detail
    # fixing last year's report clears this year's failure
    write_fake(files[2023], "甲街道办事处", 2023, *_carry(2023, 0, 4))
    ingest([files[2023]], index)
    (c15,) = [c for c in index.facts.checks(report_id=rid, failed_only=False) if c.check == "C15"]
    assert c15.passed


def test_records_carry_the_canonical_body_already_indexed(tmp_path, index):
    ingest([write_fake(tmp_path / "a.txt", "南关区永吉街道办事处", 2023)], index)
    b = write_fake(tmp_path / "b.txt", "长春市南关区永吉街道办事处", 2024)
    ingest([b], index)
    row = index.facts.get_report(file_report_id(b))
    assert (row.report.body, row.report.body_printed) == (
        "南关区永吉街道办事处",
        "长春市南关区永吉街道办事处",
    )
    assert {f.body for f in index.facts.facts()} == {"南关区永吉街道办事处"}
    assert {c.body for c in index.facts.chunks()} == {"南关区永吉街道办事处"}
    assert len(index.facts.facts(body="长春市南关区永吉街道办事处")) == 2


def test_duplicate_records_from_the_parser_are_kept_once(tmp_path, index):
    line = "事实：表3；四、结转下年度继续办理；总计；1"
    f = write_fake(tmp_path / "a.txt", "甲街道办事处", 2024, "同一段文字。")
    f.write_text(f.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    s = ingest([f], index)
    assert s.ok and index.facts.stats()["facts"] == 2


def test_fact_only_ingest_then_embedding(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 2)
    d = tmp_path / "index"
    with Index(d) as ix:
        s = ingest([corpus], ix)
        assert s.reports == 2 and ix.facts.stats()["facts"] == 2
        assert not (d / "chroma").exists() and ix.embedding_model is None
        assert all(not r.embedded for r in ix.facts.list_reports())
        assert len(ingest([corpus], ix).skipped) == 2
    with Index(d, HashEmbedder()) as ix:
        s = ingest([corpus], ix)  # not skipped: they have no vectors yet
        assert s.reports == 2 and ix.vectors.count() == 6
        assert all(r.embedded for r in ix.facts.list_reports())
    with Index(d) as ix:  # facts only again: unchanged files are skipped, vectors stay
        assert len(ingest([corpus], ix).skipped) == 2
        assert ix.vectors.count() == 6


def test_fact_only_reingest_of_a_changed_file_drops_its_stale_vectors(tmp_path):
    files = make_corpus(tmp_path / "corpus", 2)
    d = tmp_path / "index"
    with Index(d, HashEmbedder()) as ix:
        ingest(files, ix)
    old = file_report_id(files[0])
    write_fake(files[0], "第0街道办事处", 2024, new=8)
    with Index(d) as ix:
        ingest(files, ix)
        rid = file_report_id(files[0])
        assert ix.vectors.ids_for_report(rid) == [] and ix.vectors.ids_for_report(old) == []
        assert ix.facts.get_report(rid).embedded is False and ix.facts.get_report(old) is None


def _clean_snapshot(files: list[Path], tmp_path: Path) -> dict:
    with Index(tmp_path / "clean", HashEmbedder()) as ix:
        ingest(files, ix)
        return snapshot(ix)


def _run_cli(args: list[str], env_extra: dict[str, str], **kw) -> subprocess.Popen:
    env = {**os.environ, "REPORTQA_EMBEDDING_MODEL": "hash", **env_extra}
    return subprocess.Popen(
        [sys.executable, "-c", FAKE_CLI, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


@pytest.mark.slow
def test_killed_between_vector_upsert_and_commit_then_rerun_equals_a_clean_ingest(tmp_path):
    files = make_corpus(tmp_path / "corpus", 4)
    d = tmp_path / "index"
    proc = _run_cli(["ingest", *map(str, files), "--index", str(d)], {KILL_AFTER_UPSERTS_ENV: "3"})
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL

    with Index(d, HashEmbedder()) as ix:
        # two reports committed; the third's vectors are in Chroma without rows
        assert len(ix.facts.list_reports()) == 2
        third = file_report_id(files[2])
        assert ix.vectors.ids_for_report(third)
        assert ix.facts.get_report(third) is None
        hits = ix.vector_search("第2份报告的独有段落", k=20)
        assert hits and all(h.metadata["report_id"] != third for h in hits)

        s = ingest(files, ix)
        assert len(s.skipped) == 2 and len(s.ingested) == 2
        got = snapshot(ix)
    assert got == _clean_snapshot(files, tmp_path)
    assert len(got["vectors"]) == len(set(got["vectors"])) == 12


@pytest.mark.slow
def test_killed_while_replacing_a_file_and_the_file_reverted_still_recovers(tmp_path):
    files = make_corpus(tmp_path / "corpus", 3)
    d = tmp_path / "index"
    with Index(d, HashEmbedder()) as ix:
        ingest(files, ix)
    original = files[1].read_bytes()
    write_fake(files[1], "第1街道办事处", 2024, "新版本的段落。", new=7)
    proc = _run_cli(["ingest", *map(str, files), "--index", str(d)], {KILL_AFTER_UPSERTS_ENV: "1"})
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL

    new = file_report_id(files[1])
    files[1].write_bytes(original)  # same bytes as the committed version
    with Index(d, HashEmbedder()) as ix:
        rid = file_report_id(files[1])
        row = ix.facts.get_report(rid)
        assert row.complete is True  # the new version has its own id: the old one untouched
        assert [f.value for f in ix.facts.facts(report_id=rid)] == [5]
        assert ix.vectors.ids_for_report(new)  # the killed run's vectors, no row names them
        s = ingest(files, ix)
        assert s.ingested == [] and len(s.skipped) == 3
        assert ix.vectors.ids_for_report(new) == []  # dropped at the start of the run
        got = snapshot(ix)
    assert got == _clean_snapshot(files, tmp_path)


@pytest.mark.slow
def test_sigkill_at_a_random_point_then_rerun_equals_a_clean_ingest(tmp_path):
    files = make_corpus(tmp_path / "corpus", 8, "慢：0.4")
    d = tmp_path / "index"
    proc = _run_cli(["ingest", str(tmp_path / "corpus"), "--index", str(d)], {})
    deadline = time.monotonic() + 120
    while count_reports(d / "facts.sqlite") < 3:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.23)  # somewhere inside the next file
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Index(d, HashEmbedder()) as ix:
        committed = ix.facts.list_reports()
        assert 3 <= len(committed) < 8
        clean_facts = {f.fact_id for f in ix.facts.facts()}
        for row in committed:  # every committed report is whole
            assert row.complete and row.n_facts == 1 and row.n_chunks == 2
        s = ingest(files, ix)
        assert len(s.skipped) == len(committed) and s.ok
        got = snapshot(ix)
    want = _clean_snapshot(files, tmp_path)
    assert got == want
    assert clean_facts <= {f[0] for f in want["facts"]}


@pytest.mark.slow
def test_cli_subprocess_ingest_exit_codes(tmp_path):
    files = make_corpus(tmp_path / "corpus", 2)
    d = tmp_path / "index"
    proc = _run_cli(["ingest", str(tmp_path / "corpus"), "--index", str(d)], {})
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "导入或更新 2 份报告" in out
    write_fake(files[0], "第0街道办事处", 2024, "崩溃")
    proc = _run_cli(["ingest", str(tmp_path / "corpus"), "--index", str(d)], {})
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert f"{files[0].resolve()}：内部错误: RuntimeError: boom" in out


# -- the real loader and parser on the sample report ---------------------------------------------

YONGJI = CORPUS / "yongji-2024.txt"


@pytest.fixture
def real_parser(fake_parser, monkeypatch):
    from ingest.parse import parse_document

    monkeypatch.setattr(pipeline, "parse_document", parse_document)


@pytest.mark.usefixtures("real_parser")
def test_real_sample_report_ingests_with_its_figures(tmp_path, index):
    sample = shutil.copy(YONGJI, tmp_path / "yongji-2024.txt")
    s = ingest([sample], index)
    assert s.ok and s.reports == 1
    (published,) = index.facts.facts(table="正文", row="主动公开政府信息")
    assert (published.body, published.year, published.value, published.raw) == (
        "南关区永吉街道办事处",
        2024,
        521,
        "主动公开政府信息521条",
    )
    (new,) = index.facts.facts(table="表3", row="一、本年新收政府信息公开申请数量", column="总计")
    assert new.value == 0
    assert index.lexical_search("政务新媒体", kind="chunk")
    assert len(ingest([sample], index).skipped) == 1

    Path(sample).write_text(
        YONGJI.read_text(encoding="utf-8").replace(
            "主动公开政府信息521条", "主动公开政府信息522条"
        ),
        encoding="utf-8",
    )
    s = ingest([sample], index)
    assert s.reports == 1
    assert [f.value for f in index.facts.facts(table="正文", row="主动公开政府信息")] == [522]


@pytest.mark.slow
@pytest.mark.usefixtures("real_parser")
def test_real_sample_with_the_packaged_model_finds_the_passage_by_meaning(tmp_path):
    sample = shutil.copy(YONGJI, tmp_path / "yongji-2024.txt")
    with Index(tmp_path / "index", SentenceTransformerEmbedder("all-MiniLM-L6-v2")) as ix:
        s = ingest([sample], ix)
        assert s.ok
        assert ix.embedding_model == "sentence-transformers/all-MiniLM-L6-v2"
        rows = fact_entries(ix.facts.facts())
        assert ix.vectors.count() == len(rows) + ix.facts.stats()["chunks"] == 63
        hits = ix.vector_search("主动公开政府信息521条", k=5, kind="fact")
        assert any(
            h.metadata["row"] == "主动公开政府信息"
            and h.document == "南关区永吉街道办事处2024年报告正文：主动公开政府信息为521条。"
            for h in hits
        )
        assert all(0.0 < h.similarity <= 1.0 + 1e-6 for h in hits)
