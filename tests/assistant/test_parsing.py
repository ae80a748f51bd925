"""Reading questions without an index: names (derived aliases, abbreviations, places without
their level, regions that narrow or rule out), years, intents and follow-ups."""

from __future__ import annotations

import pytest

from assistant.catalog import Catalog, ReportInfo
from assistant.names import aliases_for
from assistant.parsing import RuleParser
from assistant.parsing.years import explicit_years
from assistant.question import BodyStatus, Intent, YearKind

BODIES = [
    ("南关区永吉街道办事处", "南关区永吉街道办事处", 2024),
    ("淮安市人民政府", "淮安市人民政府", 2024),
    ("澜江市东澜区新华街道办事处", "东澜区新华街道办事处", 2023),
    ("澜江市西澜区新华街道办事处", "西澜区新华街道办事处", 2024),
    ("澜江市教育局", "澜江市教育局", 2024),
    ("澜江市东澜区教育局", "澜江市东澜区教育局", 2024),
    ("澜江市住房和城乡建设局", "澜江市住房和城乡建设局", 2024),
    ("澜江市人力资源和社会保障局", "澜江市人力资源和社会保障局", 2024),
    ("澜江市西澜区人民政府", "西澜区人民政府", 2024),
    *[("澜江市东澜区人民政府", "东澜区人民政府", y) for y in (2022, 2023, 2024)],
]


@pytest.fixture(scope="module")
def parser() -> RuleParser:
    catalog = Catalog(
        [ReportInfo(f"r{i}", b, p, y, f"f{i}.txt", "") for i, (b, p, y) in enumerate(BODIES)]
    )
    return RuleParser(catalog)


def test_aliases_are_derived_from_names() -> None:
    assert {"永吉街道", "永吉街道办", "永吉"} <= aliases_for("南关区永吉街道办事处")
    assert {"淮安市政府", "淮安市", "淮安"} <= aliases_for("淮安市人民政府")
    assert {"洪泽区", "洪泽", "洪泽区政府"} <= aliases_for("淮安市洪泽区人民政府")
    assert "市教育局" in aliases_for("澜江市教育局")
    assert "区教育局" in aliases_for("澜江市东澜区教育局")
    # abbreviations of administrative names (assistant/names.toml)
    assert {"人社局", "市人社局", "澜江市人社局"} <= aliases_for("澜江市人力资源和社会保障局")
    assert {"平潭实验区", "平潭", "平潭综合实验区管委会"} <= aliases_for("平潭综合实验区管理委员会")
    # without the abbreviation table: the names shown to people
    assert "永吉街办" in aliases_for("南关区永吉街道办事处")
    assert "永吉街办" not in aliases_for("南关区永吉街道办事处", abbreviate=False)


def test_a_city_whose_name_ends_in_zhou_is_one_region() -> None:
    assert {"西湖区教育局", "西湖区"} <= aliases_for("杭州市西湖区教育局") | aliases_for(
        "杭州市西湖区人民政府"
    )
    assert "市西湖区人民政府" not in aliases_for("杭州市西湖区人民政府")
    assert {"延吉市", "延吉"} <= aliases_for("延边朝鲜族自治州延吉市人民政府")


@pytest.mark.parametrize(
    ("question", "bodies"),
    [
        ("永吉街道去年收到多少申请？", ("南关区永吉街道办事处",)),
        ("淮安打官司多少件？", ("淮安市人民政府",)),
        ("东澜区新华街道2023年收到多少申请？", ("澜江市东澜区新华街道办事处",)),
        ("西澜区新华街道收到多少申请？", ("澜江市西澜区新华街道办事处",)),
        ("东澜新华街道收到多少申请？", ("澜江市东澜区新华街道办事处",)),
        ("市教育局收到多少申请？", ("澜江市教育局",)),
        ("区教育局收到多少申请？", ("澜江市东澜区教育局",)),
        ("东澜区教育局收到多少申请？", ("澜江市东澜区教育局",)),
        ("澜江市东澜区收到多少申请？", ("澜江市东澜区人民政府",)),
        ("人社局收到多少申请？", ("澜江市人力资源和社会保障局",)),
        ("市住建局收到多少申请？", ("澜江市住房和城乡建设局",)),
    ],
)
def test_bodies_from_short_names(
    parser: RuleParser, question: str, bodies: tuple[str, ...]
) -> None:
    q = parser.parse(question)
    assert tuple(q.resolved_bodies) == bodies, q.bodies


def test_an_ambiguous_name_asks_which(parser: RuleParser) -> None:
    (m,) = parser.parse("新华街道收到多少申请？").bodies
    assert m.status is BodyStatus.AMBIGUOUS
    assert m.bodies == ("澜江市东澜区新华街道办事处", "澜江市西澜区新华街道办事处")


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("朝阳区2024年收到多少申请？", "朝阳区"),
        ("西澜区白沙镇2024年收到多少申请？", "西澜区白沙镇"),  # not 西澜区政府
        ("淮安市清江浦区人民政府收到多少申请？", "淮安市清江浦区人民政府"),  # not 淮安市政府
        ("东澜区住房和城乡建设局收到多少申请？", "东澜区住房和城乡建设局"),  # not the city's
        ("青屿区新华街道收到多少申请？", "青屿区新华街道"),
        ("永吉县收到多少申请？", "永吉县"),  # another level of the place: another place
        ("淮安区政府收到多少申请？", "淮安区政府"),
        ("澜江市财政局2024年收到多少申请？", "澜江市财政局"),
        ("换成北京市朝阳区呢？", "北京市朝阳区"),
    ],
)
def test_a_body_not_in_the_corpus_is_not_read_as_a_similar_one(
    parser: RuleParser, question: str, unknown: str
) -> None:
    q = parser.parse(question)
    assert q.resolved_bodies == []
    assert [m.text for m in q.mentions(BodyStatus.UNKNOWN)][:1] == [unknown], q.bodies


@pytest.mark.parametrize(
    ("question", "said", "meant"),
    [
        ("淮按市收到多少申请", "淮按市", "淮安市人民政府"),  # one character off
        ("怀安市政府收到多少申请", "怀安市政府", "淮安市人民政府"),  # reads the same
        ("永急街道收到多少申请", "永急街道", "南关区永吉街道办事处"),
        ("人设局收到多少申请", "人设局", "澜江市人力资源和社会保障局"),
    ],
)
def test_a_name_close_to_a_body_is_to_be_confirmed(
    parser: RuleParser, question: str, said: str, meant: str
) -> None:
    (m,) = parser.parse(question).bodies
    assert (m.status, m.text, m.bodies) == (BodyStatus.FUZZY, said, (meant,))


def test_another_place_of_the_corpus_is_no_typo(parser: RuleParser) -> None:
    # 西澜区政府 is one character from 东澜区政府, and a place of its own
    q = parser.parse("西澜区新华街道的政府信息公开申请有多少")
    assert q.resolved_bodies == ["澜江市西澜区新华街道办事处"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2024年", (2024,)),
        ("二〇二四年", (2024,)),
        ("二零二三年", (2023,)),
        ("一九九九年", (1999,)),  # no report can exist: a refusal, not the newest year
        ("2022年到2024年", (2022, 2023, 2024)),
        ("2022年至2024年", (2022, 2023, 2024)),
        ("2023、2024两年", (2023, 2024)),
        ("24年", (2024,)),
        ("in 2023", (2023,)),
    ],
)
def test_years(text: str, years: tuple[int, ...]) -> None:
    assert explicit_years(text)[0] == years


@pytest.mark.parametrize(
    ("question", "kind", "count"),
    [
        ("东澜区政府去年收到多少申请", YearKind.LATEST, 0),
        ("东澜区政府前年收到多少申请", YearKind.PREVIOUS, 1),
        ("东澜区政府近三年收到多少申请", YearKind.RECENT, 3),
        ("东澜区政府这两年收到多少申请", YearKind.RECENT, 2),
        ("东澜区政府历年收到多少申请", YearKind.ALL, 0),
        (
            "How many applications did Donglan District receive the year before last?",
            YearKind.PREVIOUS,
            1,
        ),
    ],
)
def test_years_said_in_words(parser: RuleParser, question: str, kind: YearKind, count: int) -> None:
    ys = parser.parse(question).years
    assert (ys.kind, ys.count) == (kind, count)


def test_a_year_a_plan_is_for_is_marked(parser: RuleParser) -> None:
    q = parser.parse("永吉街道2025年打算怎么改进")
    assert q.intent is Intent.NARRATIVE and q.years.years == (2025,) and q.years.plan_year


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("淮安市政府2024年收到多少申请？", Intent.FIGURE),
        ("东澜区政府2022年到2024年收到的申请分别是多少？", Intent.TREND),
        ("东澜区政府近三年收到多少申请？", Intent.TREND),
        ("东澜区政府2024年比2023年收到的申请多了多少？", Intent.COMPARE),
        ("淮安市政府2024年的数据一致吗？", Intent.CHECK),
        ("淮安收到的申请里个人占多少", Intent.SHARE),
        ("淮安收到的申请是永吉街道的几倍", Intent.MULTIPLE),
        ("淮安办理结果里哪一种最多", Intent.EXTREME),
        ("2024年哪个部门收到的申请最多", Intent.RANK),
        ("全市各单位2024年一共收到多少申请", Intent.TOTAL),
        ("人社局2024年新收加上年结转等于办结加结转下年吗", Intent.LEDGER),
        ("永吉街道有没有被起诉过", Intent.YESNO),
        ("淮安为什么一件申请都没收到", Intent.YESNO),
        ("永吉街道存在哪些问题？", Intent.NARRATIVE),
        ("永吉街道在政策解读方面有什么问题？", Intent.NARRATIVE),
        ("永吉街道发布了多少篇解读？", Intent.FIGURE),
        ("永吉街道哪个科室负责", Intent.NARRATIVE),
        ("淮安被驳回几件", Intent.UNKNOWN),
        ("你好", Intent.HELP),
    ],
)
def test_intents(parser: RuleParser, question: str, intent: Intent) -> None:
    assert parser.parse(question).intent is intent


def test_the_coverage_guard_names_what_it_did_not_understand(parser: RuleParser) -> None:
    q = parser.parse("淮安平均几天答复")
    assert q.intent is Intent.UNKNOWN and q.unknown == ("平均", "天")
    assert [m.metric for m in q.metrics] == ["total"]  # what was understood is kept for the echo
    q = parser.parse("淮安有几个工作人员")
    assert q.intent is Intent.UNKNOWN and q.unknown == ("工作人员",)
    # a word of the registry's "not" list: 行政处罚 counts decisions, not money
    q = parser.parse("淮安市2024年行政处罚一共罚了多少钱？")
    assert q.intent is Intent.UNKNOWN and "钱" in q.unknown and q.metrics == ()


def test_homophones_of_a_figures_word_are_read_and_said(parser: RuleParser) -> None:
    q = parser.parse("人社局去年行政复意有几个")
    assert q.intent is Intent.FIGURE and [m.metric for m in q.metrics] == ["review"]
    assert q.translated == ("行政复意 → 行政复议",)


def test_follow_ups_carry_body_year_and_metric(parser: RuleParser) -> None:
    first = ["淮安市政府2024年收到多少申请？"]
    q = parser.parse("企业呢？", first)
    assert (q.resolved_bodies, q.years.years, [(m.metric, m.dim) for m in q.metrics]) == (
        ["淮安市人民政府"],
        (2024,),
        [("new", "business")],
    )
    q = parser.parse("那2023年呢？", first)
    assert (q.resolved_bodies, q.years.years, [m.metric for m in q.metrics]) == (
        ["淮安市人民政府"],
        (2023,),
        ["new"],
    )
    q = parser.parse("永吉街道呢？", first)
    assert (q.resolved_bodies, [m.metric for m in q.metrics]) == (["南关区永吉街道办事处"], ["new"])
    # a narrative or consistency question asked again of another body
    q = parser.parse("永吉街道呢？", ["淮安市政府存在哪些问题？"])
    assert (q.intent, q.resolved_bodies) == (Intent.NARRATIVE, ["南关区永吉街道办事处"])
    q = parser.parse("永吉街道呢？", ["淮安市政府2024年数据一致吗？"])
    assert q.intent is Intent.CHECK
    # a new question in the same conversation is its own question
    q = parser.parse("永吉街道存在哪些问题？", first)
    assert (q.intent, q.metrics) == (Intent.NARRATIVE, ())
    # a follow-up with a word nothing accounts for inherits nothing
    q = parser.parse("那平潭呢？", ["永吉街道2024年主动公开了多少条信息？"])
    assert q.resolved_bodies == [] and q.metrics == () and q.unknown == ("平潭",)


def test_a_level_or_region_before_a_department_picks_its_owner() -> None:
    parser = RuleParser(
        Catalog(
            [
                ReportInfo(
                    "a", "澜江市东澜区住房和城乡建设局", "东澜区住房和城乡建设局", 2024, "a.txt", ""
                ),
                ReportInfo("b", "澜江市东澜区教育局", "澜江市东澜区教育局", 2024, "b.txt", ""),
                ReportInfo("c", "澜江市西澜区人民政府", "西澜区人民政府", 2024, "c.txt", ""),
            ]
        )
    )
    for question, unknown in [
        ("市住房和城乡建设局2024年收到多少申请？", "市住房和城乡建设局"),
        ("西澜区教育局2024年收到多少申请？", "西澜区教育局"),
        ("青屿区教育局2024年收到多少申请？", "青屿区教育局"),
    ]:
        q = parser.parse(question)
        assert q.resolved_bodies == [], question
        assert [m.text for m in q.mentions(BodyStatus.UNKNOWN)][:1] == [unknown], question
    for question, body in [
        ("区住房和城乡建设局2024年收到多少申请？", "澜江市东澜区住房和城乡建设局"),
        ("东澜区教育局2024年收到多少申请？", "澜江市东澜区教育局"),
        ("区教育局2024年收到多少申请？", "澜江市东澜区教育局"),
        ("西澜区政府2024年收到多少申请？", "澜江市西澜区人民政府"),
    ]:
        assert parser.parse(question).resolved_bodies == [body], question


# -- from the fresh r4 round: how people narrow, follow up and ask twice -----------------------


@pytest.mark.parametrize(
    ("question", "status", "bodies"),
    [
        # a region narrows the name after it across 那个/的, and from brackets after it
        ("西澜那个新华街道去年收到几件？", BodyStatus.RESOLVED, ("澜江市西澜区新华街道办事处",)),
        ("东澜区的新华街道去年收到几件？", BodyStatus.RESOLVED, ("澜江市东澜区新华街道办事处",)),
        ("教育局（东澜区）去年收到几件？", BodyStatus.RESOLVED, ("澜江市东澜区教育局",)),
        # a region and a kind alone: which of its street offices, asked
        ("西澜区那个街道办去年收到几件？", BodyStatus.RESOLVED, ("澜江市西澜区新华街道办事处",)),
        # a name the corpus lacks is named whole
        ("北京市朝阳区人民政府去年收到几件？", BodyStatus.UNKNOWN, ()),
    ],
)
def test_regions_narrow_names_said_apart(
    parser: RuleParser, question: str, status: BodyStatus, bodies: tuple[str, ...]
) -> None:
    [m] = parser.parse(question).bodies
    assert (m.status, m.bodies) == (status, bodies)


def test_a_region_and_a_kind_alone_name_its_street_offices(parser: RuleParser) -> None:
    catalog = Catalog(
        [
            ReportInfo(
                "a", "澜江市东澜区新华街道办事处", "东澜区新华街道办事处", 2024, "a.txt", ""
            ),
            ReportInfo(
                "b", "澜江市东澜区桃源街道办事处", "东澜区桃源街道办事处", 2024, "b.txt", ""
            ),
        ]
    )
    [m] = RuleParser(catalog).parse("东澜区那个街道办去年收到几件？").bodies
    assert (m.text, m.status, m.bodies) == (
        "东澜区街道办",  # (那个 between a place and its body is dropped before reading)
        BodyStatus.AMBIGUOUS,
        ("澜江市东澜区新华街道办事处", "澜江市东澜区桃源街道办事处"),
    )


def test_a_name_the_corpus_lacks_is_named_whole(parser: RuleParser) -> None:
    [m] = parser.parse("北京市朝阳区人民政府去年收到几件？").bodies
    assert (m.text, m.status) == ("北京市朝阳区人民政府", BodyStatus.UNKNOWN)


@pytest.mark.parametrize(
    ("follow_up", "year"),
    [("上一年的呢？", 2023), ("前一年呢", 2023), ("下一年呢", 2025)],
)
def test_a_year_said_relative_to_the_conversation(
    parser: RuleParser, follow_up: str, year: int
) -> None:
    q = parser.parse(follow_up, ["东澜区政府2024年收到多少申请？"])
    assert (q.years.kind, q.years.years, q.metrics[0].metric) == (YearKind.EXPLICIT, (year,), "new")


def test_said_first_the_same_word_is_the_newest_year(parser: RuleParser) -> None:
    assert parser.parse("东澜区政府上一年收到多少申请？").years.kind is YearKind.LATEST


def test_two_counts_asked_around_qizhong_are_both_asked(parser: RuleParser) -> None:
    q = parser.parse("东澜区政府2024年新收了几件申请？其中予以公开的又是几件？")
    assert [r.metric for r in q.metrics] == ["new", "open"]
    # but a figure stated before 其中 is context: only what follows is asked
    q = parser.parse("东澜区政府2024年答复3050件，其中予以公开的有多少件？")
    assert [r.metric for r in q.metrics] == ["open"]


def test_a_sum_named_inside_a_comparison_is_no_check(parser: RuleParser) -> None:
    q = parser.parse("东澜区政府2024年行政诉讼（直接起诉加复议后起诉）比行政复议少多少件？")
    assert (q.intent, [r.metric for r in q.metrics]) == (Intent.COMPARE, ["litigation", "review"])


def test_done_ever_asked_with_ma_is_yes_or_no(parser: RuleParser) -> None:
    assert parser.parse("西澜区新华街道2024年被申请过行政复议吗？").intent is Intent.YESNO


@pytest.mark.parametrize(
    ("question", "intent", "metrics", "years"),
    [
        # 加 naming what a total holds is no consistency check
        (
            "东澜区政府2024年行政诉讼一共多少件（直接起诉加复议后起诉）？",
            Intent.FIGURE,
            ["litigation"],
            (2024,),
        ),
        ("2024年永吉街道、淮安市政府的行政处罚加一块是多少", Intent.TOTAL, ["penalty"], (2024,)),
        # the year a carry-over goes to is no year asked about
        ("东澜区政府2024年还有没有结转到2025年的申请？", Intent.YESNO, ["carried_out"], (2024,)),
    ],
)
def test_words_that_look_like_other_operations(
    parser: RuleParser, question: str, intent: Intent, metrics: list[str], years: tuple[int, ...]
) -> None:
    q = parser.parse(question)
    assert (q.intent, [r.metric for r in q.metrics], q.years.years) == (intent, metrics, years)
