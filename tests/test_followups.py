"""Kinds of misreading in conversations, found by counting what the bench's wrong answers misread (bench/misreadings.py)
and by new conversations written for them; each kind with several new cases.

The kinds: the year before named as the base of a change ("比上一年增加了多少", "和前一年相比呢", "同比呢", "vs the
previous year?", "how many more … than the year before") is a change from it to the year asked, never the year
asked; the report's own 本年增/减 column answers it where the template prints one; a turn that read no figure and
found nothing leaves the conversation where it was; "carried over from last year" is a row, not a year; "纠错率",
"correction rate" is a share; "合计呢", "总数呢", "the overall number" after one column is the row's 总计; "those
lawsuits" after one kind of lawsuit is that kind, and the share "of those lawsuits" is of that kind's total; one
agency compared over three years lists every year; the parts of a column group asked for are its sum, listed.
"""

import pytest

from .test_conversation import first
from .test_wording import ask_all, signed

NEW = ("applications", "new", "total")
RZ = "汝州市"


def cell(values, year: int, key: tuple) -> int:
    return values[(RZ, year)][key]


def refusal_reasons(values, year: int = 2022) -> list[int]:
    """不予公开 of 汝州市 by reason (the rows of the group)."""
    return [v for (t, r, c), v in values[(RZ, year)].items() if t == "applications" and r.startswith("refused.")
            and c == "total"]


@pytest.mark.parametrize("follow_up", ["比上一年增加了多少", "和前一年相比呢", "较上年变化多少", "同比呢",
                                       "vs the previous year?", "compared with the year before?",
                                       "How did that change over the previous year?"])
def test_the_year_before_is_the_base_of_a_change(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"base-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert answer.reading["operation"] == "change" and answer.reading["years"] == [2021, 2022]
    assert (answer.reading["table"], answer.reading["row"], answer.reading["column"]) == NEW
    assert signed(cell(values, 2022, NEW) - cell(values, 2021, NEW)) in answer.answer


@pytest.mark.parametrize("follow_up", ["比上一年增加了多少", "同比呢", "compared with the year before?"])
@pytest.mark.parametrize("earlier", ["2021年呢？", "and in 2021?"])
def test_the_year_before_is_the_base_after_the_year_moved(years_assistant, earlier, follow_up):
    """Two years in the conversation (2022, then 2021): the base is the year before the last one, not the other."""
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"moved-{earlier}-{follow_up}", "汝州市2022年收到多少申请？", earlier, follow_up)
    assert answer.reading["operation"] == "change" and answer.reading["years"] == [2020, 2021]
    assert signed(cell(values, 2021, NEW) - cell(values, 2020, NEW)) in answer.answer


@pytest.mark.parametrize("question", ["How many more applications did Ruzhou get in 2022 than the year before?",
                                      "Ruzhou 2022: how many fewer requests than the previous year?",
                                      "汝州市2022年收到的申请和去年相比增加了多少"])
def test_more_than_the_year_before_in_one_question(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "change" and answer.reading["row"] == "new"
    assert signed(cell(values, 2022, NEW) - cell(values, 2021, NEW)) in answer.answer


@pytest.mark.parametrize("question,row", [("汝州市2020年行政许可比上一年增加了多少", "licensing"),
                                          ("汝州市2020年行政处罚较上年增减多少", "penalty")])
def test_the_reports_own_change_column_answers_a_change_on_the_year_before(years_assistant, question, row):
    assistant, values = years_assistant
    answer = assistant.ask(question)  # 2020 is in the 2019 format, which prints 本年增/减
    assert (answer.reading["row"], answer.reading["column"], answer.reading["operation"]) == (row, "change", "value")
    assert first(answer) == cell(values, 2020, ("active", row, "change"))


@pytest.mark.parametrize("lost", ["今天天气怎么样", "what's the weather like?", "嗯嗯好的谢谢"])
def test_a_turn_that_finds_nothing_leaves_the_conversation_where_it_was(years_assistant, lost):
    assistant, values = years_assistant
    _, nothing, answer = ask_all(assistant, f"lost-{lost}", "汝州市2022年收到多少申请？", lost, "2021年呢？")
    assert nothing.route == "none" and not nothing.values
    assert first(answer) == cell(values, 2021, NEW)


@pytest.mark.parametrize("follow_up", ["carried over from last year?", "how many were carried over from the previous year?"])
def test_carried_over_from_last_year_is_a_row_not_a_year(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"carried-{follow_up}", "Ruzhou 2022 applications received", follow_up)
    assert answer.reading["row"] == "carried_in" and answer.reading["years"] == [2022]
    assert first(answer) == cell(values, 2022, ("applications", "carried_in", "total"))


@pytest.mark.parametrize("question", ["汝州市2022年行政复议纠错率是多少", "What was Ruzhou's correction rate on reconsiderations in 2022?"])
def test_a_rate_is_a_share(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    part, whole = (cell(values, 2022, ("review", "reconsideration", c)) for c in ("corrected", "total"))
    assert whole and answer.reading["operation"] == "share" and answer.values[0]["unit"] == "%"
    assert round(answer.values[0]["value"], 1) == round(100 * part / whole, 1)


@pytest.mark.parametrize("first_turn,follow_up", [
    ("汝州市2022年自然人申请多少", "合计呢"), ("汝州市2022年商业企业申请多少件", "总数呢"),
    ("How many of Ruzhou's 2022 requests came from companies?", "and the overall number?"),
    ("汝州市2022年法人或其他组织申请多少", "一共呢")])
def test_the_whole_row_after_one_of_its_columns(years_assistant, first_turn, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"overall-{follow_up}", first_turn, follow_up)
    assert answer.reading["column"] == "total" and first(answer) == cell(values, 2022, NEW)


def test_those_lawsuits_are_the_kind_just_asked_about(years_assistant):
    assistant, values = years_assistant
    _, share, compared = ask_all(
        assistant, "those-lawsuits", "How many of Ruzhou's 2021 lawsuits filed after reconsideration were upheld?",
        "What share of those lawsuits is that?", "Compare the total number of those lawsuits in 2020, 2021 and 2022.")
    part, whole = (cell(values, 2021, ("review", "suit_after_review", c)) for c in ("upheld", "total"))
    assert share.reading["row"] == "suit_after_review" and round(share.values[0]["value"], 1) == round(100 * part / whole, 1)
    assert compared.reading["row"] == "suit_after_review"
    assert sorted(v["year"] for v in compared.values) == [2020, 2021, 2022]
    assert [v["value"] for v in sorted(compared.values, key=lambda v: v["year"])] == [
        cell(values, y, ("review", "suit_after_review", "total")) for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question", ["比较汝州市2020、2021、2022年收到的申请",
                                      "Compare Ruzhou's applications received in 2020, 2021 and 2022"])
def test_one_agency_compared_over_three_years_lists_every_year(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert sorted((v["year"], v["value"]) for v in answer.values) == [(y, cell(values, y, NEW)) for y in (2020, 2021, 2022)]


@pytest.mark.parametrize("question", ["汝州市2022年新收申请中各类单位申请人的件数",
                                      "汝州市2022年新收申请里法人或其他组织各多少"])
def test_the_parts_of_a_column_group_are_its_sum_listed(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    parts = [cell(values, 2022, ("applications", "new", c))
             for c in ("commercial", "research", "public_interest", "legal_services", "other_org")]
    assert first(answer) == sum(parts) and answer.reading["column"] == "organisations"


REFUSED_REASONS = ("applications", "refused")


@pytest.mark.parametrize("turns", [("汝州市2022年不予公开多少件", "主要是什么原因"),
                                   ("How many requests did Ruzhou refuse in 2022?", "What were the main reasons?"),
                                   ("汝州市2022年不予公开的主要原因是什么",)])
def test_the_reasons_of_a_group_are_its_rows_the_biggest_first(years_assistant, turns):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"reasons-{turns[-1]}", *turns)[-1]
    reasons = refusal_reasons(values)
    assert answer.reading["operation"] == "breakdown"
    assert answer.values[0]["value"] == max(reasons) and len(answer.values) == len(reasons)


@pytest.mark.parametrize("turns,extreme", [
    (("How many requests did Ruzhou refuse in 2022?", "Break that down by reason.", "Which reason was most common?"), max),
    (("汝州市2022年不予公开多少件", "按原因分别列一下", "最少的是哪个原因"), min)])
def test_which_part_after_a_breakdown_ranks_the_same_parts(years_assistant, turns, extreme):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"which-part-{turns[-1]}", *turns)[-1]
    reasons = refusal_reasons(values)
    assert answer.reading["operation"] == "breakdown" and answer.values[0]["value"] == extreme(reasons)


@pytest.mark.parametrize("last,extreme", [("And the lowest?", min), ("最少的呢？", min), ("and the highest?", max)])
def test_the_other_end_of_the_years_of_one_figure(years_assistant, last, extreme):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"ends-{last}", "How many applications did Ruzhou receive in 2020?",
                     "What about every year since then?", "Which year was the highest?", last)[-1]
    assert answer.reading["operation"] == "trend" and answer.reading["agencies"] == ["汝州市人民政府"]
    assert answer.values[0]["value"] == extreme(cell(values, y, NEW) for y in (2020, 2021, 2022))


@pytest.mark.parametrize("follow_up", ["比上年多还是少", "Is that up on 2021?", "up or down compared with 2021?",
                                       "增加还是减少了"])
def test_more_or_fewer_than_the_year_before_is_a_change(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"updown-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert answer.reading["operation"] == "change" and answer.reading["years"] == [2021, 2022]
    assert signed(cell(values, 2022, NEW) - cell(values, 2021, NEW)) in answer.answer


@pytest.mark.parametrize("follow_up", ["多多少", "差多少", "how many more?"])
def test_how_many_more_after_two_agencies_ranked_is_their_gap(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"gap-{follow_up}", "汝州市2022年收到多少申请", "和宝丰县比呢", "谁多", follow_up)
    gap = abs(values[(RZ, 2022)][NEW] - values[("宝丰县", 2022)][NEW])
    assert answer.reading["operation"] == "compare" and f"{gap:,}" in answer.answer


@pytest.mark.parametrize("follow_up", ["那2021年的报告呢", "2021年的呢", "and the 2021 report?"])
def test_another_years_report_after_a_check_is_checked(years_assistant, follow_up):
    assistant, _ = years_assistant
    _, answer = ask_all(assistant, f"check-{follow_up}", "汝州市2022年报告数据有没有问题", follow_up)
    assert answer.reading["operation"] == "quality" and answer.reading["years"] == [2021]


@pytest.mark.parametrize("follow_up", ["as a percentage of everything handled?", "占全部办理总数的比例呢"])
def test_a_share_of_everything_handled_after_a_figure(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"handled-{follow_up}", "Ruzhou 2022 — how many requests were partially disclosed?",
                        follow_up)
    part, whole = (values[(RZ, 2022)][("applications", r, "total")] for r in ("partial", "handled_total"))
    assert round(answer.values[0]["value"], 1) == round(100 * part / whole, 1) and answer.values[0]["unit"] == "%"


@pytest.mark.parametrize("turns", [("汝州市2022年新收申请中企业占多少比例", "2021年呢", "变化了多少个百分点"),
                                   ("What share of Ruzhou's 2022 applications came from companies?", "and in 2021?",
                                    "how many percentage points is the change?")])
def test_the_change_of_a_share_is_in_percentage_points(years_assistant, turns):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"points-{turns[-1]}", *turns)[-1]
    shares = [round(100 * cell(values, y, ("applications", "new", "commercial")) / cell(values, y, NEW), 1)
              for y in (2021, 2022)]
    assert answer.values[0]["value"] == pytest.approx(shares[1] - shares[0])
    assert answer.values[0]["unit"] in ("个百分点", "pp")


@pytest.mark.parametrize("turns,rows", [
    (("汝州市2022年的行政复议有几件", "行政诉讼呢", "两个加起来"), ("reconsideration", "suit_direct", "suit_after_review")),
    (("Ruzhou 2022 — how many requests were fully disclosed?", "and partially?", "put those two together"),
     ("granted", "partial"))])
def test_the_last_two_figures_added_up(years_assistant, turns, rows):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"two-{turns[-1]}", *turns)[-1]
    table = "review" if "reconsideration" in rows else "applications"
    assert first(answer) == sum(values[(RZ, 2022)][(table, r, "total")] for r in rows)


@pytest.mark.parametrize("follow_up", ["结果怎么样", "How did they turn out?", "结果分别是什么"])
def test_how_cases_turned_out_is_their_outcomes(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"outcomes-{follow_up}", "汝州市2022年行政复议收到几件", follow_up)
    assert answer.reading["operation"] == "breakdown" and answer.reading["row"] == "reconsideration"
    outcomes = {c: values[(RZ, 2022)][("review", "reconsideration", c)] for c in ("upheld", "corrected", "other")}
    assert all(any(v["column"] == c and v["value"] == n for v in answer.values) for c, n in outcomes.items())


@pytest.mark.parametrize("follow_up", ["Which reason dominates?", "哪个原因占主导"])
def test_which_reason_dominates_ranks_the_reasons(years_assistant, follow_up):
    assistant, values = years_assistant
    _, answer = ask_all(assistant, f"dominates-{follow_up}", "Give me Ruzhou's 2022 numbers on refusals.", follow_up)
    reasons = refusal_reasons(values)
    assert answer.reading["operation"] == "breakdown" and answer.values[0]["value"] == max(reasons)


@pytest.mark.parametrize("question", ["And how many did Ruzhou bring in from 2021?",
                                      "How many requests were brought in from 2021 by Ruzhou?"])
def test_brought_in_from_a_year_is_pending_at_the_start_of_the_next(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert answer.reading["row"] == "carried_in" and answer.reading["years"] == [2022]
    assert first(answer) == cell(values, 2022, ("applications", "carried_in", "total"))


@pytest.mark.parametrize("follow_up", ["and for lawsuits?", "诉讼呢"])
def test_a_share_of_one_column_keeps_that_column_for_another_row(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"share-column-{follow_up}", "Ruzhou 2021 reconsiderations", "how many were upheld",
                         "what fraction is that", follow_up)
    part, whole = (sum(cell(values, 2021, ("review", r, c)) for r in ("suit_direct", "suit_after_review"))
                   for c in ("upheld", "total"))
    assert answer.reading["column"] == "upheld" and answer.reading["operation"] == "share"
    assert round(answer.values[0]["value"], 1) == round(100 * part / whole, 1)


@pytest.mark.parametrize("last", ["两者的差距", "What's the difference between the two?", "这两个差多少"])
def test_the_gap_between_the_last_two_figures(years_assistant, last):
    assistant, values = years_assistant
    answer = ask_all(assistant, f"gap2-{last}", "汝州市2022年行政许可多少", "行政处罚呢", last)[-1]
    licensing, penalty = (cell(values, 2022, ("active", r, "decisions")) for r in ("licensing", "penalty"))
    assert first(answer) == abs(licensing - penalty)


@pytest.mark.parametrize("turns,operation", [
    (("How many requests did Ruzhou receive in 2022?", "Which agency came out ahead on that one in 2022?"), "rank"),
    (("How many requests did Ruzhou refuse in 2022?", "Stack that against 2021."), "change"),
    (("How many applications did Ruzhou get in 2022?", "Tally that up with Baofeng's for the same year."), "total"),
])
def test_an_operation_only_the_tables_do_is_about_the_figure_before(years_assistant, turns, operation):
    assistant, _ = years_assistant
    answer = ask_all(assistant, f"operates-{turns[-1]}", *turns)[-1]
    assert answer.reading["operation"] == operation and answer.reading["table"] == "applications"
    assert answer.route == "table" and answer.values


def test_a_prose_subject_with_a_table_operation_stays_prose(text_assistant):
    _, answer = ask_all(text_assistant, "prose-compare", "How many requests did Luoning receive in 2020?",
                        "Compare the problems Luoning identified with Shangjie's.")
    assert answer.route == "text" and not answer.values


@pytest.fixture(scope="module")
def gaps(tmp_path_factory):
    """叶县 2023 only; 鲁山县 2021 and 2022; 舞钢市 2022 and 2023: years one agency has and another lacks."""
    from bench.synth import random_spec, render_txt
    from index.ingest import ingest_many

    from .conftest import built

    folder = tmp_path_factory.mktemp("gaps")
    specs = {(a, y): random_spec(500 + i, agency=f"{a}人民政府", year=y) for i, (a, y) in enumerate(
        [("叶县", 2023), ("鲁山县", 2021), ("鲁山县", 2022), ("舞钢市", 2022), ("舞钢市", 2023)])}
    parts = built(folder)
    ingest_many([render_txt(s, folder / f"{a}-{y}.txt") for (a, y), s in specs.items()], parts.store)
    return parts.assistant(), {k: s.values for k, s in specs.items()}


@pytest.mark.parametrize("turns", [("舞钢市2023年收到多少申请？", "鲁山县呢？"),
                                   ("How many applications did Wugang get in 2023?", "What about Lushan?"),
                                   ("舞钢市2023年不予公开多少件", "换成鲁山县看看"),
                                   ("2023年舞钢市的行政处罚决定有多少", "and Lushan County?")])
def test_a_year_the_user_named_is_not_swapped_for_another_agencys_newest(gaps, turns):
    """The year stated earlier is still asked: an agency with several reports, none of that year, gets no number
    and the years it has; an agency with a single report answers with it, saying so."""
    assistant, _ = gaps
    *_, answer = ask_all(assistant, f"gap-{turns}", *turns)
    assert answer.route == "none" and not answer.values
    assert "2021" in answer.answer and "2022" in answer.answer
    one, = ask_all(assistant, f"gap-{turns}", "叶县呢？" if "呢" in turns[1] else "and Ye County?")
    assert one.values and one.values[0]["year"] == 2023


def test_a_year_picked_for_the_user_does_not_bind_the_next_agency(gaps):
    assistant, values = gaps
    *_, answer = ask_all(assistant, "gap-newest", "舞钢市收到多少申请？", "鲁山县呢？")  # 舞钢 2023 was its newest
    assert first(answer) == values[("鲁山县", 2022)][NEW] and answer.values[0]["year"] == 2022


@pytest.mark.parametrize("rank", ["前面有数的三家谁最多", "which of the three with figures is highest?"])
def test_an_agency_no_report_answered_is_not_one_of_those_asked_about(gaps, rank):
    assistant, values = gaps
    *_, none, answer = ask_all(assistant, f"gap-rank-{rank}", "舞钢市2022年收到多少申请？", "鲁山县呢？", "叶县呢？",
                               "邙岭镇呢", rank)
    assert [v["agency"] for v in answer.values] and "叶县人民政府" in {v["agency"] for v in answer.values}
    assert {v["agency"] for v in answer.values} == {"舞钢市人民政府", "鲁山县人民政府", "叶县人民政府"}


@pytest.mark.parametrize("later,earlier", [("and two years earlier?", 2020), ("两年前呢", 2020), ("往前推两年", 2020),
                                           ("2 years before?", 2020)])
def test_several_years_back_from_the_year_asked(years_assistant, later, earlier):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"steps-{later}", "汝州市2022年收到多少申请？", later)
    assert answer.values[0]["year"] == earlier and first(answer) == cell(values, earlier, NEW)


@pytest.mark.parametrize("later", ["two years later?", "两年后呢", "往后推两年的呢"])
def test_several_years_on_from_the_year_asked(years_assistant, later):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"steps-{later}", "汝州市2020年收到多少申请？", later)
    assert answer.values[0]["year"] == 2022 and first(answer) == cell(values, 2022, NEW)


@pytest.mark.parametrize("question", ["Ruzhou 2020, administrative fees: what is in the 'items last year' column?",
                                      "汝州市2020年行政事业性收费上年项目数", "汝州市2020年行政事业性收费上一年的项目数量是多少"])
def test_last_year_inside_a_column_name_is_not_a_year(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert (answer.reading["row"], answer.reading["column"], answer.reading["years"]) == ("fees", "prev_items", [2020])
    assert first(answer) == cell(values, 2020, ("active", "fees", "prev_items"))


@pytest.mark.parametrize("question", ["汝州市2022年信息公开工作经费预算是多少", "How many staff work on disclosure in Ruzhou in 2022?",
                                      "What budget did Ruzhou set aside for disclosure work in 2022?",
                                      "汝州市2022年有几名专职工作人员"])
def test_budgets_and_staff_are_in_no_table(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert not answer.values


@pytest.mark.parametrize("follow_up", ["具体分哪几种情况", "分几类", "哪几种原因", "详细列一下"])
def test_which_kinds_after_a_group_is_its_breakdown(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"kinds-{follow_up}", "汝州市2022年不予公开的有多少件", follow_up)
    assert answer.reading["operation"] == "breakdown"
    assert sorted(v["value"] for v in answer.values) == sorted(refusal_reasons(values))


@pytest.mark.parametrize("question", ["Which had more applications in 2022, Baofeng or Jiaxian?",
                                      "Which received fewer requests in 2022: Baofeng County or Jia County?"])
def test_which_had_more_of_two_agencies_gives_both(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    got = {v["agency"]: v["value"] for v in answer.values}
    assert got == {"宝丰县人民政府": values[("宝丰县", 2022)][NEW], "郏县人民政府": values[("郏县", 2022)][NEW]}


@pytest.mark.parametrize("follow_up", ["put that next to 2021's", "and alongside 2021?"])
def test_next_to_another_year_shows_both(years_assistant, follow_up):
    assistant, values = years_assistant
    *_, answer = ask_all(assistant, f"next-{follow_up}", "汝州市2022年收到多少申请？", follow_up)
    assert {(v["year"], v["value"]) for v in answer.values} >= {(2021, cell(values, 2021, NEW)),
                                                                (2022, cell(values, 2022, NEW))}
