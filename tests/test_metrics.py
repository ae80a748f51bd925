"""The metric registry (reportqa/metrics.toml) against the format (reportqa/format.py): every row
of the standard tables and every prose metric has a metric, every metric points at cells the
format has, and no word names two figures unless it is listed as ambiguous."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from reportqa.format import (
    PROSE_METRICS,
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_COLUMN_LABELS,
    TABLE3_ROWS,
    TABLE4_RESULTS,
)
from reportqa.metrics import Source, load_registry, registry


def test_every_table3_row_has_a_metric() -> None:
    reg = registry()
    covered = {r for m in reg.metrics.values() for r in m.rows} | {
        m.group_row for m in reg.metrics.values() if m.group_row
    }
    assert {r.key for r in TABLE3_ROWS} == covered


def test_every_table2_row_has_a_metric() -> None:
    reg = registry()
    rows = {r for part in (*TABLE2_PARTS_2021, *TABLE2_PARTS_2019) for r in part.rows}
    assert rows == {r for m in reg.metrics.values() for r in m.t2_rows}


def test_every_prose_metric_is_read_by_one_metric() -> None:
    reg = registry()
    prose = defaultdict(list)
    for m in reg.metrics.values():
        if m.prose:
            prose[m.prose].append(m.id)
    assert set(prose) == set(PROSE_METRICS)
    assert all(len(ids) == 1 for ids in prose.values()), prose


def test_columns_are_the_formats() -> None:
    reg = registry()
    applicant = reg.dimensions["applicant"]
    assert {c for v in applicant.values.values() for c in v.columns} == set(
        range(len(TABLE3_COLUMN_LABELS))
    )
    outcome = reg.dimensions["outcome"]
    assert [outcome.values[v].label for v in outcome.values] == TABLE4_RESULTS
    labels = {c for part in (*TABLE2_PARTS_2021, *TABLE2_PARTS_2019) for c in part.columns}
    assert {x for v in reg.dimensions["t2_column"].values.values() for x in v.labels} == labels


def test_ratios_divide_metrics_of_the_registry() -> None:
    reg = registry()
    rates = {m.id: m.ratio for m in reg.metrics.values() if m.source is Source.RATIO}
    assert {k: (p.metric, p.dim, w.metric, w.dim) for k, (p, w) in rates.items()} == {
        "review.correction_rate": ("review", "corrected", "review", "total"),
        "litigation.correction_rate": ("litigation", "corrected", "litigation", "total"),
    }


def test_no_word_names_two_figures() -> None:
    """A word that could mean two figures is listed as ambiguous (and then answered with each,
    labelled, or asked back): never silently one of them."""
    reg = registry()
    owners: dict[str, set[str]] = defaultdict(set)
    for word, kind, target in reg.words():
        if kind in ("metric", "weak"):
            owners[word.lower()].add(target)
    clashes = {w: sorted(t) for w, t in owners.items() if len(t) > 1}
    assert clashes == {}


def test_a_bad_registry_names_the_file_and_the_row(tmp_path: Path) -> None:
    bad = tmp_path / "metrics.toml"
    text = (
        Path(registry.__wrapped__.__code__.co_filename)
        .with_name("metrics.toml")
        .read_text(encoding="utf-8")
    )
    bad.write_text(text.replace('rows = ["new"]', 'rows = ["nosuchrow"]'), encoding="utf-8")
    with pytest.raises(ValueError, match="表3 has no row 'nosuchrow'"):
        load_registry(bad)
