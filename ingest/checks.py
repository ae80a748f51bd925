"""The format's cross-checks (勾稽关系, docs/FORMAT.md C1–C7, C10, C15 and the soft ones), run on a
report's facts. Failures are reported with the numbers, never "fixed": figures stay as printed."""

from __future__ import annotations

from collections.abc import Iterable

from reportqa.format import (
    PROSE,
    TABLE2_PARTS_2021,
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE3_RESULT_LEAVES_2019,
    TABLE3_RESULT_LEAVES_2021,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    TABLE_2,
    TABLE_3,
    TABLE_4,
    narrower_scope,
)
from reportqa.records import CheckResult, Fact, format_number

HARD, SOFT = "hard", "soft"
# a prose figure that differs a little from the table and says it counts less (本级): a difference
# of 口径 to note, not an error
SCOPE = "scope"
SCOPE_CLOSE = 0.1  # "a little": at most a tenth of the table's figure (and at least 5)
_EPS = 1e-6


def _grid(facts: Iterable[Fact], table: str) -> dict[tuple[str, int], Fact]:
    return {
        (f.row_key, f.col_index): f for f in facts if f.table == table and f.col_index is not None
    }


def _n(v: float | int | None) -> str:
    return "空" if v is None else format_number(v)


def _result(report_id, check, scope, expected, actual, severity, detail) -> CheckResult:
    passed = expected is not None and actual is not None and abs(expected - actual) < _EPS
    return CheckResult(report_id, check, scope, passed, severity, expected, actual, detail)


def _values(grid, keys: list[str], col: int) -> list[float | int] | None:
    """The values of ``keys`` in column ``col``; None if a cell is missing or not a number
    (blank or placeholder cells are unknown, so the check is not run)."""
    out = []
    for k in keys:
        f = grid.get((k, col))
        if f is None or f.value is None:
            return None
        out.append(f.value)
    return out


def check_report(report_id: str, facts: list[Fact]) -> list[CheckResult]:
    results: list[CheckResult] = []
    t3 = _grid(facts, TABLE_3)
    t4 = _grid(facts, TABLE_4)
    fmt = next((f.table_format for f in facts if f.table == TABLE_3), "2021")
    leaves = TABLE3_RESULT_LEAVES_2019 if fmt == "2019" else TABLE3_RESULT_LEAVES_2021
    if t3:
        for col, col_label in enumerate(TABLE3_COLUMN_LABELS):
            v = _values(t3, ["new", "carried_in", "total", "carried_out"], col)
            if v is not None:
                lhs, rhs = v[0] + v[1], v[2] + v[3]
                results.append(
                    _result(
                        report_id,
                        "C1",
                        f"表3“{col_label}”列",
                        lhs,
                        rhs,
                        HARD,
                        f"表3“{col_label}”列：一({_n(v[0])})+二({_n(v[1])})={_n(lhs)}，"
                        f"三（七）总计({_n(v[2])})+四({_n(v[3])})={_n(rhs)}",
                    )
                )
            lv = _values(t3, leaves, col)
            tot = _values(t3, ["total"], col)
            if lv is not None and tot is not None:
                s = sum(lv)
                results.append(
                    _result(
                        report_id,
                        "C2",
                        f"表3“{col_label}”列",
                        tot[0],
                        s,
                        HARD,
                        f"表3“{col_label}”列：（七）总计为{_n(tot[0])}，{len(leaves)}个办理结果小项之和为{_n(s)}",
                    )
                )
        for key in sorted({k for k, _ in t3}):
            row = [t3.get((key, c)) for c in range(7)]
            nums = [f.value for f in row if f is not None and f.value is not None]
            if len(nums) != 7:
                continue
            v, s = [nums[6]], sum(nums[:6])
            label = TABLE3_BY_KEY[key].label
            results.append(
                _result(
                    report_id,
                    "C3",
                    f"表3“{label}”行",
                    v[0],
                    s,
                    HARD,
                    f"表3“{label}”行：总计为{_n(v[0])}，自然人与五类法人或其他组织之和为{_n(s)}",
                )
            )
    for f in facts:
        if f.table not in (TABLE_3, TABLE_4) or f.col_index is None:
            continue
        bad_number = f.value is not None and (f.value < 0 or float(f.value) != int(f.value))
        text_cell = f.value is None and f.raw and not _is_placeholder(f.raw)
        if bad_number or text_cell:
            results.append(
                CheckResult(
                    report_id,
                    "C4",
                    f"{f.table}“{f.row}”行“{f.column}”列",
                    False,
                    HARD,
                    None,
                    f.value,
                    f"{f.table}“{f.row}”行“{f.column}”列应为非负整数，实际为“{f.raw}”",
                )
            )
    for g, group in enumerate(TABLE4_GROUP_LABELS):
        cells = [t4.get((f"t4.{g}.{r}", g * 5 + r)) for r in range(5)]
        known = [c.value for c in cells if c is not None and c.value is not None]
        if len(known) != 5:
            continue
        parts, total = known[:4], known[4]
        s = sum(parts)
        results.append(
            _result(
                report_id,
                f"C{5 + g}",
                f"表4“{group}”",
                total,
                s,
                HARD,
                f"表4“{group}”：总计为{_n(total)}，"
                + "+".join(f"{TABLE4_RESULTS[i]}({_n(p)})" for i, p in enumerate(parts))
                + f"={_n(s)}",
            )
        )
    results.extend(_prose_checks(report_id, facts, t3, t4))
    results.extend(_soft_checks(report_id, facts))
    return results


def _is_placeholder(raw: str) -> bool:
    from reportqa.numbers import parse_cell

    return parse_cell(raw).kind in ("placeholder", "blank")


def _prose_checks(report_id, facts, t3, t4) -> list[CheckResult]:
    """C10: an unambiguous prose figure against its table cell."""
    by_metric: dict[str, list[Fact]] = {}
    for f in facts:
        if f.table == PROSE and f.row_key and "/" not in f.row_key:
            by_metric.setdefault(f.row_key, []).append(f)
    pairs = [
        ("received", [("new", 6)], "表3“一、本年新收政府信息公开申请数量·总计”"),
        ("answered", [("total", 6)], "表3“（七）总计·总计”"),
        ("carried_out", [("carried_out", 6)], "表3“四、结转下年度继续办理·总计”"),
        ("carried_in", [("carried_in", 6)], "表3“二、上年结转政府信息公开申请数量·总计”"),
    ]
    out = []
    for metric, cells, what in pairs:
        table_vals = [t3.get(c) for c in cells]
        out.extend(_c10(report_id, by_metric.get(metric, []), table_vals, what))
    out.extend(
        _c10(report_id, by_metric.get("review", []), [t4.get(("t4.0.4", 4))], "表4“行政复议·总计”")
    )
    out.extend(
        _c10(
            report_id,
            by_metric.get("litigation", []),
            [t4.get(("t4.1.4", 9)), t4.get(("t4.2.4", 14))],
            "表4“行政诉讼两组总计之和”",
        )
    )
    return out


def _c10(
    report_id, prose: list[Fact], table_vals: list[Fact | None], what: str
) -> list[CheckResult]:
    exact = [f for f in prose if not f.qualifier and f.value is not None]
    if len(exact) != 1 or any(t is None or t.value is None for t in table_vals):
        return []
    p = exact[0]
    pv = p.value
    assert pv is not None  # exact figures only
    tv = sum(t.value for t in table_vals)  # type: ignore[union-attr, misc]
    detail = f"正文“{p.raw}”为{_n(p.value)}，{what}为{_n(tv)}"
    severity = HARD
    narrow = narrower_scope(p.context)
    if narrow and pv != tv and abs(pv - tv) <= max(5, SCOPE_CLOSE * abs(tv)):
        severity = SCOPE
        detail += f"；正文所述为“{narrow}”口径，与表格统计口径不同，不是数据错误"
    return [_result(report_id, "C10", f"正文“{p.raw}”", p.value, tv, severity, detail)]


_RULE_MAKERS = ("省人民政府", "自治区人民政府", "市人民政府", "部", "委员会", "总局", "署")


def _soft_checks(report_id, facts) -> list[CheckResult]:
    out = []
    for f in facts:
        if f.table != TABLE_2 or f.value is None:
            continue
        if f.row.endswith("规章") and f.value != 0 and not f.body.endswith(_RULE_MAKERS):
            out.append(
                CheckResult(
                    report_id,
                    "S1",
                    f"表2“{f.row}”“{f.column}”",
                    False,
                    SOFT,
                    0,
                    f.value,
                    f"表2“规章”“{f.column}”为{_n(f.value)}，但“{f.body}”通常没有规章制定权",
                )
            )
        money = TABLE2_PARTS_2021[3].columns[0]
        if f.column == money and (f.unit == "元" or f.value >= 1_000_000):
            out.append(
                CheckResult(
                    report_id,
                    "S2",
                    f"表2“{f.row}”“{f.column}”",
                    False,
                    SOFT,
                    None,
                    f.value,
                    f"表2收费金额“{f.raw}”看起来是以元而不是万元填写的",
                )
            )
    return out


def cross_year_checks(prev: list[Fact], this: list[Fact], report_id: str) -> list[CheckResult]:
    """C15: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column;
    S3 (soft): 现行有效 ≈ last year's 现行有效 + 制发 − 废止."""
    out: list[CheckResult] = []
    if not prev or not this:
        return out
    p3, t3 = _grid(prev, TABLE_3), _grid(this, TABLE_3)
    prev_year = prev[0].year
    for col, label in enumerate(TABLE3_COLUMN_LABELS):
        a, b = t3.get(("carried_in", col)), p3.get(("carried_out", col))
        if a is None or b is None or a.value is None or b.value is None:
            continue
        out.append(
            _result(
                report_id,
                "C15",
                f"表3“{label}”列",
                b.value,
                a.value,
                HARD,
                f"表3“{label}”列：本年“二、上年结转”为{_n(a.value)}，"
                f"{prev_year}年报告“四、结转下年度继续办理”为{_n(b.value)}",
            )
        )
    return out
