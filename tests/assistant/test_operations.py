"""Exact answers and citations for each kind of question the issue names, on the talk corpus
(the two real reports and 48 generated ones): operations (shares, rates, multiples, the largest
row, rankings, totals, the ledger, several figures at once, spans of years, yes/no), false
premises, plan years, names (abbreviations, places without their level, typos, pinyin), English,
and the questions that must not get a figure."""

from __future__ import annotations

import pytest

from assistant.answer import Answer
from assistant.chain import Assistant

HUAIAN, YONGJI = "huaian-2024.pdf", "yongji-2024.txt"


def _values(a: Answer) -> list[float]:
    return [f.value for f in a.figures if isinstance(f.value, int | float)]


# -- operations -------------------------------------------------------------------------------


def test_a_share_of_an_applicant_type_divides_by_the_rows_total(talk: Assistant) -> None:
    a = talk.ask("淮安市政府收到的申请里个人占多少？")
    assert a.found and a.route == "share"
    assert a.answer.startswith(
        "96.2%。淮安市人民政府2024年收到（本年新收）的政府信息公开申请（申请人：自然人）为3001件[1]"
    )
    assert "为3119件[2]，占96.2%" in a.answer
    assert [c.quote for c in a.citations] == [
        "表3“一、本年新收政府信息公开申请数量”行“自然人”列：3001",
        "表3“一、本年新收政府信息公开申请数量”行“总计”列：3119",
    ]
    assert a.interpretation == (
        "机关：淮安市人民政府；年度：最新报告年度；"
        "指标：收到（本年新收）的政府信息公开申请（申请人：自然人）；运算：占比"
    )


def test_a_named_rate_is_the_registry_ratio(talk: Assistant) -> None:
    a = talk.ask("淮安复议纠错率多少")
    assert a.found and a.answer.startswith(
        "18.2%。淮安市人民政府2024年行政复议纠错率（结果纠正÷总计）为18.2%"
    )
    assert [c.quote for c in a.citations] == [
        "表4“行政复议”行“结果纠正”列：64",
        "表4“行政复议”行“总计”列：351",
    ]


def test_two_parts_added_over_a_named_whole(talk: Assistant) -> None:
    a = talk.ask("淮安予以公开和部分公开加起来占办结的百分之几")
    assert a.found and a.answer.startswith("59.5%。")
    assert 1816 in _values(a) and 3050 in _values(a)


def test_a_multiple_of_two_bodies(talk: Assistant) -> None:
    a = talk.ask("澜江市政府去年收到的申请是东澜区政府的几倍？")
    assert a.found and a.answer.startswith("5.23倍。")
    assert _values(a) == [1643, 314, 5.23]  # the two cells (1,643 as printed) and the ratio


def test_the_largest_row_of_a_group(talk: Assistant) -> None:
    a = talk.ask("淮安办理结果里哪一种最多")
    assert a.found and a.answer.startswith(
        "予以公开最多。淮安市人民政府2024年办理结果中，最多的是予以公开的申请1362件[1]"
    )
    a = talk.ask("淮安不予公开的理由里哪个最多")
    assert a.answer.startswith("属于行政查询事项最多。")


def test_a_ranking_over_every_body_of_a_kind(talk: Assistant) -> None:
    a = talk.ask("2024年哪个部门收到的申请最多")
    assert a.found and a.route == "rank"
    assert a.answer.startswith(
        "澜江市市场监督管理局，147件。2024年收到（本年新收）的政府信息公开申请，从多到少依次为：澜江市市场监督管理局147件[1]"
    )


def test_a_total_over_the_city_names_what_it_counted(talk: Assistant) -> None:
    a = talk.ask("去年全市各单位加起来一共收到多少申请？")
    assert a.found and a.route == "total" and a.answer.startswith("2605件。")
    # 全市 with no city: 澜江市; the bodies whose names say no city are counted, and named
    assert "按语料中这类机关最多的澜江市计" in a.answer
    assert "名称中没有写明所属市的南关区永吉街道办事处、青屿区人民政府一并计入" in a.answer


def test_the_ledger_is_checked_with_its_four_cells(talk: Assistant) -> None:
    a = talk.ask("人社局前年的账对得上吗？新收加上年结转等不等于办结加结转下年？")
    assert a.found and a.route == "ledger"
    assert a.answer.startswith("成立。澜江市人力资源和社会保障局2023年：本年新收259")
    assert len(a.citations) == 4


def test_several_figures_in_one_question(talk: Assistant) -> None:
    a = talk.ask("淮安收到多少、办结多少？")
    assert a.found and _values(a) == [3119, 3050]
    a = talk.ask("永吉街道电话和地址")
    assert "0431—81795328" in a.answer and "南关区亚泰大街4660B号" in a.answer


def test_years_said_in_words(talk: Assistant) -> None:
    a = talk.ask("人社局近三年收到多少申请")
    assert a.route == "trend" and _values(a) == [6, 259, 120]
    a = talk.ask("前年和去年自规局各办结了多少？")
    assert [f.year for f in a.figures] == [2023, 2024]
    a = talk.ask("人社局去年收到的申请比前年多了多少")
    assert a.route == "compare" and "2024年比2023年减少139件（下降53.7%）" in a.answer


def test_yes_no_answers_lead_with_the_answer_and_the_figure(talk: Assistant) -> None:
    a = talk.ask("永吉街道有没有打过官司")
    assert a.found and a.answer.startswith("没有，0件。")
    a = talk.ask("淮安有没有收费")  # 信息处理费 and 行政事业性收费 are different: both, labelled
    assert a.answer.startswith("有。") and "信息处理费为3940元" in a.answer
    assert "行政事业性收费（本年收费金额）为96171.6万元" in a.answer


def test_a_false_premise_is_corrected_with_the_figure(talk: Assistant) -> None:
    a = talk.ask("淮安为什么一件申请都没收到")
    assert a.answer.startswith(
        "问题的前提与报告不符：淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件[1]"
    )
    a = talk.ask("淮安复议才35件吗")
    assert a.answer.startswith("不是35件，与报告不符：报告中为351件。")


def test_a_year_a_plan_is_for_is_answered_by_the_report_before_it(talk: Assistant) -> None:
    a = talk.ask("永吉街道2025年打算怎么改进")
    assert a.found and a.citations[0].source == YONGJI and a.citations[0].year == 2024
    assert a.answer.endswith("（2025年的打算写在2024年的报告里）")


# -- names ------------------------------------------------------------------------------------


def test_department_abbreviations_and_places_without_their_level(talk: Assistant) -> None:
    a = talk.ask("人社局前年收到多少申请？")
    assert a.answer.startswith("259件。澜江市人力资源和社会保障局2023年")
    a = talk.ask("青屿去年收到多少申请")
    assert a.answer.startswith("244件。") or a.citations[0].body.endswith("青屿区人民政府")


def test_a_typo_or_homophone_of_a_name_is_confirmed_never_taken(talk: Assistant) -> None:
    for question, name in [
        ("淮按市收到多少申请", "淮按市"),
        ("怀安市政府收到多少申请", "怀安市政府"),
        ("永急街道收到多少申请", "永急街道"),
    ]:
        a = talk.ask(question)
        assert (a.found, a.route, a.figures) == (False, "clarify", []), question
        assert a.answer.startswith(f"语料中没有“{name}”。您是指“"), a.answer
    a = talk.ask("淮按市收到多少申请")
    assert a.suggestions == ["淮安市政府收到多少申请"]


def test_an_ambiguous_name_asks_which(talk: Assistant) -> None:
    a = talk.ask("新华街道收到多少申请")
    assert (a.found, a.route) == (False, "clarify")
    assert "东澜区新华街道办事处、西澜区新华街道办事处" in a.answer


def test_another_level_of_a_place_is_another_place(talk: Assistant) -> None:
    for question, name in [
        ("永吉县2024年主动公开了多少条信息？", "永吉县"),
        ("淮安区政府2024年办结多少件", "淮安区"),
    ]:
        a = talk.ask(question)
        assert not a.found and not a.figures and name in a.answer, a.answer


def test_pinyin_and_english_names(talk: Assistant) -> None:
    a = talk.ask("How many information disclosure applications did Huai'an receive in 2024?")
    assert a.answer.startswith("3119件。淮安市人民政府2024年")
    assert a.parse is not None and a.parse["translated"] == ["Huai'an → 淮安"]
    a = talk.ask("How many lawsuits did the Lanjiang Transport Bureau face in 2023?")
    assert a.found and a.citations[0].body == "澜江市交通运输局"


# -- what must not get a figure ---------------------------------------------------------------


def test_words_nothing_accounts_for_get_no_figure(talk: Assistant) -> None:
    for question, phrase in [
        ("淮安被驳回几件", "驳回"),
        ("淮安平均几天答复", "平均"),
        ("淮安有几个工作人员", "工作人员"),
        ("淮安市2024年行政处罚一共罚了多少钱？", "钱"),
    ]:
        a = talk.ask(question)
        assert (a.found, a.route, a.figures) == (False, "clarify", []), question
        assert a.answer.startswith("抱歉，我没有完全理解这个问题，因此不给出数字。"), a.answer
        assert phrase in a.answer.split("没能理解的是")[1]


def test_not_understood_says_what_was_and_offers_the_nearest_figures(talk: Assistant) -> None:
    a = talk.ask("淮安平均几天答复")
    assert "我理解到的是：机关：淮安市人民政府；指标：办结（本年度办理结果总计）的申请" in a.answer
    assert a.suggestions[0] == "淮安市政府2024年办结（本年度办理结果总计）的申请是多少？"
    # a suggestion is a question the assistant answers
    b = talk.ask(a.suggestions[0])
    assert b.found and b.answer.startswith("3050件。")


def test_a_word_with_two_readings_is_asked_back(talk: Assistant) -> None:
    a = talk.ask("永吉街道拒绝了多少")
    assert (a.found, a.route) == (False, "clarify")
    assert (
        a.answer == "“拒绝”在报告里可能指“不予公开的申请”、“不予处理的申请”，请问您指的是哪一项？"
    )
    assert a.suggestions == [
        "永吉街道2024年不予公开的申请是多少？",
        "永吉街道2024年不予处理的申请是多少？",
    ]


def test_a_follow_up_naming_an_unknown_body_inherits_nothing(talk: Assistant) -> None:
    a = talk.ask("那平潭呢？", ["永吉街道2024年主动公开了多少条信息？"])
    assert not a.found and not a.figures and "平潭" in a.answer
    assert "521" not in a.answer


def test_a_follow_up_carries_the_operation(talk: Assistant) -> None:
    a = talk.ask("诉讼的呢", ["淮安复议纠错率多少"])
    assert a.answer.startswith("10.9%。淮安市人民政府2024年行政诉讼纠错率")
    a = talk.ask("占比呢？", ["淮安个人申请了多少"])
    assert a.answer.startswith("96.2%。")
    a = talk.ask("两个加起来呢", ["淮安收到多少申请", "那永吉呢"])
    assert a.route == "total" and a.answer.startswith("3119件。")


def test_one_bodys_figure_summed_over_years(talk: Assistant) -> None:
    a = talk.ask("澜江市政府2022、2023、2024三年的行政复议加起来一共多少件？")
    assert (a.found, a.route) == (True, "total")
    assert a.answer == (
        "338件。澜江市人民政府2022—2024年的政府信息公开行政复议合计338件：2022年141件[1]，"
        "2023年120件[2]，2024年77件[3]。"
    )
    assert [(f.value, f.computed) for f in a.figures][-1] == (338, True)
    assert [(p.label, p.value, p.citation) for p in a.chart.points] == [
        ("2022年", 141, 1),
        ("2023年", 120, 2),
        ("2024年", 77, 3),
    ]
    # one body in one year: 一共 is only emphasis
    assert talk.ask("澜江市政府2024年一共收到多少申请？").route == "figure"


def test_a_ranked_list_with_an_unclear_name_asks_back_never_leaves_it_out(talk: Assistant) -> None:
    """住建局 is the city's or the 东澜区's: among the city's departments it is the city's; with
    no scope to decide, which one is asked."""
    a = talk.ask("人社局、住建局、交通局2024年收到申请最多的是哪个？")
    assert (a.found, a.route) == (False, "clarify")
    assert a.answer == (
        "您指的是哪一个机关？语料中有：东澜区住房和城乡建设局、澜江市住房和城乡建设局。请说明全称后再问。"
    )


def test_a_change_asked_as_a_rate_leads_with_the_rate(talk: Assistant) -> None:
    a = talk.ask("澜江市政府2023年的行政许可决定数比2022年下降了百分之多少？")
    assert a.answer.startswith("下降7%。澜江市人民政府行政许可（处理决定数量）：2023年397698件[1]")


# -- claims said roughly, frames, reasons with their totals, a city's departments ---------------


def test_a_claim_said_roughly_is_checked_against_the_range_it_covers(talk: Assistant) -> None:
    a = talk.ask("交通局2023年行政处罚一万多件，是真的吗")
    assert a.answer.startswith("不是一万多件，与报告不符：报告中为4721件。")
    a = talk.ask("青屿区2024年办结的申请两百多件吧")
    assert a.answer.startswith("是的，报告中为244件。")
    a = talk.ask("人社局2023年收的信息公开申请不到一百件吧")
    assert a.answer.startswith("与报告不符（问题说不到一百件）：报告中为259件。")
    # 2000件 is a count the question states, not a year asked
    a = talk.ask("听说澜江市政府2024年新收的申请都超过2000件了，具体是多少？")
    assert a.answer.startswith("与报告不符（问题说超过2000件）：报告中为1643件。")
    assert a.parse is not None and a.parse["years"]["years"] == [2024]


def test_a_clause_that_frames_the_next_is_not_asked(talk: Assistant) -> None:
    a = talk.ask("青屿区22年依申请公开的答复里，予以公开的是多少件？")
    assert a.answer.startswith("12件。青屿区人民政府2022年予以公开的申请为12件[1]")
    assert len(a.figures) == 1


def test_a_reason_said_with_its_total_is_the_reason(talk: Assistant) -> None:
    a = talk.ask("卫健委2022年新收的申请中，因“本机关不掌握”而无法提供的占百分之多少？")
    assert a.answer.startswith(
        "41.6%。澜江市卫生健康委员会2022年因本机关不掌握相关政府信息无法提供的申请为69件[1]，"
        "收到（本年新收）的政府信息公开申请为166件[2]，占41.6%。"
    )


def test_a_count_of_a_part_is_not_its_share(talk: Assistant) -> None:
    a = talk.ask("其中自然人占了多少件", history=["淮安市2024年一共收到多少公开申请"])
    assert a.answer.startswith("3001件。淮安市人民政府2024年收到（本年新收）的政府信息公开申请")


def test_a_place_said_apart_narrows_the_names_it_qualifies(talk: Assistant) -> None:
    a = talk.ask("市场监管局2023年（澜江的）行政处罚的处理决定数量是多少？")
    assert a.answer.startswith("1095件。澜江市市场监督管理局2023年行政处罚（处理决定数量）为1095件")
    # joined to the names, the place is a body of its own: which 住建局 is still asked
    a = talk.ask("澜江市和住建局2024年收到多少申请")
    assert (a.found, a.route) == (False, "clarify")


def test_a_citys_departments_named_short_are_that_citys(talk: Assistant) -> None:
    a = talk.ask(
        "2022年被申请行政复议最多的市直部门是哪个？人社、自规、住建、交通、卫健、市场监管排一排"
    )
    assert a.answer.startswith(
        "澜江市人力资源和社会保障局，35件。2022年政府信息公开行政复议，从多到少依次为：澜江市人力资源和"
        "社会保障局35件[1]；澜江市自然资源和规划局29件[2]；澜江市住房和城乡建设局25件[3]；"
        "澜江市交通运输局9件[4]；澜江市市场监督管理局2件[5]；澜江市卫生健康委员会2件[6]。"
    )


def test_a_comparison_the_tables_cannot_make_gets_no_figure(talk: Assistant) -> None:
    a = talk.ask("交通运输局2023年哪个科室收到的申请最多？")
    assert (a.found, a.figures) == (False, [])
    assert a.answer.startswith("抱歉，我没有完全理解这个问题，因此不给出数字。")


def test_the_plans_for_the_next_year_are_in_the_report_named(talk: Assistant) -> None:
    a = talk.ask("青屿区政府2022年报告里对2023年的工作安排是什么")
    c = a.citations[0]
    assert (c.body, c.year, c.section) == ("青屿区人民政府", 2022, "五、存在的主要问题及改进情况")
    assert "“2023年，我区将深入贯彻" in a.answer


def test_a_level_said_after_the_places_names_their_governments(talk: Assistant) -> None:
    a = talk.ask("淮安和澜江两个市政府2024年收到的公开申请相差多少件？")
    assert a.answer.startswith(
        "2024年收到（本年新收）的政府信息公开申请：淮安市人民政府3119件[1]，澜江市人民政府1643件[2]，"
        "淮安市人民政府比澜江市人民政府多1476件。"
    )


def test_what_kinds_of_information_were_published_is_a_question_about_the_text(
    talk: Assistant,
) -> None:
    a = talk.ask("人社局2023年主动公开的主要是什么信息？")
    assert a.found and a.route != "figure" and not a.figures
    assert "及时公开机构职能、政策文件、财政预决算等信息" in a.answer


def test_an_english_question_asking_the_count_of_a_figure(talk: Assistant) -> None:
    a = talk.ask(
        "What's the count of new FOI applications received by Lanjiang's human resources and "
        "social security bureau in 2023?"
    )
    assert a.answer.startswith(
        "259件。澜江市人力资源和社会保障局2023年收到（本年新收）的政府信息公开申请"
    )


def test_the_figure_words_of_a_clause_about_the_asker_are_not_asked(talk: Assistant) -> None:
    a = talk.ask("表哥说市监局去年罚了很多商户，我就想看看他们年报里行政处罚的决定数量到底是多少。")
    assert a.answer.startswith("2176件。澜江市市场监督管理局2024年行政处罚（处理决定数量）为2176件")
    a = talk.ask(
        "我们单位在比对兄弟单位的报告，麻烦查一下西澜区新华街道办事处2022年主动公开了多少条政府信息。"
    )
    assert a.answer.startswith("347条。西澜区新华街道办事处2022年主动公开政府信息为347条[1]")


def test_a_word_with_two_readings_that_fits_neither_figure_named_is_not_understood(
    talk: Assistant,
) -> None:
    a = talk.ask("澜江市人民政府2024年的行政复议里，被复议机关驳回申请的具体是几件")
    assert (a.found, a.figures) == (False, [])
    assert "没能理解的是“驳回申请”" in a.answer


def test_this_years_label_beside_a_year_said_is_that_year(talk: Assistant) -> None:
    a = talk.ask("西澜区教育局2023年本年新制作的规范性文件有几件")
    assert a.answer.startswith("1件。澜江市西澜区教育局2023年行政规范性文件（本年制发）为1件[1]。")


def test_short_years_listed_and_one_bodys_years_ranked(talk: Assistant) -> None:
    a = talk.ask("青屿区政府22、23、24三年里哪一年收到的申请最多？从多到少排")
    assert a.answer == (
        "2023年最多。青屿区人民政府收到（本年新收）的政府信息公开申请，各年度从多到少依次为："
        "2023年306件[1]，2024年244件[2]，2022年39件[3]。"
    )
    assert [c.year for c in a.citations] == [2023, 2024, 2022]
    assert a.chart is not None and a.chart.kind == "bar"
    # 哪一年 without the years said: every year of that body; 最少 ranks the other way
    a = talk.ask("东澜区政府哪年被起诉最少")
    assert a.answer.startswith(
        "2024年最少。澜江市东澜区人民政府政府信息公开行政诉讼，各年度从少到多依次为：2024年1件[1]"
    )
    assert "2023年2件" in a.answer and a.answer.index("2023年2件") < a.answer.index("2022年14件")
    a = talk.ask("东澜区政府2024年哪类申请人来申请得最多？把前三类排出来")
    assert a.answer.startswith("自然人最多。澜江市东澜区人民政府2024年申请人类型中")


def test_english_phrases_of_a_table_row_and_the_same_year_in_a_follow_up(talk: Assistant) -> None:
    a = talk.ask(
        "Huai'an city government 2024: how many lawsuits were filed directly, without going "
        "through administrative reconsideration first?"
    )
    assert a.answer.startswith("26件。淮安市人民政府2024年未经复议直接起诉的行政诉讼为26件[1]。")
    a = talk.ask("西澜区的新华街道同一年呢", history=["东澜区新华街道2023年收到多少申请"])
    assert a.answer.startswith("0件。西澜区新华街道办事处2023年收到（本年新收）的政府信息公开申请")


def test_a_part_taken_for_its_whole_is_checked_against_the_whole(talk: Assistant) -> None:
    a = talk.ask("东澜区政府2024年的申请全部都予以公开了吧")
    assert a.answer.startswith(
        "不是，与报告不符，并非全部：澜江市东澜区人民政府2024年予以公开的申请为83件[1]，"
        "而澜江市东澜区人民政府2024年办结（本年度办理结果总计）的申请为314件[2]。"
    )
    a = talk.ask("淮安市2024年的政府信息公开行政复议都维持了，维持的一共多少件？")
    assert a.answer.startswith(
        "不是，与报告不符，并非全部：淮安市人民政府2024年政府信息公开行政复议（审理结果：结果维持）为72件[1]，"
        "而淮安市人民政府2024年政府信息公开行政复议为351件[2]。"
    )
    # a total has no whole in the tables: the claim is not one of parts
    a = talk.ask("永吉街道2024年的申请都办完了吗")
    assert not a.answer.startswith("与报告不符")


def test_which_years_one_body_has_reports_for(talk: Assistant) -> None:
    a = talk.ask("永吉街道有哪几年的报告")
    assert a.answer == "语料中有以下机关的报告：南关区永吉街道办事处（2024年）。"
    assert [c.source for c in a.citations] == ["yongji-2024.txt"]


def test_english_percent_sign_and_a_prose_count_asked_in_english(talk: Assistant) -> None:
    a = talk.ask("What % of applications to Lanjiang city government in 2024 were fully disclosed?")
    assert a.answer.startswith("63.7%。澜江市人民政府2024年予以公开的申请为966件[1]")
    a = talk.ask("How many press conferences did Huai'an hold in 2024?")
    assert a.answer == "12场。淮安市人民政府2024年报告正文中，“新闻发布会”为12场[1]。"
    assert a.citations[0].source == "huaian-2024.pdf"


def test_a_count_the_text_states_asked_in_a_follow_up_without_a_body(talk: Assistant) -> None:
    history = ["卫健委2023年收到多少申请"]
    a = talk.ask("那一年培训了多少人次", history=history)
    assert a.answer == "40人次。澜江市卫生健康委员会2023年报告正文中，“培训”为40人次[1]。"
    # words no sentence of that report counts are not answered from it
    a = talk.ask("那一年有几个工作人员", history=history)
    assert not a.found and a.figures == []
    # an unknown place is not read as the body of the conversation
    a = talk.ask("平潭的呢", history=["永吉街道2024年主动公开多少条"])
    assert a.answer.startswith("语料中没有叫“平潭”的机关")


def test_some_tens_claimed_is_a_range_and_hearsay_is_context(talk: Assistant) -> None:
    a = talk.ask("青屿区政府2022年新收申请多少件？看到别人说才几十件，真的吗")
    assert a.answer.startswith("是的，报告中为39件。青屿区人民政府2022年收到（本年新收）")
    a = talk.ask("东澜区政府2024年收到几十件申请吧")
    assert a.answer.startswith("不是几十件，与报告不符：报告中为314件。")


def test_questions_parted_by_spaces_and_a_table_2_figure_beside_a_plain_verb(
    talk: Assistant,
) -> None:
    a = talk.ask("西澜区教育局2024年：1）新收申请几件 2）行政许可多少件 3）行政处罚多少件")
    assert a.answer == (
        "西澜区教育局2024年收到（本年新收）的政府信息公开申请为2件[1]；"
        "西澜区教育局2024年行政许可（处理决定数量）为23件[2]；"
        "西澜区教育局2024年行政处罚（处理决定数量）为250件[3]。"
    )
    a = talk.ask("西澜区教育局2024年新收申请几件行政许可多少件")
    assert [f.value for f in a.figures] == [2, 23]
    # a plain verb with no asking word of its own still yields to the figure it is said of
    a = talk.ask("淮安市政府2024年收到多少行政复议")
    assert a.answer.startswith("351件。淮安市人民政府2024年政府信息公开行政复议为351件[1]。")


def test_last_year_after_the_newest_year_and_a_place_after_a_department(talk: Assistant) -> None:
    a = talk.ask("那去年呢", history=["澜江市人民政府2024年新收了多少政府信息公开申请？"])
    assert a.answer == "1660件。澜江市人民政府2023年收到（本年新收）的政府信息公开申请为1660件[1]。"
    # 去年 after an older year is still the newest report's year, and says so
    a = talk.ask("那去年呢", history=["澜江市人民政府2023年新收了多少政府信息公开申请？"])
    assert a.answer.startswith("1643件。澜江市人民政府2024年")
    a = talk.ask("东澜区的呢", history=["市住建局2023年新收申请多少件？"])
    assert a.answer.startswith("0件。澜江市东澜区住房和城乡建设局2023年收到（本年新收）")
    # a street is a place of its own: 淮安市呢 after 永吉街道 is the city's government
    a = talk.ask("淮安市呢？", history=["永吉街道2024年收到多少政府信息公开申请？"])
    assert a.answer.startswith("3119件。淮安市人民政府2024年")
    a = talk.ask("西澜区的呢", history=["市住建局2023年新收申请多少件？"])
    assert not a.found and a.answer.startswith("语料中没有“西澜区住房和城乡建设局”的报告。")
    a = talk.ask("结转到下一年的呢？", history=["自规局2023年收到多少申请？", "办结了多少？"])
    assert a.answer == "6件。澜江市自然资源和规划局2023年结转下年度继续办理的申请为6件[1]。"


def test_a_change_claimed_the_wrong_way_and_a_premise_asked_as_yes_or_no(talk: Assistant) -> None:
    a = talk.ask("东澜区住建局2023年收到的申请为什么比2022年多了那么多？")
    assert a.answer.startswith("与报告不符：不是增加，而是减少。东澜区住房和城乡建设局")
    a = talk.ask("东澜区住建局2023年收到的申请比2022年多了多少？")
    assert a.answer.startswith(
        "东澜区住房和城乡建设局收到（本年新收）的政府信息公开申请：2023年0件"
    )
    a = talk.ask("西澜区教育局2024年是不是一件申请都没收到？")
    assert a.answer == (
        "不是。问题的前提与报告不符：西澜区教育局2024年收到（本年新收）的政府信息公开申请为2件[1]。"
    )


def test_checks_asked_as_whether_sums_equal_and_two_rows_listed(talk: Assistant) -> None:
    a = talk.ask("淮安市政府2024年复议四项结果加起来是否等于复议总计？")
    assert a.answer.startswith("数据一致。淮安市人民政府")
    a = talk.ask(
        "澜江市交通运输局2022年度表三总计栏，本年新收与上年结转之和是否等于办理结果总计与结转下年度之和？"
    )
    assert a.answer == (
        "成立。澜江市交通运输局2022年：本年新收16[1]＋上年结转0[2]＝16；办结15[3]＋结转下年度1[4]＝16。"
    )
    a = talk.ask("自规局2024年新收和上年结转分别是多少？")
    assert [f.value for f in a.figures] == [74, 6]


def test_plans_for_the_problems_and_a_persons_name_the_report_never_gives(talk: Assistant) -> None:
    a = talk.ask("淮安市政府针对问题下一步准备怎么做？")
    assert "政社合作、多元参与" in a.citations[0].quote
    a = talk.ask("永吉街道2024年办公室主任叫什么名字？")
    assert not a.found and a.answer.startswith("南关区永吉街道办事处没有写到")


def test_sums_of_one_bodys_figures_and_totals_that_name_one_body(talk: Assistant) -> None:
    a = talk.ask("澜江市住建局2022年行政复议和行政诉讼一共多少件")
    assert a.answer.startswith("38件。澜江市住房和城乡建设局2022年政府信息公开行政复议25件[1]")
    assert a.answer.endswith("合计38件。")
    # 两个 after two figures of one body: those two figures, from the conversation
    history = ["澜江市住建局2022年行政复议有多少件？", "打官司的呢？"]
    a = talk.ask("两个加起来呢？", history=history)
    assert a.answer.startswith("38件。澜江市住房和城乡建设局2022年政府信息公开行政复议25件[1]")
    a = talk.ask("两个差几件？", history=history)
    assert a.answer.startswith("政府信息公开行政复议比政府信息公开行政诉讼多12件。")
    # with one figure in the conversation, 两个 is asked back, never summed over bodies
    a = talk.ask("两个加起来呢？", history=history[:1])
    assert not a.found and a.figures == [] and "不清楚“两个”指哪两项数字" in a.answer
    a = talk.ask("那现在还有效的一共几件？", history=["东澜区住建局2024年新发了几件规范性文件？"])
    assert a.answer == "5件。东澜区住房和城乡建设局2024年行政规范性文件（现行有效）为5件[1]。"
    # a name with two readings is the one in the city of the bodies named beside it
    a = talk.ask("2022年市政府加上东澜、青屿两个区政府，信息公开复议一共多少件？")
    assert a.answer == (
        "157件。2022年三个机关的政府信息公开行政复议合计157件：澜江市人民政府141件[1]，"
        "澜江市东澜区人民政府6件[2]，青屿区人民政府10件[3]。"
    )
    # and, with no body beside it that places it, is asked back, never left out of the sum
    a = talk.ask("2022年市政府加上青屿区政府，信息公开复议一共多少件？")
    assert not a.found and a.figures == []
    assert "淮安市人民政府" in a.answer and "澜江市人民政府" in a.answer


def test_carried_over_said_with_a_year_word_and_a_table_figure_the_text_does_not_state(
    words: Assistant,
) -> None:
    a = words.ask("上一年转过来的呢？", history=["卫健委2023年收到几件新申请？"])
    assert a.answer == "2件。澜江市卫生健康委员会2023年上年结转的政府信息公开申请为2件[1]。"
    a = words.ask("澜江市场监管局2024年有没办完留到下一年的申请吗？")
    assert a.answer.startswith(
        "有，2件。澜江市市场监督管理局2024年结转下年度继续办理的申请为2件[1]。"
    )
    # an excerpt without tables: a fee in 元 is never a count of 条 from its text
    a = words.ask("长春市政府办公厅2024年收了多少信息处理费？")
    assert a.answer == "长春市人民政府办公厅2024年的报告中没有“信息处理费”这一项数字。"
    # a column's figure only from a sentence that names the column
    a = words.ask("长春市政府办公厅2024年企业申请的有多少件？")
    assert not a.found and a.figures == []
    # the problems of an excerpt cut before section 五 are not written
    a = words.ask("安康市市场监管局2024年存在哪些问题，下一步准备怎么改？")
    assert not a.found and a.answer.startswith("安康市市场监督管理局没有写到")


def test_two_figures_of_one_body_set_against_each_other(words: Assistant) -> None:
    # a difference between two figures of one year, asked as yes or no: the verdict first
    a = words.ask("澜江市卫生健康委员会2022年办结的申请是不是比收到的少？")
    assert a.answer.startswith(
        "是。办结（本年度办理结果总计）的申请比收到（本年新收）的政府信息公开申请少2件。"
        "澜江市卫生健康委员会2022年办结（本年度办理结果总计）的申请164件[1]，"
        "收到（本年新收）的政府信息公开申请166件[2]"
    )
    # 两个 after two figures of the conversation: those two
    a = words.ask("两个差几件？", history=["交通运输局2023年收到多少申请？", "办结了多少？"])
    assert a.answer.startswith(
        "收到（本年新收）的政府信息公开申请比办结（本年度办理结果总计）的申请少1件。"
    )
    # two figures set against a year: each over the two years, never against each other
    a = words.ask("卫健委2024年收到和办结的申请比2023年各多几件？")
    assert a.answer == (
        "澜江市卫生健康委员会收到（本年新收）的政府信息公开申请：2024年5件[1]，2023年0件[2]，"
        "2024年比2023年增加5件。澜江市卫生健康委员会办结（本年度办理结果总计）的申请："
        "2024年5件[3]，2023年2件[4]，2024年比2023年增加3件（增长150%）。"
    )
    # a span of years with a change asked: the change from the first to the last
    a = words.ask("澜江市政府的行政规范性文件现行有效件数从2022年到2024年变了多少")
    assert a.answer == (
        "澜江市人民政府行政规范性文件（现行有效）：2022年35件[1]，2023年40件[2]，2024年48件[3]，"
        "2024年比2022年增加13件（增长37.1%）。"
    )


def test_a_figure_listed_with_its_columns_and_each_asked(words: Assistant) -> None:
    a = words.ask("交通局2024年行政复议总数、结果维持、结果纠正分别是多少？")
    assert a.answer == (
        "澜江市交通运输局2024年政府信息公开行政复议为26件[1]；"
        "澜江市交通运输局2024年政府信息公开行政复议（审理结果：结果维持）为7件[2]；"
        "澜江市交通运输局2024年政府信息公开行政复议（审理结果：结果纠正）为3件[3]。"
    )
    # 其中 after 主动公开: a part the report lists, not the count of 解读 its text gives
    a = words.ask("其中政策解读多少条", history=["澜江市市场监管局2024年主动公开了多少条信息"])
    assert a.answer == "389条。澜江市市场监督管理局2024年主动公开政府信息中的“政策解读”为389条[1]。"


def test_bodies_of_a_scope_and_a_name_placed_by_the_bodies_beside_it(words: Assistant) -> None:
    a = words.ask("2024年市政府 东澜区政府 青屿区政府三家加起来新收多少申请")
    assert a.answer == (
        "2201件。2024年三个机关的收到（本年新收）的政府信息公开申请合计2201件：澜江市人民政府1643件[1]，"
        "澜江市东澜区人民政府314件[2]，青屿区人民政府244件[3]。"
    )
    # a scope asked a figure: each body of it, never the place's government
    a = words.ask("2022年东澜区各街道收到多少申请")
    assert a.answer == (
        "澜江市东澜区解放街道办事处，8件。2022年收到（本年新收）的政府信息公开申请，从多到少依次为："
        "澜江市东澜区解放街道办事处8件[1]；东澜区桃源街道办事处6件[2]。没有相应数字的：东澜区新华街道办事处。"
    )
    a = words.ask("2023年几个局委办里依申请公开的量谁最多 排个序")
    assert a.answer.startswith(
        "澜江市人力资源和社会保障局，259件。2023年收到（本年新收）的政府信息公开申请"
    )


def test_claims_of_many_fees_asked_plainly_and_years_in_chinese_numbers(words: Assistant) -> None:
    a = words.ask("人社局2024年收了那么多信息处理费，具体收了多少？")
    assert a.answer == (
        "不是那么多，与报告不符：报告中为0元。澜江市人力资源和社会保障局2024年信息处理费为0元[1]。"
    )
    for q in (
        "青屿区政府2024年有没有收取信息处理费？收了多少？",
        "青屿区政府2024年收信息处理费没有",
    ):
        assert words.ask(q).answer == "有，1521元。青屿区人民政府2024年信息处理费为1521元[1]。"
    a = words.ask("东澜区政府两千零二十四年行政许可办了多少件")
    assert a.answer == "24020件。澜江市东澜区人民政府2024年行政许可（处理决定数量）为24020件[1]。"
    a = words.ask("澜江市人民政府贰零贰肆年规章现行有效件数")
    assert a.answer == "26件。澜江市人民政府2024年规章（现行有效）为26件[1]。"
    a = words.ask("交通局2023年予以公开的件数占办理总数的几分之几 换算成百分比是多少")
    assert a.answer.startswith("45.2%。澜江市交通运输局2023年予以公开的申请为14件[1]")


def test_slips_of_the_input_method_and_everyday_words_for_the_cells(words: Assistant) -> None:
    # 申清, 依申情: slips that are no word of their own, read as meant
    a = words.ask("人社局24年收到几件信息公开申清")
    assert a.answer == (
        "120件。澜江市人力资源和社会保障局2024年收到（本年新收）的政府信息公开申请为120件[1]。"
    )
    a = words.ask("长春市府办2024年发布了多少场新闻发布会信息")
    assert a.answer == "29场。长春市人民政府办公厅2024年报告正文中，“新闻发布会信息”为29场[1]。"
    a = words.ask("对淮安的年报有疑问的话打哪个电话？")
    assert a.answer.startswith("0517-83605210。淮安市人民政府2024年联系电话为0517-83605210[1]")
    a = words.ask("淮安24年一共拒了多少件申请？就是不予公开那几类加起来")
    assert a.answer.startswith("178件。淮安市人民政府2024年不予公开的申请为178件[1]")
    # 收费 said of applications is the 信息处理费, not table 2's 行政事业性收费
    a = words.ask("澜江市政府2024年依申请公开收费了吗？")
    assert a.answer == "没有，0元。澜江市人民政府2024年信息处理费为0元[1]。"
    a = words.ask("青屿区政府2024年因为信息公开打了几场官司？直接起诉的和复议后起诉的都算上")
    assert a.answer.startswith("3件。青屿区人民政府2024年政府信息公开行政诉讼为3件[1][2]")


def test_a_sum_inside_a_share_and_a_change_only_the_text_states(words: Assistant) -> None:
    a = words.ask("淮安24年答复的申请中，全部公开加部分公开一共占百分之多少？")
    assert a.answer == (
        "59.5%。淮安市人民政府2024年予以公开的申请与部分公开的申请合计为1816件"
        "（予以公开的申请1362件[1]、部分公开的申请454件[2]），"
        "办结（本年度办理结果总计）的申请为3050件[3]，占59.5%。"
    )
    # no report of 2023: the 同比 the 2024 text states
    a = words.ask("番禺区政府办公室2024年办理的依申请公开量同比增长了多少")
    assert a.answer == (
        "5.26%。广州市番禺区人民政府办公室2024年报告正文中，“政府信息公开申请”同比增长5.26%[1]。"
    )
    a = words.ask("其中自然人多少", history=["长春市政府办公厅2024年受理了多少政府信息公开申请"])
    assert (
        a.answer
        == "89件。长春市人民政府办公厅2024年报告正文中，“自然人申请”（句中列出的一项）为89件[1]。"
    )
    # two counts asked: each its own number, or none
    a = words.ask("淮安市政府2024年做了多少个政策解读？政府公报又出了几期？")
    assert not a.found and a.figures == []


def test_a_conversation_keeps_its_body_its_figure_and_its_words(words: Assistant) -> None:
    # 市政府 after 澜江市人民政府: the one the conversation has named, not asked back
    a = words.ask(
        "2023年市政府行政复议被纠正了几件？",
        history=["澜江市人民政府2024年行政复议结果维持的有几件？"],
    )
    assert (
        a.answer
        == "23件。澜江市人民政府2023年政府信息公开行政复议（审理结果：结果纠正）为23件[1]。"
    )
    # where a body is: the newest report, not the year the conversation was on
    history = ["我住东澜，东澜区政府2024年主动公开了多少条信息", "2023年呢"]
    a = words.ask("东澜区政府在哪儿办公，地址是啥", history=history)
    assert a.answer.startswith(
        "东澜区文昌路113号。澜江市东澜区人民政府2024年地址为东澜区文昌路113号[1]"
    )
    # the verb the earlier question used of its figure asks that figure again
    a = words.ask("2022年收了多少？", history=["青屿区2024年收信息处理费了吗？收了多少？"])
    assert a.answer == "有，3200元。青屿区人民政府2022年信息处理费为3200元[1]。"
    # a count the text states, asked again of another year
    a = words.ask("那2023年呢？", history=["青屿区2024年办理了多少件人大代表建议？"])
    assert a.answer == "29件。青屿区人民政府2023年报告正文中，“人大代表建议”为29件[1]。"
    a = words.ask("去年也就是2023年，我们收到了几件申请", history=["我是望湖街道办的"])
    assert (
        a.answer
        == "4件。澜江市西澜区望湖街道办事处2023年收到（本年新收）的政府信息公开申请为4件[1]。"
    )
    a = words.ask("2023年我们街道发了几篇解读", history=["解放街道2024年主动公开了多少条"])
    assert a.answer == "1篇。澜江市东澜区解放街道办事处2023年政策解读为1篇[1]。"
    history = [
        "澜江市自然资源和规划局2022、2023、2024三年新收申请分别是多少？",
        "2024年比2022年多了多少件？",
    ]
    assert words.ask("增幅是多少？", history=history).answer.startswith("增长155.2%。")
    # the same check asked of another body
    history = [
        "澜江市人力资源和社会保障局2023年报告的表3，办理结果各项加起来和（七）总计对得上吗？"
    ]
    a = words.ask("澜江市交通运输局2022年的表3也有这种问题吗？", history=history)
    assert a.answer.startswith("数据存在不一致。澜江市交通运输局：2022年未通过C2")
    history = ["Switching to Yongji Subdistrict: how many new requests did it receive in 2024?"]
    a = words.ask("How many items did Yongji publish proactively that year?", history=history)
    assert a.answer == "521条。南关区永吉街道办事处2024年主动公开政府信息为521条[1]。"


def test_yes_or_no_and_claims_of_a_whole_or_of_many(words: Assistant) -> None:
    a = words.ask("都给公开了吗", history=["卫健委2024年收了几个申请"])
    assert a.answer.startswith(
        "不是，与报告不符，并非全部：澜江市卫生健康委员会2024年予以公开的申请为1件[1]"
    )
    a = words.ask("有人去永吉街道申请公开信息吗")
    assert a.answer.startswith(
        "没有，0件。南关区永吉街道办事处2024年收到（本年新收）的政府信息公开申请为0件[1]"
    )
    a = words.ask("永吉街道2024年收了不少信息处理费吧")
    assert a.answer == (
        "与报告不符（问题说不少）：报告中为0元。南关区永吉街道办事处2024年信息处理费为0元[1]。"
    )
    # 我核对一下: the asker's own check, not a check of the tables
    a = words.ask("望湖街道2023年那份报告里写的联系电话是多少，我核对一下")
    assert a.answer == "0786-57856907。澜江市西澜区望湖街道办事处2023年联系电话为0786-57856907[1]。"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (  # how many times, never how many more
            "人社局2024年收到的申请比交通局多几倍",
            "3.75倍。澜江市人力资源和社会保障局2024年收到（本年新收）的政府信息公开申请为120件[1]，"
            "澜江市交通运输局2024年收到（本年新收）的政府信息公开申请为32件[2]，前者是后者的3.75倍。",
        ),
        (  # a share of a whole of zero shows both figures, each cited
            "卫健委2023年的申请里企业占几成",
            "澜江市卫生健康委员会2023年收到（本年新收）的政府信息公开申请（申请人：商业企业）为0件[1]，"
            "收到（本年新收）的政府信息公开申请为0件[2]，后者为0，无法计算占比。",
        ),
        (  # a figure and a yes/no in one line, one 0 and one not: no single 有 or 没有
            "永吉街道2024年主动公开了几条？有没有被起诉？",
            "南关区永吉街道办事处2024年主动公开政府信息为521条[1]；"
            "南关区永吉街道办事处2024年政府信息公开行政诉讼为0件[2][3]，"
            "由“未经复议直接起诉·总计”0、“复议后起诉·总计”0相加。",
        ),
        (  # English names the whole after the part: the part is the one inside the other
            "Lanjiang HRSS 2024 — full disclosure rate, as a share of all requests processed?",
            "30%。澜江市人力资源和社会保障局2024年予以公开的申请为36件[1]，"
            "办结（本年度办理结果总计）的申请为120件[2]，占30%。",
        ),
        (  # "what proportion of W were P": W is the whole, the parts listed are added
            "Lanjiang Municipal Govt 2023: what proportion of processed requests were granted "
            "fully or partly?",
            "41.8%。澜江市人民政府2023年予以公开的申请与部分公开的申请合计为728件"
            "（予以公开的申请401件[1]、部分公开的申请327件[2]），"
            "办结（本年度办理结果总计）的申请为1741件[3]，占41.8%。",
        ),
        (  # the same in Chinese: the frame said before the parts is the whole
            "澜江市人民政府2023年办结的申请中予以公开和部分公开占比多少",
            "41.8%。澜江市人民政府2023年予以公开的申请与部分公开的申请合计为728件"
            "（予以公开的申请401件[1]、部分公开的申请327件[2]），"
            "办结（本年度办理结果总计）的申请为1741件[3]，占41.8%。",
        ),
        (  # "more than 300" is a claim to check, not a comparison with another year
            "Did Qingyu district receive more than 300 requests in 2023?",
            "是的，报告中为306件。青屿区人民政府2023年收到（本年新收）的政府信息公开申请为306件[1]。",
        ),
        (  # a span written 2022-24, "total" added over it
            "Qingyu district govt — total requests received over the past three years (2022-24)?",
            "589件。青屿区人民政府2022—2024年的收到（本年新收）的政府信息公开申请合计589件："
            "2022年39件[1]，2023年306件[2]，2024年244件[3]。",
        ),
        (  # an abbreviation written out, the place after the department said first
            "Lanjiang NRPB 2024: in how many reconsideration cases was the bureau's decision upheld?",
            "9件。澜江市自然资源和规划局2024年政府信息公开行政复议（审理结果：结果维持）为9件[1]。",
        ),
        (  # a year said the English way
            "In '23, how many requests did the Lanjiang market supervision bureau turn away as "
            "duplicates?",
            "2件。澜江市市场监督管理局2023年因重复申请不予处理的申请为2件[1]。",
        ),
        (  # the asker says which year it is: context, and what 前年 counts from
            "今年25年了 前年澜江市政府部分公开的申请有多少件",
            "327件。澜江市人民政府2023年部分公开的申请为327件[1]。",
        ),
        (  # 还剩 beside 现行有效 counts documents in force, not applications left open
            "市住建局2024年现行有效的规范性文件还剩几多件",
            "22件。澜江市住房和城乡建设局2024年行政规范性文件（现行有效）为22件[1]。",
        ),
        (  # a list said with spaces, 分别: each asked, the plain verb too
            "自规局2024年新收 上年结转 结转下年度 分别几件",
            "澜江市自然资源和规划局2024年收到（本年新收）的政府信息公开申请为74件[1]；"
            "澜江市自然资源和规划局2024年上年结转的政府信息公开申请为6件[2]；"
            "澜江市自然资源和规划局2024年结转下年度继续办理的申请为3件[3]。",
        ),
        (  # Cantonese written as spoken
            "澜江市政府24年因为四类过程性信息唔公开嘅有几多件",
            "15件。澜江市人民政府2024年因属于四类过程性信息不予公开的申请为15件[1]。",
        ),
        (  # the asker's remark on the figure asks nothing of its own
            "东澜区政府2024年说自己不掌握信息的有几件 这也太离谱了吧",
            "88件。澜江市东澜区人民政府2024年因本机关不掌握相关政府信息无法提供的申请为88件[1]。",
        ),
        (  # a column said with the column that holds it: the narrower one
            "西澜区新华街道办事处2022年法人或其他组织中社会公益组织的申请有几件",
            "1件。西澜区新华街道办事处2022年收到（本年新收）的政府信息公开申请"
            "（申请人：社会公益组织）为1件[1]。",
        ),
        (  # a column of the 2019 table 2 whose label starts like a year (上一年)
            "澜江市场监管局23年行政处罚 上一年项目数量和处理决定数量分别多少",
            "澜江市市场监督管理局2023年行政处罚（上一年项目数量）为559项[1]；"
            "澜江市市场监督管理局2023年行政处罚（处理决定数量）为1095件[2]。",
        ),
        (  # spaces typed for commas: five bodies listed, ranked
            "22年卫健委 交通局 自规局 市住建局 人社局 哪家行政处罚最多 排个序",
            "澜江市卫生健康委员会，3609件。2022年行政处罚（处理决定数量），从多到少依次为："
            "澜江市卫生健康委员会3609件[1]；澜江市交通运输局1896件[2]；澜江市自然资源和规划局1136件[3]；"
            "澜江市住房和城乡建设局107件[4]；澜江市人力资源和社会保障局95件[5]。",
        ),
        (  # the asker's story goes on past the clause that says 我, up to the question
            "我在淮安 之前写信反映问题 结果被当成信访不给处理 "
            "想问问淮安市政府2024年信访举报投诉类申请不予处理的一共有多少件",
            "62件。淮安市人民政府2024年因属于信访举报投诉类申请不予处理的申请为62件[1]。",
        ),
        (  # "all of them" of a reason is its group (不予公开), not 办结
            "淮安2024年不予公开的是不是都因为国家秘密",
            "不是，与报告不符，并非全部：淮安市人民政府2024年因属于国家秘密不予公开的申请为2件[1]，"
            "而淮安市人民政府2024年不予公开的申请为178件[2][3][4]…，由“属于国家秘密·总计”2、"
            '“其他法律行政法规禁止公开·总计”31、“危及"三安全一稳定"·总计”5、“保护第三方合法权益·总计”6、'
            "“属于三类内部事务信息·总计”8、“属于四类过程性信息·总计”12、“属于行政执法案卷·总计”9、"
            "“属于行政查询事项·总计”105相加。",
        ),
        (  # the group's other cells are blank: the figure, what is blank, no verdict, nothing added
            "望湖街道2023年的申请是不是都说不掌握",
            "4件。澜江市西澜区望湖街道办事处2023年因本机关不掌握相关政府信息无法提供的申请为4件[1]；"
            "澜江市西澜区望湖街道办事处2023年报告中无法提供的申请要由各栏相加，"
            "其中“1.本机关不掌握相关政府信息”为4件，“2.没有现成信息需要另行制作”、"
            "“3.补正后申请内容仍不明确”一栏空白、未填写数字，因此不相加[2][3][4]。",
        ),
        (  # a year inside the figure's own words (结转到2025年) is not a year asked
            "澜江市政府2024年结转到2025年的申请有几件",
            "130件。澜江市人民政府2024年结转下年度继续办理的申请为130件[1]。",
        ),
        (  # a hyphenated English phrase reads as its words (state-secret)
            "Did the Lanjiang city government refuse any requests on state-secret grounds in 2024?",
            "有，4件。澜江市人民政府2024年因属于国家秘密不予公开的申请为4件[1]。",
        ),
        (  # an English yes/no opened with Any
            "Any FOI requests at all at Xilan's Xinhua subdistrict in 2024?",
            "没有，0件。西澜区新华街道办事处2024年收到（本年新收）的政府信息公开申请为0件[1]。",
        ),
        (  # two slips in an eight-letter word (decisons), mended
            "Huai'an admin penalty decisons in 2024?",
            "3985758件。淮安市人民政府2024年行政处罚（处理决定数量）为3985758件[1]。",
        ),
        (  # three bodies set against each other are ranked, none dropped
            "2024 admin reconsideration caseload: Lanjiang city vs Donglan vs Qingyu, highest to lowest",
            "澜江市人民政府，77件。2024年政府信息公开行政复议，从多到少依次为：澜江市人民政府77件[1]；"
            "澜江市东澜区人民政府16件[2]；青屿区人民政府4件[3]。",
        ),
        (  # 为什么 … 没有 with the body and year between: the zero is a premise, checked
            "为什么淮安2024年没有收到申请",
            "问题的前提与报告不符：淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件[1]。",
        ),
        (  # the same in English
            "Why didn't Huai'an receive any FOI requests in 2024?",
            "问题的前提与报告不符：淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件[1]。",
        ),
        (  # zero said in English
            "Why did the Lanjiang Transport Bureau issue zero administrative penalties in 2024?",
            "问题的前提与报告不符：澜江市交通运输局2024年行政处罚（处理决定数量）为11608件[1]。",
        ),
        (  # a true zero premise: confirmed, and the report gives no reason
            "为什么永吉街道2024年没有收到申请",
            "是的，南关区永吉街道办事处2024年收到（本年新收）的政府信息公开申请为0件[1]。报告没有说明原因。",
        ),
        (  # a remark with a change word (太少了) compares nothing; the present year said first
            "今年都2025年了 永吉街道去年主动公开了多少条信息 这也太少了吧",
            "521条。南关区永吉街道办事处2024年主动公开政府信息为521条[1]。",
        ),
        (  # 比上年少了吧 sets the figure against last year: a claim, not a remark
            "淮安2024年收到多少申请 比上年少了吧",
            "语料中没有淮安市人民政府2023年的报告。语料中有淮安市人民政府2024年的报告。",
        ),
        (  # 从上一年结转过来: the row 上年结转, not a year
            "澜江市政府2023年从上一年结转过来的case有几件？",
            "85件。澜江市人民政府2023年上年结转的政府信息公开申请为85件[1]。",
        ),
        (  # carried over into 2024: the 2023 report's 结转下年度
            "Did Lanjiang's city housing bureau have any requests carried over into 2024?",
            "有，7件。澜江市住房和城乡建设局2023年结转下年度继续办理的申请为7件[1]。",
        ),
        (  # 超过了300万元: a bound, checked as a bound
            "西澜区教育局2024年的行政事业性收费是不是超过了300万元？",
            "是的，报告中为329.895201万元。西澜区教育局2024年行政事业性收费（本年收费金额）为329.895201万元["
            "1]。",
        ),
        (  # 比2022年多吧: the verdict first
            "2023年澜江市政府的行政许可决定比2022年多吧？",
            "不是。澜江市人民政府行政许可（处理决定数量）：2023年397698件[1]，2022年427445件[2]，2023年"
            "比2022年减少29747件（下降7%）。",
        ),
        (  # 本年制发 and 现行有效 are never added: each is said
            "淮安市政府2024年新制发规章几件？现行有效的规章一共多少件？",
            "淮安市人民政府2024年规章（本年制发）为1件[1]；淮安市人民政府2024年规章（现行有效）为11件[2]。",
        ),
        (  # 市直部门: the city's own departments, not its districts'
            "2023年澜江市那六个市直部门一共收到多少件信息公开申请？",
            "512件。2023年六个机关的收到（本年新收）的政府信息公开申请合计512件：澜江市交通运输局30件[1]，澜江市人力资"
            "源和社会保障局259件[2]，澜江市住房和城乡建设局137件[3]，澜江市卫生健康委员会0件[4]，澜江市市场监督管理局"
            "9件[5]，澜江市自然资源和规划局77件[6]。",
        ),
        (  # a clause of plain verbs that asks nothing frames the next
            "望湖街道2023年收到的申请，以本机关不掌握为由没法提供的有几件？",
            "4件。澜江市西澜区望湖街道办事处2023年因本机关不掌握相关政府信息无法提供的申请为4件[1]。",
        ),
        (  # 一共 … 这么答复的: a part is never added to its whole
            "我上个月去澜江市政府申请材料，人家回复说“本机关不掌握”。想知道2024年市政府一共有多少件申请是这么答复的？",
            "213件。澜江市人民政府2024年因本机关不掌握相关政府信息无法提供的申请为213件[1]。",
        ),
        (  # 去年 counts back from the year of a figure the asker states
            "自规局2024年办结了77件，那去年办结了多少？",
            "71件。澜江市自然资源和规划局2023年办结（本年度办理结果总计）的申请为71件[1]。",
        ),
        (  # a stated figure whose cause is asked is checked first
            "澜江市监局2024年行政复议被纠正了5件，问题出在哪？",
            "不是5件，与报告不符：报告中为0件。澜江市市场监督管理局2024年政府信息公开行政复议（审理结果：结果纠正）为0件[1]"
            "。",
        ),
        (  # an exact number stated before 为什么这么多 is checked, not only 'many'
            "澜江市政府2024年收到了1600件申请，为什么这么多？",
            "不是1600件，与报告不符：报告中为1643件。澜江市人民政府2024年收到（本年新收）的政府信息公开申请为1643件["
            "1]。",
        ),
        (  # a share whose whole is a sum holding the part: asked back
            "For the Lanjiang city government in 2024, what share of revi"
            "ew-plus-litigation cases were administrative reviews?",
            "抱歉，我没有完全理解这个问题，因此不给出数字。我理解到的是：机关：澜江市人民政府；年度：2024年；指标：政府信息公开行"
            "政复议、政府信息公开行政诉讼；运算：未能确定。您是不是想问：“澜江市政府2024年政府信息公开行政诉讼是多少？”、“澜江"
            "市政府2024年政府信息公开行政复议是多少？”、“澜江市政府2024年行政强制是多少？”",
        ),
        (  # 对外公开的规范性文件总数量: the 2019 stock column
            "澜江市场监管局2023年对外公开的规范性文件总数量是多少",
            "26件。澜江市市场监督管理局2023年行政规范性文件（现行有效）为26件[1]。",
        ),
        (  # 收到的申请，予以公开的: the frame before a comma
            "澜江市政府2024年收到的申请，予以公开的有多少？",
            "966件。澜江市人民政府2024年予以公开的申请为966件[1]。",
        ),
        (  # 其他 listed with 维持、纠正: the 其他结果 column
            "澜江市政府2023年行政复议的结果：维持、纠正、其他、尚未审结各几件？",
            "澜江市人民政府2023年政府信息公开行政复议（审理结果：结果维持）为31件[1]；澜江市人民政府2023年政府信息公开行"
            "政复议（审理结果：结果纠正）为23件[2]；澜江市人民政府2023年政府信息公开行政复议（审理结果：其他结果）为46件["
            "3]；澜江市人民政府2023年政府信息公开行政复议（审理结果：尚未审结）为20件[4]。",
        ),
        (  # 其他 under 法人或其他组织: its 其他 column
            "澜江市政府2024年予以公开的里面，法人或其他组织下面“其他”那一栏是多少？",
            "45件。澜江市人民政府2024年予以公开的申请（申请人：其他组织）为45件[1]。",
        ),
        (  # 其他 under 其他处理: the row 3.其他
            "澜江市政府2024年表3里（六）其他处理下面“3.其他”那一行，律所之类的法律服务机构填的多少？",
            "5件。澜江市人民政府2024年其他处理中的“其他”申请（申请人：法律服务机构）为5件[1]。",
        ),
        (  # straight in court without a review first: 未经复议直接起诉
            "Lanjiang city government 2024: lawsuits filed straight in co"
            "urt without an administrative review first — how many?",
            "8件。澜江市人民政府2024年未经复议直接起诉的行政诉讼为8件[1]。",
        ),
        (  # a number before an English count noun is a claim, checked
            "Did Huai'an receive 3050 requests in 2024?",
            "不是3050件，与报告不符：报告中为3119件。淮安市人民政府2024年收到（本年新收）的政府信息公开申请为3119件["
            "1]。",
        ),
        (  # carried from the year before: 上年结转
            "Dong Lan district goverment 2022, how many requests carried from the year before?",
            "9件。东澜区人民政府2022年上年结转的政府信息公开申请为9件[1]。",
        ),
        (  # 倒数第一: the lowest first
            "澜江那五个街道办2024年的行政许可决定，倒数第一是哪家？几件？",
            "澜江市东澜区解放街道办事处，0件。2024年行政许可（处理决定数量），从少到多依次为：澜江市东澜区解放街道办事处0件[1]；东"
            "澜区新华街道办事处1件[2]；西澜区望湖街道办事处2件[3]；西澜区新华街道办事处3件[4]；东澜区桃源街道办事处13件"
            "[5]。（名称中看不出是否属于所问地区、未计入的：南关区永吉街道办事处、西咸新区底张街道办事处、道里区经纬街道办事处）",
        ),
        (  # 法院判决维持原行政行为: the 维持 column, read whole
            "澜江市政府2022年复议后又被起诉的案件里，法院判决维持原行政行为的有几件？",
            "7件。澜江市人民政府2022年复议后起诉的行政诉讼（审理结果：结果维持）为7件[1]。",
        ),
        (  # 逾期 is a filler: 未缴纳费用 stays whole
            "青屿区人民政府2023年因申请人逾期未缴纳费用而不再处理的申请有多少件？",
            "6件。青屿区人民政府2023年因申请人逾期未按收费通知要求缴纳费用不再处理的申请为6件[1]。",
        ),
        (  # 完全公开（不算部分公开）: the partial row named only to leave it out
            "东澜区政府2024年完全公开（不算部分公开）的申请有多少件？",
            "83件。澜江市东澜区人民政府2024年予以公开的申请为83件[1]。",
        ),
        (  # 挪到24年: the 2023 report's 结转下年度
            "澜江市政府23年没办完、挪到24年继续办的申请几件",
            "4件。澜江市人民政府2023年结转下年度继续办理的申请为4件[1]。",
        ),
        (  # 'does not hold this info': a negation is never a filler, the phrase names the row
            "Donglan district gov 2023: how many requests ended with 'the"
            " agency does not hold this info'?",
            "9件。澜江市东澜区人民政府2023年因本机关不掌握相关政府信息无法提供的申请为9件[1]。",
        ),
        (  # carried over from 2022 into 2023: the 2022 report's 结转下年度
            "Did the Lanjiang transport bureau have any requests carried over from 2022 into 2023?",
            "有，1件。澜江市交通运输局2022年结转下年度继续办理的申请为1件[1]。",
        ),
        (  # 主动公开了多少条，里面政策文件占几条: both asked, each with its own asking word
            "望湖街道2023年主动公开了多少条信息，里面政策文件占几条",
            "澜江市西澜区望湖街道办事处2023年主动公开政府信息为350条[1]；澜江市西澜区望湖街道办事处2023年主动公开政府信"
            "息中的“政策文件”为65条[2]。",
        ),
        (  # 危害国家安全、公共安全、经济安全和社会稳定: the 三安全一稳定 row
            "澜江市政府2024年以危害国家安全、公共安全、经济安全和社会稳定为由不公开的有几件",
            "1件。澜江市人民政府2024年因危及“三安全一稳定”不予公开的申请为1件[1]。",
        ),
        (  # 投诉举报信当成信息公开申请: the 信访举报投诉 row
            "东澜区政府22年有人把投诉举报信当成信息公开申请交上去的，这种有几件",
            "8件。东澜区人民政府2022年因属于信访举报投诉类申请不予处理的申请为8件[1]。",
        ),
        (  # 还没弄完、要挪到下一年接着办: 结转下年度
            "自规局24年到年底还没弄完、要挪到下一年接着办的申请剩几件",
            "3件。澜江市自然资源和规划局2024年结转下年度继续办理的申请为3件[1]。",
        ),
        (  # 以个人名义递的: the 自然人 column
            "同志你好，我想问问青屿区政府2023年收到的公开申请里头，老百姓以个人名义递的有多少份？",
            "264件。青屿区人民政府2023年收到（本年新收）的政府信息公开申请（申请人：自然人）为264件[1]。",
        ),
        (  # 批了几个行政许可: 批了 asks nothing of its own
            "永吉街道2024年批了几个行政许可",
            "0件。南关区永吉街道办事处2024年行政许可（处理决定数量）为0件[1]。",
        ),
        (  # 结果纠正除以复议总数: the named rate, its whole after 除以
            "澜江市政府2023年行政复议的纠错率是多少？就用结果纠正除以复议总数算。",
            "19.2%。澜江市人民政府2023年行政复议纠错率（结果纠正÷总计）为19.2%[1][2]。",
        ),
        (  # unit 10k yuan: 万元, nothing left unread
            "How much administrative fees (unit 10k yuan) did Lanjiang mu"
            "nicipal government collect in 2022?",
            "11531万元。澜江市人民政府2022年行政事业性收费（本年收费金额）为11531万元[1]。",
        ),
        (  # 望湖那边街道: one name
            "望湖那边街道2022年主动公开了多少条信息",
            "270余条。西澜区望湖街道办事处2022年主动公开政府信息为270余条[1]。",
        ),
        (  # 先复议、复议完了又去法院起诉: a lawsuit after a review, one figure
            "请问2022年东澜区政府那里，先复议、复议完了又去法院起诉的有几件呀",
            "9件。东澜区人民政府2022年复议后起诉的行政诉讼为9件[1]。",
        ),
        (  # could not answer because …didn't hold: the reason's row
            "How many requests could Huai'an not answer because the gover"
            "nment didn't hold the information? (2024)",
            "769件。淮安市人民政府2024年因本机关不掌握相关政府信息无法提供的申请为769件[1]。",
        ),
        (  # 批了多少申请: 批 of applications is no row; not understood, no figure
            "淮安批了多少申请",
            "抱歉，我没有完全理解这个问题，因此不给出数字。我理解到的是：机关：淮安市人民政府；指标：收到（本年新收）的政府信息公开申"
            "请；运算：未能确定。没能理解的是“批了”（报告的统计表中没有与之对应的一栏）。您是不是想问：“淮安市政府2024年因申请"
            "人逾期不补正不再处理的申请是多少？”、“淮安市政府2024年因申请人逾期未按收费通知要求缴纳费用不再处理的申请是多少？”"
            "、“淮安市政府2024年收到（本年新收）的政府信息公开申请是多少？”",
        ),
        (  # 国家秘密不能公开: 不能公开 is 不予公开, the secret its reason
            "我想了解下澜江市政府2022年因为涉及国家秘密不能公开的申请有几件",
            "1件。澜江市人民政府2022年因属于国家秘密不予公开的申请为1件[1]。",
        ),
        (  # 从上一年转进来: 上年结转, compared as yes or no
            "澜江市政府2024年没办完转到明年的申请，是不是比从上一年转进来的多",
            "是。结转下年度继续办理的申请比上年结转的政府信息公开申请多126件。澜江市人民政府2024年结转下年度继续办理的申请13"
            "0件[1]，上年结转的政府信息公开申请4件[2]。",
        ),
        (  # 公开出版物（比如年鉴、书）: the examples in brackets are not asked about
            "澜江市监局24年有人跑去申请要公开出版物（比如年鉴、书）的有几件啊",
            "1件。澜江市市场监督管理局2024年因要求提供公开出版物不予处理的申请为1件[1]。",
        ),
        (  # after going through reconsideration first: 复议后起诉
            "Huai'an 2024, lawsuits filed after going through reconsideration first",
            "20件。淮安市人民政府2024年复议后起诉的行政诉讼为20件[1]。",
        ),
    ],
    ids=[
        "times-not-more",
        "share-of-zero",
        "no-single-verdict",
        "english-part-inside-whole",
        "english-proportion-of-whole",
        "whole-framed-before-parts",
        "english-more-than-a-number",
        "english-year-span",
        "english-abbreviation",
        "english-short-year",
        "present-year-said",
        "still-in-force",
        "space-list-each",
        "cantonese",
        "remark",
        "narrower-column",
        "t2-previous-column",
        "spaces-for-commas",
        "story-clauses",
        "all-of-a-reason",
        "all-of-blank-group",
        "year-inside-carried-out",
        "english-hyphen",
        "english-any",
        "english-two-slips",
        "three-bodies-ranked",
        "why-not-premise",
        "english-why-didnt",
        "english-zero",
        "why-not-true-zero",
        "remark-with-change-word",
        "compared-not-remark",
        "carried-in-said-with-a-year-word",
        "english-carried-into-a-year",
        "claim-bound-with-le",
        "yes-no-direction-ba",
        "t2-columns-not-added",
        "city-own-departments",
        "frame-clause-asks-nothing",
        "part-not-added-to-its-whole",
        "year-counted-from-a-stated-figure",
        "claim-before-why-problems",
        "claim-before-why",
        "english-share-of-a-sum",
        "t2-2019-stock-column",
        "frame-clause-comma",
        "other-listed-with-results",
        "other-under-corporate",
        "other-under-other-handling",
        "english-straight-to-court",
        "english-claim-before-a-noun",
        "english-carried-from-the-year-before",
        "lowest-said-as-last",
        "upheld-said-in-full",
        "overdue-fee-with-a-filler",
        "full-not-partial",
        "year-inside-moved-to",
        "english-negation-not-a-filler",
        "english-carried-from-into",
        "published-total-and-part-asked",
        "security-said-in-full",
        "petition-letters",
        "carried-out-said-plainly",
        "natural-person-by-name",
        "licences-approved",
        "divided-by-names-the-whole",
        "english-10k-yuan",
        "place-nabian-body",
        "review-then-court-story",
        "english-not-answer-because",
        "approved-applications-not-understood",
        "secret-cannot-be-disclosed",
        "carried-in-said-as-come-in",
        "examples-in-brackets",
        "english-after-review-first",
    ],
)
def test_one_question_and_its_exact_answer(words: Assistant, question: str, answer: str) -> None:
    assert words.ask(question).answer == answer


def test_an_english_text_question_searches_the_report_in_the_words_it_translates_to(
    words: Assistant,
) -> None:
    # weaknesses → 不足 (and the words reports use for it); the English words left over match no
    # Chinese sentence and are not searched
    a = words.ask("What weaknesses did the Yongji street office identify in 2024?")
    assert a.answer == (
        "要点：公开文件比例低；政策解读质量有待提升；解读方式不够丰富多样。\n"
        "南关区永吉街道办事处2024年政府信息公开工作年度报告“五、存在的主要问题及改进情况”中写道："
        "“政府信息公开工作是新时期政府工作的一项重要内容，2024年，我街政府信息公开工作成效明显，"
        "但仍旧存在公开文件比例低、政策解读质量有待提升、解读方式不够丰富多样等问题。”[1]"
    )
    assert [(c.source, c.locator) for c in a.citations] == [("yongji-2024.txt", "第400行")]


def test_after_a_ranking_across_bodies_the_first_of_it_is_asked_back(words: Assistant) -> None:
    # which body came first is in the answer, not in the words: never the place the scope was of
    a = words.ask(
        "排第一的那家，办理结果里予以公开的占多大比例？",
        history=["2024年澜江市的市级部门里，哪家收到的政府信息公开申请最多？按多少排一下"],
    )
    assert not a.found and a.figures == []
    assert a.answer.startswith("请问您想了解哪个机关的报告？")


def test_a_share_whose_part_is_larger_than_its_whole_is_not_given(words: Assistant) -> None:
    # the whole said (new + carried in) was read as 上年结转 alone: 130 of 4 is no share
    a = words.ask(
        "Lanjiang city 2024: what % of all requests on hand (new + carried in) was rolled over "
        "into 2025?"
    )
    assert not a.found and a.route == "clarify"
    assert a.answer == (
        "澜江市人民政府2024年结转下年度继续办理的申请为130件[1]，上年结转的政府信息公开申请为4件[2]，"
        "前者大于后者，不是后者的一部分，无法按占比计算。"
        "请说明要算结转下年度继续办理的申请占哪一项的比例，例如占办结的申请。"
    )


@pytest.mark.parametrize(
    "question",
    ["澜江市政府2023年被拒的比例", "What's the refusal rate for Lanjiang city gov in 2023?"],
)
def test_the_readings_of_one_word_are_not_a_share_of_each_other(
    words: Assistant, question: str
) -> None:
    # 被拒 / refusal is 不予公开 or 不予处理: neither is the other's whole, so no share is computed
    a = words.ask(question)
    assert not a.found and a.figures == []
    assert a.answer.startswith(
        "抱歉，我没有完全理解这个问题，因此不给出数字。我理解到的是：机关：澜江市人民政府；年度：2023年；"
        "指标：不予公开的申请、不予处理的申请；运算：未能确定。您是不是想问："
    )


def test_a_yes_no_follow_up_of_a_figure_answers_whether(words: Assistant) -> None:
    """收了多少？那2023年也收了吗: whether, of the same figure, in the year said now."""
    a = words.ask("那2023年也收了吗", history=["青屿区政府2022年信息处理费收了多少"])
    assert a.answer == "没有，0元。青屿区人民政府2023年信息处理费为0元[1]。"


def test_a_count_of_applications_handled_is_asked_back(words: Assistant) -> None:
    """办理的申请量: received or closed, both fair readings; asked back, never one of them."""
    a = words.ask("澜江市政府2024年办理的申请量是多少")
    assert not a.found
    assert a.answer == (
        "“办理的申请量”在报告里可能指“收到（本年新收）的政府信息公开申请”、"
        "“办结（本年度办理结果总计）的申请”，请问您指的是哪一项？"
    )
