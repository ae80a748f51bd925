"""The fact cache over the real facts store of the sample corpus: a figure reads only the 表3
rows it needs, a table read whole serves its rows afterwards, and a new generation forgets."""

from __future__ import annotations

from assistant.figures import FactCache, FigureLookup
from assistant.question import MetricRef
from reportqa.format import TABLE_3
from reportqa.index import Index
from reportqa.records import Fact

HUAIAN = "淮安市人民政府"


class CountingDB:
    """The real store, counting the reads that reach it."""

    def __init__(self, index: Index):
        self.inner = index.facts
        self.reads: list[tuple[str | None, tuple[str, ...] | None]] = []

    def facts(self, **filters) -> list[Fact]:
        keys = filters.get("row_keys")
        self.reads.append((filters.get("table"), tuple(keys) if keys is not None else None))
        return self.inner.facts(**filters)


def _lookup(index: Index) -> tuple[FigureLookup, CountingDB]:
    db = CountingDB(index)
    rid = {(r.report.body, r.report.year): r.report.report_id for r in index.facts.list_reports()}
    cache = FactCache(db)  # type: ignore[arg-type]
    return FigureLookup(db, lambda b, y: rid.get((b, y)), cache, generation=1), db  # type: ignore[arg-type]


def test_a_figure_reads_only_its_own_rows(sample_index):
    lookup, db = _lookup(sample_index)
    r = lookup.resolve(HUAIAN, 2024, MetricRef(metric="new"))
    assert r is not None and r.value == 3119
    assert [f.row_key for f in r.facts] == ["new"]
    assert db.reads == [(TABLE_3, ("new",))]
    # asked again: the cache answers, the store is not read
    assert lookup.resolve(HUAIAN, 2024, MetricRef(metric="new")).value == 3119  # type: ignore[union-attr]
    assert len(db.reads) == 1


def test_a_group_reads_its_leaves_and_a_whole_table_serves_its_rows(sample_index):
    lookup, db = _lookup(sample_index)
    leaves = lookup.leaves(HUAIAN, 2024, MetricRef(metric="deny"))
    assert [x.ref.metric for x in leaves][:2] == ["deny.secret", "deny.law"]
    assert db.reads == [(TABLE_3, None)]  # the whole table once, each leaf a part of it
    whole = lookup.table(HUAIAN, 2024, TABLE_3)
    rows = lookup.table(HUAIAN, 2024, TABLE_3, ("total", "open"))
    assert {f.row_key for f in rows} == {"total", "open"}
    assert rows == [f for f in whole if f.row_key in ("total", "open")]
    assert db.reads == [(TABLE_3, None)]


def test_a_new_generation_reads_again(sample_index):
    db = CountingDB(sample_index)
    cache = FactCache(db)  # type: ignore[arg-type]
    rid = sample_index.facts.list_reports(body=HUAIAN)[0].report.report_id
    first = cache.table(rid, TABLE_3, 1, ("new",))
    assert cache.table(rid, TABLE_3, 1, ("new",)) is first
    again = cache.table(rid, TABLE_3, 2, ("new",))
    assert again == first and again is not first
    assert len(db.reads) == 2
