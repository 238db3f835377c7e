"""Kinds read wrong in questions as they come from an office portal and in its conversations (batch 12's dev half),
each with new cases of that kind, never the bench's sentences.

Digits typed full-width ("２０２１年") and fiscal years ("FY2021") are years; "2022三年" is 2022 and three years, not
20223. "legal persons did" names the organisations column; "had to tell people" is no natural person. "And lawsuits
after reconsideration, total?" asks that row's total, not the column of the turn before. A run of words ending in
县 is no place ("起诉的案子，县里输了几件"). "有年报的几家单位", "各家" are every agency; "最多的那家", "the one with
the fewest" the agency with that figure in the list just given; "how does its figure compare with A and B" keeps the
agency asked before, and "compare that with Jia County's 2022 figure" gives it its own year. A reason's share is of
its group of reasons. "from year to year", "逐年" every year; "the count for each outcome", "每种结果" a breakdown;
"the increase or decrease this year", "本年增减" the column the proactive-disclosure table prints; a reason in plain
words under "没公开"/"没提供" is read by its meaning (the rows in other words are in test_kinds.py). "这两年" after a
turn about another agency: this agency's two years. A sector ("教育领域") is counted by no table; "according to its
report" asks the table's figure unless the text speaks of it; a count of things done ("几次整改通知") quotes its
sentence, not section 五's list.
"""

import pytest

from .test_conversation import converse, first

RZ, BF, JX = "汝州市人民政府", "宝丰县人民政府", "郏县人民政府"


def reading(answer) -> tuple:
    r = answer.reading
    return r["operation"], r["years"], r["table"], r["row"], r["column"]


@pytest.mark.parametrize("question,year", [
    ("麻烦帮我查下汝州市２０２１年收到的申请数，谢谢", 2021), ("Ruzhou FY2021: applications received?", 2021),
    ("fy22 Ruzhou new requests", 2022), ("汝州市ＦＹ２０２０收到多少申请", 2020),
])
def test_full_width_digits_and_fiscal_years_are_years(years_assistant, question, year):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["years"] == [year] and first(answer) == values[("汝州市", year)][("applications", "new", "total")]


def test_a_fiscal_year_alone_is_a_year_follow_up(years_assistant):
    assistant, _ = years_assistant
    *_, answer = converse(assistant, "Ruzhou 2021: administrative penalty decisions?", "FY2022?")
    assert reading(answer)[:4] == ("value", [2022], "active", "penalty")


@pytest.mark.parametrize("question,column", [
    ("How many requests from legal persons did Ruzhou get in 2022?", "organisations"),
    ("How many applications by legal persons were there in Ruzhou in 2021?", "organisations"),
    ("How many natural persons who applied to Ruzhou in 2022 were there?", "natural_person"),
])
def test_the_columns_own_names_with_a_verb_after_them(years_assistant, question, column):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["column"] == column


@pytest.mark.parametrize("last", ["行政诉讼复议后起诉的呢，总计", "And lawsuits after reconsideration, total?",
                                  "And lawsuits after reconsideration, in all?"])
def test_a_total_said_outright_keeps_no_column_of_the_turn_before(years_assistant, last):
    assistant, _ = years_assistant
    *_, answer = converse(assistant, "汝州市2022年行政复议结果维持多少", "纠正的呢", last)
    assert reading(answer)[3:] == ("suit_after_review", "total")


@pytest.mark.parametrize("follow_up", ["复议后又起诉的案子，市里输了几件", "被起诉的案子县里输了几件？"])
def test_words_ending_in_a_unit_character_name_no_place(years_assistant, follow_up):
    assistant, _ = years_assistant
    *_, answer = converse(assistant, "汝州市2022年行政处罚决定多少", follow_up)
    assert answer.reading["agencies"] == [RZ] and answer.reading["column"] == "corrected" and answer.values


@pytest.mark.parametrize("question", ["2022年有年报的几家单位，收到的申请分别是多少", "各家2022年收到的申请各多少",
                                      "For the agencies that have a 2022 report, applications received?"])
def test_the_agencies_with_reports_are_every_agency(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    got = {(v["agency"], v["year"]): v["value"] for v in answer.values}
    assert got == {(a, 2022): values[(a[:-4], 2022)][("applications", "new", "total")] for a in (RZ, BF, JX)}


@pytest.mark.parametrize("pointer,pick", [("最多的那家", max), ("收到最少的那个单位", min),
                                          ("What about the one with the most", max),
                                          ("the one with the fewest", min)])
def test_the_agency_with_the_most_or_fewest_of_the_last_list(years_assistant, pointer, pick):
    assistant, values = years_assistant
    new = {a: values[(a[:-4], 2022)][("applications", "new", "total")] for a in (RZ, BF, JX)}
    *_, answer = converse(assistant, "2022年汝州、宝丰、郏县收到申请各多少", f"{pointer}，不予公开的有多少")
    assert answer.reading["agencies"] == [pick(new, key=new.get)] and answer.reading["row"] == "refused"


@pytest.mark.parametrize("follow_up", ["How does its figure compare with Baofeng and Jia County?", "跟宝丰、郏县比呢",
                                       "和宝丰县、郏县比一下"])
def test_its_figure_set_beside_several_agencies_keeps_it(years_assistant, follow_up):
    assistant, _ = years_assistant
    *_, answer = converse(assistant, "汝州市2022年收到多少申请", follow_up)
    assert answer.reading["operation"] == "compare" and set(answer.reading["agencies"]) == {RZ, BF, JX}
    *_, named = converse(assistant, "汝州市2022年收到多少申请", "比较宝丰和郏县")  # both named: only those
    assert set(named.reading["agencies"]) == {BF, JX}


@pytest.mark.parametrize("question,part,group", [
    ("汝州市2022年本机关不掌握的占比多少", "unable.not_held", "unable"),
    ("What share of Ruzhou's 2022 refusals were state secrets?", "refused.state_secret", "refused"),
])
def test_a_reasons_share_is_of_its_group(years_assistant, question, part, group):
    assistant, values = years_assistant
    cells = values[("汝州市", 2022)]
    whole = sum(v for (t, r, c), v in cells.items() if t == "applications" and r.startswith(group + ".") and c == "total")
    answer = assistant.ask(question)
    assert answer.values[0]["unit"] == "%"
    assert answer.values[0]["value"] == pytest.approx(round(cells[("applications", part, "total")] * 100 / whole, 1))
    granted = assistant.ask("汝州市2022年予以公开占比多少")  # a result's share is still of everything handled
    assert granted.values[0]["value"] == pytest.approx(round(
        cells[("applications", "granted", "total")] * 100 / cells[("applications", "handled_total", "total")], 1))


@pytest.mark.parametrize("question", ["How did Ruzhou's new requests move from year to year?",
                                      "汝州市收到的申请逐年怎么变", "Ruzhou's applications received, year after year"])
def test_year_to_year_is_every_year(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "trend" and answer.reading["years"] == [2020, 2021, 2022]


@pytest.mark.parametrize("question", ["Ruzhou 2022 lawsuits after reconsideration: the count for each outcome",
                                      "汝州市2022年行政复议每种结果各几件"])
def test_each_outcome_is_a_breakdown(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "breakdown" and {"upheld", "corrected"} <= {v["column"] for v in answer.values}


@pytest.mark.parametrize("turns", [("汝州市2020年行政处罚上一年项目数量", "And the increase or decrease this year?"),
                                   ("汝州市2020年行政许可本年增减多少",),
                                   ("Ruzhou 2020 administrative licensing: this year's net change",)])
def test_the_printed_change_column_is_a_value(years_assistant, turns):
    assistant, values = years_assistant
    *_, answer = converse(assistant, *turns)
    row = "penalty" if len(turns) == 2 else "licensing"
    assert reading(answer) == ("value", [2020], "active", row, "change")
    assert first(answer) == values[("汝州市", 2020)][("active", row, "change")]


def test_years_in_a_list_before_a_count_of_years(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州市2020、2021、2022三年收到的申请加总是多少")
    assert answer.reading["years"] == [2020, 2021, 2022]
    assert first(answer) == sum(values[("汝州市", y)][("applications", "new", "total")] for y in (2020, 2021, 2022))


@pytest.mark.parametrize("last", ["汝州这两年收到的申请合计多少", "汝州市新收申请这两年的加起来"])
def test_these_two_years_are_the_agencys_own(years_assistant, last):
    assistant, values = years_assistant
    *_, answer = converse(assistant, "汝州市2020年收到多少申请", "2021年呢", "郏县2022年行政处罚决定多少", last)
    assert answer.reading["years"] == [2020, 2021] and answer.reading["agencies"] == [RZ]
    assert first(answer) == sum(values[("汝州市", y)][("applications", "new", "total")] for y in (2020, 2021))


@pytest.mark.parametrize("question,row", [
    ("上街区2019年因为是机关内部人事后勤的事，所以没公开的有几件", "refused.internal_affairs"),
    ("淮安市政府办公室2019年人家要的是还在讨论、没定稿的材料，所以没公开的有几件", "refused.process_info"),
    ("偃师市政府办公室2019年要另外加工整理才能给、所以没提供的有几件", "unable.needs_creation"),
])
def test_a_reason_in_plain_words_under_没公开_or_没提供_is_read_by_its_meaning(text_assistant, question, row):
    answer = text_assistant.ask(question)
    assert answer.reading["row"] == row and answer.values


@pytest.mark.parametrize("question", ["洛宁县2020年一共发了几次整改通知", "洛宁县2020年下发工作提示函多少期",
                                      "How many times did Luoning send out rectification notices in 2020?"])
def test_a_count_of_things_done_is_the_sentence_with_it_not_section_five(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.route == "text" and "整改通知 12 次" in answer.answer
    listed = text_assistant.ask("洛宁县2020年有哪些整改措施")  # the improvements are still section 五's list
    assert listed.route == "text" and "（3项）" in listed.answer


@pytest.mark.parametrize("question", ["洛宁县2020年在教育领域公开了多少条信息",
                                      "How many items did Luoning publish in the education field in 2020?",
                                      "上街区2019年卫生健康领域主动公开多少条"])
def test_a_sector_is_counted_by_no_table(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.values == [] and answer.route == "none"


def test_a_sector_the_text_counts_is_quoted(text_assistant):
    answer = text_assistant.ask("洛宁县2020年扶贫领域公示了多少条信息")
    assert answer.route == "text" and "1905" in answer.answer and answer.values == []


@pytest.mark.parametrize("question,value", [
    ("According to the Luoning County 2020 report, how many administrative licensing decisions were made?", 33764),
    ("According to Shangjie's 2019 report, how many penalty decisions were there?", 3750),
    ("根据洛宁县2020年的报告，收到多少申请", 1),
])
def test_according_to_the_report_a_figure_is_the_tables_unless_the_text_speaks_of_it(text_assistant, question, value):
    answer = text_assistant.ask(question)
    assert answer.route == "table" and first(answer) == value


@pytest.mark.parametrize("turns,year", [
    (("汝州市2021年收到多少申请", "和宝丰县2022年的比一下"), 2021),
    (("Ruzhou 2020: applications received?", "Compare that with Jia County's 2022 figure."), 2020),
    (("汝州市2020年收到多少申请", "跟郏县2022年的对比一下"), 2020),
])
def test_a_year_named_with_the_agency_added_is_its_own(years_assistant, turns, year):
    assistant, values = years_assistant
    *_, answer = converse(assistant, *turns)
    got = {(v["agency"], v["year"]) for v in answer.values}
    other = BF if "宝丰" in turns[1] else JX
    assert got == {(RZ, year), (other, 2022)} and answer.reading["years"] == sorted({year, 2022})
    assert first(answer) == values[("汝州市", year)][("applications", "new", "total")]
