"""Wordings of a second author (issue #12): the kinds the paraphrase bench's batch 2 showed, each with new cases.

The kinds: two-digit years ("22年", "'21", "22、23两年"); pinyin agency names in syllables, with tone marks or
one slip ("Ru zhou", "Rǔzhōu", "Ruzohu"); a change asked as "变了多少", "move", "difference … vs", or one
agency compared over two years; "dropped over unpaid fees" and "fell under" are no change; breakdowns asked as
"split … by who asked", "itemise … by ground", "分原因列一下"; checks asked as "run the arithmetic checks";
"add up the requests" is a total, not a check; the whole of a share named first ("Of everything X handled, what
proportion…"); what is set apart ("apart from licensing") is not what is asked; "how many people" counts
requests, not natural persons; the table named most wins over a stray word of another table; three organisation
columns or more are the organisation columns' group; channels (letters, fax) are not counted; a hyphenated term
("carried-forward") is the term; a negated word ("unanswered") is never mended into its opposite.
"""

import pytest

from assistant.wording import full_years, normalised
from assistant.vocabulary import corrected

from .test_conversation import first

RUZHOU = ("汝州市", 2022)


def refused_total(cells: dict) -> int:
    """不予公开 of a spec: the sum of its reasons."""
    return sum(v for (t, r, c), v in cells.items() if t == "applications" and r.startswith("refused.") and c == "total")


def signed(difference: int) -> str:
    return f"{difference:+,}" if difference else "0"


@pytest.mark.parametrize("written,read", [
    ("汝州市22年收到多少申请", "汝州市2022年收到多少申请"), ("汝州21、22两年", "汝州2021、2022两年"),
    ("Ruzhou '21 applications", "Ruzhou 2021 applications"), ("FY22 penalties", "2022 penalties"),
    ("二〇二一年的申请", "2021年的申请"), ("二二年的申请", "2022年的申请"),
    ("近10年收到的申请", "近10年收到的申请"), ("10年来", "10年来"), ("收到12件申请", "收到12件申请"),
    ("一共几件", "一共几件"), ("上一年结转", "上一年结转"),
])
def test_two_digit_years_are_written_out_and_nothing_else_is(written, read):
    assert full_years(written) == read


def test_english_shorthand_is_spelled_out():
    assert normalised("No. of applications, Ruzhou, 2022") == "number of applications, Ruzhou, 2022"
    assert normalised("How many people did Ruzhou turn down?") == "How many did Ruzhou turn down?"


@pytest.mark.parametrize("question,years", [
    ("汝州市22年收到多少申请？", [2022]), ("汝州那边21年被拒了多少件啊", [2021]), ("Ruzhou '21 - applications received?", [2021]),
])
def test_a_two_digit_year_is_the_report_year(years_assistant, question, years):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["years"] == years and answer.values and answer.values[0]["year"] == years[0]


def test_two_short_years_added_up(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州21、22两年的行政处罚决定加总是多少？")
    assert first(answer) == sum(values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2021, 2022))


@pytest.mark.parametrize("question", [
    "How many applications did Ru zhou receive in 2022?", "How many applications did Rǔzhōu receive in 2022?",
    "How many applications did Ruzohu receive in 2022?", "How many applications did Ruzhuo receive in 2022?",
])
def test_a_pinyin_name_in_syllables_with_tones_or_one_slip_is_the_agency(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert first(answer) == values[RUZHOU][("applications", "new", "total")]


@pytest.mark.parametrize("question", [
    "汝州市2022年的行政处罚决定跟2021年比变了多少？", "汝州市2022年行政处罚决定较2021年变动多少？",
    "How much did Ruzhou's penalty decisions move from 2021 to 2022?",
    "Ruzhou: difference in penalty decisions, 2021 vs 2022", "Compare Ruzhou's penalty decisions in 2021 and 2022",
])
def test_a_change_in_other_words_states_the_signed_difference(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    before, after = (values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2021, 2022))
    assert answer.reading["operation"] == "change"
    assert signed(after - before) in answer.answer


def test_a_difference_between_agencies_stays_a_comparison(years_assistant):
    answer = years_assistant[0].ask("What is the difference between Ruzhou and Baofeng in applications received in 2022?")
    assert answer.reading["operation"] == "compare"


@pytest.mark.parametrize("question,row", [
    ("How many Ruzhou requests in 2022 were dropped over unpaid fees?", "other.unpaid_fee"),
    ("How many of Ruzhou's 2022 requests were dropped because the applicant did not pay?", "other.unpaid_fee"),
    ("How many Ruzhou requests in 2022 fell under duplicates?", "not_processed.repeat"),
])
def test_requests_dropped_or_falling_under_a_row_are_no_change(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "value" and answer.reading["row"] == row
    assert first(answer) == values[RUZHOU][("applications", row, "total")]


@pytest.mark.parametrize("question,row,parts", [
    ("Split Ruzhou's 2022 new applications by who asked.", "new", "columns"),
    ("Itemise Ruzhou's 2022 refusals by ground.", "refused", "rows"),
    ("汝州市2022年不予公开的申请分原因列一下", "refused", "rows"),
    ("汝州市2020年行政处罚那一行的数字都列一下", "penalty", "columns"),
])
def test_a_breakdown_in_other_words(years_assistant, question, row, parts):
    answer = years_assistant[0].ask(question)
    assert answer.reading["operation"] == "breakdown" and answer.reading["row"] == row
    assert len(answer.values) >= 3
    if parts == "rows":
        assert len({v["row"] for v in answer.values}) >= 3
    else:
        assert len({v["column"] for v in answer.values}) >= 2


@pytest.mark.parametrize("question,operation", [
    ("Run the arithmetic checks on Ruzhou's 2022 report.", "quality"), ("请核验汝州市2022年报告的数据", "quality"),
    ("Do Ruzhou's 2022 figures add up?", "quality"),
    ("Add up the penalty decisions of Ruzhou in 2021 and 2022.", "total"),
])
def test_checks_asked_in_other_words_and_adding_up_that_is_a_total(years_assistant, question, operation):
    assert years_assistant[0].ask(question).reading["operation"] == operation


@pytest.mark.parametrize("question", [
    "Of everything Ruzhou handled in 2022, what proportion was refused?",
    "在汝州市2022年办理的申请中，不予公开的占比是多少？",
])
def test_the_whole_of_a_share_named_first(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    cells = values[RUZHOU]
    refused = refused_total(cells)
    share = 100 * refused / cells[("applications", "handled_total", "total")]
    assert answer.values[0]["unit"] == "%" and round(answer.values[0]["value"], 1) == round(share, 1)


@pytest.mark.parametrize("question", [
    "Apart from licensing, how many decisions did Ruzhou make in 2020 on other management and service items?",
    "除了行政许可以外，汝州市2020年其他对外管理服务事项的处理决定有多少？",
])
def test_what_is_set_apart_is_not_what_is_asked(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == "other_services"
    assert first(answer) == values[("汝州市", 2020)][("active", "other_services", "decisions")]


@pytest.mark.parametrize("question,column", [
    ("汝州市2022年行政复议审结了几件？尚未审结的不算", "concluded"),
    ("汝州市2022年行政复议，不含还在审的，已经结案的有几件", "concluded"),
    ("How many of Ruzhou's 2022 reconsiderations were concluded, not counting those still pending?", "concluded"),
    ("汝州市2022年行政复议还在审理中的有几件", "pending"),
    ("汝州市2022年行政复议没结案的有几件", "pending"),
])
def test_what_a_question_leaves_out_is_not_its_column(years_assistant, question, column):
    """"X不算", "不含X", "not counting X": X is named only to be left out; 审结 and its negation 未审结 are two
    columns, and colloquial words for a case still under review are 尚未审结."""
    answer = years_assistant[0].ask(question)
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == (
        "review", "reconsideration", column)


@pytest.mark.parametrize("question", ["How many people did Ruzhou turn down in 2022?",
                                      "how many folks asked Ruzhou for info in 2022"])
def test_how_many_people_counts_requests_not_natural_persons(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.values and answer.values[0]["column"] == "total"


def test_the_table_the_question_names_most_wins(years_assistant):
    answer = years_assistant[0].ask("Ruzhou 2022: requests refused because some other law or regulation bars release")
    assert answer.reading["table"] == "applications"


def test_three_organisation_columns_named_are_the_organisation_group(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("汝州市2022年企业、科研机构、律所这些单位申请人加一块儿递了几件？")
    assert answer.reading["column"] == "organisations"
    assert first(answer) == sum(values[RUZHOU][("applications", "new", c)]
                                for c in ("commercial", "research", "public_interest", "legal_services", "other_org"))


@pytest.mark.parametrize("question", ["汝州市2022年通过信函方式提交的申请有多少件？",
                                      "How many applications did Ruzhou receive by post in 2022?"])
def test_a_channel_is_not_counted(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.values == [] and answer.route == "none"


def test_a_hyphenated_term_is_the_term(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("How many carried-forward requests did Ruzhou have in 2022?")
    assert answer.reading["row"] == "carried_forward"


@pytest.mark.parametrize("word", ["unanswered", "unprocessed", "disapproved"])
def test_a_negated_word_is_never_mended_into_its_opposite(word):
    assert corrected(f"How many requests were {word} in 2022?")[1] == []




# --- in a conversation ---------------------------------------------------------------------------

@pytest.mark.parametrize("turns,years", [
    (("汝州市2021年行政处罚决定多少件？", "the year after?"), [2022]),
    (("How many penalty decisions did Ruzhou make in 2021?", "and the following year?"), [2022]),
    (("汝州市2022年收到多少申请？", "前一年呢？"), [2021]),
    (("How many applications did Ruzhou receive in 2022?", "the year before?", "and the year before that?"), [2020]),
])
def test_a_year_counted_from_the_last_one(years_assistant, turns, years):
    assistant, values = years_assistant
    session = f"step-{turns[-1]}-{len(turns)}"
    for question in turns:
        answer = assistant.ask(question, session=session)
    assert answer.reading["years"] == years and answer.values and answer.values[0]["year"] == years[0]


def test_carried_to_the_next_year_is_a_row_not_a_year(years_assistant):
    assistant, values = years_assistant
    assistant.ask("汝州市2021年收到多少申请？", session="carried-next")
    answer = assistant.ask("还剩多少要结转到下一年？", session="carried-next")
    assert answer.reading["row"] == "carried_forward" and answer.values[0]["year"] == 2021


@pytest.mark.parametrize("follow_up", ["Baofeng, same thing?", "same question for Baofeng", "宝丰县同样的问题呢？"])
def test_same_thing_for_another_agency_keeps_the_metric(years_assistant, follow_up):
    assistant, values = years_assistant
    assistant.ask("How many penalty decisions did Ruzhou make in 2022?", session=f"same-{follow_up}")
    answer = assistant.ask(follow_up, session=f"same-{follow_up}")
    assert first(answer) == values[("宝丰县", 2022)][("active", "penalty", "decisions")]


def test_every_year_then_all_of_them_added_up_then_the_change(years_assistant):
    assistant, values = years_assistant
    penalties = [values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2020, 2021, 2022)]
    trend = assistant.ask("Ruzhou's penalty decisions, every year please", session="every-year")
    assert [v["value"] for v in trend.values] == penalties
    assert f"change {signed(penalties[-1] - penalties[0])}" in trend.answer  # a trend states the change over its span
    total = assistant.ask("total across all three years?", session="every-year")
    assert first(total) == sum(penalties)
    change = assistant.ask("how did 2022 compare with 2020 - what's the change?", session="every-year")
    assert change.reading["operation"] == "change" and f"change {signed(penalties[-1] - penalties[0])}" in change.answer


def test_a_question_about_something_else_with_a_count_word_does_not_inherit(text_assistant):
    text_assistant.ask("How many requests did Shangjie partially disclose in 2019?", session="appraisal")
    answer = text_assistant.ask("How many people joined the public appraisal of its disclosure work?", session="appraisal")
    assert answer.values == [] and answer.route != "table"


@pytest.mark.parametrize("question", ["洛宁县2020年逾期未缴费而不再处理的申请有多少？",
                                      "How many Luoning requests in 2020 were closed because the applicant did not pay the fee?"])
def test_a_row_the_reports_format_lacks_is_said_so_not_answered_from_unrelated_text(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.values == [] and answer.route == "none"
    assert "2019" in answer.answer  # the format it was written in


def ask_all(assistant, session: str, *questions):
    return [assistant.ask(q, session=session) for q in questions]


def test_a_share_keeps_its_whole_for_another_year(years_assistant):
    assistant, values = years_assistant
    *_, share = ask_all(assistant, "share-whole", "How many requests did Ruzhou refuse in 2022?",
                        "what share of all requests is that?", "and in 2021?")
    cells = values[("汝州市", 2021)]
    refused = refused_total(cells)
    assert round(share.values[0]["value"], 1) == round(100 * refused / cells[("applications", "new", "total")], 1)


def test_a_ranking_over_all_agencies_is_what_a_follow_up_adds_up(years_assistant):
    assistant, values = years_assistant
    *_, total = ask_all(assistant, "rank-then-total", "汝州市2022年行政许可决定多少件", "三个单位排个名", "加起来一共多少")
    assert first(total) == sum(values[(a, 2022)][("active", "licensing", "decisions")] for a in ("汝州市", "宝丰县", "郏县"))


@pytest.mark.parametrize("follow_up", ["compare with 2022", "跟2022年比呢", "what was the percentage change to 2022?"])
def test_one_agency_compared_with_another_year_is_the_change(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, change = ask_all(assistant, f"with-{follow_up}", "汝州市2021年收到多少申请？", follow_up)
    before, after = (values[("汝州市", y)][("applications", "new", "total")] for y in (2021, 2022))
    assert change.reading["operation"] == "change" and signed(after - before) in change.answer


def test_over_the_three_years_then_which_year_had_the_most(years_assistant):
    assistant, values = years_assistant
    suits = {y: values[("汝州市", y)][("review", "reconsideration", "total")] for y in (2020, 2021, 2022)}
    *_, trend, most = ask_all(assistant, "three-years", "How many reconsideration cases did Ruzhou have in 2020?",
                              "over the three years?", "which year had the most?")
    assert [v["value"] for v in trend.values] == list(suits.values())
    top = max(suits, key=suits.get)
    assert most.reading["operation"] == "trend" and f"Most: {top}" in most.answer


def test_last_year_in_a_conversation_is_the_year_before_the_one_asked(years_assistant):
    assistant, values = years_assistant
    *_, before = ask_all(assistant, "last-year", "汝州市2022年收到多少申请？", "去年呢？")
    assert before.values[0]["year"] == 2021


def test_the_difference_after_switching_agency_is_between_the_two_agencies(years_assistant):
    assistant, values = years_assistant
    *_, gap = ask_all(assistant, "gap", "宝丰县2022年收到多少申请", "汝州同期", "差多少")
    a, b = (values[(x, 2022)][("applications", "new", "total")] for x in ("汝州市", "宝丰县"))
    assert gap.reading["operation"] == "compare" and {v["value"] for v in gap.values} == {a, b}
    assert f"多{abs(a - b)}件" in gap.answer or a == b


def test_a_figure_with_no_report_is_still_read_as_that_figure(years_assistant):
    answer = years_assistant[0].ask("宝丰县2021年收到多少申请？")
    assert answer.values == [] and answer.reading["row"] == "new" and "本年新收" in answer.reading["text"]


@pytest.mark.parametrize("written,read", [("汝州22新收商企数", "汝州2022新收商企数"), ("汝州21直诉未审结", "汝州2021直诉未审结"),
                                          ("汝州收到21件申请", "汝州收到21件申请"), ("汝州市收到21个", "汝州市收到21个")])
def test_a_two_digit_year_glued_to_a_name(written, read):
    assert full_years(written) == read


def test_last_year_asking_an_amount_is_not_the_last_year_column(years_assistant):
    answer = years_assistant[0].ask("汝州市去年行政事业性收费收了多少万")
    assert answer.values and answer.values[0]["column"] == "fee_amount" and answer.values[0]["year"] == 2022


@pytest.mark.parametrize("follow_up", ["How many did Ruzhou refuse on that ground in 2021?", "汝州市2021年这个原因不予公开的呢？"])
def test_that_ground_is_the_reason_asked_before(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"ground-{follow_up}", "汝州市2022年因属于国家秘密不予公开的有几件？", follow_up)
    assert answer.reading["row"] == "refused.state_secret"
    assert first(answer) == values[("汝州市", 2021)][("applications", "refused.state_secret", "total")]


@pytest.mark.parametrize("follow_up", ["宝丰县同类的呢", "郏县这类的呢"])
def test_the_same_kind_for_another_agency_keeps_the_metric(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"kind-{follow_up}", "汝州市2022年复议后起诉的案件有几件？", follow_up)
    agency = "宝丰县" if "宝丰" in follow_up else "郏县"
    assert first(answer) == values[(agency, 2022)][("review", "suit_after_review", "total")]


def test_three_agencies_added_up_by_a_count_of_them(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("三家2022年行政许可决定加一起是多少")
    assert first(answer) == sum(values[(a, 2022)][("active", "licensing", "decisions")] for a in ("汝州市", "宝丰县", "郏县"))


def test_a_year_without_a_report_is_not_one_of_these_years(years_assistant):
    assistant, values = years_assistant
    *_, trend = ask_all(assistant, "these-years", "汝州市2022年行政许可决定多少件", "前一年呢", "2020年", "2023年的呢？",
                        "那就看这三年的走势")
    assert [v["year"] for v in trend.values] == [2020, 2021, 2022]


def test_the_total_over_a_span(years_assistant):
    assistant, values = years_assistant
    answer = assistant.ask("Ruzhou licensing decisions: the total over 2020 to 2022")
    assert first(answer) == sum(values[("汝州市", y)][("active", "licensing", "decisions")] for y in (2020, 2021, 2022))


def test_released_for_the_first_time_is_the_newly_published_column(years_assistant):
    answer = years_assistant[0].ask("For 2020, what number of normative documents did Ruzhou release for the first time?")
    assert answer.values[0]["column"] == "published"


def test_which_year_had_the_most_lists_the_years_top_first(years_assistant):
    assistant, values = years_assistant
    *_, most = ask_all(assistant, "top-first", "汝州市历年行政复议各多少件？", "哪一年最多")
    counts = [values[("汝州市", y)][("review", "reconsideration", "total")] for y in (2020, 2021, 2022)]
    assert [v["value"] for v in most.values] == sorted(counts, reverse=True)


@pytest.mark.parametrize("turns,agencies", [
    (("汝州市2022年收到多少申请", "跟宝丰县比", "再加上郏县，排个序"), 3),
    (("How many licensing decisions did Ruzhou make in 2022?", "Baofeng?", "Jiaxian?", "rank the three", "and their sum?"), 3),
    (("汝州市2022年行政许可决定多少件", "宝丰县呢", "郏县呢", "三家的总数加一起"), 3),
])
def test_ranking_and_adding_up_the_agencies_of_the_conversation(years_assistant, turns, agencies):
    assistant, values = years_assistant
    *_, last = ask_all(assistant, f"agencies-{turns[-1]}", *turns)
    assert last.reading["operation"] in ("rank", "total") and len(last.reading["agencies"]) == agencies


def test_which_reason_was_the_biggest_lists_the_reasons_top_first(years_assistant):
    assistant, values = years_assistant
    *_, top = ask_all(assistant, "which-reason", "How many requests did Baofeng refuse in 2022?",
                      "break that down by reason", "which reason was the biggest?")
    counts = [v for (t, r, c), v in values[("宝丰县", 2022)].items()
              if t == "applications" and r.startswith("refused.") and c == "total"]
    assert top.reading["operation"] == "breakdown" and [v["value"] for v in top.values] == sorted(counts, reverse=True)


def test_a_change_after_two_years_asked_is_between_them(years_assistant):
    assistant, values = years_assistant
    *_, change = ask_all(assistant, "two-asked", "汝州市2022年予以公开多少件", "2021年呢", "变化了多少")
    assert [v["year"] for v in change.values] == [2021, 2022]


@pytest.mark.parametrize("question,row", [("宝丰县2022年不予公开中第三方权益的有多少", "refused.third_party"),
                                          ("宝丰县2022年因内部事务不公开的几件", "refused.internal_affairs"),
                                          ("宝丰县2022年过程性的不公开多少", "refused.process_info")])
def test_a_refusal_reason_in_short(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == row and first(answer) == values[("宝丰县", 2022)][("applications", row, "total")]


def test_what_the_report_says_about_a_figure_is_quoted_or_said_to_be_absent(text_assistant):
    text_assistant.ask("洛宁县2020年收到多少申请", session="report-says")
    answer = text_assistant.ask("报告里是怎么说的？", session="report-says")
    assert answer.values and answer.reading["row"] == "new"
    assert answer.route == "table+text" or "报告正文没有进一步说明" in answer.answer
    reasons = text_assistant.ask("上街区2019年不予公开的原因各多少")
    assert "报告正文没有进一步说明" not in reasons.answer


def test_a_year_counted_back_to_no_report_gets_no_number(years_assistant):
    assistant, values = years_assistant
    *_, before = ask_all(assistant, "before-none", "How many applications did Baofeng receive in 2022?", "the year before?")
    assert before.values == [] and "2021" in before.answer


@pytest.mark.parametrize("question,cell", [
    ("汝州市2021年因危及国家安全、公共安全、经济安全和社会稳定而不予公开的申请数", ("applications", "refused.three_safety")),
    ("汝州市2022年依申请公开办理总量是多少？", ("applications", "handled_total")),
    ("汝州市2021年要的信息都给了的申请有几件", ("applications", "granted")),
    ("汝州市2021年到年底没办完、挪到下一年的申请有多少？", ("applications", "carried_forward")),
    ("汝州市2022年行诉案件数", ("review", "lawsuits")),
])
def test_a_row_in_the_words_people_use(years_assistant, question, cell):
    """The row named the way people say it: spelled out (三安全一稳定 as its four securities), colloquial (都给了,
    挪到下一年), bureaucratic (办理总量), abbreviated (行诉)."""
    answer = years_assistant[0].ask(question)
    assert (answer.reading["table"], answer.reading["row"]) == cell
