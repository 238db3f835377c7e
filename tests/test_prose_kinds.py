"""Kinds read wrong in batch 14's dev half (mostly prose questions read as a table cell), each with new cases of that
kind (never the bench's sentences).

What no table counts decides it when no row is named by a word of its own: a counter the tables never count
("多少封", "几场", "多少人次", "how often", "how many letters"), a channel or event of the work with only a verb
beside it ("信箱收到…" — 收到 alone names no row), the report's narrative named as the source ("per the narrative"),
a place asked for ("设了什么场所", "which venues"). "The tally of" counts; a report that "tallies" is a check. An
English prose question is asked again by a bare follow-up with its words kept apart ("And Yanshi?"). "Just the raw
number", "只要绝对数" after a share asks the figure itself. "For that one" after a ranking is the agency its answer named
first; after anything else, the agency the conversation is about.

Second part: the source a question names ("正文里提到的", "according to the report's text") is not what it asks about;
an English year's preposition makes no row of a verb ("carry in 2020" is no "carried in"); a row word inside the name
of an event ("third-party assessor") names no row, and "open days" are no duration; "online" is a channel of applying
only in a question about requests; a word the reports write several ways ("online": 网上, 在线, 互联网) counts once; a
list item's numbering ("1. 加大工作力度") is no figure; "信息总量" asks for a number.

From batch 15's dev half: what the tables lack (a channel, "网上") asked of the text named as the source is the text's;
English words for what the reports say (Q&A 问答, poverty relief 扶贫, hold to account 责任追究, reminder letter 提示函),
a word inside a longer phrase found being that phrase's; a numbered heading with nothing after it answers nothing; "what
were those about?" after a prose figure searches that figure's words.
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


# --- prose kinds of batch 14's dev half, second part -------------------------------------------------------------

@pytest.mark.parametrize("question,said", [
    ("上街区2019年文中提到主动公开了多少条信息", "2127"),
    ("邙岭镇2020年正文里提到主动公开的信息总量是多少", "392条"),
    ("上街区2019年报告正文中写到的主动公开信息总量", "2127"),
    ("洛宁县2020年报告里写的政策解读有多少条", "29 条"),
    ("According to the report's text, how many policy interpretation items did Luoning publish in 2020?", "29 条"),
])
def test_the_source_named_is_not_what_is_searched(text_assistant, question, said):
    answer = text_assistant.ask(question)
    assert answer.route == "text" and said in answer.answer, answer.answer


@pytest.mark.parametrize("question,said", [
    ("How many items did Luoning's government Weibo carry in 2020?", "600 余条"),
    ("How many items did Luoning's government WeChat account carry in 2020?", "4800 余条"),
])
def test_a_years_preposition_makes_no_row_of_a_verb(text_assistant, question, said):
    """"carry in 2020" is no "carried in" (上年结转)."""
    answer = text_assistant.ask(question)
    assert answer.route == "text" and not answer.values and said in answer.answer, answer.answer


@pytest.mark.parametrize("question,said", [
    ("How often was Huai'an's disclosure evaluated by a third-party assessor in 2019?", "每半年"),
    ("In 2019, how often did an outside assessor rate Huai'an's disclosure work?", "每半年"),
    ("How many messages did Luoning's online county head mailbox receive in 2020?", "188件"),
])
def test_a_channel_or_event_named_in_english_is_the_texts(text_assistant, question, said):
    """A row word inside the name of an event ("third-party assessor") names no row; "online" is a channel of
    applying only in a question about requests; a word written several ways in Chinese counts once."""
    answer = text_assistant.ask(question)
    assert answer.route == "text" and not answer.values and said in answer.answer, answer.answer


def test_open_days_are_an_event_not_a_duration(text_assistant):
    answer = text_assistant.ask("What did Huai'an do on its government open days in 2019?")
    assert answer.route == "text" and "开放" in answer.answer, answer.answer


def test_an_items_numbering_is_no_figure():
    from assistant.text_route import _counts

    assert not _counts("1. 加大工作力度，及时发布和更新依法应主动公开的政府信息。")
    assert not _counts("（2）进一步加强政府信息公开渠道建设。")
    assert _counts("2. 全年发布政策解读 29 条。") and _counts("发布政策解读类信息 29 条")


# --- prose kinds of batch 15's dev half ---------------------------------------------------------------------------

@pytest.mark.parametrize("question,said", [
    ("报告里提到洛宁县2020年人民网上的领导留言收到多少条", "51件"),
    ("报告里提到上街区2019年有多少份互联网申请", "互联网申请 6 件"),
])
def test_what_the_tables_lack_asked_of_the_text_is_the_texts(text_assistant, question, said):
    """A channel named ("网上") has no number in the tables, but the report's text named as the source says it."""
    answer = text_assistant.ask(question)
    assert answer.route == "text" and said in answer.answer, answer.answer


@pytest.mark.parametrize("question,said", [
    ("Per the report's text, how many editions of its policy Q&A did Huai'an put out in 2019?", "12期"),
    ("How many items did Luoning post on the poverty-relief boards of its villages in 2020?", "扶贫"),
    ("Did Luoning hold anyone to account over disclosure in 2020?", "无责任追究"),
    ("How many reminder letters did Luoning send out in 2020?", "提示函"),
])
def test_english_words_for_what_the_reports_say(text_assistant, question, said):
    """A word inside a longer phrase found is that phrase's ("account" in "to account" is no 账号); a numbered heading
    with nothing after it ("（七）…责任追究结果情况") answers nothing."""
    answer = text_assistant.ask(question)
    assert answer.route == "text" and said in answer.answer, answer.answer


@pytest.mark.parametrize("first,follow_up", [
    ("How many times did Mangling Town respond to online public opinion in 2020?", "What were those mostly about?"),
    ("邙岭镇2020年回应网络舆情多少次", "它们主要涉及什么"),
])
def test_what_a_prose_figure_was_about(text_assistant, first, follow_up):
    asked, about = converse(text_assistant, first, follow_up)
    assert "139次" in asked.answer and about.route == "text" and "拖欠工资" in about.answer, about.answer
