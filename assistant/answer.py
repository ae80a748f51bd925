"""The one typed answer every route returns, and the rule that every number in it is traceable."""

from __future__ import annotations

import re
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field, computed_field, model_validator

from assistant.parsing.years import explicit_years
from reportqa.values import format_number, format_percent, format_value

# a citation's place, as the query of its source link: a table cell (t, r, c), a span of the
# document text (s, e), a line (line, page)
_PLACE = (
    ("table_index", "t"),
    ("row_index", "r"),
    ("col_index", "c"),
    ("char_start", "s"),
    ("char_end", "e"),
    ("line", "line"),
    ("page", "page"),
)


def source_url(report_id: str, provenance: dict[str, Any] | None) -> str:
    """The address of the cited place: the report's text at ``/view/{report_id}``, with the
    cell, sentence or line to mark (the web app serves it; its public base URL goes before)."""
    prov = provenance or {}
    params = {short: prov[key] for key, short in _PLACE if isinstance(prov.get(key), int)}
    if not params:
        return f"/view/{report_id}"
    return f"/view/{report_id}?{urlencode(params)}#hl"


class Citation(BaseModel):
    source: str = Field(description="报告文件名")
    title: str = Field(description="报告名称")
    body: str
    year: int
    section: str = ""
    locator: str = Field(default="", description="页、行，或表格的行列")
    quote: str = Field(default="", description="引用的原文句子，或表格单元格及其行列标签")
    fact_id: str | None = Field(default=None, description="引用的事实（单元格或正文数字）的 id")
    chunk_id: str | None = Field(default=None, description="引用的正文段落的 id")
    report_id: str | None = Field(default=None, description="报告的 id")
    provenance: dict[str, Any] | None = Field(
        default=None,
        description="结构化出处：表、行、列、页、行号、字符位置（table/row/column/page/line/char_start/char_end …）",
    )
    url: str | None = Field(
        default=None,
        description="打开出处的网址：报告原文的查看页，引用的句子或表格单元格已标出"
        "（相对于问答服务的地址；设置了公开地址时为完整网址）",
    )

    @model_validator(mode="after")
    def _link(self) -> Citation:
        if self.url is None and self.report_id:
            self.url = source_url(self.report_id, self.provenance)
        return self


class Figure(BaseModel):
    value: float | int | str
    unit: str = ""
    label: str
    body: str
    year: int
    source: str
    locator: str = ""
    qualifier: str = ""
    computed: bool = Field(default=False, description="由单元格计算得出（合计、差、占比、倍数）")

    @computed_field(description="数值按报告的写法：限定词（近、余）在原来的位置，带单位")  # type: ignore[prop-decorator]
    @property
    def shown(self) -> str:
        if self.unit == "%" and isinstance(self.value, int | float):
            return format_percent(self.value)
        return format_value(self.value, self.unit, self.qualifier)


class ChartPoint(BaseModel):
    label: str = Field(description="横轴上的名称：年度（2024年）或机关")
    value: float | int
    citation: int | None = Field(
        default=None,
        description="这个数值的出处编号（从 1 起，即 citations 中的第几条和答案中的 [n]）",
    )


class Chart(BaseModel):
    """The values of a trend (by year: a line) or a comparison (by body: bars), each cited."""

    kind: Literal["line", "bar"]
    unit: str = ""
    title: str = Field(default="", description="图的标题：机关和指标")
    points: list[ChartPoint]


class Answer(BaseModel):
    answer: str
    found: bool
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    route: str = ""
    suggestions: list[str] = Field(default_factory=list)
    interpretation: str = Field(
        default="", description="问题被理解成了什么：机关、年度、指标、运算（用中文写出）"
    )
    parse: dict[str, Any] | None = Field(default=None, description="问题的结构化解析")
    generated: bool = Field(
        default=False,
        description="answer 由语言模型根据引文写成（已核对：每个数字都在所引原文中，每句都有引用）",
    )
    extract: str | None = Field(
        default=None, description="语言模型概括时，它所依据的引文答案（原文摘录）"
    )
    partial: bool = Field(default=False, description="流式输出中尚未写完的答案")
    chart: Chart | None = Field(
        default=None,
        description="趋势和比较类回答的图：按年度的折线（line）或按机关的柱形（bar），每个点都有出处编号",
    )


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _forms(v: float | int | str) -> set[str]:
    if isinstance(v, str):
        return set(_NUMBER.findall(v))
    out = {format_number(v)}
    if isinstance(v, float):
        out.add(f"{v:.1f}")
        out.add(f"{v:.2f}")
    return out


def untraceable_numbers(answer: Answer, question: str = "") -> list[str]:
    """Numbers in ``answer.answer`` that are neither a figure (value or year), nor in a cited
    quote or title, nor the question's own words (a year asked about and not held)."""
    said = re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", question)  # 1,000 said is 1000
    allowed: set[str] = set(_NUMBER.findall(said))
    allowed |= {str(y) for y in explicit_years(question)[0]}  # 二〇二三年 in the question: 2023
    for f in answer.figures:
        allowed |= _forms(f.value)
        allowed.add(str(f.year))
        allowed |= set(_NUMBER.findall(f.label))
    quotes = " ".join(c.quote + " " + c.title + " " + c.locator for c in answer.citations)
    allowed |= set(_NUMBER.findall(quotes))
    allowed |= {str(c.year) for c in answer.citations}
    text = re.sub(r"\[\d+\]", "", answer.answer)  # citation markers
    if not answer.found:  # 同比: a refusal may name the year before the one asked, not held
        asked = {int(n) for n in allowed if re.fullmatch(r"(?:19|20)\d{2}", n)}
        allowed |= {str(y + d) for y in asked for d in (-1, 1)}
    return [n for n in _NUMBER.findall(text) if n not in allowed]
