"""What a question was read as: the typed parse every responder works from.

A :class:`QuestionParser` turns a question (and the conversation before it) into a
:class:`ParsedQuestion`; the rule parser is the first implementation, a model-based one can be
another. Resolution (aliases, relative years, cells) and every computation stay in code: a parse
names things, it never holds a figure.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class Intent(StrEnum):
    """What the question wants done; one responder each (assistant/responders/)."""

    FIGURE = "figure"  # one figure, or several named in one question
    COMPARE = "compare"  # the difference between two years or two bodies
    TREND = "trend"  # a figure over several years
    SHARE = "share"  # a part as a percentage of a whole
    MULTIPLE = "multiple"  # how many times one figure is another
    EXTREME = "extreme"  # the largest or smallest row of a group within one report
    RANK = "rank"  # bodies ordered by a figure
    TOTAL = "total"  # a figure summed over several bodies
    LEDGER = "ledger"  # 新收 + 上年结转 = 办结 + 结转下年: does it hold
    YESNO = "yesno"  # 有没有 / 是否, decided by a figure
    CHECK = "check"  # do the tables add up
    NARRATIVE = "narrative"  # what the text says
    HOLDINGS = "holdings"  # what reports the corpus has
    HELP = "help"  # a greeting or thanks: what the assistant can answer, no figure
    UNKNOWN = "unknown"  # not understood: nothing is answered


class BodyStatus(StrEnum):
    RESOLVED = "resolved"  # one body of the corpus
    AMBIGUOUS = "ambiguous"  # a name several bodies share
    UNKNOWN = "unknown"  # a name no body of the corpus has
    FUZZY = "fuzzy"  # close to a name (a typo, a homophone, pinyin): confirm before answering


class YearKind(StrEnum):
    NONE = "none"  # no year said: the newest report
    EXPLICIT = "explicit"  # 2023年, 二〇二三年, 23年, a range
    LATEST = "latest"  # 去年 / 今年 / 最新: the body's newest report year
    PREVIOUS = "previous"  # 前年 (offset years before the newest)
    RECENT = "recent"  # 近三年 / 这两年: the newest ``count`` years
    ALL = "all"  # 历年 / 三年来: every year held


class Order(StrEnum):
    MAX = "max"
    MIN = "min"


class NarrativeKind(StrEnum):
    PROBLEMS = "problems"
    PLANS = "plans"
    MEASURES = "measures"
    TOPIC = "topic"


class Span(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str


class BodyMention(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str  # as the question says it
    status: BodyStatus
    bodies: tuple[str, ...] = ()  # the body, or the candidates
    start: int = -1
    end: int = -1


class YearSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: YearKind = YearKind.NONE
    years: tuple[int, ...] = ()  # explicit years, in order
    count: int = 0  # RECENT: how many; PREVIOUS: how many years back
    offsets: tuple[int, ...] = ()  # several relative years (前年和去年): years back from the newest
    # the years in the order said: a year as itself, a relative one as -(years back + 1)
    sequence: tuple[int, ...] = ()
    words: str = ""  # as said (去年, 这两年)
    plan_year: bool = False  # a year a plan is for (2025年打算…), not a report year


class MetricRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    metric: str  # registry id (reportqa/metrics.toml)
    dim: str | None = None  # the dimension value named (natural, corrected, in_force …)
    part: str | None = None  # a part of 主动公开 the report lists (机构信息)
    words: tuple[str, ...] = ()  # the words that named it


class ParsedQuestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    intent: Intent
    # the question as read: Simplified script, English phrases and pinyin names in Chinese
    # ("press conferences did Huai'an hold" → 新闻发布会did淮安hold); "" where not parsed by rules
    reading: str = ""
    bodies: tuple[BodyMention, ...] = ()
    scope: str | None = (
        None  # "all" / a region or kind of body (各街道, 澜江市各部门) for rank, total
    )
    years: YearSpec = Field(default_factory=YearSpec)
    metrics: tuple[MetricRef, ...] = ()
    whole: MetricRef | None = None  # share: the whole named ("占办结的比例")
    group: str | None = None  # extreme: the family or dimension compared (办理结果, applicant)
    order: Order | None = None
    premise: float | None = None  # the value the question takes for granted (一件都没收到: 0)
    # an approximate claim covers a range (一万多件: above 10000 and below 20000; 100来件: 80 to
    # 120), said in its own words; None: the claim is exact
    premise_range: tuple[float, float] | None = None
    premise_words: str = ""
    # 全部都予以公开了吧, 都维持了: the question takes a part for its whole
    premise_all: bool = False
    narrative: NarrativeKind | None = None
    topic: str = ""  # the words narrative retrieval searches for
    units: tuple[str, ...] = ()  # the measures the question counts in (几场 → 场, 多少人次 → 人次)
    ambiguous_words: tuple[str, ...] = ()  # words with several readings (拒绝, 收费)
    unknown: tuple[str, ...] = ()  # content words nothing accounts for
    unknown_phrases: tuple[str, ...] = ()  # those words with the words around them (按时办结率)
    inherited: tuple[str, ...] = ()  # slots taken from earlier questions: body, year, metric
    cues: tuple[str, ...] = ()  # the operation and intent words the question used
    seen: tuple[
        BodyMention, ...
    ] = ()  # every body the conversation has named, this question's last
    seen_metrics: tuple[MetricRef, ...] = ()  # every figure the conversation asked, this one's last
    translated: tuple[str, ...] = ()  # English or pinyin read as Chinese ("Huai'an" → 淮安)
    dims_only: tuple[str, ...] = ()  # columns named without a row ("企业呢？": dimension.value)
    elliptical: bool = False  # a short follow-up ("那2023年呢？", "复议呢？")
    parser: str = "rules"  # who read it: "rules", or "model" (assistant/llm/parse.py)

    @property
    def resolved_bodies(self) -> list[str]:
        out: list[str] = []
        for m in self.bodies:
            if m.status is BodyStatus.RESOLVED:
                out += [b for b in m.bodies if b not in out]
        return out

    def metrics_words(self) -> list[str]:
        """The words that named the figures, longest first."""
        return sorted({w for r in self.metrics for w in r.words}, key=len, reverse=True)

    def mentions(self, status: BodyStatus) -> list[BodyMention]:
        return [m for m in self.bodies if m.status is status]

    @property
    def understood(self) -> bool:
        return self.intent is not Intent.UNKNOWN

    @property
    def as_read(self) -> str:
        """The question as the parser read it (English and pinyin in Chinese, typos mended),
        where the rules made a reading: what cue words (百分之, 为什么, 比) are looked for in."""
        return self.reading or self.text


class QuestionParser(Protocol):
    """Reads a question, with the earlier questions of the conversation, oldest first."""

    def parse(self, question: str, history: list[str] | None = None) -> ParsedQuestion: ...


def claim_holds(q: ParsedQuestion, value: float | None) -> bool:
    """Whether the figure ``value`` is what the question's claim says (exactly, or within the
    range an approximate claim covers)."""
    if value is None or q.premise is None:
        return False
    if q.premise_range is not None:
        lo, hi = q.premise_range
        return lo <= value <= hi
    return value == q.premise


def whole_of(ref: MetricRef) -> MetricRef | None:
    """What a figure is a part of, where the tables say it: a column of its row's total (维持 of
    行政复议, 自然人 of 新收), an outcome row of 办结 (予以公开); None for a total."""
    from reportqa.metrics import registry

    reg = registry()
    default = reg.default_dim(ref.metric)
    if ref.dim is not None and default is not None and ref.dim != default:
        return MetricRef(metric=ref.metric)
    if reg[ref.metric].family == "办理结果" and ref.metric != "total":
        return MetricRef(metric="total", dim=ref.dim)
    return None


def all_of(ref: MetricRef) -> MetricRef | None:
    """What "all of them" means for a figure (都说不掌握, 全部都予以公开): the figure its rows are
    one reason of (本机关不掌握 → 无法提供), else its whole as the tables have it (whole_of)."""
    from reportqa.metrics import registry

    reg = registry()
    rows = set(reg[ref.metric].rows)
    groups = [
        m
        for m in reg.metrics.values()
        if m.id != ref.metric and rows and m.source == reg[ref.metric].source and rows < set(m.rows)
    ]
    if groups:
        return MetricRef(metric=min(groups, key=lambda m: len(m.rows)).id, dim=ref.dim)
    return whole_of(ref)
