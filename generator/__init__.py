"""Synthetic 政府信息公开工作年度报告 for tests and benchmarks: the truth (:mod:`.model`), how it
looks on paper (:mod:`.render`), and seeded corpora of many similar bodies (:mod:`.corpus`)."""

from .corpus import all_bodies, make_corpus, truth_json
from .model import (
    PLANTABLE,
    BodyInfo,
    GeneratedReport,
    RenderInfo,
    carry_over_mismatches,
    check_failures,
    failed_checks,
    make_report,
)
from .render import build_layout, render, render_with_info
from .render_html import pdf_available

__all__ = [
    "PLANTABLE",
    "BodyInfo",
    "GeneratedReport",
    "RenderInfo",
    "all_bodies",
    "build_layout",
    "carry_over_mismatches",
    "check_failures",
    "failed_checks",
    "make_corpus",
    "make_report",
    "pdf_available",
    "render",
    "render_with_info",
    "truth_json",
]
