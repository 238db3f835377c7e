"""Reading one question (issue #12): slips in metric words, words a row gives to a column, groups, formats.

The kinds: a slip one character or a small edit away from a known term is mended and said so, never inside a
term written correctly; "上一年有多少项", "本年增减" and "已审结" name columns; all rows of a group added up are
the group; a column filled in by default is the row's main column in the report's own format, and an everyday
word may mean the other format's twin of a column but a printed heading means exactly that column; a span of
years asked for its change is a trend; the government of a place is not its office.
"""

import pytest

from assistant.vocabulary import corrected

from .test_conversation import first


@pytest.mark.parametrize("question,written,read", [
    ("汝州市2022年本机关不掌屋相关政府信息的有多少？", "本机关不掌屋相关政府信息", "本机关不掌握相关政府信息"),
    ("汝州市2022年现形有效的规章几件？", "现形有效", "现行有效"),
    ("汝州市2022年信息公开申情有多少？", "信息公开申情", "信息公开申请"),
    ("汝州市2022年要求确认或者重新出具已获取信息的申请有多少？", "确认或者重新出具已获取信息", "确认或重新出具已获取信息"),
    ("How many aplications did Ruzhou receive in 2022?", "aplications", "applications"),
    ("How many lawsiuts did Ruzhou face in 2022?", "lawsiuts", "lawsuits"),
    ("What was Ruzhou's procurment amount in 2020?", "procurment", "procurement"),
])
def test_a_slip_in_a_metric_word_is_mended_and_shown(years_assistant, question, written, read):
    assistant, _ = years_assistant
    assert (written, read) in corrected(question)[1]
    answer = assistant.ask(question)
    assert answer.values and {"written": written, "read": read} in answer.reading["corrections"]
    assert written in answer.reading["text"]


@pytest.mark.parametrize("question", [
    "汝州市2022年作出的行政处罚决定数量", "汝州市2022年组织发布了多少次政策解读？", "汝州市2022年的行政许可决定比2021年增长了多少？",
    "汝州市2022年予以公开多少件？", "How many penalties did Ruzhou impose in 2022?", "淮安市政府门户网站主动公开各类政府信息多少条？",
])
def test_words_written_right_are_never_mended(question):
    assert corrected(question) == (question, [])


@pytest.mark.parametrize("question,column", [
    ("汝州市2020年行政许可事项上一年有多少项？", "prev_items"), ("How many penalty items did Ruzhou list for the previous year in 2020?",
                                                   "prev_items"),
    ("汝州市2020年行政处罚事项本年增加或减少了多少项？", "change"), ("汝州市2020年行政许可增减多少项", "change"),
])
def test_the_row_gives_words_their_column(years_assistant, question, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    row = "licensing" if ("许可" in question) else "penalty"
    assert answer.reading["column"] == column and answer.reading["operation"] == "value"
    assert first(answer) == values[("汝州市", 2020)][("active", row, column)]


@pytest.mark.parametrize("question,row", [
    ("汝州市2022年行政复议已经审结的有几件？", "reconsideration"), ("汝州市2022年直接起诉的案件已审结多少件？", "suit_direct"),
    ("How many of Ruzhou's 2022 reconsideration cases had been concluded?", "reconsideration"),
])
def test_concluded_is_the_sum_of_the_outcome_columns(years_assistant, question, row):
    assistant, values = years_assistant
    cells = values[("汝州市", 2022)]
    answer = assistant.ask(question)
    assert answer.reading["column"] == "concluded"
    assert first(answer) == sum(cells[("review", row, c)] for c in ("upheld", "corrected", "other"))


@pytest.mark.parametrize("question,rows", [
    ("汝州市2022年被提起行政诉讼的总数（直接起诉加复议后起诉）", ("review", ("suit_direct", "suit_after_review"), "total")),
    ("汝州市2022年行政处罚和行政强制的处理决定一共多少件？", ("active", ("penalty", "coercion"), "decisions")),
    ("What is the total of Ruzhou's 2022 direct lawsuits and lawsuits after reconsideration?",
     ("review", ("suit_direct", "suit_after_review"), "total")),
])
def test_every_row_of_a_group_added_up_is_the_group(years_assistant, question, rows):
    assistant, values = years_assistant
    t, ids, column = rows
    answer = assistant.ask(question)
    assert answer.reading["row_kind"] == "group"
    assert first(answer) == sum(values[("汝州市", 2022)][(t, r, column)] for r in ids)


@pytest.mark.parametrize("question", ["汝州市2022年直接起诉和复议后起诉分别多少",
                                      "How many Ruzhou lawsuits in 2022 were direct suits and suits after reconsideration, "
                                      "respectively?"])
def test_each_of_two_rows_of_a_group_is_each_row_not_their_sum(years_assistant, question):
    """Both rows of 行政诉讼 asked each ("分别"): the group read row by row (a breakdown), never one sum."""
    assistant, values = years_assistant
    assert assistant.ask("汝州市2022年行政处罚处理决定多少件").reading["row"] == "penalty"
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "breakdown"
    cells = values[("汝州市", 2022)]
    for row in ("suit_direct", "suit_after_review"):
        assert any(v["row"] == row and v["value"] == cells[("review", row, "total")] for v in answer.values), row


def test_a_default_column_is_the_rows_main_column_in_the_reports_format(years_assistant):
    assistant, values = years_assistant
    trial, revised = assistant.ask("汝州市2020年规章多少件"), assistant.ask("汝州市2022年规章多少件")
    assert trial.values[0]["column"] == "total_published"
    assert first(trial) == values[("汝州市", 2020)][("active", "rules", "total_published")]
    assert revised.values[0]["column"] == "in_force" and "现行有效" in revised.answer
    assert first(revised) == values[("汝州市", 2022)][("active", "rules", "in_force")]


def test_an_everyday_word_may_mean_the_twin_column_but_a_printed_heading_means_itself(years_assistant):
    assistant, values = years_assistant
    made = assistant.ask("汝州市2022年新制定的规章有几件？")  # 本年新制作 in 2019, 本年制发 from 2021
    assert made.values[0]["column"] == "issued" and first(made) == values[("汝州市", 2022)][("active", "rules", "issued")]
    printed = assistant.ask("汝州市2022年规章本年新制作数量")
    assert printed.values == [] and printed.route == "none"


@pytest.mark.parametrize("question", ["汝州市2020年到2022年收到申请的变化趋势", "汝州市2020年至2022年收到的申请变化情况"])
def test_a_change_over_a_span_of_years_is_a_trend(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "trend"
    assert [v["value"] for v in answer.values] == [values[("汝州市", y)][("applications", "new", "total")]
                                                   for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question", ["汝州市2022年报告的各项数字能不能对上？", "Do the numbers in Ruzhou's 2022 report reconcile?",
                                      "汝州市2022年报告数据是否吻合"])
def test_data_quality_in_other_words(years_assistant, question):
    assert years_assistant[0].ask(question).reading["operation"] == "quality"


@pytest.mark.parametrize("question", ["淮安市人民政府2019年收到多少申请？", "淮安市政府2019年收到多少申请"])
def test_the_government_of_a_place_is_not_its_office(text_assistant, question):
    assistant = text_assistant
    answer = assistant.ask(question)  # only 淮安市政府办公室 is indexed
    assert answer.values == [] and "淮安市" in answer.answer
    assert first(assistant.ask("淮安市政府办公室2019年收到多少申请？")) == 54


@pytest.mark.parametrize("question", ["洛宁县2020年依申请公开平均办理天数是多少？", "What was the average processing time for Luoning's requests in 2020?",
                                      "上街区2019年收到的申请中有多少来自外国人？", "洛宁县2020年办理一件申请要多少天？"])
def test_a_figure_no_table_counts_gets_no_number(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.values == [] and answer.route == "none"


@pytest.mark.parametrize("question,column", [("上街区2019年来自各类组织（不含个人）的申请数量", "organisations"),
                                             ("上街区2019年来自企业的申请有多少", "commercial")])
def test_a_breakdown_word_inside_a_column_name_asks_no_breakdown(text_assistant, question, column):
    answer = text_assistant.ask(question)
    assert answer.reading["operation"] == "value" and answer.reading["column"] == column


@pytest.mark.parametrize("question,words", [
    ("How many policy interpretations did Yanshi publish in 2019?", ("政策解读", "37")),
    ("What problems did Huai'an report?", ("标准化规范化", "传播力影响力")),
    ("淮安市政府办公室存在哪些主要问题？", ("标准化规范化", "培训提升")),
])
def test_english_prose_questions_and_problems_written_as_one_sentence(text_assistant, question, words):
    answer = text_assistant.ask(question)
    assert answer.route == "text" and all(w in answer.answer.replace(" ", "") for w in words), answer.answer


@pytest.mark.parametrize("question", ["上街区2019年收到多少申请，主要涉及哪些方面？", "上街区2019年收到多少申请？具体情况如何？"])
def test_a_figure_with_its_context_quotes_the_prose_about_the_same_figure(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.route == "table+text" and first(answer) == 79 and "依申请公开 39 件" in answer.answer
