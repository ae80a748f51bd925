"""The feedback store and the CSV exports."""

from __future__ import annotations

import csv
import io
import threading

from assistant.answer import Answer, Citation
from ui.exports import cell, feedback_csv, to_csv
from ui.feedback import FeedbackStore

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


def test_record_replace_and_withdraw(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "feedback.sqlite")
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


def test_threads_share_the_file(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")

    def vote(i: int) -> None:
        for j in range(20):
            store.record(f"t{i}:{j}", "up", f"问题{i}-{j}", ANSWER)

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts()["up"] == 160


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
