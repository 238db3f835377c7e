"""Kinds of misreading found on the paraphrase bench's dev halves after batch 3 (issue #12), each with new cases.

The kinds: a label written in quotes names that very row or column, even a bare “其他”/'other' that alone names
nothing; "not A but B", "B rather than A", "A以外的B": A is not what is asked; "carried over from 2021" is
pending at the start of 2022; a ranking asked as "三家里谁最少" in a conversation keeps the metric; "smallest" is
the bottom, not the top. In a conversation (batch 4): "add them all up", "三年一共", "Total?" after several years
or agencies is their sum, and "Total, please?" after a breakdown the row's total; "较上年增减", "go up or down from
2021" is the change on the year before; "同年", "that year" across every agency ranks only those with that year's
report; "the first three" are the agencies the conversation began with; one figure listed over several years is a
trend; traditional characters are read as simplified. The report's text named as the source ("according to the
report text", "报告正文里说") is quoted, not the table; "what did the report say about food sampling?" after a figure
is about food sampling; an English word ("internet") is never mended into a metric word; "office's" is office.
Words and slips: a two-digit year before a space ("梅川办21 无法提供"), "apps"; "所有有报告的单位" is every agency;
rows in other words ("未经行政复议、直接向法院", "复议完了又告到法院", "办理完毕", "in full", "awaiting judgment");
a character that belongs to a real word is not a slip ("全部予以公开" is not "不予以公开"); lawsuits "closed" are the
concluded ones; the applicants' sex, age or occupation is not counted; "got its sums right" is a check; "两年报告里一共",
"the last two years added together", "all three years" after a change of two of them add the agency's last years;
"占多少" is a share; "since 2020" says when, not what. A prose answer reads as the year of the passage it quotes.
From batch 7's dev half: slips of the same sound first, also in two-character terms (申情); a word takes its meaning in
the table the question names (办结); a full-disclosure verb qualified "in part" is partial; what requests were about and
the items of a channel (the city portal) are the text's; a term never begins inside a word ("报告上" holds no 告上).
"""

import pytest

from assistant.vocabulary import corrected, stem_tokens
from assistant.wording import COLLECTIVE, normalised

from .test_conversation import first
from .test_wording import RUZHOU, ask_all, refused_total

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


# --- in a conversation (batch 4's dev half) ----------------------------------------------------------

@pytest.mark.parametrize("last", ["Add them all up.", "and summed over the three years?", "三年一共", "Total?",
                                  "and the three-year total"])
def test_adding_up_the_years_just_listed(years_assistant, last):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"sum-{last}", "汝州市2020到2022年行政处罚决定数各是多少", last)[-1]
    assert answer.reading["operation"] == "total"
    assert first(answer) == sum(values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2020, 2021, 2022))


@pytest.mark.parametrize("follow_up", ["较上年增减。", "how much did that go up or down from 2021?", "比上年增减多少"])
def test_a_change_on_the_year_before_asked_in_few_words(years_assistant, follow_up):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"change-{follow_up}", "汝州市2022年收到多少申请？", follow_up)[-1]
    assert answer.reading["operation"] == "change" and answer.reading["years"] == [2021, 2022]
    cells = [values[("汝州市", y)][("applications", "new", "total")] for y in (2021, 2022)]
    assert f"{cells[1] - cells[0]:+,}" in answer.answer.replace("+0", "0")


def test_a_breakdown_then_total_please_is_the_row_total(years_assistant):
    assistant, values = years_assistant
    answer = ask_all(assistant, "breakdown-total", "List Ruzhou's 2022 refusals by reason.", "Total, please?")[-1]
    assert answer.reading["operation"] == "value" and first(answer) == refused_total(values[RUZHOU])


@pytest.mark.parametrize("follow_up", ["同年各单位排序。", "rank every agency for that year"])
def test_the_same_year_across_agencies_leaves_out_those_without_it(years_assistant, follow_up):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"same-year-{follow_up}", "汝州市2021年收到多少申请？", follow_up)[-1]
    # only 汝州市 has a 2021 report: 宝丰县 and 郏县 (2022) are not ranked with their 2022 figures
    assert [v["year"] for v in answer.values] == [2021]


def test_compare_the_first_three_agencies_of_the_conversation(years_assistant):
    assistant, values = years_assistant
    answer = ask_all(assistant, "first-three", "汝州市2022年收到多少申请？", "宝丰县呢", "郏县呢", "上海市浦东新区呢",
                     "Compare the first three.")[-1]
    assert {v["agency"][:3] for v in answer.values} == {"汝州市", "宝丰县", "郏县人"}


def test_one_figure_listed_over_years_is_a_trend(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州市2020到2022年自然人提出的申请都列一下")
    assert answer.reading["operation"] == "trend"
    assert [first_value["value"] for first_value in answer.values] == [
        values[("汝州市", y)][("applications", "new", "natural_person")] for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question,row,column", [
    ("汝州市2022年行政複議維持幾件", "reconsideration", "upheld"),
    ("汝州市2022年收到多少政府資訊公開申請？", "new", "total"),
])
def test_traditional_characters_are_read(years_assistant, question, row, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)
    table = "review" if row == "reconsideration" else "applications"
    assert first(answer) == values[RUZHOU][(table, row, column)]


# --- the report's text asked for -----------------------------------------------------------------------

@pytest.mark.parametrize("question,figure", [
    ("洛宁县2020年报告正文里说发布了多少条政策解读信息？", "29"),
    ("Luoning County 2020: according to the report text, how many policy interpretation items were released?", "29"),
    ("上街区2019年报告里说受理了多少件依申请公开？", "39"),
])
def test_the_report_text_named_as_the_source_is_quoted(text_assistant, question, figure):
    answer = text_assistant.ask(question)
    assert answer.route == "text" and answer.values == []
    assert figure in answer.answer


def test_a_topic_of_its_own_after_a_figure_is_not_about_that_figure(text_assistant):
    text_assistant.ask("洛宁县2020年行政处罚决定多少件？", session="own-topic")
    answer = text_assistant.ask("What did the report say about food sampling checks?", session="own-topic")
    assert answer.route == "text" and answer.values == [] and "1000" in answer.answer


@pytest.mark.parametrize("question", ["How many applications came in over the internet?",
                                      "Were any requests received online or through the website?"])
def test_an_english_word_is_never_mended_into_a_metric_word(question):
    assert corrected(question)[1] == []


def test_a_possessive_is_the_word():
    assert stem_tokens("the Meichuan office's refusals") == stem_tokens("the Meichuan office refusals")


# --- words and slips (batch 4's dev half) ---------------------------------------------------------------

@pytest.mark.parametrize("written,read", [("梅川办21 无法提供合计", "梅川办2021 无法提供合计"), ("云桥23 直诉总计", "云桥2023 直诉总计"),
                                          ("Qingxi '21 new apps, total", "Qingxi 2021 new applications, total")])
def test_short_years_and_shorthand_before_a_space(written, read):
    assert normalised(written) == read


def test_every_agency_with_a_report_is_every_agency():
    assert COLLECTIVE.search("2024年所有有报告的单位，行政复议件数加总是多少")
    assert COLLECTIVE.search("全部已收录的部门一共多少") and not COLLECTIVE.search("所有申请中有几件")


@pytest.mark.parametrize("question,row,column", [
    ("汝州市2022年未经行政复议、直接向法院提起行政诉讼的案件总数", "suit_direct", "total"),
    ("汝州那边22年先复议、复议完了又告到法院的，有几起？", "suit_after_review", "total"),
    ("汝州市2022年全年依申请公开办理完毕的总件数", "handled_total", "total"),
    ("汝州市2022年对申请信息全部予以公开的件数", "granted", "total"),
    ("did Ruzhou actually release anything in full in 2022? how many?", "granted", "total"),
    ("How many of the lawsuits taken straight to court against Ruzhou in 2022 were still awaiting judgment?",
     "suit_direct", "pending"),
    # (batch 12's dev half: a final ruling, 没公开/没提供, other people's rights, telling people)
    ("How many of Ruzhou's 2022 reconsiderations had reached a final ruling?", "reconsideration", "concluded"),
    ("汝州市2022年没公开的有多少件", "refused", "total"), ("汝州市2022年没提供的申请有几件", "unable", "total"),
    ("Ruzhou 2022: requests refused to protect other people's rights", "refused.third_party", "total"),
    ("Ruzhou 2022: how often did the office have to tell people it did not hold the information?",
     "unable.not_held", "total"),
])
def test_rows_in_other_words(years_assistant, question, row, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)
    table = "review" if row.startswith("suit") or row == "reconsideration" else "applications"
    assert first(answer) == _expected(values[RUZHOU], table, row, column)


def _expected(cells: dict, table: str, row: str, column: str):
    """A cell of a spec, or the sum a group of rows (其中各原因) or of columns (已审结) stands for."""
    if (table, row, column) in cells:
        return cells[(table, row, column)]
    if column == "concluded":
        return sum(cells[(table, row, c)] for c in ("upheld", "corrected", "other"))
    return sum(v for (t, r, c), v in cells.items() if t == table and r.startswith(row + ".") and c == column)


def test_a_word_is_not_mended_out_of_a_real_word():
    assert corrected("对申请信息全部予以公开的件数")[1] == []  # 全部, not 不予以公开
    assert corrected("上街区部予公开的有几件")[0] == "上街区不予公开的有几件"


def test_lawsuits_closed_are_the_concluded_ones(years_assistant):
    answer = years_assistant[0].ask("How many lawsuits filed after reconsideration against Ruzhou were closed in 2022?")
    assert answer.reading["column"] == "concluded"


@pytest.mark.parametrize("question", ["汝州市2022年申请人中女性有多少？", "How many Ruzhou applicants in 2022 were women?"])
def test_who_the_applicants_were_beyond_the_columns_is_not_counted(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.values == [] and answer.route == "none"


def test_sums_right_is_a_check(years_assistant):
    answer = years_assistant[0].ask("Has Ruzhou's 2022 report got its sums right?")
    assert answer.reading["operation"] == "quality"


@pytest.mark.parametrize("question", ["汝州市两年报告里行政处罚决定一共多少？", "Ruzhou penalty decisions, the last two years added together"])
def test_the_last_years_of_an_agency_added_up(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert first(answer) == sum(values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2021, 2022))


def test_all_three_years_after_a_change_between_two_of_them(years_assistant):
    assistant, values = years_assistant
    answer = ask_all(assistant, "all-three", "汝州市2022年收到多少申请？", "how did that change since 2020?",
                     "and all three years added together?")[-1]
    assert first(answer) == sum(values[("汝州市", y)][("applications", "new", "total")] for y in (2020, 2021, 2022))


@pytest.mark.parametrize("follow_up", ["自然人占多少", "商业企业占了多少？"])
def test_zhan_duoshao_is_a_share(years_assistant, follow_up):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"zhan-{follow_up}", "汝州市2022年新收申请按申请人类型分一下", follow_up)[-1]
    assert answer.reading["operation"] == "share"


def test_a_prose_answer_reads_as_the_year_it_quotes(text_assistant):
    text_assistant.ask("比较五个单位2019年收到的申请数量", session="prose-year")
    answer = text_assistant.ask("洛宁县存在哪些主要问题？", session="prose-year")  # 洛宁县 has only a 2020 report
    assert answer.route == "text" and answer.sources[0]["year"] == 2020 and answer.reading["years"] == [2020]


# --- kinds from batch 7 (its dev half) ---------------------------------------------------------------------------

@pytest.mark.parametrize("written,read", [
    ("青溪县2022年收到的申情总数是多少", "申请"),  # a two-character term, the same sound, no word of its own
    ("上街区收到的审请有几件", "申请"),
    ("柳河区2023年行政处发决定数量", "行政处罚决定数量"),  # the same sound first: not 处理决定数量, one character off
])
def test_a_slip_of_the_same_sound_is_mended_first(written, read):
    mended, fixes = corrected(written)
    assert read in mended and fixes


@pytest.mark.parametrize("written", ["各部门不分彼此地收到申请", "它们全部予以公开了吗", "政策解读发了多少次"])
def test_a_real_word_is_no_slip_of_a_short_term(written):
    assert corrected(written) == (written, [])


@pytest.mark.parametrize("question,row,column", [
    ("汝州市2022年复议案子办结了几件？", "reconsideration", "concluded"),
    ("汝州市2022年办结的行政复议有多少件", "reconsideration", "concluded"),
    ("汝州市2022年办结了多少件申请", "handled_total", "total"),
])
def test_a_word_takes_its_meaning_in_the_table_the_question_names(years_assistant, question, row, column):
    """"办结" is 表三's （七）总计 for applications, 表四's concluded cases (维持+纠正+其他) for reconsiderations."""
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)
    cells = values[("汝州市", 2022)]
    if column == "concluded":
        assert first(answer) == sum(cells[("review", row, c)] for c in ("upheld", "corrected", "other"))


@pytest.mark.parametrize("question", [
    "How many Ruzhou applications were disclosed only in part in 2022?",
    "Ruzhou 2022: requests released partially?",
    "In 2022 how many requests did Ruzhou answer only partly?",
])
def test_a_full_disclosure_verb_with_a_qualifier_is_partial(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == "partial"
    assert first(answer) == values[("汝州市", 2022)][("applications", "partial", "total")]


@pytest.mark.parametrize("turns,keyword", [
    (["How many applications did the Yanshi government office receive in 2019?",
      "What subjects did those requests mostly concern?"], "土地"),
    (["偃师市政府办公室2019年收到多少申请？", "What were they mostly about?"], "规划"),
    (["What were the requests to the Yanshi government office in 2019 about?"], "环保"),
])
def test_what_the_requests_were_about_is_the_reports_words(text_assistant, turns, keyword):
    """What requests concerned is in the report's text ("主要涉及土地、规划、环保等方面"), not a count of a row."""
    *_, answer = ask_all(text_assistant, f"topics-{turns[-1]}", *turns)
    assert answer.route == "text" and not answer.values
    assert keyword in answer.answer


@pytest.mark.parametrize("question", [
    "How many items did Huai'an's government office say the city portal proactively published in 2019?",
    "淮安市政府办公室2019年门户网站发布信息多少条",
    "How many items did the Huai'an government office post on its website in 2019?",
])
def test_a_channel_only_the_text_counts_is_not_a_tables_column(text_assistant, question):
    """"items" alone is a column word (procurement projects), but the city portal's items are in the text."""
    answer = text_assistant.ask(question)
    assert answer.route == "text" and not answer.values
    assert "1.24万" in answer.answer


@pytest.mark.parametrize("question,ids", [
    ("那2020年报告上有吗", []),  # 告上 (sued) would begin inside 报告
    ("汝州市告上法院的案子有几件", ["lawsuits"]),
    ("汝州市2022年行政复议多少", ["reconsideration"]),
])
def test_a_term_never_begins_inside_a_word(question, ids):
    from assistant.vocabulary import find_terms

    assert [t.id for t in find_terms(question)] == ids


@pytest.mark.parametrize("question", [
    "淮安市政府办公室2019年行政事业性收费金额是多少？",
    "How much in administrative fees did the Huai'an government office collect in 2019?",
])
def test_a_tables_headings_run_together_are_no_sentence_to_quote(text_assistant, question):
    """The 2019 format has no fee amount; the Huai'an report's table headings, run together in its text, are not
    an answer from the text either."""
    answer = text_assistant.ask(question)
    assert answer.route == "none" and not answer.values
    assert "上一年项目数量" not in answer.answer


# --- kinds from batch 9 (its dev half) ---------------------------------------------------------------------------

@pytest.mark.parametrize("written,read", [
    ("梅川市政府办公室2023年规张本年废止件数", "规章本年废止"),  # 张本 is a rare word the slip makes with 本年
    ("汝州市2022年规张废止了几件", "规章废止"),
])
def test_a_slip_glued_to_a_rare_word_is_still_mended(written, read):
    mended, fixes = corrected(written)
    assert read in mended and fixes


@pytest.mark.parametrize("question,table_id,row,column", [
    ("How many new normative documents did Ruzhou put out in 2022?", "active", "normative_docs", "issued"),
    ("How many rules did Ruzhou promulgate in 2022?", "active", "rules", "issued"),
    ("What is the total number of normative documents Ruzhou had made public in 2020?",
     "active", "normative_docs", "total_published"),
    ("Going into 2022, how many requests did Ruzhou still have open from the year before?",
     "applications", "carried_in", "total"),
    ("How many Ruzhou requests were still outstanding from the previous year at the start of 2022?",
     "applications", "carried_in", "total"),
    ("汝州市2022年有多少人找市里要信息", "applications", "new", "total"),
])
def test_rows_and_columns_in_words_of_batch_nine_kinds(years_assistant, question, table_id, row, column):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == (table_id, row, column)
    year = answer.reading["years"][0]
    assert first(answer) == values[("汝州市", year)][(table_id, row, column)]


@pytest.mark.parametrize("question,row,column", [
    ("Ruzhou 2022: how many reconsideration cases had reached a final outcome of any kind by year end?",
     "reconsideration", "concluded"),
    ("汝州市2022年行政诉讼判输了的有几件", "lawsuits", "corrected"),
    ("汝州市2022年打官司打输了几件", "lawsuits", "corrected"),
])
def test_outcomes_in_everyday_words(years_assistant, question, row, column):
    answer = years_assistant[0].ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)


@pytest.mark.parametrize("question", [
    "How many information requests did Ruzhou get from foreign nationals in 2022?",
    "汝州市2022年外国人提出的申请有多少件", "How many requests from journalists did Ruzhou receive in 2022?",
    "汝州市2022年学生申请了多少件"])
def test_applicants_by_nationality_or_walk_of_life_are_not_counted(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.values == [] and answer.route == "none"
