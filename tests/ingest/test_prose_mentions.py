"""Numbers the prose states that no row of the format holds (新闻发布会12场): each becomes a fact
with the noun it counts, its role in the sentence, its unit and the sentence it stands in; words
that merely contain a numeral (统一部署, 一项重要内容) are not numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.parse import parse_document
from ingest.prose import mentions
from reportqa.format import MENTION

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def huaian_mentions():
    r = parse_document(load_document(CORPUS / "huaian-2024.pdf"), "rid", "huaian-2024.pdf")
    return [f for f in r.facts if f.row_key == MENTION]


def _read(text: str) -> list[tuple[str, str, int | float, str]]:
    return [(m.noun, m.role, m.value, m.unit) for m in mentions(text, [])]


def test_the_huaian_sample_states_these_figures_in_words(huaian_mentions):
    got = {(f.row, f.column, f.value, f.unit) for f in huaian_mentions}
    assert {
        ("淮安市人民政府公报", "总数", 6, "期"),
        ("新闻发布会", "总数", 12, "场"),
        ("全市在运维政务新媒体", "总数", 95, "个"),
        ("合格率", "总数", 100, "%"),
        ("政府信息公开栏目全覆盖检查", "总数", 4, "次"),
        ("市政府规章", "总数", 1, "件"),
    } <= got


def test_a_mention_keeps_its_sentence_and_where_it_stands(huaian_mentions):
    [f] = [f for f in huaian_mentions if f.row == "新闻发布会"]
    assert f.raw == "12 场"
    # a long sentence is quoted around its number
    assert f.context == (
        "…作主线，组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流"
        "营商环境高质量推进产业发展”“加快建设长三角北部重要产业科技创新高地的若干政策”等新闻发布会"
        " 12 场，努力传递政府声音、宣传政策法规、回应舆论关切。"
    )
    p = f.provenance
    assert (p.section, p.locator, p.char_start, p.char_end) == (
        "一、总体情况",
        "第2页第2行",
        588,
        593,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组织召开新闻发布会4场，努力传递政府声音。", [("新闻发布会", "总数", 4, "场")]),
        ("全年对照检查标准开展自查整改12次，不断提升。", [("自查整改", "总数", 12, "次")]),
        (
            "全年组织政务公开业务培训3次，培训368人次。",
            [("政务公开业务培训", "总数", 3, "次"), ("培训", "总数", 368, "人次")],
        ),
        (
            "我街道共办理人大代表建议50件、政协委员提案54件。",
            [("人大代表建议", "总数", 50, "件"), ("政协委员提案", "总数", 54, "件")],
        ),
        ("截至年底，我市在运维政务新媒体共计6个。", [("在运维政务新媒体", "总数", 6, "个")]),
        ("全年编发《淮安市人民政府公报》6 期。", [("淮安市人民政府公报", "总数", 6, "期")]),
        ("发布政策解读二篇。", [("政策解读", "总数", 2, "篇")]),
        (
            "受理行政复议80件，同比增长5%。",
            [("行政复议", "总数", 80, "件"), ("行政复议", "同比变化", 5, "%")],
        ),
        (
            "办理行政复议30件，其中结果维持20件。",
            [("行政复议", "总数", 30, "件"), ("结果维持", "其中", 20, "件")],
        ),
        ("按照上级的统一部署，进一步加强工作。", []),
        ("政府信息公开工作是新时期政府工作的一项重要内容。", []),
        ("在3个工作日内答复，四个季度均开展检查。", []),
    ],
)
def test_what_a_number_counts(text, expected):
    assert _read(text) == expected
