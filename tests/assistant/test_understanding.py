"""Reading questions: bodies from short names (and regions that narrow or rule them out), years,
routes, and follow-ups that carry what they leave unsaid."""

from __future__ import annotations

import pytest

from assistant.catalog import Catalog, ReportInfo, aliases_for
from assistant.understanding import parse_years, understand

BODIES = [
    ("南关区永吉街道办事处", "南关区永吉街道办事处", 2024),
    ("淮安市人民政府", "淮安市人民政府", 2024),
    ("澜江市东澜区新华街道办事处", "东澜区新华街道办事处", 2023),
    ("澜江市西澜区新华街道办事处", "西澜区新华街道办事处", 2024),
    ("澜江市教育局", "澜江市教育局", 2024),
    ("澜江市东澜区教育局", "澜江市东澜区教育局", 2024),
    ("澜江市住房和城乡建设局", "澜江市住房和城乡建设局", 2024),
    ("澜江市西澜区人民政府", "西澜区人民政府", 2024),
    *[("澜江市东澜区人民政府", "东澜区人民政府", y) for y in (2022, 2023, 2024)],
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(
        [ReportInfo(f"r{i}", b, p, y, f"f{i}.txt", "") for i, (b, p, y) in enumerate(BODIES)]
    )


def test_aliases_are_derived_from_names() -> None:
    assert {"永吉街道", "永吉街道办", "永吉"} <= aliases_for("南关区永吉街道办事处")
    assert {"淮安市政府", "淮安市", "淮安"} <= aliases_for("淮安市人民政府")
    assert "市教育局" in aliases_for("澜江市教育局")
    assert "区教育局" in aliases_for("澜江市东澜区教育局")


def test_a_city_whose_name_ends_in_zhou_is_one_region() -> None:
    # found by benchmarks/scale.py (湄州市湄州东区教育局): 州 was taken for a region of its own
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
        ("市教育局收到多少申请？", ("澜江市教育局",)),
        ("区教育局收到多少申请？", ("澜江市东澜区教育局",)),
        ("东澜区教育局收到多少申请？", ("澜江市东澜区教育局",)),
        ("澜江市东澜区收到多少申请？", ("澜江市东澜区人民政府",)),
    ],
)
def test_bodies_from_short_names(catalog: Catalog, question: str, bodies: tuple[str, ...]) -> None:
    q = understand(question, catalog)
    assert q.bodies == bodies and not q.ambiguous and not q.unknown_mentions


def test_an_ambiguous_name_asks_which(catalog: Catalog) -> None:
    q = understand("新华街道收到多少申请？", catalog)
    assert q.bodies == () and q.ambiguous == (
        ("澜江市东澜区新华街道办事处", "澜江市西澜区新华街道办事处"),
    )


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("朝阳区2024年收到多少申请？", "朝阳区"),
        ("西澜区白沙镇2024年收到多少申请？", "西澜区白沙镇"),  # not 西澜区政府
        ("淮安市清江浦区人民政府收到多少申请？", "淮安市清江浦区人民政府"),  # not 淮安市政府
        ("东澜区住房和城乡建设局收到多少申请？", "东澜区住房和城乡建设局"),  # not the city's
        ("青屿区新华街道收到多少申请？", "青屿区新华街道"),
    ],
)
def test_a_body_not_in_the_corpus_is_not_read_as_a_similar_one(
    catalog: Catalog, question: str, unknown: str
) -> None:
    q = understand(question, catalog)
    assert q.bodies == () and q.unknown_mentions[:1] == (unknown,)


@pytest.mark.parametrize(
    ("text", "years", "relative"),
    [
        ("2024年", (2024,), None),
        ("二〇二四年", (2024,), None),
        ("二零二三年", (2023,), None),
        ("一九九九年", (1999,), None),  # no report can exist: a refusal, not the newest year
        ("2022年到2024年", (2022, 2023, 2024), None),
        ("2022年至2024年", (2022, 2023, 2024), None),
        ("24年", (2024,), None),
        ("近三年", (), "recent:3"),
        ("去年", (), "去年"),
        ("前年", (), "前年"),
    ],
)
def test_years(text: str, years: tuple[int, ...], relative: str | None) -> None:
    got, _, rel = parse_years(text)
    assert (got, rel) == (years, relative)


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("淮安市政府2024年收到多少申请？", "figure"),
        ("东澜区政府2022年到2024年收到的申请分别是多少？", "trend"),
        ("东澜区政府近三年收到多少申请？", "trend"),
        ("东澜区政府2024年比2023年收到的申请多了多少？", "diff"),
        ("东澜区政府2024年比2023年多收了多少申请？", "diff"),
        ("淮安市政府2024年的数据一致吗？", "check"),
        ("永吉街道存在哪些问题？", "narrative"),
        ("永吉街道在政策解读方面有什么问题？", "narrative"),
        ("永吉街道发布了多少篇解读？", "figure"),
    ],
)
def test_routes(catalog: Catalog, question: str, route: str) -> None:
    assert understand(question, catalog).route == route


def test_follow_ups_carry_body_year_and_metric(catalog: Catalog) -> None:
    first = ["淮安市政府2024年收到多少申请？"]
    q = understand("企业呢？", catalog, first)
    assert (q.bodies, q.years, q.metric.kind, q.metric.key, q.metric.column) == (  # type: ignore[union-attr]
        ("淮安市人民政府",),
        (2024,),
        "t3",
        "new",
        "1",
    )
    q = understand("那2023年呢？", catalog, first)
    assert (q.bodies, q.years, q.metric.key) == (("淮安市人民政府",), (2023,), "new")  # type: ignore[union-attr]
    q = understand("永吉街道呢？", catalog, first)
    assert (q.bodies, q.years, q.metric.key) == (("南关区永吉街道办事处",), (2024,), "new")  # type: ignore[union-attr]
    q = understand("机构信息呢？", catalog, ["永吉街道主动公开了多少条信息？"])
    assert q.metric.key == "published" and q.metric.hints[-1] == "机构信息呢？"  # type: ignore[union-attr]
    # a narrative or consistency question asked again of another body
    q = understand("永吉街道呢？", catalog, ["淮安市政府存在哪些问题？"])
    assert (q.route, q.topic, q.bodies) == (
        "narrative",
        "淮安市政府存在哪些问题？",
        ("南关区永吉街道办事处",),
    )
    q = understand("永吉街道呢？", catalog, ["淮安市政府2024年数据一致吗？"])
    assert q.route == "check"
    # a new question in the same conversation is its own question
    q = understand("永吉街道存在哪些问题？", catalog, ["淮安市政府2024年收到多少申请？"])
    assert (q.route, q.metric) == ("narrative", None)


def test_a_level_or_region_before_a_department_picks_its_owner() -> None:
    # only district departments are held: the city's 住房和城乡建设局 is not in the corpus, nor
    # 西澜区教育局 (区教育局 would otherwise swallow the 区 of 西澜区)
    catalog = Catalog(
        [
            ReportInfo(
                "a", "澜江市东澜区住房和城乡建设局", "东澜区住房和城乡建设局", 2024, "a.txt", ""
            ),
            ReportInfo("b", "澜江市东澜区教育局", "澜江市东澜区教育局", 2024, "b.txt", ""),
            ReportInfo("c", "澜江市西澜区人民政府", "西澜区人民政府", 2024, "c.txt", ""),
        ]
    )
    for question, unknown in [
        ("市住房和城乡建设局2024年收到多少申请？", "市住房和城乡建设局"),
        ("西澜区教育局2024年收到多少申请？", "西澜区教育局"),
        ("青屿区教育局2024年收到多少申请？", "青屿区教育局"),
    ]:
        q = understand(question, catalog)
        assert (q.bodies, q.unknown_mentions[:1]) == ((), (unknown,)), question
    for question, body in [
        ("区住房和城乡建设局2024年收到多少申请？", "澜江市东澜区住房和城乡建设局"),
        ("东澜区教育局2024年收到多少申请？", "澜江市东澜区教育局"),
        ("区教育局2024年收到多少申请？", "澜江市东澜区教育局"),
        ("西澜区政府2024年收到多少申请？", "澜江市西澜区人民政府"),
    ]:
        assert understand(question, catalog).bodies == (body,), question


def test_regions_chain_before_a_name() -> None:
    catalog = Catalog(
        [
            ReportInfo("a", "澜江市人民政府", "澜江市人民政府", 2024, "a.txt", ""),
            ReportInfo("b", "东澜区人民政府", "东澜区人民政府", 2024, "b.txt", ""),
            ReportInfo("c", "澜江市东澜区教育局", "澜江市东澜区教育局", 2024, "c.txt", ""),
            ReportInfo("d", "东澜区文昌街道办事处", "东澜区文昌街道办事处", 2024, "d.txt", ""),
        ]
    )
    for question, unknown in [
        ("澜江市东澜区长乐街道办事处2024年收到多少申请？", "澜江市东澜区长乐街道办事处"),
        ("澜江市西澜区教育局2024年收到多少申请？", "澜江市西澜区教育局"),
        ("澜江市财政局2024年收到多少申请？", "澜江市财政局"),
    ]:
        q = understand(question, catalog)
        assert (q.bodies, q.unknown_mentions[:1]) == ((), (unknown,)), question
    for question, bodies in [
        ("澜江市东澜区文昌街道2024年收到多少申请？", ("东澜区文昌街道办事处",)),
        ("澜江市东澜区教育局2024年收到多少申请？", ("澜江市东澜区教育局",)),
        ("澜江市东澜区2024年收到多少申请？", ("东澜区人民政府",)),
        ("澜江市2024年收到多少申请？", ("澜江市人民政府",)),
        ("澜江市和东澜区2024年各收到多少申请？", ("澜江市人民政府", "东澜区人民政府")),
    ]:
        assert understand(question, catalog).bodies == bodies, question
