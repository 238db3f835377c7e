"""Kinds of misreading found in the dev half of batch 14 (table questions), each with several new cases of its own:

- a word with a meaning in several tables ("pending": 表三's 结转下年度, 表四's 尚未审结; "办结": 表三's 办理总计, 表四's
  已审结) means what it means in the table the conversation is in, unless the question names a table of its own;
- with nothing else naming a table, the default noun does ("requests … still open" is 表三's, "lawsuits … still open"
  表四's); "when the year closed" is the year's end, not a request closed;
- a year inside a row's name ("inherited from the year before", "从上一年结转过来的") is no move to another year;
- "这些不予处理的一共多少" after several of the group's rows asked one by one is the whole group;
- "再列一下X" shows the figure of one row; "按申请人拆开" still breaks it down;
- "都是什么结果" after a row of 表四 is that row's outcomes;
- "几家加起来" after a ranking adds up the agencies it listed;
- members given as examples of the whole ("不管是企业还是别的机构", "whether companies or other bodies") are the group.

From batch 15's dev half: a lawsuit "without going through reconsideration first" is a direct one; outcomes in everyday
words ("没结", "驳回原告、维持原决定", "went the government's way", "deal with … all outcomes"); "year on year" of one year is
its change from the year before; "三年里…分别", "over its three reports" are its last reports as a series; staffing
asked in other words has no number; "the top two", "排名前两名", "前两家" after a ranking are its first agencies; "两年合起来"
adds the two years asked; "compare that with 2020 and 2021" keeps the year of the figure; "同一年" names no row.
"""

import pytest

from index.template import table

from .test_wording import ask_all, signed

RZ = "汝州市"


def reading(answer) -> tuple:
    r = answer.reading
    return r["table"], r["row"], r["column"]


def group_sum(values, group: str, agency=RZ, year=2022, column="total") -> int:
    rows = table("applications").cell_rows(group, "group", "2021")
    return sum(values[(agency, year)][("applications", row, column)] for row in rows)


@pytest.mark.parametrize("first,follow_up,wanted", [
    ("汝州市2022年未经复议直接起诉的行政诉讼有几件", "How many of those were still pending?", ("review", "suit_direct", "pending")),
    ("How many lawsuits filed after reconsideration did Ruzhou have in 2022?", "and how many were still open?",
     ("review", "suit_after_review", "pending")),
    ("汝州市2022年申请行政复议多少件", "办结了多少", ("review", "reconsideration", "concluded")),
    ("How many requests did Ruzhou receive in 2022?", "How many were still pending?",
     ("applications", "carried_forward", "total")),
    ("汝州市2022年未经复议直接起诉的行政诉讼有几件", "How many requests were still pending?",
     ("applications", "carried_forward", "total")),
])
def test_a_word_of_several_tables_means_what_it_does_in_the_conversations(years_assistant, first, follow_up, wanted):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"shared-{first}-{follow_up}", first, follow_up)
    assert reading(answer) == wanted
    if wanted[2] != "concluded":  # (a column group: its members added up)
        assert answer.values[0]["value"] == values[(RZ, 2022)][wanted]


@pytest.mark.parametrize("question,wanted", [
    ("How many of Ruzhou's 2022 requests were still open when the year closed?", ("applications", "carried_forward", "total")),
    ("How many of Ruzhou's 2022 requests were still open as the year ended?", ("applications", "carried_forward", "total")),
    ("How many of Ruzhou's 2022 lawsuits filed directly were still open at the end of the year?",
     ("review", "suit_direct", "pending")),
])
def test_the_default_noun_names_the_table_of_a_shared_word(years_assistant, question, wanted):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert reading(answer) == wanted and answer.values[0]["value"] == values[(RZ, 2022)][wanted]


@pytest.mark.parametrize("follow_up", ["And at the start of that year, how many had been inherited from the year before?",
                                       "How many were left over from the previous year?", "从上一年结转过来的有多少",
                                       "去年结转过来的呢"])
def test_a_year_inside_a_rows_name_is_no_move_to_another_year(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"row-year-{follow_up}", "How many requests did Ruzhou receive in 2021?", follow_up)
    assert answer.reading["years"] == [2021] and reading(answer) == ("applications", "carried_in", "total")
    assert answer.values[0]["value"] == values[(RZ, 2021)][("applications", "carried_in", "total")]


@pytest.mark.parametrize("last", ["这些不予处理的一共多少", "这几类不予处理的合计多少"])
def test_these_after_several_rows_of_a_group_is_the_group(years_assistant, last):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"these-{last}", "汝州市2022年信访举报投诉类申请不予处理的有几件", "重复申请的呢",
                         "要求提供公开出版物的呢", last)
    assert reading(answer)[:2] == ("applications", "not_processed")
    assert answer.values[0]["value"] == group_sum(values, "not_processed")


@pytest.mark.parametrize("follow_up,row", [("再列一下部分公开的", "partial"), ("列一下不予公开里属于国家秘密的", "refused.state_secret"),
                                           ("把予以公开的列出来", "granted")])
def test_showing_one_row_is_its_figure(years_assistant, follow_up, row):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"list-{follow_up}", "汝州市2022年收到多少申请", follow_up)
    assert answer.reading["operation"] == "value" and reading(answer) == ("applications", row, "total")
    assert answer.values[0]["value"] == values[(RZ, 2022)][("applications", row, "total")]


def test_one_row_by_applicant_is_still_broken_down(years_assistant):
    assistant, _ = years_assistant
    answer = assistant.ask("汝州市2022年部分公开的列一下，按申请人拆开")
    assert answer.reading["operation"] == "breakdown" and answer.reading["row"] == "partial"


@pytest.mark.parametrize("first,row", [("汝州市2022年未经复议直接起诉的行政诉讼有几件", "suit_direct"),
                                       ("汝州市2022年行政复议多少件", "reconsideration")])
@pytest.mark.parametrize("follow_up", ["都是什么结果，拆开看", "有哪些结果", "什么样的结果"])
def test_what_outcomes_after_a_row_of_review_is_its_breakdown(years_assistant, first, row, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"outcomes-{first}-{follow_up}", first, follow_up)
    assert answer.reading["operation"] == "breakdown" and reading(answer)[:2] == ("review", row)
    parts = {v["column"]: v["value"] for v in answer.values}
    assert parts["upheld"] == values[(RZ, 2022)][("review", row, "upheld")]
    assert parts["corrected"] == values[(RZ, 2022)][("review", row, "corrected")]


@pytest.mark.parametrize("follow_up", ["几家加起来", "几家一共多少", "这几家合计"])
def test_the_agencies_of_a_ranking_added_up(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"ranked-{follow_up}", "宝丰县和郏县2022年谁收到的申请多，排一下", follow_up)
    assert answer.reading["operation"] == "total"
    assert sorted(answer.reading["years"]) == [2022]
    agencies = ("宝丰县", "郏县")  # (not 汝州市: the ranking did not list it)
    assert sum(v["value"] for v in answer.values[1:]) == answer.values[0]["value"] == sum(
        values[(a, 2022)][("applications", "new", "total")] for a in agencies)


@pytest.mark.parametrize("question", ["汝州市2022年以单位名义（不管是企业还是别的机构）交上来的申请有几件",
                                      "汝州市2022年法人或其他组织申请，无论是商业企业还是科研机构，一共几件",
                                      "How many of Ruzhou's 2022 requests came from organisations, whether companies or "
                                      "other bodies?"])
def test_members_given_as_examples_are_the_group(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["column"] == "organisations"
    members = table("applications").column("organisations").members
    assert answer.values[0]["value"] == sum(values[(RZ, 2022)][("applications", "new", m)] for m in members)


# --- kinds from batch 15's dev half ------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "How many lawsuits were filed against Ruzhou in 2022 without going through reconsideration first?",
    "Ruzhou 2022: lawsuits brought without any administrative reconsideration — how many?",
    "How many 2022 cases went to court against Ruzhou with no reconsideration first?",
])
def test_a_lawsuit_said_to_skip_reconsideration_is_a_direct_one(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert reading(answer) == ("review", "suit_direct", "total")
    assert answer.values[0]["value"] == values[(RZ, 2022)][("review", "suit_direct", "total")]


@pytest.mark.parametrize("question,wanted", [
    ("汝州市2022年的复议案子还有几件没结", ("review", "reconsideration", "pending")),
    ("汝州市2022年行政复议还有没审结的吗", ("review", "reconsideration", "pending")),
    ("汝州市2022年直接起诉的案子，法院驳回原告、维持原决定的有几件", ("review", "suit_direct", "upheld")),
    ("How many of Ruzhou's 2022 reconsiderations went the government's way?", ("review", "reconsideration", "upheld")),
    ("How many requests did Ruzhou deal with in 2022, all outcomes together?", ("applications", "handled_total", "total")),
])
def test_outcomes_in_everyday_words(years_assistant, question, wanted):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert reading(answer) == wanted and answer.values[0]["value"] == values[(RZ, 2022)][wanted]


def test_refused_requests_are_still_the_applications_table(years_assistant):
    """"驳回" of a request (表三 不予公开) is not a court's dismissal (表四 维持) without a court in the conversation."""
    assistant, _ = years_assistant
    assert assistant.ask("汝州市2022年驳回了多少申请").reading["table"] == "applications"


@pytest.mark.parametrize("question", ["Year on year, how did Ruzhou's new applications change in 2022?",
                                      "How did Ruzhou's 2022 new applications move year-on-year?"])
def test_year_on_year_of_one_year_is_its_change_from_the_year_before(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    before, after = (values[(RZ, y)][("applications", "new", "total")] for y in (2021, 2022))
    assert answer.reading["operation"] == "change" and sorted({v["year"] for v in answer.values}) == [2021, 2022]
    assert signed(after - before) in answer.answer


@pytest.mark.parametrize("question", ["汝州市三年里新收申请分别是多少",
                                      "How has Ruzhou's number of new applications moved over its three reports?"])
def test_its_last_reports_counted_are_a_series(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "trend"
    assert sorted((v["year"], v["value"]) for v in answer.values if v["row"] == "new") == [
        (y, values[(RZ, y)][("applications", "new", "total")]) for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question", ["How many people did Ruzhou assign to disclosure work in 2022?",
                                      "汝州市2022年政务公开配备了几名工作人员", "How many officials were appointed to handle Ruzhou's requests?"])
def test_staffing_in_other_words_has_no_number(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.values == [] and answer.route == "none"


@pytest.mark.parametrize("follow_up", ["What do the top two add up to?", "排名前两名的一共多少", "前两家加起来"])
def test_the_top_of_a_ranking_added_up(years_assistant, follow_up):
    assistant, values = years_assistant
    ranked, answer = ask_all(assistant, f"top-{follow_up}", "2022年哪个单位收到的申请最多，排一下", follow_up)
    top_two = [v["agency"] for v in ranked.values[:2]]
    assert answer.reading["operation"] == "total" and sorted(answer.reading["agencies"]) == sorted(top_two)
    assert answer.values[0]["value"] == sum(v["value"] for v in ranked.values[:2])


@pytest.mark.parametrize("last", ["两年合起来多少", "两年加在一起呢"])
def test_the_two_years_asked_added_up(years_assistant, last):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"two-years-{last}", "汝州市2021年行政复议多少件", "2022年，同样的口径", last)
    assert sorted(answer.reading["years"]) == [2021, 2022]
    assert answer.values[0]["value"] == sum(values[(RZ, y)][("review", "reconsideration", "total")] for y in (2021, 2022))


@pytest.mark.parametrize("follow_up", ["Compare that with 2020 and 2021.", "把这个数和2020、2021年比一下"])
def test_the_figure_compared_with_years_named_keeps_its_own(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"with-years-{follow_up}", "How many requests did Ruzhou receive in 2022?", follow_up)
    assert sorted({v["year"] for v in answer.values}) == [2020, 2021, 2022]


@pytest.mark.parametrize("follow_up", ["同一年依申请公开里不予处理的，按原因列一下", "当年不予处理的按原因拆开"])
def test_the_same_year_names_no_row(years_assistant, follow_up):
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, f"same-year-{follow_up}", "汝州市2022年行政处罚处理决定多少", follow_up)
    assert answer.reading["operation"] == "breakdown" and answer.reading["row"] == "not_processed"
    assert answer.reading["years"] == [2022]
