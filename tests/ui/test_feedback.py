"""The feedback log (one contract, on the SQLite file and on PostgreSQL) and the CSV exports."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator

import pytest

from assistant.answer import Answer, Citation
from reportqa.index.postgres import PostgresFactsDB
from ui.exports import cell, feedback_csv, to_csv
from ui.feedback import FeedbackLog, FeedbackStore, PostgresFeedbackStore

OpenLog = Callable[[], FeedbackLog]

ANSWER = Answer(
    answer="3119件。",
    found=True,
    route="figure",
    citations=[
        Citation(
            source="huaian-2024.pdf",
            title="淮安市报告",
            body="淮安市人民政府",
            year=2024,
            locator="第4页",
            quote="表3：3119",
        )
    ],
)


@pytest.fixture(params=["sqlite", "postgres"])
def open_log(request, tmp_path) -> Iterator[OpenLog]:
    """Opens a feedback log on one store: each call is another host on the same file or
    database."""
    opened: list[PostgresFactsDB] = []
    if request.param == "sqlite":
        path = tmp_path / "sub" / "feedback.sqlite"

        def opener() -> FeedbackLog:
            return FeedbackStore(path)
    else:
        url = request.getfixturevalue("database_url")

        def opener() -> FeedbackLog:
            opened.append(PostgresFactsDB(url))
            return PostgresFeedbackStore(opened[-1])

    yield opener
    for db in opened:
        db.close()


def test_record_replace_and_withdraw(open_log):
    store = open_log()
    store.record("s1:0", "up", "问题一", ANSWER)
    store.record("s1:1", "down", "问题二", ANSWER)
    store.record("s1:0", "down", "问题一", ANSWER)  # changed their mind
    entries = store.entries()
    assert sorted((e.question, e.rating) for e in entries) == [
        ("问题一", "down"),
        ("问题二", "down"),
    ]
    assert entries[0].sources[0]["quote"] == "表3：3119"
    assert entries[0].sources_text() == "[1] 淮安市报告（huaian-2024.pdf，第4页）：表3：3119"
    assert store.counts() == {"up": 0, "down": 2}
    store.withdraw("s1:1")
    assert [e.question for e in store.entries()] == ["问题一"]


def test_threads_share_the_store(open_log):
    store = open_log()

    def vote(i: int) -> None:
        for j in range(20):
            store.record(f"t{i}:{j}", "up", f"问题{i}-{j}", ANSWER)

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts()["up"] == 160


def test_a_vote_is_seen_replaced_and_withdrawn_through_another_host(open_log):
    host_a, host_b = open_log(), open_log()
    host_a.record("s1:0", "up", "问题一", ANSWER)
    assert [(e.question, e.rating, e.found, e.route) for e in host_b.entries()] == [
        ("问题一", "up", True, "figure")
    ]
    assert (
        host_b.entries()[0].sources_text() == "[1] 淮安市报告（huaian-2024.pdf，第4页）：表3：3119"
    )
    host_b.record("s1:0", "down", "问题一", ANSWER)  # the same vote, changed on the other host
    assert [(e.question, e.rating) for e in host_a.entries()] == [("问题一", "down")]
    assert host_a.counts() == {"up": 0, "down": 1}
    host_a.record("s1:1", "up", "问题二", ANSWER)
    assert [e.question for e in host_b.entries(limit=1)] == ["问题二"]
    host_b.withdraw("s1:0")
    assert [e.question for e in host_a.entries()] == ["问题二"]
    assert host_b.counts() == {"up": 1, "down": 0}


def test_csv_neutralises_formulas_and_opens_in_excel(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    store.record("s:0", "up", '=HYPERLINK("http://evil")', ANSWER)
    text = feedback_csv(store.entries())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["时间", "评价", "问题", "回答", "是否找到", "类型", "出处"]
    assert rows[1][1:6] == ["有用", '\'=HYPERLINK("http://evil")', "3119件。", "是", "数字"]
    assert cell("-5") == "-5" and cell("-x") == "'-x" and cell("@a") == "'@a" and cell(None) == ""
    assert to_csv(["a"], [[1.5]]) == "\ufeffa\r\n1.5\r\n"


def test_the_composition_root_chooses_the_store_by_the_database_url(tmp_path, database_url):
    """Without a database URL: the SQLite file and the in-memory limits, as before; with one:
    the shared feedback table and counters, on the index's own connections."""
    from types import SimpleNamespace

    from reportqa.app import build_services
    from reportqa.index import Index
    from tests.ui.conftest import ui_settings
    from ui.ratelimit import PostgresRateLimiter, RateLimiter

    local = Index(tmp_path / "local", None)
    services = build_services(ui_settings(tmp_path / "local"), SimpleNamespace(index=local))
    assert isinstance(services.feedback, FeedbackStore)
    assert services.feedback.path == tmp_path / "local" / "feedback.sqlite"
    assert isinstance(services.limiter, RateLimiter)
    assert isinstance(services.login_limiter, RateLimiter)
    local.close()

    shared = Index(tmp_path / "shared", None, database_url=database_url)
    settings = ui_settings(tmp_path / "shared", database_url=database_url)
    services = build_services(settings, SimpleNamespace(index=shared))
    assert isinstance(services.feedback, PostgresFeedbackStore)
    assert services.feedback.db is shared.facts
    assert isinstance(services.limiter, PostgresRateLimiter) and services.limiter.scope == "public"
    assert isinstance(services.login_limiter, PostgresRateLimiter)
    assert services.login_limiter.scope == "login"
    assert services.auth.limiter is services.login_limiter
    services.feedback.record("s:0", "up", "问题", ANSWER)
    assert [e.question for e in PostgresFeedbackStore(shared.facts).entries()] == ["问题"]
    assert not (tmp_path / "shared" / "feedback.sqlite").exists()
    shared.close()
