"""Conversations that change topic (issue #12): a follow-up takes only what it leaves out, and only when it is one.

The kinds: an elliptical follow-up inherits agency, year and metric; a question with words of its own (a prose
topic) never inherits a table metric; "五个单位"/"all agencies" is every agency, never the last one; an elliptical
follow-up of a prose turn asks that prose question again; a ranking without names ranks every agency.
"""

import uuid

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
