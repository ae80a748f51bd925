"""Reading the three standard tables (表2 主动公开, 表3 依申请, 表4 复议诉讼) into facts.

Every source shape is reduced to a sequence of rows, each a (label, value cells) pair: a grid row
of a real table (docx, html, pdf, a txt export's tab cells), or one text line (a PDF whose table
was not recognised, a flattened copy). Labels are matched by keywords against the format's
labels; values are taken by position. A row's numbers may stand on the line before its label
(PDF), so a label waits for its numbers and numbers wait for their label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.document import OcrBox, Table, TableCell, TextLine
from reportqa.format import (
    PATH_SEP,
    TABLE2_PARTS_2019,
    TABLE2_PARTS_2021,
    TABLE3_COLUMN_LABELS,
    TABLE3_ROWS,
    TABLE4_GROUP_LABELS,
    TABLE4_RESULTS,
    TABLE_2,
    TABLE_3,
    TABLE_4,
    RowSpec,
    normalize_label,
)
from reportqa.numbers import CellValue, parse_cell, split_run_together


@dataclass(frozen=True)
class CellRef:
    """One value cell with where it was found."""

    value: CellValue
    locator: str
    page: int | None = None
    line: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    col_index: int | None = None
    ocr: OcrBox | None = None  # a value read by OCR from a scan: its box and confidence


def ocr_note(box: OcrBox) -> str:
    """How a scanned cell was read, for its locator: the box on the page and the confidence."""
    read = f"，识别为“{box.read}”" if box.read else ""
    return f"（OCR 框 {box.where}，置信度 {box.confidence:.2f}{read}）"


@dataclass
class Row:
    label: str  # normalised label text ("" for a numbers-only line)
    values: list[CellRef]
    from_grid: bool
    where: str = ""  # locator of the row itself (for a row whose cells are all blank)


@dataclass
class ParsedCell:
    table: str
    row: str
    column: str
    row_key: str
    col_index: int
    cell: CellRef
    unit: str
    table_format: str


@dataclass
class TableResult:
    cells: list[ParsedCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # table -> 2021 / 2019


# ---------------------------------------------------------------- classification


def table_text(table: Table) -> str:
    return normalize_label("".join(c.text for row in table.rows for c in row if not c.copy))


def classify(table: Table) -> str | None:
    text = table_text(table)
    if any(k in text for k in ("本年新收", "予以公开", "本年度办理结果", "上年结转")):
        return TABLE_3
    if ("结果维持" in text or "尚未审结" in text or "结果纠正" in text) and "复议" in text:
        return TABLE_4
    if any(
        k in text
        for k in ("第二十条", "规范性文件", "行政许可", "行政处罚", "行政事业性收费", "制发件数")
    ):
        return TABLE_2
    return None


# ---------------------------------------------------------------- rows from sources


def _cell_locator(table: Table, cell: TableCell) -> str:
    if cell.line is not None:
        return f"第{cell.line}行"
    where = f"第{cell.page}页 " if cell.page else ""
    return f"{where}表格{table.index} 第{cell.row + 1}行第{cell.col + 1}列"


def grid_rows(table: Table, expected: int | None) -> Iterable[Row]:
    """Rows of a grid. With ``expected`` (7 for 表3, 15 for 表4) the values are the last
    ``expected`` cells by position; otherwise the run of value-like cells at the row's end."""
    for row in table.rows:
        cells = [c for c in row if not c.copy]
        if not cells:
            continue
        parsed = [parse_cell(c.text) for c in cells]
        n_suffix = 0
        for pv in reversed(parsed):
            if pv.kind == "text":
                break
            n_suffix += 1
        if expected and len(cells) > expected and n_suffix >= 1:
            n_values = expected
        else:
            n_values = n_suffix
        if n_values == len(cells):  # no label: a numbers-only row (or an all-blank row)
            if all(p.kind == "blank" for p in parsed):
                continue
        label_cells = cells[: len(cells) - n_values]
        values = [
            CellRef(
                value=parsed[i],
                locator=_cell_locator(table, c) + (ocr_note(c.ocr) if c.ocr else ""),
                page=c.page if c.page is not None else table.page,
                line=c.line,
                table_index=table.index,
                row_index=c.row,
                col_index=c.col,
                ocr=c.ocr,
            )
            for i, c in enumerate(cells)
            if i >= len(cells) - n_values
        ]
        if values and all(v.value.kind == "blank" for v in values) and not label_cells:
            continue
        label = normalize_label("".join(c.text for c in label_cells))
        yield Row(label=label, values=values, from_grid=True)


_TOKEN = re.compile(r"\S+")


def line_rows(lines: Iterable[TextLine]) -> Iterable[Row]:
    """Rows of a table printed as text: trailing numeric tokens are the values."""
    for ln in lines:
        tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(ln.text.replace("|", " "))]
        k = len(tokens)
        while k > 0 and parse_cell(tokens[k - 1][0]).kind in ("number", "placeholder"):
            k -= 1
        label = normalize_label("".join(t for t, _ in tokens[:k]))
        where = f"第{ln.page}页第{ln.line}行" if ln.page else f"第{ln.line}行"
        boxes = _token_boxes(ln, len(tokens))
        values = [
            CellRef(
                value=parse_cell(t),
                locator=f"{where}第{j + 1}个数" + (ocr_note(boxes[k + j]) if boxes else ""),
                page=ln.page,
                line=ln.line,
                ocr=boxes[k + j] if boxes else None,
            )
            for j, (t, _) in enumerate(tokens[k:])
        ]
        if label or values:
            yield Row(label=label, values=values, from_grid=False, where=where)


def _token_boxes(ln: TextLine, n_tokens: int) -> list[OcrBox] | None:
    """The OCR box of each token of a scanned line (a box of several tokens gives each its own
    copy), or None when the line was not read by OCR or the tokens do not line up."""
    if not ln.boxes:
        return None
    out = [b for b in ln.boxes for _ in b.text.replace("|", " ").split()]
    return out if len(out) == n_tokens else None


# ---------------------------------------------------------------- 表3

_OTHER_LEAF = re.compile(r"(?:^|[^\d])3[.、．]?其他$")
_TOTAL = re.compile(r"（七）|\(七\)|七）总计|^总计$|^合计$|办理结果总计$")


def match_table3(label: str) -> RowSpec | None:
    if not label:
        return None
    for spec in TABLE3_ROWS:
        if spec.leaf and spec.keywords and any(k in label for k in spec.keywords):
            if spec.key == "carried_in" and "结转下年" in label:
                continue
            return spec
    if _OTHER_LEAF.search(label):
        return _T3["other.other"]
    if "总计" in label and _TOTAL.search(label.replace("三、本年度办理结果", "")):
        return _T3["total"]
    if "其他处理" in label:
        return _T3["other"]
    return None


_T3 = {r.key: r for r in TABLE3_ROWS}


def _assign_rows(
    rows: Iterable[Row], match, start_key: str | None = None
) -> tuple[dict[str, list[CellRef]], list[str]]:
    """Pair labels with value runs. Returns values per row key, and the keys in order found.

    A label split over lines (``5、属于三类内部事`` … ``务信息``) is matched on the joined text.
    In a table printed as text, a label followed by another label with no numbers between is a
    row whose cells are all blank: it gets no values (the caller fills blanks).
    """
    found: dict[str, list[CellRef]] = {}
    pending_label: RowSpec | None = None
    pending_where = ""
    pending_from_grid = False
    pending_values: list[CellRef] | None = None
    carry = ""
    started = start_key is None
    for row in rows:
        spec = match(row.label)
        if spec is None and carry and row.label and not row.from_grid:
            spec = match(carry + row.label)
        if row.label and not row.from_grid:
            carry = "" if spec is not None else row.label
        elif row.from_grid:
            carry = ""
        if not started:
            if spec is None or spec.key != start_key:
                continue
            started = True
        if spec is not None and spec.key in found:
            spec = None  # a continuation of a label already filled
        if (
            spec is not None
            and pending_label is not None
            and pending_label.leaf
            and pending_label.key not in found
            and not pending_from_grid
            and not (pending_values is None and not row.values and not spec.leaf)
        ):
            # a line label followed by the next label with no numbers between: all blank
            found[pending_label.key] = [
                CellRef(value=CellValue(raw="", value=None, kind="blank"), locator=pending_where)
            ]
            pending_label = None
        if spec is not None and row.values:
            found[spec.key] = row.values
            pending_label, pending_values = None, None
        elif spec is not None:
            if pending_values is not None:
                found[spec.key] = pending_values
                pending_values = None
            else:
                pending_label, pending_where, pending_from_grid = spec, row.where, row.from_grid
        elif row.values:
            if pending_label is not None:
                found[pending_label.key] = row.values
                pending_label = None
            elif not row.label or (carry and not row.from_grid):
                pending_values = row.values
    return found, list(found)


def _fit(values: list[CellRef], n: int, where: str, warnings: list[str]) -> list[CellRef] | None:
    """Exactly ``n`` values for a row, or None (with a warning) when they cannot be placed."""
    if len(values) == 1 and values[0].value.kind == "blank" and n > 1:
        return values * n  # a row printed with every cell blank
    if len(values) == n:
        return values
    if len(values) > n:
        return values[-n:]
    if len(values) == 1 and values[0].value.kind == "number":
        raw = values[0].value.raw.replace(",", "")
        if raw.isdigit() and len(raw) >= n:
            parts = split_run_together(raw, n)
            if parts is not None:
                warnings.append(f"{where}：数字连在一起（{raw}），按行合计拆分为 {parts}")
                return [
                    CellRef(
                        value=CellValue(raw=str(p), value=p),
                        locator=f"{values[0].locator}（拆分第{i + 1}段）",
                        page=values[0].page,
                        line=values[0].line,
                        table_index=values[0].table_index,
                        row_index=values[0].row_index,
                        col_index=values[0].col_index,
                    )
                    for i, p in enumerate(parts)
                ]
            warnings.append(f"{where}：数字连在一起（{raw}），无法唯一拆分，未采用")
            return None
        if n == 7:  # only 总计 filled
            blank = [
                CellRef(
                    value=CellValue(raw="", value=None, kind="blank"), locator=values[0].locator
                )
            ] * (n - 1)
            return blank + values
    warnings.append(f"{where}：找到 {len(values)} 个数，应为 {n} 个，未采用")
    return None


def parse_table3(rows: list[Row], warnings: list[str]) -> tuple[list[ParsedCell], str]:
    from_text = rows and not rows[0].from_grid
    found, _ = _assign_rows(rows, match_table3, start_key="new" if from_text else None)
    fmt = "2019" if "other" in found and not any(k.startswith("other.") for k in found) else "2021"
    if fmt == "2021":
        found.pop("other", None)
    cells: list[ParsedCell] = []
    for spec in TABLE3_ROWS:
        if spec.key not in found:
            continue
        vals = _fit(found[spec.key], 7, f"表3“{spec.label}”", warnings)
        if vals is None:
            continue
        for i, ref in enumerate(vals):
            cells.append(
                ParsedCell(
                    TABLE_3, spec.label, TABLE3_COLUMN_LABELS[i], spec.key, i, ref, "件", fmt
                )
            )
    expected = [
        r.key
        for r in TABLE3_ROWS
        if r.leaf
        and (r.key not in ("other.no_correction", "other.no_fee", "other.other") or fmt == "2021")
    ]
    if fmt == "2019":
        expected.append("other")
    missing = [_T3[k].label for k in expected if k not in found]
    if found and missing:
        warnings.append("表3缺少行：" + "；".join(missing))
    return cells, fmt


# ---------------------------------------------------------------- 表4


def parse_table4(rows: list[Row], warnings: list[str]) -> list[ParsedCell]:
    values: list[CellRef] | None = None
    for row in rows:
        if len(row.values) >= 15:
            values = row.values[-15:]
            break
    if values is None:  # numbers spread over several numbers-only lines
        run: list[CellRef] = []
        for row in rows:
            if row.values and not row.label:
                run.extend(row.values)
        if len(run) == 15:
            values = run
        elif rows:
            counts = [len(r.values) for r in rows if r.values]
            if counts:
                warnings.append(f"表4：没有找到 15 个数据格（找到 {counts}），未采用")
    if values is None:
        return []
    cells = []
    for i, ref in enumerate(values):
        group, result = divmod(i, 5)
        cells.append(
            ParsedCell(
                TABLE_4,
                TABLE4_GROUP_LABELS[group],
                TABLE4_RESULTS[result],
                f"t4.{group}.{result}",
                i,
                ref,
                "件",
                "2021",
            )
        )
    return cells


# ---------------------------------------------------------------- 表2

_PART_RE = re.compile(r"第二十条第?（([一二三四五六七八九])）项")
_T2_ROWS = [
    ("行政规范性文件", 0, 1),
    ("规范性文件", 0, 1),
    ("规章", 0, 0),
    ("其他对外管理服务事项", 1, 1),
    ("行政许可", 1, 0),
    ("行政处罚", 2, 0),
    ("行政强制", 2, 1),
    ("行政事业性收费", 3, 0),
    ("政府集中采购", 4, 0),
]


def _t2_row(label: str) -> tuple[int, int] | None:
    for name, part, idx in _T2_ROWS:
        if label.endswith(name) or (name in label and len(label) <= len(name) + 12):
            return part, idx
    return None


def _header_format(label: str) -> str | None:
    """The variant a Table 2 header row announces, if any (本年(2023)制发件数 reads as 本年制发件数)."""
    label = re.sub(r"（\d{4}年?）", "", label)
    if "新制作" in label or "新公开" in label or "上一年项目数量" in label or "本年增" in label:
        return "2019"
    if (
        "制发件数" in label
        or "废止件数" in label
        or "本年处理决定数量" in label
        or "收费金额" in label
    ):
        return "2021"
    return None


def parse_table2(rows: list[Row], warnings: list[str]) -> tuple[list[ParsedCell], str]:
    header_fmt: str | None = None
    cells: list[ParsedCell] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        label = row.label
        if _PART_RE.search(label) and not row.values:
            header_fmt = None  # a new part: its header row follows
            continue
        announced = _header_format(label)
        if announced and all(v.value.kind != "number" for v in row.values):
            header_fmt = announced
            continue
        hit = _t2_row(label)
        if hit is None or not row.values or hit in seen:
            continue
        part_i, row_i = hit
        values = list(row.values)
        v2021 = TABLE2_PARTS_2021[part_i] if part_i < 4 else None
        v2019 = TABLE2_PARTS_2019[part_i]
        fmt = header_fmt
        if fmt is None or (fmt == "2021" and v2021 is None):
            # no header seen: decide by how many numbers the row has
            numbers = [v for v in values if v.value.kind != "blank"]
            if v2021 is not None and len(numbers) <= len(v2021.columns):
                fmt = "2021"
            else:
                fmt = "2019"
        part = v2021 if fmt == "2021" and v2021 is not None else v2019
        if row_i >= len(part.rows):
            continue
        n_cols = len(part.columns)
        if len(values) < n_cols:
            warnings.append(
                f"表2“{part.rows[row_i]}”：找到 {len(values)} 个数，应为 {n_cols} 个，未采用"
            )
            continue
        # cells beyond the header's columns are the blank remainder of a merged cell
        values = values[:n_cols]
        seen.add(hit)
        for ci, ref in enumerate(values):
            unit = ref.value.unit or part.units[ci]
            cells.append(
                ParsedCell(
                    TABLE_2,
                    f"{part.item}{PATH_SEP}{part.rows[row_i]}",
                    part.columns[ci],
                    f"t2.{part_i}.{row_i}",
                    ci,
                    ref,
                    unit,
                    fmt,
                )
            )
    formats = {c.table_format for c in cells}
    return cells, (formats.pop() if len(formats) == 1 else "mixed" if formats else "")


# ---------------------------------------------------------------- entry point


def parse_tables(
    blocks_by_kind: dict[str, list[Table | TextLine]], lines_by_kind: dict[str, list[TextLine]]
) -> TableResult:
    """Parse each standard table from its grid blocks (with any lines between them), or from
    the text lines of its section when it has no grid."""
    result = TableResult()
    expected = {TABLE_2: None, TABLE_3: 7, TABLE_4: 15}
    for kind in (TABLE_2, TABLE_3, TABLE_4):
        rows: list[Row] = []
        for b in blocks_by_kind.get(kind, []):
            rows.extend(grid_rows(b, expected[kind]) if isinstance(b, Table) else line_rows([b]))
        if not rows:
            rows = list(line_rows(lines_by_kind.get(kind, [])))
        if not rows:
            continue
        if kind == TABLE_3:
            cells, fmt = parse_table3(rows, result.warnings)
        elif kind == TABLE_4:
            cells, fmt = parse_table4(rows, result.warnings), "2021"
        else:
            cells, fmt = parse_table2(rows, result.warnings)
        if cells:
            result.cells.extend(cells)
            result.formats[kind] = fmt
    return result
