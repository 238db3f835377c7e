"""Kinds of single questions read wrong, found with new wordings written for this (never the bench's held-out half),
each with several cases.

Rows said in everyday words: information that "did not exist" or "belongs to another agency" is 不掌握; "all of
the information" is 全部公开, "only part of what they asked for" 部分公开; "an unreasonable flood of repeated
requests" is 无正当理由大量反复申请; "did not respond to a request to clarify" is 逾期不补正; a lawsuit "还没判" is
pending. Operations in other words: "占办结总数的多少", "a slice of" are shares; "fall", "more or fewer … than"
are changes; "这几年怎么变的", "evolved over the years" every year; "side by side" a comparison; "算错" a check.
"四个单位申请数" counts agencies, it does not name 单位申请人. Against the default row ("requests") the meaning of
the other words decides only for a row one of those words belongs to: "more or fewer requests" is still requests.
"""

import pytest

from index.template import table

from .test_conversation import first
from .test_wording import ask_all, refused_total, signed

RZ = ("汝州市", 2022)


@pytest.mark.parametrize("question,row", [
    ("Ruzhou 2022: requests where the city said the information simply did not exist?", "unable.not_held"),
    ("How many Ruzhou 2022 requests asked for information that belongs to another agency?", "unable.not_held"),
    ("汝州市2022年有多少申请是因为信息不存在没法提供的", "unable.not_held"),
    ("Ruzhou 2022: how many requests were answered by giving all of the information?", "granted"),
    ("Ruzhou 2022: how many got only part of what they asked for?", "partial"),
    ("汝州市2022年只给了一部分信息的申请多少件", "partial"),
    ("How many requests did Ruzhou receive in 2022 that were an unreasonable flood of repeated asks?",
     "not_processed.mass_repeat"),
    ("Ruzhou 2022: how many applications were dropped because the applicant did not respond to a request to clarify?",
     "other.no_supplement"),
])
def test_rows_in_everyday_words(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == row and first(answer) == values[RZ][("applications", row, "total")]


@pytest.mark.parametrize("question", ["汝州市2022年行政诉讼还没判的有几件", "汝州市2022年行政诉讼尚未判决的有多少"])
def test_a_lawsuit_not_yet_judged_is_pending(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == "lawsuits" and answer.reading["column"] == "pending"


@pytest.mark.parametrize("question,part,whole", [
    ("汝州市2022年予以公开的占办结总数的多少", "granted", "handled_total"),
    ("How big a slice of Ruzhou's 2022 handled requests were refused?", "refused", "handled_total"),
])
def test_shares_in_other_words(years_assistant, question, part, whole):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    cells = values[RZ]
    numerator = refused_total(cells) if part == "refused" else cells[("applications", part, "total")]
    assert answer.reading["operation"] == "share" and answer.values[0]["unit"] == "%"
    assert round(answer.values[0]["value"], 1) == round(100 * numerator / cells[("applications", whole, "total")], 1)


@pytest.mark.parametrize("question", ["Did Ruzhou get more or fewer requests in 2022 than in 2021?",
                                      "By how much did Ruzhou's requests fall between 2021 and 2022?",
                                      "汝州市2022年的申请比2021年是涨了还是跌了"])
def test_changes_in_other_words_keep_the_default_row(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "change" and answer.reading["row"] == "new"
    difference = values[RZ][("applications", "new", "total")] - values[("汝州市", 2021)][("applications", "new", "total")]
    assert signed(difference) in answer.answer


@pytest.mark.parametrize("question", ["汝州市这几年申请数量怎么变的", "How have Ruzhou's requests evolved over the years?"])
def test_how_it_moved_over_the_years_is_every_year(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "trend" and answer.reading["row"] == "new"
    assert sorted(v["year"] for v in answer.values) == [2020, 2021, 2022]


def test_side_by_side_is_a_comparison(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("Put Ruzhou and Baofeng side by side on requests received in 2022.")
    assert answer.reading["operation"] == "compare" and answer.reading["row"] == "new"
    assert {v["value"] for v in answer.values} >= {values[RZ][("applications", "new", "total")],
                                                   values[("宝丰县", 2022)][("applications", "new", "total")]}


@pytest.mark.parametrize("question", ["2022年三个单位申请数从多到少排一下", "2022年各单位申请数排个名"])
def test_agencies_counted_are_not_organisation_applicants(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "rank" and answer.reading["column"] == "total"


@pytest.mark.parametrize("question", ["汝州市2022年的报告数字有没有算错", "汝州市2022年报告的数算对了吗"])
def test_miscounted_is_a_check(years_assistant, question):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["operation"] == "quality"


@pytest.mark.parametrize("question,table_id,row,column", [
    ("How many Ruzhou requests in 2022 were withheld as classified?", "applications", "refused.state_secret", "total"),
    ("汝州市2022年因为保密不公开的有几件", "applications", "refused.state_secret", "total"),
    ("How many applications did Ruzhou finish dealing with in 2022?", "applications", "handled_total", "total"),
    ("How many normative documents were newly issued by Ruzhou in 2022?", "active", "normative_docs", "issued"),
    ("汝州市2022年新出台了多少件规范性文件？", "active", "normative_docs", "issued"),
    ("汝州市2022年印发规章多少件", "active", "rules", "issued"),
    ("Ruzhou 2020: decisions on other external management and service matters?", "active", "other_services", "decisions"),
    ("汝州市2022年本应通过查询渠道办理而不予公开的有几件", "applications", "refused.query_item", "total"),
    ("汝州市2022年同一个人重复申请、不予处理的有几件", "applications", "not_processed.repeat", "total"),
    ("汝州市2022年行政复议以撤诉等其他方式结案的有几件", "review", "reconsideration", "other"),
])
def test_rows_and_columns_in_words_of_batch_five_kinds(years_assistant, question, table_id, row, column):
    """Everyday words for rows and columns (classified, finish dealing with, put out / 出台, 查询渠道, 撤诉) and what
    is not a column ("同一个人" is someone, not 个人 = natural persons)."""
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == (table_id, row, column)
    year = answer.reading["years"][0]  # 2022, or 2020 for a row only the 2019 format has
    assert first(answer) == values[("汝州市", year)][(table_id, row, column)] and str(year) in question


@pytest.mark.parametrize("question", ["汝州市2020年到2022年累计收到多少申请",
                                      "Cumulatively, how many applications did Ruzhou receive from 2020 to 2022?"])
def test_cumulative_is_a_total(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert first(answer) == sum(values[("汝州市", y)][("applications", "new", "total")] for y in (2020, 2021, 2022))


@pytest.mark.parametrize("question,row", [("汝州市2020年行政强制事项数比前一年多了多少项", "coercion"),
                                          ("汝州市2020年行政许可事项比上年多了几项", "licensing")])
def test_more_items_than_the_year_before_is_the_printed_change(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)  # the 2019 format prints 本年增/减 beside 上一年项目数量
    assert (answer.reading["row"], answer.reading["column"]) == (row, "change")
    assert first(answer) == values[("汝州市", 2020)][("active", row, "change")]


@pytest.mark.parametrize("question,table_id,row,column", [
    # a group read, its other members set apart: the one member left
    ("汝州市2022年其他处理里，不算逾期不补正和未缴费的，还有多少件？", "applications", "other.other", "total"),
    ("Ruzhou 2022: requests otherwise handled, apart from the unpaid-fee and no-supplement ones?",
     "applications", "other.other", "total"),
    ("汝州市2022年行政复议已审结的案件中，既不是维持也不是纠正的有几件", "review", "reconsideration", "other"),
    ("How many of Ruzhou's concluded reconsiderations in 2022 were neither upheld nor corrected?",
     "review", "reconsideration", "other"),
    # two members left or more: the group stays (the tables print no such part)
    ("汝州市2022年不予处理的申请，除了重复申请以外有多少件", "applications", "not_processed", "total"),
    # "refused for various reasons" names a row, it does not ask for the reasons
    ("How many Ruzhou requests in 2022 were refused for various reasons?", "applications", "refused", "total"),
])
def test_a_group_with_members_set_apart_is_the_member_left(years_assistant, question, table_id, row, column):
    assert _read_as(years_assistant, question, table_id, row, column).reading["operation"] == "value"


def _read_as(years_assistant, question: str, table_id: str, row: str, column: str):
    """The answer to a question about 汝州市 2022, checked to be read as that cell (or group) and to give its value."""
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == (table_id, row, column)
    assert first(answer) == _cell_or_group(values[RZ], table_id, row, column)
    return answer


def _cell_or_group(cells, table_id, row, column="total"):
    """The cell, or for a group of rows the sum of its rows' cells."""
    if (table_id, row, column) in cells:
        return cells[(table_id, row, column)]
    members = {r.id for r in table(table_id).rows if r.group == row}
    return sum(v for (t, r, c), v in cells.items() if t == table_id and r in members and c == column)


@pytest.mark.parametrize("question,table_id,part,whole", [
    # the whole is the subject of the verb after "share of", the part what it "was"
    ("What proportion of the requests Ruzhou declined to process in 2022 were repeat requests?",
     "applications", "not_processed.repeat", "not_processed"),
    ("What fraction of the requests Ruzhou refused in 2022 were refused as internal affairs?",
     "applications", "refused.internal_affairs", "refused"),
    ("What percentage of all the requests Ruzhou handled in 2022 ended with it saying it didn't hold the information?",
     "applications", "unable.not_held", "handled_total"),
    # a leading clause "X的Y中，" (no 在) is the whole
    ("汝州市2022年的行政诉讼中，复议后起诉的所占比例是多少", "review", "suit_after_review", "lawsuits"),
    ("汝州市2022年不予处理的申请里，重复申请占多少比例", "applications", "not_processed.repeat", "not_processed"),
])
def test_the_whole_of_a_share_is_the_subject_it_describes(years_assistant, question, table_id, part, whole):
    assistant, values = years_assistant
    cells = values[RZ]
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "share" and answer.values[0]["unit"] == "%"
    share = 100 * _cell_or_group(cells, table_id, part) / _cell_or_group(cells, table_id, whole)
    assert round(answer.values[0]["value"], 1) == round(share, 1)


@pytest.mark.parametrize("question,table_id,row,column", [
    # rows by what happened, in plain words (batch 10's kinds)
    ("Ruzhou 2022: how many requests failed because the city would have had to put together information it lacked?",
     "applications", "unable.needs_creation", "total"),
    ("汝州市2022年有多少申请因为材料要重新加工汇总才能给而没提供", "applications", "unable.needs_creation", "total"),
    ("汝州2022年全给了的申请几个", "applications", "granted", "total"),
    ("So how many requests did Ruzhou just flat-out say no to in 2022?", "applications", "refused", "total"),
    ("汝州市2022年同一件事反复来问、就没再处理的有几件", "applications", "not_processed.repeat", "total"),
    ("What was the grand total of requests Ruzhou closed in 2022, all outcomes together?",
     "applications", "handled_total", "total"),
    # "people can look up" is someone doing it, not the natural-person column
    ("How many Ruzhou requests in 2022 were refused because it is something people can look up through a query "
     "service?", "applications", "refused.query_item", "total"),
    # articles inside a wording ("without a reconsideration first")
    ("How many times was Ruzhou taken to court in 2022 without a reconsideration first?", "review", "suit_direct",
     "total"),
    # the organisations that are none of the named kinds: the one column left
    ("Ruzhou 2022: requests from organisations that are not companies, research bodies, NGOs or law firms?",
     "applications", "new", "other_org"),
])
def test_rows_and_columns_in_batch_ten_kinds(years_assistant, question, table_id, row, column):
    _read_as(years_assistant, question, table_id, row, column)


@pytest.mark.parametrize("question,row,column", [
    ("汝州市2022年直接起诉的行政诉讼案件中，尚未审结的占比是多少？", "suit_direct", "pending"),
    ("汝州市2022年未经复议直接起诉的行政诉讼里，其他结果的占多少", "suit_direct", "other"),
])
def test_a_share_inside_a_row_named_with_its_group_is_of_that_row(years_assistant, question, row, column):
    """"直接起诉的行政诉讼案件中": the direct lawsuits (行政诉讼 is their noun), so a column's share of that row's total."""
    assistant, values = years_assistant
    cells = values[RZ]
    answer = assistant.ask(question)
    assert answer.values[0]["unit"] == "%"
    assert round(answer.values[0]["value"], 1) == round(
        100 * cells[("review", row, column)] / cells[("review", row, "total")], 1)


@pytest.mark.parametrize("follow_up", ["Were any of them refused?", "Was any of it refused?"])
def test_any_of_them_refused_is_the_refusals_not_one_reason(years_assistant, follow_up):
    *_, answer = ask_all(years_assistant[0], f"any-{follow_up}", "How many requests did Ruzhou receive in 2022?",
                         follow_up)
    assert (answer.reading["row"], answer.reading["row_kind"]) == ("refused", "group")


@pytest.mark.parametrize("question,table_id,row,column", [
    # batch 11's kinds: rows in plain words, and the columns left when some are set apart with none read
    ("汝州市2022年的申请，给了一些但没全给的有几件", "applications", "partial", "total"),
    ("汝州市2022年申请人要的信息全都拿到了的有几件", "applications", "granted", "total"),
    ("汝州市2022年作废了多少件规章", "active", "rules", "repealed"),
    ("In 2022, how many requests did Ruzhou refuse to deal with because the applicant kept sending the same request "
     "over and over in bulk?", "applications", "not_processed.mass_repeat", "total"),
    ("In 2022, how many of the requests Ruzhou couldn't supply came from organisations of one kind or another?",
     "applications", "unable", "organisations"),
    ("汝州市2022年新收的申请里，不是老百姓个人提的一共多少件", "applications", "new", "organisations"),
    ("汝州市2022年行政复议，还在审的不算，有几件", "review", "reconsideration", "concluded"),
])
def test_rows_and_columns_in_batch_eleven_kinds(years_assistant, question, table_id, row, column):
    answer = years_assistant[0].ask(question)
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == (table_id, row, column)
    assert answer.values
