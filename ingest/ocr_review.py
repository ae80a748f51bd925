"""Scanned tables reviewed against the cross-checks, never corrected silently.

When the arithmetic checks of a scanned report fail, each digit of each low-confidence cell of
表3 and 表4 is tried as each of the readings the recogniser confuses it with (ingest/ocr.toml). If
exactly one such single change makes every arithmetic check hold, it is taken: the cell's value
becomes the corrected one, its locator says what OCR read, and a check ``O1`` records the OCR text,
the confidence and the correction. Otherwise the figures stay as read and the failing checks stand.

A value read with low confidence (or not read at all) that no passing check confirms is flagged by
a check ``O2``: 表2 and the 统计表 have no arithmetic, so their doubtful cells are always flagged.
A row of 表3 (or 表4) the scan did not give at all is flagged by a check ``O3``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.checks import SOFT, check_report
from ingest.document import OcrBox
from ingest.loaders.ocr import knowledge
from reportqa.format import (
    TABLE3_BY_KEY,
    TABLE3_RESULT_LEAVES_2019,
    TABLE3_RESULT_LEAVES_2021,
    TABLE_3,
    TABLE_4,
)
from reportqa.numbers import parse_cell
from reportqa.records import CheckResult, Fact

ARITHMETIC = ("C1", "C2", "C3", "C5", "C6", "C7")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 36.709: a comma read as a point


def _failing(report_id: str, facts: list[Fact]) -> list[CheckResult]:
    return [
        c
        for c in check_report(report_id, facts)
        if c.check in ARITHMETIC and not c.passed and c.severity != SOFT
    ]


def _where(f: Fact) -> str:
    return f"{f.table}“{f.row}”行“{f.column}”列"


def _alternatives(raw: str) -> list[str]:
    """Every reading of ``raw`` with one digit changed into one it is confused with."""
    confusions: dict[str, list[str]] = knowledge()["confusions"]
    out = []
    for i, ch in enumerate(raw):
        for alt in confusions.get(ch, []):
            new = raw[:i] + alt + raw[i + 1 :]
            if len(new) > 1 and new[0] == "0":
                continue  # no leading zeros in a count
            out.append(new)
    return out


def review(
    report_id: str, facts: list[Fact], boxes: dict[int, OcrBox]
) -> tuple[list[Fact], list[CheckResult], list[str]]:
    """``boxes`` maps the index of each scanned table fact to its OCR box. Returns the facts
    (with at most one correction), the O1/O2 checks and warnings."""
    conf = knowledge()["confidence"]
    low, flag = float(conf["low"]), float(conf["flag"])
    facts = list(facts)
    results: list[CheckResult] = []
    warnings: list[str] = []
    _read_thousands(report_id, facts, boxes, results, warnings)
    failing = _failing(report_id, facts)
    if failing:
        tried: list[tuple[int, str]] = []
        for i, box in boxes.items():
            f = facts[i]
            if f.table not in (TABLE_3, TABLE_4) or box.confidence >= low:
                continue
            if not isinstance(f.value, int) or not f.raw.isdigit():
                continue
            tried += [(i, alt) for alt in _alternatives(f.raw)]
        works = []
        for i, alt in tried:
            trial = list(facts)
            trial[i] = replace(facts[i], value=int(alt), raw=alt)
            if not _failing(report_id, trial):
                works.append((i, alt))
        if len(works) == 1:
            i, alt = works[0]
            f, box = facts[i], boxes[i]
            read = box.read or f.raw
            how = f"按勾稽关系更正为“{alt}”"
            detail = (
                f"扫描件识别为“{read}”（置信度 {box.confidence:.2f}），表格勾稽不成立；"
                f"只有改读为“{alt}”能使所有勾稽校验成立，已按“{alt}”采用，请核对原件"
            )
            results.append(_correct(report_id, facts, i, int(alt), read, how, detail))
            warnings.append(f"{_where(f)}：扫描件识别为“{read}”，{how}")
        else:
            why = "没有" if not works else f"有 {len(works)} 种"
            warnings.append(
                f"扫描件的表格勾稽校验不成立，低置信度数字{why}能使所有校验成立的唯一改读，按识别结果保留"
            )
    checks = check_report(report_id, facts)
    for i, box in boxes.items():
        f = facts[i]
        unread = f.value is None and not f.raw and box.confidence == 0
        not_a_number = f.value is None and parse_cell(f.raw).kind == "text"
        if not_a_number and f.table in (TABLE_3, TABLE_4):
            continue  # C4 says it already
        if not unread and not not_a_number and (box.confidence >= flag or f.value is None):
            continue
        if not unread and _confirmed(f, checks):
            continue
        if unread:
            shown = f"“{box.read}”（不是数字）" if box.read else "空白（或字迹太淡，未能识别）"
        else:
            shown = f"“{f.raw}”"
        results.append(
            CheckResult(
                report_id,
                "O2",
                _where(f),
                False,
                SOFT,
                None,
                f.value,
                f"{_where(f)}：扫描件识别结果为{shown}，置信度 {box.confidence:.2f}，"
                "没有勾稽校验能印证，请核对原件",
            )
        )
    results += _missing(report_id, facts)
    return facts, results, warnings


def _read_thousands(
    report_id: str,
    facts: list[Fact],
    boxes: dict[int, OcrBox],
    results: list[CheckResult],
    warnings: list[str],
) -> None:
    """A scanned count read as 36.709 is 36709: a count has no decimals, and a point followed by
    exactly three digits is the thousands separator misread. Corrected in place, never silently:
    the locator keeps what OCR read and an O1 check says why."""
    units = set(knowledge()["thousands"]["count_units"])
    for i in boxes:
        f = facts[i]
        raw = f.raw.strip()
        if f.unit and raw.endswith(f.unit):
            raw = raw[: -len(f.unit)].strip()  # 30.219件: the unit printed in the cell
        if f.unit not in units or not _THOUSANDS.match(raw):
            continue
        read = boxes[i].read or f.raw
        value = int(raw.replace(".", ""))
        how = f"按千位分隔符读作“{value}”"
        detail = (
            f"扫描件识别为“{read}”；{f.unit}数不会有小数，小数点后正好三位是被识别成小数点的"
            f"千位分隔符，已按“{value}”采用，请核对原件"
        )
        results.append(_correct(report_id, facts, i, value, read, how, detail))
        warnings.append(f"{_where(f)}：扫描件识别为“{read}”，{how}")


def _correct(
    report_id: str, facts: list[Fact], i: int, value: int, read: str, how: str, detail: str
) -> CheckResult:
    """Take ``value`` for scanned fact ``i``, its locator keeping what OCR read and how it was
    corrected; the O1 check that says so."""
    f = facts[i]
    prov = replace(f.provenance, locator=f"{f.provenance.locator}（识别为“{read}”，{how}）")
    facts[i] = replace(f, value=value, raw=str(value), provenance=prov)
    return CheckResult(
        report_id, "O1", _where(f), False, SOFT, value, f.value, f"{_where(f)}：{detail}"
    )


def _missing(report_id: str, facts: list[Fact]) -> list[CheckResult]:
    """O3: a row of 表3, or 表4, that the scan did not give (a row read wrong, a rule missed)."""
    out = []
    t3 = {f.row_key: f for f in facts if f.table == TABLE_3}
    if t3:
        fmt = next(iter(t3.values())).table_format
        leaves = TABLE3_RESULT_LEAVES_2019 if fmt == "2019" else TABLE3_RESULT_LEAVES_2021
        for key in ["new", "carried_in", *leaves, "total", "carried_out"]:
            if key not in t3:
                label = TABLE3_BY_KEY[key].label
                out.append(
                    CheckResult(
                        report_id,
                        "O3",
                        f"表3“{label}”行",
                        False,
                        SOFT,
                        None,
                        None,
                        f"表3“{label}”行：扫描件中没有读出这一行的数字，请核对原件",
                    )
                )
    n4 = sum(1 for f in facts if f.table == TABLE_4)
    if t3 and n4 < 15:
        out.append(
            CheckResult(
                report_id,
                "O3",
                "表4",
                False,
                SOFT,
                15,
                n4,
                f"表4：扫描件中读出 {n4} 个数据格（应为 15 个），请核对原件",
            )
        )
    return out


# the rows of 表3 that each column check adds up (C2 adds the result leaves and their total)
_C1_ROWS = frozenset({"new", "carried_in", "total", "carried_out"})


def _confirmed(f: Fact, checks: list[CheckResult]) -> bool:
    """A cell whose every arithmetic check passes, with at least one check that adds up the
    cell itself (C1 of its column holds whatever a result leaf reads: it confirms no leaf)."""
    if f.table not in (TABLE_3, TABLE_4):
        return False  # 表2 and the 统计表 have no arithmetic to confirm a reading
    if f.table == TABLE_3:
        column = f"表3“{f.column}”列"
        leaves = (
            TABLE3_RESULT_LEAVES_2019 if f.table_format == "2019" else TABLE3_RESULT_LEAVES_2021
        )
        adds = {("C3", f"表3“{f.row}”行")}
        if f.row_key in _C1_ROWS:
            adds.add(("C1", column))
        if f.row_key in leaves or f.row_key == "total":
            adds.add(("C2", column))
    else:
        adds = {(c, f"表4“{f.row}”") for c in ("C5", "C6", "C7")}
    mine = [c for c in checks if (c.check, c.scope) in adds]
    return bool(mine) and all(c.passed for c in mine)


def flagged(checks: list[CheckResult], table: str, row: str, column: str) -> bool:
    """Whether a failing check speaks about the cell (table, row, column): an OCR check on the
    cell itself, or an arithmetic check on its row, column or 表4 group."""
    for c in checks:
        if c.passed:
            continue
        if c.check in ("O1", "O2") and c.scope == f"{table}“{row}”行“{column}”列":
            return True
        if c.check == "O3" and c.scope in (table, f"{table}“{row}”行"):
            return True
        if c.check in ("C1", "C2") and c.scope == f"{table}“{column}”列":
            return True
        if c.check == "C3" and c.scope == f"{table}“{row}”行":
            return True
        if c.check in ("C5", "C6", "C7") and c.scope == f"{table}“{row}”":
            return True
    return False
