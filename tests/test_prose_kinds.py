"""Kinds read wrong in batch 14's dev half (mostly prose questions read as a table cell), each with new cases of that
kind (never the bench's sentences).

What no table counts decides it when no row is named by a word of its own: a counter the tables never count
("多少封", "几场", "多少人次", "how often", "how many letters"), a channel or event of the work with only a verb
beside it ("信箱收到…" — 收到 alone names no row), the report's narrative named as the source ("per the narrative"),
a place asked for ("设了什么场所", "which venues"). "The tally of" counts; a report that "tallies" is a check. An
English prose question is asked again by a bare follow-up with its words kept apart ("And Yanshi?"). "Just the raw
number", "只要绝对数" after a share asks the figure itself. "For that one" after a ranking is the agency its answer named
first; after anything else, the agency the conversation is about.
"""

import pytest

from assistant.understand import understand

from .test_conversation import converse, first


def reading(answer) -> tuple:
    r = answer.reading
    return r["operation"], r["table"], r["row"], r["column"]


@pytest.mark.parametrize("question", [
    "汝州市2022年市长信箱收到多少封来信",
    "汝州市2022年举办了多少场活动",
    "汝州市2021年收到多少人次的咨询",
    "How often did Ruzhou hold open days in 2022?",
    "How many letters reached Ruzhou's mayor in 2021?",
    "Per the narrative, how many items did Ruzhou put out in 2022?",
    "汝州市2022年依申请公开设了什么场所",
    "Which venues did Ruzhou use for its 2022 open-government events?",
])
def test_what_no_table_counts_is_not_read_as_a_cell(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert reading(answer)[1:] == (None, None, None) and not answer.values


@pytest.mark.parametrize("question,row", [
    ("汝州市2022年被申请行政复议几次", "reconsideration"),
    ("How many times did Ruzhou refuse requests in 2022?", "refused"),
    ("汝州市2022年收到多少件申请", "new"),
])
def test_a_row_named_keeps_the_table_whatever_the_counter(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == row and answer.values


def test_the_tally_of_counts_and_a_report_that_tallies_is_checked(years_assistant):
    assistant, _ = years_assistant
    assert assistant.ask("What's the tally of letters in Ruzhou's 2022 report?").reading["operation"] != "quality"
    assert assistant.ask("Does Ruzhou's 2022 report tally?").reading["operation"] == "quality"


def test_an_english_topic_keeps_its_words_apart(years_assistant):
    assistant, _ = years_assistant
    topic = understand("In 2020, how often did Ruzhou brief the press?", assistant.catalog.agencies,
                       assistant.catalog.newest_year).topic
    assert "how often did Ruzhou brief the press" in topic and "2020" not in topic


def test_a_counted_prose_figure_is_quoted_and_asked_again_of_another_agency(text_assistant):
    asked, again = converse(text_assistant, "How often did Mangling Town issue policy explainers in 2020?", "And Yanshi?")
    assert asked.route == "text" and "21次" in asked.answer and first(asked) is None
    assert again.route == "text" and "37 次" in again.answer
    letters, = converse(text_assistant, "洛宁县2020年县长信箱一共收到多少封来信")
    assert letters.route == "text" and "188件" in letters.answer


@pytest.mark.parametrize("turns,column", [
    (("汝州市2022年商业企业申请占比多少", "只要绝对数"), "commercial"),
    (("What share of Ruzhou's 2022 requests came from individuals?", "Only the absolute figure, not a percentage."),
     "natural_person"),
    (("汝州市2022年自然人申请占比多少", "Just the raw number for companies."), "commercial"),
])
def test_the_figure_itself_after_a_share(years_assistant, turns, column):
    assistant, values = years_assistant
    *_, last = converse(assistant, *turns)
    assert last.reading["operation"] == "value" and last.values[0]["unit"] != "%"
    assert first(last) == values[("汝州市", 2022)][("applications", "new", column)]


@pytest.mark.parametrize("ranking,named", [
    ("Rank Ruzhou, Baofeng and Jiaxian by 2022 applications, lowest first.", "min"),
    ("Which of Ruzhou, Baofeng and Jiaxian received the most applications in 2022?", "max"),
])
def test_that_one_after_a_ranking_is_the_agency_it_named_first(years_assistant, ranking, named):
    assistant, values = years_assistant
    ranked, that = converse(assistant, ranking, "For that one, how many penalty decisions that year?")
    counts = {a: values[(a, 2022)][("applications", "new", "total")] for a in ("汝州市", "宝丰县", "郏县")}
    chosen = (min if named == "min" else max)(counts, key=counts.get)
    assert ranked.values[0]["agency"].startswith(chosen)
    assert [v["agency"] for v in that.values] == [ranked.values[0]["agency"]] and that.reading["row"] == "penalty"
    assert first(that) == values[(chosen, 2022)][("active", "penalty", "decisions")]


def test_that_one_after_a_single_agency_stays_with_it(years_assistant):
    assistant, values = years_assistant
    _, that = converse(assistant, "郏县2022年收到多少申请", "How many penalty decisions did that office make?")
    assert first(that) == values[("郏县", 2022)][("active", "penalty", "decisions")]
