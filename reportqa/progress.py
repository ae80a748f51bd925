"""The progress of reading one report into the index, stage by stage, as the ingest reports it
and the staff upload shows it.

The ingest (``ingest.pipeline``, and the PDF loader for each page it reads by OCR) calls an
optional ``OnProgress`` with a ``Progress`` as each stage begins; the web upload adds its own first
stage (the file's checks) and turns each event into one line of its progress display. The stages'
Chinese names and their shares of the bar are data, here, in the order the stages run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Stage(Enum):
    RECEIVE = "receive"  # an upload's checks: type, size, first bytes (the web layer)
    READ = "read"  # the file read into lines and tables
    OCR = "ocr"  # a scanned page read by OCR: one event per page
    PARSE = "parse"  # tables, prose figures, sections and chunks
    CHECK = "check"  # the checks, the OCR review and the checks against the year before
    EMBED = "embed"  # the vectors computed (only when the index has an embedder)
    WRITE = "write"  # vectors and facts written, the report committed


@dataclass(frozen=True)
class StageText:
    label: str  # what the staff see
    unit: str  # what the steps of a stage count ("页"), "" for a stage of one step
    share: float  # the stage's share of one file's bar (OCR takes most of a scan's time)


STAGES: dict[Stage, StageText] = {
    Stage.RECEIVE: StageText("检查文件（类型、大小、内容）", "", 0.02),
    Stage.READ: StageText("读取文件", "", 0.05),
    Stage.OCR: StageText("文字识别", "页", 0.70),
    Stage.PARSE: StageText("解析表格和正文", "", 0.05),
    Stage.CHECK: StageText("勾稽校验", "", 0.03),
    Stage.EMBED: StageText("计算向量", "", 0.10),
    Stage.WRITE: StageText("写入索引", "", 0.05),
}


@dataclass(frozen=True)
class Progress:
    """``stage`` has begun; for a stage of steps (the pages of a scan), step ``step`` (1-based)
    of ``steps`` is under way."""

    stage: Stage
    step: int = 1
    steps: int = 1

    @property
    def label(self) -> str:
        """In words: "勾稽校验", "文字识别 第 2/6 页"."""
        text = STAGES[self.stage]
        if not text.unit:
            return text.label
        return f"{text.label} 第 {self.step}/{self.steps} {text.unit}"

    @property
    def fraction(self) -> float:
        """The share of one file's work done when this event is heard (0 to below 1)."""
        before = 0.0
        for stage, text in STAGES.items():
            if stage is self.stage:
                within = (self.step - 1) / self.steps if self.steps > 0 else 0.0
                return min(before + text.share * within, 1.0)
            before += text.share
        return before  # pragma: no cover - every stage is in STAGES


OnProgress = Callable[[Progress], None]


def ignore(_: Progress) -> None:
    """The listener of a caller that asked for no progress."""
