"""Kinds of misreading found on the paraphrase bench's dev halves after batch 3 (issue #12), each with new cases.

The kinds: a label written in quotes names that very row or column, even a bare “其他”/'other' that alone names
nothing; "not A but B", "B rather than A", "A以外的B": A is not what is asked; "carried over from 2021" is
pending at the start of 2022; a ranking asked as "三家里谁最少" in a conversation keeps the metric; "smallest" is
the bottom, not the top.
"""

import pytest

from .test_conversation import first
from .test_wording import RUZHOU

ORGANISATIONS = ("commercial", "research", "public_interest", "legal_services", "other_org")


@pytest.mark.parametrize("question,year,row,column", [
    ("汝州市2022年新收申请里“其他”那一栏是多少？", 2022, "new", "other_org"),
    ("Ruzhou 2022: how many requests came from applicants in the 'Other' column?", 2022, "new", "other_org"),
    ("汝州市2022年其他处理里面「其他」这一项有几件", 2022, "other.other", "total"),
    ('How many Ruzhou 2021 requests ended up as plain "other" within other handling?', 2021, "other.other", "total"),
    ("汝州市2022年行政复议结果为“其他”的有几件", 2022, "reconsideration", "other"),
])
def test_a_quoted_label_names_that_row_or_column(years_assistant, question, year, row, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    table = "review" if row == "reconsideration" else "applications"
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)
    assert first(answer) == values[("汝州市", year)][(table, row, column)]


def test_unquoted_other_handling_stays_the_group(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州市2022年其他处理有多少件？")
    assert answer.reading["row"] == "other" and answer.reading["column"] == "total"


@pytest.mark.parametrize("question,column", [
    ("汝州市2022年不是个人提出、而是单位提出的申请有几件？", "organisations"),
    ("Ruzhou 2022: applications filed not by private citizens but by organisations?", "organisations"),
    ("Ruzhou 2022 applications from companies rather than individuals", "commercial"),
    ("汝州市2022年由企业而不是个人提出的申请有多少", "commercial"),
])
def test_what_is_negated_in_a_contrast_is_not_what_is_asked(years_assistant, question, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["column"] == column
    cells = values[RUZHOU]
    wanted = (sum(cells[("applications", "new", c)] for c in ORGANISATIONS) if column == "organisations"
              else cells[("applications", "new", column)])
    assert first(answer) == wanted


def test_what_comes_before_yiwai_is_set_apart(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州市2020年行政许可以外的其他对外管理服务事项，处理决定有多少？")
    assert answer.reading["row"] == "other_services"
    assert first(answer) == values[("汝州市", 2020)][("active", "other_services", "decisions")]


@pytest.mark.parametrize("question", [
    "How many requests were pending at Ruzhou when 2022 began, carried over from 2021?",
    "汝州市从2021年结转过来的申请有几件？",
])
def test_carried_over_from_a_year_is_the_year_after(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["years"] == [2022] and answer.reading["row"] == "carried_in"
    assert first(answer) == values[RUZHOU][("applications", "carried_in", "total")]


@pytest.mark.parametrize("last", ["三家里谁最少", "这三个单位当中哪一家最多？"])
def test_a_ranking_of_the_agencies_asked_keeps_the_metric(years_assistant, last):
    assistant, values = years_assistant
    session = f"rank-{last}"
    for question in ("汝州市2022年收到多少申请？", "宝丰县呢", "郏县呢"):
        assistant.ask(question, session=session)
    answer = assistant.ask(last, session=session)
    received = [values[(a, 2022)][("applications", "new", "total")] for a in ("汝州市", "宝丰县", "郏县")]
    assert answer.reading["operation"] == "rank" and answer.reading["row"] == "new"
    assert first(answer) == (min(received) if "最少" in last else max(received))


def test_the_smallest_year_is_the_bottom(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("Ruzhou applications received 2020 to 2022: which year was smallest?")
    received = [values[("汝州市", y)][("applications", "new", "total")] for y in (2020, 2021, 2022)]
    assert first(answer) == min(received)
