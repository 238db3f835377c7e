"""Kinds of misreading found in batch 6 of the bench's conversations (by an author who never ran the assistant), each
with several new cases of its own:

- the frame of a follow-up is not what it asks about: "不对，我是想要…", "直接跳到2020年看看", "just 2021", "only 2020",
  "具体是哪几种情形，各多少件" keep the figure of the conversation;
- "多出来多少" is a change; "跟它前一年比" is the change from the year before, not a move to that year;
- a share whose whole is named around 占: "X在Y里占多少比例", "占Y总数多少" after X;
- a column word alone ("the combined amount", "金额呢") after another row's figure means that figure's column;
  but a word only one column has ("本年收费金额", "采购金额", "fees collected") names that column, and a year
  whose format lacks it has no number;
- a year the assistant picked (an agency's newest report) does not bind the next agency: each its own newest,
  as "各自最新一年" says;
- "Sum for all three." after three agencies is their total; "did that year's report pass the checks?" is a quality
  question; "先说X" after a frame asks for X;
- a figure asked again for a year whose format lacks it has no number (not a sentence of that year's text);
- a quality question over several years ("两年的报告都核一下") checks every report asked, and "通过检查了吗",
  "校验有问题吗", "检查没问题吧" are quality questions;
- a prose question's asking words ("那份…年报", "总共几条") are not its topic (tests/test_text.py).

And from batch 7's dev half: a year added to the conversation and added up; "all its reports" is one agency's, and every
year it reported, not the conversation's years; "其中商业企业申请的" narrows the row asked before (the noun 申请 names no
row, a verb does); "按原因拆开看看" breaks the group down; the noun after a named row is that row's ("all not-processed
requests" is the whole of a share); "what share is that of X" names X the whole; "2020年的报告有这一项吗" asks the same
figure of another year's report; "分别是多少" over several years is a series.
"""

import pytest

from bench.synth import random_spec, render_txt
from index.ingest import ingest_many

from .conftest import built
from .test_wording import ask_all, signed

NEW = ("applications", "new", "total")
RZ = "汝州市"


def cell(values, year: int, key: tuple, agency: str = RZ):
    return values[(agency, year)][key]


def reading(answer) -> tuple:
    r = answer.reading
    return r["operation"], r["years"], (r["table"], r["row"], r["column"])


@pytest.mark.parametrize("follow_up,year", [("直接跳到2020年看看", 2020), ("跳回2021年", 2021), ("不对，我是说2020年", 2020),
                                            ("just 2021", 2021), ("only 2020 please", 2020)])
def test_the_frame_of_a_follow_up_keeps_the_figure(years_assistant, follow_up, year):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"frame-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert reading(answer) == ("value", [year], NEW)
    assert answer.values[0]["value"] == cell(values, year, NEW)


@pytest.mark.parametrize("follow_up", ["just 2021", "只看2021年", "only the 2021 one"])
def test_one_year_after_a_series_is_that_years_figure(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"series-{follow_up}", "Ruzhou, applications received 2020 to 2022, year by year",
                        follow_up)
    assert reading(answer) == ("value", [2021], NEW) and answer.values[0]["value"] == cell(values, 2021, NEW)


@pytest.mark.parametrize("follow_up", ["不对，我是想要2021和2022两年加起来的数", "我要的是2021、2022年合计"])
def test_a_correction_asking_for_a_sum_of_years(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"sum-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert reading(answer) == ("total", [2021, 2022], NEW)
    assert f"{cell(values, 2021, NEW) + cell(values, 2022, NEW):,}" in answer.answer


@pytest.mark.parametrize("follow_up", ["具体是哪几种情形，各多少件", "分别是哪几种情形"])
def test_which_cases_after_a_group_is_its_breakdown(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"cases-{follow_up}", "汝州市2022年不予公开的一共多少？", follow_up)
    assert answer.reading["operation"] == "breakdown" and answer.reading["row"] == "refused"
    reasons = {k[1]: v for k, v in values[(RZ, 2022)].items() if k[1].startswith("refused.") and k[2] == "total"}
    assert {v["row"]: v["value"] for v in answer.values} == reasons


@pytest.mark.parametrize("follow_up", ["2022年比2021年多出来多少件", "跟它前一年比增加了多少", "和它上一年相比呢"])
def test_more_than_and_versus_its_year_before_are_changes(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"more-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert reading(answer) == ("change", [2021, 2022], NEW)
    assert signed(cell(values, 2022, NEW) - cell(values, 2021, NEW)) in answer.answer


STATE_SECRET = ("applications", "refused.state_secret", "total")


@pytest.mark.parametrize("turns", [("汝州市2022年因属于国家秘密不予公开多少件", "占不予公开总数多少"),
                                   ("汝州市2022年因属于国家秘密不予公开多少件", "在不予公开里占多少比例"),
                                   ("汝州市2022年属于国家秘密的在不予公开里占多少比例",),
                                   ("汝州市2022年属于国家秘密的占不予公开总数多少",)])
def test_a_share_whose_whole_is_named_around_it(years_assistant, turns):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"whole-{turns[-1]}", *turns)
    assert reading(answer) == ("share", [2022], STATE_SECRET)
    refused = sum(v for k, v in values[(RZ, 2022)].items() if k[1].startswith("refused.") and k[2] == "total")
    assert f"{cell(values, 2022, STATE_SECRET) / refused:.1%}" in answer.answer


FEES = ("active", "fees", "fee_amount")


@pytest.mark.parametrize("follow_up,operation", [("2021和2022年的金额加起来", "total"),
                                                 ("What's the combined amount for 2021 and 2022?", "total"),
                                                 ("金额呢，2021年", "value")])
def test_a_column_word_alone_means_the_figure_asked_before(years_assistant, follow_up, operation):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"amount-{follow_up}", "汝州市2022年行政事业性收费金额是多少", follow_up)
    r = answer.reading
    assert (r["operation"], r["table"], r["row"], r["column"]) == (operation, *FEES)


PURCHASE = ("active", "procurement", "purchase_amount")


@pytest.mark.parametrize("first,follow_up,wanted,year,answers", [
    ("汝州市2020年政府集中采购总金额", "本年收费金额呢", FEES, 2020, False),  # the 2019 format has no fee amount
    ("汝州市2022年行政事业性收费金额是多少", "采购金额呢", PURCHASE, 2022, False),  # nor the 2021 one procurement
    ("汝州市2020年政府集中采购总金额", "what about the fees collected in 2022", FEES, 2022, True),
    ("汝州市2022年行政事业性收费金额是多少", "2020年采购总金额呢", PURCHASE, 2020, True)])
def test_a_column_word_of_one_column_names_that_column(years_assistant, first, follow_up, wanted, year, answers):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"own-{first}-{follow_up}", first, follow_up)
    r = answer.reading
    assert (r["table"], r["row"], r["column"], r["years"]) == (*wanted, [year])
    if answers:
        assert str(answer.values[0]["value"]) == str(cell(values, year, wanted))
    else:
        assert answer.values == [] and answer.route == "none"


@pytest.mark.parametrize("turns,years", [
    (("汝州市2021年收到多少申请？", "2022年呢", "这两年的报告数据一致性都核一下"), [2021, 2022]),
    (("汝州市2020年收到多少申请？", "2021年呢", "这两年的报告都过了检查吗"), [2020, 2021]),
    (("Ruzhou 2020 and 2022: do both reports pass the consistency checks?",), [2020, 2022]),
    (("汝州市2020年到2022年的报告校验有问题吗",), [2020, 2021, 2022])])
def test_a_quality_question_over_several_years_checks_each(years_assistant, turns, years):
    assistant, _ = years_assistant
    *_, answer = ask_all(assistant, f"quality-{turns[-1]}", *turns)
    assert answer.reading["operation"] == "quality" and answer.reading["years"] == years
    lines = answer.answer.splitlines()
    assert len(lines) == len(years) and all(str(y) in line for y, line in zip(years, lines)), answer.answer


@pytest.mark.parametrize("question", ["汝州市2021年的报告通过检查了吗", "汝州市2022年报告校验有问题吗", "汝州市2020年的报告检查没问题吧"])
def test_passing_the_checks_in_chinese_is_a_quality_question(years_assistant, question):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["operation"] == "quality"


@pytest.mark.parametrize("turns", [("汝州市2021年的报告通过检查了吗", "那2019年那份对得上吗"),
                                   ("Does Ruzhou's 2022 report pass the checks?", "and the 2018 one?"),
                                   ("汝州市2015年的报告数据一致吗",)])
def test_quality_of_a_year_without_a_report_answers_nothing(years_assistant, turns):
    assistant, _ = years_assistant
    *_, answer = ask_all(assistant, f"no-report-{turns[-1]}", *turns)
    assert answer.reading["operation"] == "quality" and answer.route == "none" and answer.values == []


@pytest.fixture(scope="module")
def newest_years(tmp_path_factory):
    """宝丰县 2020–2021 and 鲁山县 2021–2022: their newest reports are of different years."""
    folder = tmp_path_factory.mktemp("newest")
    specs = {(a, y): random_spec(500 + y + i, agency=f"{a}人民政府", year=y)
             for i, (a, years) in enumerate((("宝丰县", (2020, 2021)), ("鲁山县", (2021, 2022)))) for y in years}
    parts = built(folder)
    ingest_many([render_txt(s, folder / f"{a}-{y}.txt") for (a, y), s in specs.items()], parts.store)
    return parts.assistant(), {k: s.values for k, s in specs.items()}


@pytest.mark.parametrize("follow_up", ["鲁山县的呢", "What about Lushan?", "鲁山"])
def test_a_year_picked_for_one_agency_is_not_asked_of_the_next(newest_years, follow_up):
    assistant, values = newest_years
    first, answer = ask_all(assistant, f"picked-{follow_up}", "宝丰县收到多少申请？", follow_up)
    assert first.reading["years"] == [2021]  # its newest report
    assert answer.reading["years"] == [2022] and answer.values[0]["value"] == cell(values, 2022, NEW, "鲁山县")
    stated_first, stated = ask_all(assistant, f"stated-{follow_up}", "宝丰县2021年收到多少申请？", follow_up)
    assert stated.reading["years"] == [2021]  # a year the user named stays asked


@pytest.mark.parametrize("question", ["这两家各自最新一年的加起来是多少", "add up each one's latest figure"])
def test_each_agencys_own_newest_report(newest_years, question):
    assistant, values = newest_years
    *_, answer = ask_all(assistant, f"each-{question}", "宝丰县收到多少申请？", "鲁山县的呢", question)
    assert answer.reading["operation"] == "total"
    assert f"{cell(values, 2021, NEW, '宝丰县') + cell(values, 2022, NEW, '鲁山县'):,}" in answer.answer


@pytest.mark.parametrize("last", ["Sum for all three.", "sum of all three?", "now sum them"])
def test_sum_for_all_three_is_their_total(years_assistant, last):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"all3-{last}", "汝州市2022年收到多少申请？", "宝丰县呢", "郏县呢", last)
    assert answer.reading["operation"] == "total"
    total = sum(cell(values, 2022, NEW, a) for a in (RZ, "宝丰县", "郏县"))
    assert f"{total:,}" in answer.answer


@pytest.mark.parametrize("follow_up", ["and did that year's report pass the checks?", "does it fail any consistency checks?",
                                       "did the 2021 report pass its checks?"])
def test_passing_the_checks_is_a_quality_question(years_assistant, follow_up):
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, f"pass-{follow_up}", "How many applications did Ruzhou receive in 2022?", follow_up)
    assert answer.reading["operation"] == "quality" and answer.route == "table"


@pytest.mark.parametrize("question,row", [("领导让我统计汝州市2022年复议诉讼的情况，先说行政复议几件", "reconsideration"),
                                          ("帮我整理汝州市2022年申请办理的情况，先说不予公开多少件", "refused"),
                                          ("For Ruzhou's 2022 review and litigation summary: first, how many reconsiderations?",
                                           "reconsideration")])
def test_what_is_asked_first_after_a_frame(years_assistant, question, row):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["row"] == row


def test_a_figure_asked_again_for_a_year_whose_format_lacks_it_has_no_number(tmp_path, embedder):
    parts = built(tmp_path, embedder)
    files = [render_txt(random_spec(700 + y, agency="汝州市人民政府", year=y), tmp_path / f"汝州-{y}.txt")
             for y in (2020, 2021)]
    ingest_many(files, parts.store, parts.text)
    assistant = parts.assistant()
    for n, follow_up in enumerate(["2021年的呢", "and in 2021?"]):
        first, answer = ask_all(assistant, f"lacks-{n}", "汝州市2020年政府集中采购项目数量是多少", follow_up)
        assert first.values and first.reading["column"] == "purchase_items"
        assert answer.route == "none" and not answer.values and answer.reading["years"] == [2021]


# --- kinds from batch 7 (its dev half) ---------------------------------------------------------------------------

@pytest.mark.parametrize("turns,years", [
    (["汝州市2021年和2022年的新收申请对比一下", "加上2020年，三年合计多少"], [2020, 2021, 2022]),
    (["汝州市2020年收到多少申请？", "2021年呢？", "加上2022年，这三年一共多少？"], [2020, 2021, 2022]),
    (["How many applications did Ruzhou receive in 2021?", "add 2022 too: what is the total for both years?"],
     [2021, 2022]),
])
def test_a_year_added_to_the_conversation_is_added_up(years_assistant, turns, years):
    """"加上2020年，三年合计": the years asked so far and the one named, added up — not the named year alone."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"add-year-{turns[-1]}", *turns)
    assert reading(answer) == ("total", years, NEW)
    assert answer.values[0]["value"] == sum(cell(values, y, NEW) for y in years)


@pytest.mark.parametrize("follow_up", ["Show me the trend across all its reports.", "Show the trend across all of Ruzhou's reports."])
def test_all_its_reports_are_the_agencys_own(years_assistant, follow_up):
    """"across all its reports" is the agency of the conversation over its years, not every agency."""
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, f"its-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert answer.reading["agencies"] == ["汝州市人民政府"]
    assert {v["agency"] for v in answer.values} == {"汝州市人民政府"}
    assert {v["year"] for v in answer.values} == {2020, 2021, 2022}


@pytest.mark.parametrize("follow_up,column", [
    ("其中商业企业申请的", "commercial"), ("其中自然人申请的有几件", "natural_person"), ("科研机构申请的呢", "research"),
])
def test_the_default_noun_with_a_column_narrows_the_row_asked_before(years_assistant, follow_up, column):
    """"其中商业企业申请的" after a reason for refusing: that reason's cell of companies — "申请" is the noun of every
    row of 表三, not the new applications."""
    assistant, values = years_assistant
    key = ("applications", "refused.state_secret", column)
    _, answer = ask_all(assistant, f"narrow-{follow_up}", "汝州市2022年因属于国家秘密不予公开多少件", follow_up)
    assert reading(answer) == ("value", [2022], key)
    assert answer.values[0]["value"] == cell(values, 2022, key)


def test_a_verb_still_names_the_row(years_assistant):
    """"收到的申请里个人多少" says which row: the applications received, whatever was asked before."""
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, "verb-row", "汝州市2022年因属于国家秘密不予公开多少件", "收到的申请里自然人多少")
    assert reading(answer) == ("value", [2022], ("applications", "new", "natural_person"))


@pytest.mark.parametrize("follow_up", ["按原因拆开看看", "拆分一下", "细分一下各多少件"])
def test_how_to_show_a_group_is_its_breakdown(years_assistant, follow_up):
    """"按原因拆开看看" after 不予公开: the group's reasons, each with its figure — words saying how to show it are no
    topic of the report's text."""
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"split-{follow_up}", "汝州市2022年不予公开的有多少", follow_up)
    assert answer.route == "table" and answer.reading["operation"] == "breakdown"
    shown = {v["row"]: v["value"] for v in answer.values}
    assert shown["refused.state_secret"] == cell(values, 2022, ("applications", "refused.state_secret", "total"))
    assert len(shown) >= 8


@pytest.mark.parametrize("turns,part,whole", [
    (["汝州市2022年重复申请不予处理的有几件", "占不予处理申请的多少"], "not_processed.repeat", "not_processed"),
    (["How many Ruzhou requests in 2022 were not processed because they were repeats?",
      "What share of all not-processed requests is that?"], "not_processed.repeat", "not_processed"),
    (["How many Ruzhou requests were refused in 2022 as state secrets?",
      "what proportion of the refused applications is that?"], "refused.state_secret", "refused"),
])
def test_a_shares_whole_is_the_row_its_noun_belongs_to(years_assistant, turns, part, whole):
    """"all not-processed requests", "不予处理申请": the noun is the named row's, so that row is the whole — not the
    applications received."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"whole-{turns[-1]}", *turns)
    cells = values[("汝州市", 2022)]
    parts = sum(v for (t, r, c), v in cells.items() if t == "applications" and r.startswith(f"{whole}.") and c == "total"
                and v is not None)
    assert answer.reading["operation"] == "share" and answer.reading["row"] == part
    assert round(answer.values[0]["value"], 1) == round(100 * cells[("applications", part, "total")] / parts, 1)


@pytest.mark.parametrize("follow_up", ["Show me the trend across all its reports.", "看看它所有报告的趋势", "它历年的数字呢"])
def test_every_report_is_every_year_not_the_conversations(years_assistant, follow_up):
    """After a change between 2021 and 2022, "all its reports" is every year the agency reported (2020–2022)."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"every-{follow_up}", "汝州市2022年收到多少申请？", "比2021年多了多少？", follow_up)
    assert reading(answer) == ("trend", [2020, 2021, 2022], NEW)
    assert [v["value"] for v in answer.values] == [cell(values, y, NEW) for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("follow_up", ["What share is that of all requests handled?", "what proportion was it of the handled total?"])
def test_share_is_that_of_names_the_whole(years_assistant, follow_up):
    """"What share is that of X": X is the whole and the figure before it the part."""
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"is-that-of-{follow_up}", "How many Ruzhou requests in 2022 were fully disclosed?", follow_up)
    cells = values[("汝州市", 2022)]
    assert answer.reading["operation"] == "share" and answer.reading["row"] == "granted"
    share = 100 * cells[("applications", "granted", "total")] / cells[("applications", "handled_total", "total")]
    assert round(answer.values[0]["value"], 1) == round(share, 1)


@pytest.mark.parametrize("follow_up", ["2020年的报告有这一项吗？有几件？", "2020年的报告里呢", "那2020年报告上有吗"])
def test_the_report_of_another_year_asked_for_the_same_figure(years_assistant, follow_up):
    """"2020年的报告有这一项吗" after a row only the 2021 format has: that year's report lacks it — no number, and no
    sentence of the text passed off as one."""
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, f"report-{follow_up}", "汝州市2021年申请人逾期未缴费不再处理的有几件", follow_up)
    assert answer.route == "none" and not answer.values
    assert answer.reading["years"] == [2020] and answer.reading["row"] == "other.unpaid_fee"


@pytest.mark.parametrize("question", ["汝州市2021年和2022年的行政复议总数分别是多少？", "汝州市2020、2021年行政复议各是多少"])
def test_each_of_several_years_is_a_series(years_assistant, question):
    """"分别是多少" of one row over several years: each year's figure, not the row's columns."""
    assistant, values = years_assistant
    answer = assistant.ask(question)
    key = ("review", "reconsideration", "total")
    assert answer.reading["operation"] == "trend"
    assert [v["value"] for v in answer.values] == [cell(values, y, key) for y in answer.reading["years"]]
    assert len(answer.values) == 2


AGENCIES_2022 = (("汝州市", "汝州市人民政府"), ("宝丰县", "宝丰县人民政府"), ("郏县", "郏县人民政府"))


@pytest.mark.parametrize("ranking", ["Order the three agencies' 2022 applications from most to fewest.",
                                     "2022年三个单位收到的申请从多到少排个序"])
def test_most_to_fewest_is_the_top_first(years_assistant, ranking):
    assistant, values = years_assistant
    answer = assistant.ask(ranking)
    wanted = sorted((values[(short, 2022)][NEW] for short, _ in AGENCIES_2022), reverse=True)
    assert [v["value"] for v in answer.values] == wanted


@pytest.mark.parametrize("turns,end", [
    (["2022年三个单位收到的申请排个序", "排第一的那家予以公开多少"], "top"),
    (["Rank the three agencies by applications received in 2022", "Total?", "For the agency at the top, how many were fully disclosed?"], "top"),
    (["2022年三个单位收到的申请排个序", "排第一的那家予以公开多少", "排最后的那个呢"], "bottom"),
    (["Rank the three agencies by applications received in 2022", "and the one at the bottom - how many were granted?"], "bottom"),
])
def test_the_agency_at_the_top_or_bottom_of_the_last_list(years_assistant, turns, end):
    """"排第一的那家", "the agency at the top": the first (or last) agency of the list last given, even a turn later —
    one agency's figure, not the ranking again."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"ranked-{turns[-1]}-{len(turns)}", *turns)
    ranked = sorted(AGENCIES_2022, key=lambda a: -values[(a[0], 2022)][NEW])
    short, full = ranked[0 if end == "top" else -1]
    assert answer.reading["agencies"] == [full] and answer.reading["operation"] == "value"
    assert answer.values[0]["value"] == values[(short, 2022)][("applications", "granted", "total")]


@pytest.mark.parametrize("question,part,whole", [
    ("Ruzhou 2022: of the requests it was unable to provide, what percentage were because it did not hold the information?",
     "unable.not_held", "unable"),
    ("Of the applications Ruzhou could not provide in 2022, what share had to be newly created?", "unable.needs_creation", "unable"),
    ("汝州市2022年：在不予公开的申请中，国家秘密占多少比例", "refused.state_secret", "refused"),
])
def test_a_leading_clause_after_a_frame_is_the_whole(years_assistant, question, part, whole):
    """"Ruzhou 2022: of the requests it was unable to provide, …": the clause names the whole even after a frame, and
    "requests" in it is the named group's noun."""
    assistant, values = years_assistant
    answer = assistant.ask(question)
    cells = values[("汝州市", 2022)]
    parts = sum(v for (t, r, c), v in cells.items() if t == "applications" and r.startswith(f"{whole}.") and c == "total"
                and v is not None)
    assert answer.reading["operation"] == "share" and answer.reading["row"] == part
    assert round(answer.values[0]["value"], 1) == round(100 * cells[("applications", part, "total")] / parts, 1)


# --- kinds from batch 8 (its dev half) ---------------------------------------------------------------------------

@pytest.mark.parametrize("follow_up,year,agency", [
    ("Sorry, I meant Baofeng.", 2022, "宝丰县"),
    ("No wait, I meant 2021.", 2021, "汝州市"),
    ("Actually, 2020 rather.", 2020, "汝州市"),
    ("How many is that in absolute terms?", 2022, "汝州市"),
])
def test_an_english_correction_or_frame_keeps_the_figure(years_assistant, follow_up, year, agency):
    """"Sorry, I meant Liuhe", "No wait, I meant 2022", "in absolute terms": words of a correction or a frame are no
    topic of the report's text — the figure of the conversation for the agency or year now named."""
    assistant, values = years_assistant
    key = ("applications", "new", "commercial")
    _, answer = ask_all(assistant, f"frame-{follow_up}", "How many of Ruzhou's 2022 new applications came from companies?",
                        follow_up)
    assert answer.route == "table" and answer.reading["years"] == [year]
    assert answer.values[0]["value"] == values[(agency, year)][key]


@pytest.mark.parametrize("follow_up", ["In how many did the result go against the county?", "How many ended against the city?"])
def test_a_result_going_against_the_agency_is_corrected(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"against-{follow_up}", "How many reconsideration cases did Ruzhou have in 2022?", follow_up)
    assert answer.reading["column"] == "corrected"
    assert answer.values[0]["value"] == values[("汝州市", 2022)][("review", "reconsideration", "corrected")]


@pytest.mark.parametrize("follow_up", ["兩家合計", "兩個加起來一共多少", "这两家合在一起有多少件"])
def test_a_follow_up_in_traditional_characters_points_back_as_in_simplified(years_assistant, follow_up):
    """"兩家合計" after two agencies is their sum, as "两家合计" is: the conversation reads the question simplified."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"trad-{follow_up}", "汝州市2022年收到多少申请？", "宝丰县呢", follow_up)
    assert answer.reading["operation"] == "total"
    assert answer.values[0]["value"] == values[("汝州市", 2022)][NEW] + values[("宝丰县", 2022)][NEW]


@pytest.mark.parametrize("follow_up,agency", [("Fine - Baofeng then.", "宝丰县"), ("OK, Jia County then?", "郏县"),
                                              ("Alright: Baofeng.", "宝丰县")])
def test_a_word_taking_the_turn_is_no_figure(years_assistant, follow_up, agency):
    """"Fine - Meichuan then.": "fine" takes the turn here, it is not a penalty."""
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"turn-{follow_up}", "How many requests did Ruzhou grant in full in 2022?", follow_up)
    assert answer.reading["row"] == "granted"
    assert answer.values[0]["value"] == values[(agency, 2022)][("applications", "granted", "total")]


@pytest.mark.parametrize("question,row,column", [
    ("How many Ruzhou 2021 requests were still open and carried over into 2022?", "carried_forward", "total"),
    ("汝州市2022年以单位名义提出、最后部分公开的申请有几件", "partial", "organisations"),
])
def test_rows_and_columns_in_batch_8s_words(years_assistant, question, row, column):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)


# Batch 9's dev half: a correction naming only a year ("说错了，是2022年") keeps the figure; "这部分里" narrows as
# "其中" does; "回到刚才那个数" after prose turns goes back to the last figure; fees for handling requests are the
# text's (the tables hold administrative fees only); "for any reason" is the whole group; the words people use for
# repealing and for "legal persons or other organisations".

@pytest.mark.parametrize("follow_up", ["说错了，是2022年", "搞错了，应该是2022年的", "记错了 2022年", "口误，2022年"])
def test_a_correction_naming_only_a_year_keeps_the_figure(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"year-fix-{follow_up}", "汝州市2021年予以公开多少件", follow_up)
    assert (answer.reading["row"], answer.reading["years"]) == ("granted", [2022])
    assert answer.values[0]["value"] == cell(values, 2022, ("applications", "granted", "total"))


@pytest.mark.parametrize("narrowing", ["这部分里自然人申请的有几件", "这一部分当中商业企业的呢", "那部分里法律服务机构的有多少"])
def test_this_part_narrows_to_a_column_of_the_row_asked(years_assistant, narrowing):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"part-{narrowing}", "汝州市2022年部分公开的申请有几件", narrowing)
    column = {"自然人": "natural_person", "商业企业": "commercial", "法律服务机构": "legal_services"}[
        next(w for w in ("自然人", "商业企业", "法律服务机构") if w in narrowing)]
    assert (answer.reading["row"], answer.reading["column"]) == ("partial", column)
    assert answer.values[0]["value"] == cell(values, 2022, ("applications", "partial", column))


@pytest.mark.parametrize("prose,back", [
    ("那年报告说存在什么问题", "回到刚才那个数，2021年是多少"),
    ("下一步打算怎么改进", "说回之前的数字，2021年呢"),
    ("What problems did the report identify?", "Back to the figure - what was it in 2021?"),
])
def test_going_back_to_the_figure_after_prose_turns(years_assistant, prose, back):
    assistant, values = years_assistant
    *_, answer, total = ask_all(assistant, f"back-{back}", "汝州市2022年予以公开多少件", prose, back, "两年合计")
    assert (answer.reading["row"], answer.reading["years"]) == ("granted", [2021])
    assert answer.values[0]["value"] == cell(values, 2021, ("applications", "granted", "total"))
    assert total.reading["operation"] == "total" and total.values[0]["value"] == sum(
        cell(values, y, ("applications", "granted", "total")) for y in (2021, 2022))


@pytest.mark.parametrize("question", ["汝州市2022年依申请公开收费了吗", "汝州市2022年办理依申请公开收钱了没有",
                                      "Did Ruzhou charge applicants any fees for information requests in 2022?",
                                      "How much did Ruzhou make requesters pay for information in 2022?"])
def test_fees_for_handling_requests_are_the_texts(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert answer.reading["table"] is None and not answer.values


@pytest.mark.parametrize("question", [
    "Ruzhou 2022: on the administrative fees line of the proactive disclosure table, what is the fee amount?",
    "汝州市2022年主动公开表里行政事业性收费的本年收费金额是多少",
    "How much did Ruzhou collect in administrative fees in 2022, according to the disclosure table?"])
def test_the_administrative_fees_line_is_the_tables(years_assistant, question):
    answer = years_assistant[0].ask(question)
    assert (answer.reading["row"], answer.reading["column"]) == ("fees", "fee_amount") and answer.values


@pytest.mark.parametrize("question,row,column", [
    ("汝州市2022年行政事业性收费金额是多少", "fees", "fee_amount"),
    ("汝州市2022年申请人逾期未按收费通知缴纳费用的有几件", "other.unpaid_fee", "total"),
    ("How many rules did Ruzhou scrap in 2022?", "rules", "repealed"),
    ("How many normative documents did Ruzhou rescind in 2022?", "normative_docs", "repealed"),
    ("Ruzhou 2022: how many requests were lodged by companies and other bodies rather than by individuals?", "new",
     "organisations"),
    ("In 2022 how many Ruzhou requests came from businesses or other organisations?", "new", "organisations"),
    ("汝州市2022年以单位身份提出的申请有多少", "new", "organisations"),
    ("How many Ruzhou requests went unprocessed in 2022 for any reason?", "not_processed", "total"),
    ("汝州市2022年不管什么原因不予处理的一共多少件", "not_processed", "total"),
])
def test_rows_and_columns_in_batch_9s_words(years_assistant, question, row, column):
    answer = years_assistant[0].ask(question)
    assert (answer.reading["row"], answer.reading["column"] or "total") == (row, column)
    assert answer.values


# --- kinds from batch 9 (its dev half), second pass --------------------------------------------------------------

@pytest.mark.parametrize("first_question,row,kind", [
    ("汝州市2022年办理结果总计多少件", "handled_total", "row"),
    ("汝州市2022年不予公开多少件", "refused", "group"),
    ("How many Ruzhou requests were not processed in 2022?", "not_processed", "group"),
])
@pytest.mark.parametrize("by_applicant", ["按申请人类型拆分一下", "break it down by applicant type"])
def test_a_breakdown_by_applicant_is_of_the_figure_asked_before(years_assistant, first_question, row, kind,
                                                                by_applicant):
    """"按申请人类型" names the columns to split by, not the applications received; a group is split by applicant too
    (each column summed over its reasons), not by reason."""
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"by-applicant-{first_question}-{by_applicant}", first_question, by_applicant)
    assert (answer.reading["row"], answer.reading["operation"]) == (row, "breakdown")
    cells = values[("汝州市", 2022)]
    members = {row} if kind == "row" else {r for (t, r, c) in cells if t == "applications" and r.startswith(row + ".")}
    for column in ("natural_person", "commercial", "total"):
        wanted = sum(cells[("applications", r, column)] for r in members)
        assert any(v["column"] == column and v["value"] == wanted for v in answer.values), (column, answer.answer)


@pytest.mark.parametrize("follow_up,row,column", [
    ("And people firing off huge numbers of requests for no good reason?", "not_processed.mass_repeat", "total"),
    ("What about people who asked for published material like yearbooks?", "not_processed.publication", "total"),
])
def test_people_doing_something_are_not_the_natural_person_column(years_assistant, follow_up, row, column):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"people-{follow_up}",
                        "How many Ruzhou requests in 2022 were petitions or complaints and so not processed?", follow_up)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column)


def test_the_direct_ones_and_the_decision_upheld(years_assistant):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, "direct-upheld", "How many lawsuits did Ruzhou face in 2022?",
                         "How many of those went straight to court?",
                         "And in how many of the direct ones was the city's decision upheld?")
    assert (answer.reading["row"], answer.reading["column"]) == ("suit_direct", "upheld")
    assert answer.values[0]["value"] == cell(values, 2022, ("review", "suit_direct", "upheld"))


@pytest.mark.parametrize("turns,said", [
    (("邙岭镇2020年政府集中采购总金额是多少？", "其他需要报告的事项写了什么"), "暂无其它需要报告的事项"),
    (("How many requests did Yanshi's office receive in 2019?", "Anything in the 'other matters to report' section?"),
     "暂无其他需要说明的事项"),
    (("上街区2019年收到多少申请", "第六部分其他事项说了什么"), "我区无需要说明的其他事项"),
])
def test_section_six_is_quoted_even_when_it_says_there_is_nothing(text_assistant, turns, said):
    *_, answer = ask_all(text_assistant, f"six-{turns[0]}", *turns)
    assert answer.route == "text" and said in answer.answer, answer.answer


@pytest.mark.parametrize("turns,said", [
    (("How many requests did Yanshi's office receive in 2019?",
      "And what does the report's own wording say about requests received?"), "收到依申请公开5件"),
    (("Shangjie District 2019: how many requests came in?", "What does the report say about applications made online?"),
     "互联网申请"),
])
def test_the_reports_own_words_after_a_figure(text_assistant, turns, said):
    *_, answer = ask_all(text_assistant, f"words-{turns[1]}", *turns)
    assert answer.route == "text" and said in answer.answer and not answer.values, answer.answer


# --- kinds from batch 10 (its dev half) --------------------------------------------------------------------------

def test_the_other_end_of_a_ranking_keeps_the_year_stated(years_assistant):
    *_, answer = ask_all(years_assistant[0], "rank-flip", "2021年哪个单位新收申请最多", "最少的是哪个")
    assert answer.reading["operation"] == "rank" and {v["year"] for v in answer.values} == {2021}


@pytest.mark.parametrize("turns", [
    ("汝州市2020年无法提供的申请多少件", "2021年呢", "两年相比"),
    ("How many Ruzhou requests were not processed in 2020?", "And in 2021?", "And the difference between those two years?"),
])
def test_the_two_years_asked_compared_is_their_change(years_assistant, turns):
    assistant, values = years_assistant
    first_answer, *_, answer = ask_all(assistant, f"two-years-{turns[-1]}", *turns)
    assert answer.reading["operation"] == "change" and answer.reading["years"] == [2020, 2021]
    assert answer.reading["row"] == first_answer.reading["row"] and answer.reading["agencies"] == ["汝州市人民政府"]


def test_the_three_agencies_put_side_by_side(years_assistant):
    *_, answer = ask_all(years_assistant[0], "three-side", "汝州市2022年予以公开几件", "宝丰县的呢", "郏县", "三家放一起比一下")
    assert answer.reading["operation"] == "compare" and answer.reading["row"] == "granted"
    assert len({v["agency"] for v in answer.values}) == 3


@pytest.mark.parametrize("turns,row,column", [
    (("汝州市2022年科研机构的申请多少件", "商业企业的", "总计"), "new", "total"),
    (("汝州市2020年行政诉讼尚未审结的有几件", "2021年同一口径"), "lawsuits", "pending"),
    (("How many requests did Baishui County receive in 2022?", "Never mind. Ruzhou, 2022?"), "new", "total"),
    (("汝州市2022年收到多少申请", "其中自然人多少", "不予公开的呢"), "refused", "natural_person"),
])
def test_bare_follow_ups_keep_the_figure_and_change_one_part(years_assistant, turns, row, column):
    *_, answer = ask_all(years_assistant[0], f"bare-{turns}", *turns)
    assert (answer.reading["row"], answer.reading["column"]) == (row, column) and answer.values


def test_since_a_year_is_every_year_from_then_on(years_assistant):
    *_, answer = ask_all(years_assistant[0], "since", "汝州市2022年行政处罚处理决定多少", "How has it moved since 2020?")
    assert answer.reading["operation"] == "trend" and answer.reading["years"] == [2020, 2021, 2022]


def test_what_they_received_between_them_is_a_total(years_assistant):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, "between-them", "2022年哪个单位新收申请最多",
                         "What did the three agencies receive between them in 2022?")
    assert answer.reading["operation"] == "total"
    assert answer.values[0]["value"] == sum(values[(a, 2022)][("applications", "new", "total")]
                                            for a in ("汝州市", "宝丰县", "郏县"))


# --- kinds from batch 11 (its dev half) --------------------------------------------------------------------------

@pytest.mark.parametrize("follow_up,column", [
    ("How many ended with the city's decision confirmed?", "upheld"),
    ("How many were closed some other way, say because the applicant withdrew?", "other"),
    ("How many went the applicant's way, with the city's decision changed?", "corrected"),
    ("Still waiting for a decision?", "pending"),
])
def test_review_outcomes_in_plain_words_after_a_review_figure(years_assistant, follow_up, column):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"outcome-{follow_up}", "How many reconsiderations did Ruzhou face in 2022?", follow_up)
    assert (answer.reading["row"], answer.reading["column"], answer.reading["operation"]) == (
        "reconsideration", column, "value")
    assert answer.values[0]["value"] == cell(values, 2022, ("review", "reconsideration", column))


@pytest.mark.parametrize("turns,operation", [
    (("汝州市2022年部分公开的申请几件", "占当年办结总数多少"), "share"),
    (("汝州市2022年因为是执法案卷不公开的几件", "不对，我说的是2021年"), "value"),
    (("汝州市2022年收到多少申请", "这份报告的数据自洽吗"), "quality"),
    (("How many Ruzhou requests were refused in 2020 as internal affairs?", "Total on that ground over its three years?"),
     "total"),
])
def test_follow_ups_in_batch_elevens_words(years_assistant, turns, operation):
    *_, answer = ask_all(years_assistant[0], f"b11-{turns[-1]}", *turns)
    assert answer.reading["operation"] == operation and (answer.values or operation == "quality")
    if turns[-1].startswith("不对"):
        assert answer.reading["years"] == [2021] and answer.reading["row"] == "refused.enforcement_file"
    if operation == "total":
        assert answer.reading["years"] == [2020, 2021, 2022]
