"""Conversations that change topic (issue #12): a follow-up takes only what it leaves out, and only when it is one.

The kinds: an elliptical follow-up inherits agency, year and metric; a question with words of its own (a prose
topic) never inherits a table metric; "五个单位"/"all agencies" is every agency, never the last one; an elliptical
follow-up of a prose turn asks that prose question again; a ranking without names ranks every agency.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest

from index.report import parse_report

from .conftest import REPORTS

AGENCIES = {"上街区人民政府", "偃师市人民政府办公室", "洛宁县人民政府", "淮安市人民政府办公室", "邙岭镇人民政府"}


def converse(assistant, *questions):
    session = uuid.uuid4().hex
    return [assistant.ask(q, session) for q in questions]


def first(answer):
    return answer.values[0]["value"] if answer.values else None


@pytest.mark.parametrize("question,elliptical", [
    ("那上街区呢？", True), ("淮安呢", True), ("那2019年呢？", True), ("上街区2019年的呢", True),
    ("and in 2019?", True), ("What about Shangjie?", True), ("how about Huai'an in 2019?", True),
    ("compare that with Huai'an", True), ("其中自然人多少？", True), ("予以公开多少件？", True),
    ("洛宁县存在哪些主要问题？", False), ("What problems did Luoning County identify?", False),
    ("偃师市2019年全年主动公开政府信息多少条？", False), ("下一步有什么改进措施", False),
    ("How did the office improve its website?", False), ("上街区在政策解读方面做了什么", False),
])
def test_a_follow_up_is_a_question_with_nothing_of_its_own(text_assistant, question, elliptical):
    from assistant.understand import understand

    intent = understand(question, text_assistant.catalog.agencies, text_assistant.catalog.newest_year)
    assert intent.elliptical is elliptical, intent.content


@pytest.mark.parametrize("table_turn", ["How many applications did Luoning receive in 2020?", "洛宁县2020年收到多少申请？",
                                        "洛宁县2020年行政复议多少件", "What was Luoning's procurement amount in 2020?"])
@pytest.mark.parametrize("prose_turn", ["洛宁县存在哪些主要问题？", "What problems did Luoning County identify?",
                                        "存在哪些主要问题？", "下一步有哪些改进措施？"])
def test_a_prose_question_never_inherits_a_table_metric(text_assistant, table_turn, prose_turn):
    _, prose = converse(text_assistant, table_turn, prose_turn)
    assert prose.route == "text" and prose.values == []
    assert all(s["file"].startswith("001_") for s in prose.sources)  # still Luoning's report


def test_the_issue_conversation_turn_by_turn(text_assistant):
    turns = converse(text_assistant, "How many applications did Luoning receive in 2020?", "那上街区呢？",
                     "比较五个单位2019年和2020年收到的申请数量", "洛宁县存在哪些主要问题？",
                     "What problems did Luoning County identify?")
    assert first(turns[0]) == 1 and first(turns[1]) == 79
    assert {v["agency"] for v in turns[2].values} == AGENCIES and turns[2].route == "table"
    assert {(v["agency"], v["value"]) for v in turns[2].values} >= {("上街区人民政府", 79), ("淮安市人民政府办公室", 54)}
    for prose in turns[3:]:
        assert prose.route == "text" and prose.values == [] and "网络维护" in prose.answer


@pytest.mark.parametrize("collective", ["比较五个单位收到的申请数量", "各单位收到的申请分别是多少？",
                                        "Compare all agencies on applications received",
                                        "所有单位的行政复议数量比较一下"])
def test_several_agencies_are_never_narrowed_to_the_last_one(text_assistant, collective):
    _, answer = converse(text_assistant, "上街区2019年收到多少申请？", collective)
    assert {v["agency"] for v in answer.values} == AGENCIES


def test_an_elliptical_follow_up_of_a_prose_turn_asks_it_again(text_assistant):
    table, prose, follow, again = converse(text_assistant, "洛宁县2020年收到多少申请？",
                                           "偃师市2019年全年主动公开政府信息多少条？", "淮安呢？", "那上街区呢？")
    assert first(table) == 1
    assert prose.route == "text" and "8149" in prose.answer and prose.values == []
    assert follow.route == "text" and follow.values == [] and follow.sources[0]["file"].startswith("004_")
    assert again.route == "text" and again.sources[0]["file"].startswith("003_")


def test_elliptical_follow_ups_of_table_turns_still_inherit(text_assistant):
    new = parse_report(next(REPORTS.glob("003_*.txt")))
    cells = {(f.table, f.row, f.column): f.value for f in new.facts}
    turns = converse(text_assistant, "上街区2019年收到多少申请？", "其中自然人多少？", "予以公开多少件？",
                     "compare that with Huai'an", "What about Yanshi?")
    assert first(turns[0]) == cells[("applications", "new", "total")]
    assert first(turns[1]) == cells[("applications", "new", "natural_person")]
    assert first(turns[2]) == cells[("applications", "granted", "total")]
    assert {v["agency"] for v in turns[3].values} == {"上街区人民政府", "淮安市人民政府办公室"}
    assert turns[4].values and all(v["agency"] == "偃师市人民政府办公室" for v in turns[4].values)


def test_a_ranking_without_names_ranks_every_agency(text_assistant):
    _, everyone = converse(text_assistant, "比较洛宁县和上街区的行政处罚处理决定数量", "哪个单位最多？")
    assert len(everyone.values) == len(AGENCIES)
    ranked_two = converse(text_assistant, "比较洛宁县和上街区的行政处罚处理决定数量", "这两个哪个最少？")[1]
    assert {v["agency"] for v in ranked_two.values} == {"洛宁县人民政府", "上街区人民政府"}


def test_every_answer_says_how_it_was_read(text_assistant):
    table, prose, follow = converse(text_assistant, "洛宁县2020年收到多少申请？", "偃师市2019年全年主动公开政府信息多少条？",
                                    "淮安呢？")
    assert (table.reading["table"], table.reading["row"], table.reading["column"]) == ("applications", "new", "total")
    assert table.reading["text"] == "理解为：洛宁县 · 2020 · 表三 本年新收政府信息公开申请数量 · 总计 · 数值"
    assert prose.reading["table"] is None and prose.reading["operation"] == "text" and prose.reading["inherited"] == []
    assert follow.reading["inherited"] == ["years", "topic"] and "沿用上一问的年份、话题" in follow.reading["text"]
    english = converse(text_assistant, "How many applications did Luoning receive in 2020?", "and Shangjie?")[1]
    assert english.reading["text"].startswith("Read as: Shangjie District · 2019 · table 三")
    assert "from the previous question: year, metric" in english.reading["text"]


@pytest.mark.parametrize("turns,check", [
    (("上街区2019年收到多少申请？", "其中自然人占比多少？", "企业呢？"), lambda a: a.values[0]["unit"] == "%"),
    (("上街区2019年收到多少申请？", "其中自然人占比多少？", "那淮安呢？"), lambda a: a.values[0]["unit"] == "%"
     and a.values[0]["agency"] == "淮安市人民政府办公室"),
    (("Are Yanshi's figures consistent?", "And Huai'an's?"), lambda a: a.reading["operation"] == "quality"),
    (("比较洛宁县和上街区收到的申请", "两个单位一共多少？"), lambda a: a.values[0]["value"] == 80 and len(a.values) == 3),
    (("比较洛宁县和上街区收到的申请", "加上淮安呢？"), lambda a: len(a.values) == 3),
    (("Compare Luoning and Shangjie on applications received", "Add Huai'an to the comparison."),
     lambda a: {v["agency"] for v in a.values} == {"洛宁县人民政府", "上街区人民政府", "淮安市人民政府办公室"}),
    (("How many applications did Yanshi receive?", "And Huai'an?", "And Shangjie?", "Which of the three received the most?"),
     lambda a: a.values[0]["value"] == 79 and len(a.values) == 3),
    (("How many applications did Luoning receive?", "Compare all five agencies."), lambda a: len(a.values) == 5),
])
def test_follow_ups_keep_the_operation_and_the_agencies_they_point_back_to(text_assistant, turns, check):
    answer = converse(text_assistant, *turns)[-1]
    assert check(answer), (answer.answer, answer.reading)


@pytest.mark.parametrize("turns,operation", [
    (("哪个单位收到的申请最多？", "予以公开呢？"), "rank"),
    (("比较洛宁县和上街区收到的申请", "予以公开呢？"), "compare"),
    (("Which agency received the most applications?", "and granted in full?"), "rank"),
])
def test_a_follow_up_naming_no_agency_keeps_a_comparison_or_ranking(text_assistant, turns, operation):
    answer = converse(text_assistant, *turns)[-1]
    assert answer.reading["operation"] == operation and len(answer.values) >= 2
    assert answer.reading["row"] == "granted"


# --- follow-ups over several years and agencies: a synthetic corpus with two formats --------------------------

@pytest.mark.parametrize("turns", [
    ("汝州市2022年报告的数据对得上吗？", "收到多少申请？"),
    ("Are Ruzhou's 2022 figures consistent?", "How many applications were received?"),
    ("汝州市2022年数据一致吗", "办结了多少？"),
])
def test_a_follow_up_naming_a_metric_is_not_a_data_quality_question(years_assistant, turns):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    row = "handled_total" if "办结" in turns[-1] else "new"
    assert answer.reading["operation"] == "value" and first(answer) == values[("汝州市", 2022)][("applications", row, "total")]


@pytest.mark.parametrize("turns", [
    ("汝州市2022年收到多少申请？", "比2021年增加了多少？"),
    ("How many applications did Ruzhou receive in 2022?", "How much did that change from 2021?"),
    ("汝州市2021年收到多少申请？", "2022年比它增加了多少？"),
])
def test_a_change_naming_one_year_is_measured_against_the_year_asked_before(years_assistant, turns):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    a, b = (values[("汝州市", y)][("applications", "new", "total")] for y in (2021, 2022))
    assert [v["year"] for v in answer.values] == [2021, 2022] and [v["value"] for v in answer.values] == [a, b]
    assert f"{'+' if b > a else ''}{b - a}" in answer.answer


def test_a_follow_up_asking_a_figure_after_a_change_asks_the_figure(years_assistant):
    assistant, values = years_assistant
    turns = converse(assistant, "汝州市2022年收到多少申请？", "比2021年增加了多少？", "宝丰县2022年收了多少？",
                     "其中自然人占比多少？")
    assert turns[2].reading["operation"] == "value" and first(turns[2]) == values[("宝丰县", 2022)][("applications", "new", "total")]
    assert turns[3].values[0]["unit"] == "%" and turns[3].values[0]["year"] == 2022
    changed = converse(assistant, "汝州市2022年收到多少申请？", "比2021年增加了多少？", "自然人占比呢？")[-1]
    assert changed.values[0]["unit"] == "%" and changed.values[0]["year"] == 2022  # the newer of the two years


@pytest.mark.parametrize("turns,agencies", [
    (("汝州市2022年收到多少申请？", "宝丰县呢？", "两个单位一共多少？"), ("汝州市", "宝丰县")),
    (("汝州市2022年收到多少申请？", "宝丰县呢？", "郏县呢？", "这三个单位合计多少？"), ("汝州市", "宝丰县", "郏县")),
    (("比较汝州市和宝丰县2022年收到的申请", "两家一共多少？", "加上郏县呢？"), ("汝州市", "宝丰县", "郏县")),
    (("Compare Ruzhou and Baofeng on applications received in 2022", "What is the total of the two?",
      "Add Jiaxian too."), ("汝州市", "宝丰县", "郏县")),
])
def test_a_total_counts_back_over_the_agencies_of_the_conversation(years_assistant, turns, agencies):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    assert answer.reading["operation"] == "total"
    assert first(answer) == sum(values[(a, 2022)][("applications", "new", "total")] for a in agencies)


@pytest.mark.parametrize("turns", [
    ("Compare Ruzhou, Baofeng and Jiaxian on applications received in 2022.", "Which one received the fewest?"),
    ("比较汝州市、宝丰县和郏县2022年收到的申请", "其中哪个最少？"),
])
def test_which_one_ranks_the_agencies_just_compared(years_assistant, turns):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    wanted = {(a, 2022): values[(a, 2022)][("applications", "new", "total")] for a in ("汝州市", "宝丰县", "郏县")}
    assert len(answer.values) == 3 and first(answer) == min(wanted.values())


@pytest.mark.parametrize("turns", [
    ("汝州市2022年予以公开多少件？", "占办理总数的比例是多少？"),
    ("How many requests did Ruzhou grant in full in 2022?", "What share of the handled requests is that?"),
])
def test_a_share_of_the_previous_figure_takes_it_as_the_part(years_assistant, turns):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    cells = values[("汝州市", 2022)]
    part, whole = cells[("applications", "granted", "total")], cells[("applications", "handled_total", "total")]
    assert answer.values[0]["unit"] == "%"
    assert Decimal(str(answer.values[0]["value"])) == (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@pytest.mark.parametrize("question", ["汝州市2022年不予公开的申请占办理总数的百分比",
                                      "What proportion of the requests Ruzhou handled in 2022 were refused?"])
def test_a_share_naming_its_whole_divides_by_that_whole(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    cells = values[("汝州市", 2022)]
    part = sum(v for (t, r, c), v in cells.items() if r.startswith("refused.") and c == "total")
    whole = cells[("applications", "handled_total", "total")]
    assert Decimal(str(answer.values[0]["value"])) == (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_a_share_is_rounded_half_up():
    from assistant.derived import percent

    assert [percent(Decimal(p), Decimal(w)) for p, w in ((33, 80), (1, 8), (1, 3), (2, 3))] == \
        [Decimal("41.3"), Decimal("12.5"), Decimal("33.3"), Decimal("66.7")]


def test_a_misspelt_agency_in_a_follow_up_is_still_a_follow_up(text_assistant):
    turns = converse(text_assistant, "上街区2019年收到多少申请？", "那落宁县呢？")  # 落 for 洛, the same sound
    assert turns[1].values[0]["agency"] == "洛宁县人民政府" and turns[1].values[0]["row"] == "new"


def test_a_row_that_became_a_group_is_its_rows_in_the_later_format(years_assistant):
    assistant, values = years_assistant
    cells = values[("汝州市", 2022)]
    answer = assistant.ask("汝州市2022年其他处理多少件？")  # one row in 2019, three rows from 2021 on
    assert first(answer) == sum(cells[("applications", r, "total")] for r in ("other.no_supplement", "other.unpaid_fee",
                                                                           "other.other"))
    assert first(assistant.ask("汝州市2020年其他处理多少件？")) == values[("汝州市", 2020)][("applications", "other", "total")]


@pytest.mark.parametrize("turns", [
    ("比较汝州市和宝丰县2022年收到的申请", "哪个多？"),
    ("How many applications did Ruzhou receive in 2022?", "And Baofeng?", "Which of the two had more?"),
    ("汝州市2022年收到多少申请？", "宝丰县呢？", "谁更多？"),
])
def test_a_comparative_ranks_the_agencies_of_the_conversation(years_assistant, turns):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    wanted = [values[(a, 2022)][("applications", "new", "total")] for a in ("汝州市", "宝丰县")]
    assert answer.reading["operation"] == "rank" and sorted(v["value"] for v in answer.values) == sorted(wanted)
    assert first(answer) == max(wanted)


def test_a_superlative_over_agencies_still_ranks_every_agency(years_assistant):
    answer = converse(years_assistant[0], "比较汝州市和宝丰县2022年收到的申请", "哪个单位最多？")[-1]
    assert len(answer.values) == 3  # 汝州市, 宝丰县 and 郏县


@pytest.mark.parametrize("turns,years", [
    (("汝州市2020年收到多少申请？", "2021年呢？", "2022年呢？", "这三年的变化趋势"), [2020, 2021, 2022]),
    (("汝州市2021年收到多少申请？", "2022年呢？", "What about these two years together?"), [2021, 2022]),
])
def test_these_years_are_the_years_of_the_conversation(years_assistant, turns, years):
    assistant, values = years_assistant
    answer = converse(assistant, *turns)[-1]
    assert answer.reading["years"] == years
    if answer.reading["operation"] == "trend":
        assert [v["value"] for v in answer.values] == [values[("汝州市", y)][("applications", "new", "total")] for y in years]


def test_a_figure_after_a_trend_keeps_every_year(years_assistant):
    assistant, values = years_assistant
    answer = converse(assistant, "汝州市2020年到2022年收到的申请", "予以公开呢？")[-1]
    assert [v["value"] for v in answer.values] == [values[("汝州市", y)][("applications", "granted", "total")]
                                                   for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question", ["How many of Ruzhou's requests were carried over to 2022?", "汝州市结转到2022年的申请有多少？"])
def test_the_year_something_is_carried_into_is_the_year_after_the_report(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.values[0]["year"] == 2021 and answer.values[0]["row"] == "carried_forward"
    assert first(answer) == values[("汝州市", 2021)][("applications", "carried_forward", "total")]
