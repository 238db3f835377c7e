"""Kinds read wrong in batch 13's dev half (long questions with clauses of context, English conversations), each
with new cases of that kind, never the bench's sentences.

A check named only in a clause of purpose before a question that asks a figure is not the question ("为了核对…，想问
一下：…是多少"); a clause that measures the figure against the province or an average asks nothing of the tables.
"since 2020" with a change or a trend is every year from then. "不算个人提的" sets the natural persons apart and
leaves the applications of the rest (the applications themselves are not set apart). A column group named with one of
its members is that member ("decided in its favour": upheld). "A versus B" over the rows of one group is that group
row by row. After a ranking of one agency's years, "that year" is the year at the top; "rank its figures" ranks that
agency's years. A name asked for ("which document", "依据什么") is the text's. "What share of its partial disclosures is
that?" is the figure just given as a part of the row named. "mass repeat" requests are the 大量反复 reason, and
"never supplied the corrections" the 逾期不补正 row. What complaints or letters "涉及哪些问题" is what they were about,
not section 五's problems.
"""

import pytest

from .test_conversation import converse, first

RZ = "汝州市人民政府"


def reading(answer) -> tuple:
    r = answer.reading
    return r["operation"], r["years"], r["table"], r["row"], r["column"]


@pytest.mark.parametrize("question,row", [
    ("为了核对汝州市2021年的报表，想问一下：行政许可处理决定数量是多少", "licensing"),
    ("I'm reconciling Ruzhou's 2022 tables — how many penalty decisions were there?", "penalty"),
    ("帮领导校验一下材料，汝州市2020年行政强制处理决定几件", "coercion"),
])
def test_a_check_in_a_clause_of_purpose_is_not_the_question(years_assistant, question, row):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert reading(answer)[0] == "value" and reading(answer)[2:4] == ("active", row) and answer.values


@pytest.mark.parametrize("question", ["汝州市2021年的数据一致吗", "汝州市2022年的表格核对一下，有没有问题"])
def test_a_check_asked_for_is_still_a_check(years_assistant, question):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["operation"] == "quality"


@pytest.mark.parametrize("question", ["汝州市2022年收到多少申请，在全省算多吗", "汝州市2022年收到多少申请，这个数跟全国平均水平比是多还是少",
                                      "How many requests did Ruzhou get in 2022 — is that high for the province?"])
def test_a_comparison_with_the_province_asks_nothing_of_the_tables(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    assert reading(answer)[:4] == ("value", [2022], "applications", "new")
    assert first(answer) == values[("汝州市", 2022)][("applications", "new", "total")]


def test_more_or_less_than_another_year_is_still_a_change(years_assistant):
    assistant, _ = years_assistant
    assert assistant.ask("汝州市2022年比2021年收到的申请多还是少").reading["operation"] == "change"


@pytest.mark.parametrize("question", ["How has Ruzhou's number of new requests changed since 2020?",
                                      "汝州市2020年以来行政复议数量怎么变化的"])
def test_since_a_year_is_every_year_from_then(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert reading(answer)[:2] == ("trend", [2020, 2021, 2022])
    assert sorted({v["year"] for v in answer.values}) == [2020, 2021, 2022]


@pytest.mark.parametrize("question", ["汝州市2021年不算个人提的申请有多少", "汝州市2021年收到的申请里，不算个人提的一共多少件",
                                      "汝州市2021年不算个人的申请一共多少"])
def test_the_natural_persons_set_apart_leave_the_organisations(years_assistant, question):
    assistant, values = years_assistant
    answer = assistant.ask(question)
    cells = values[("汝州市", 2021)]
    organisations = sum(cells[("applications", "new", c)] for c in ("commercial", "research", "public_interest",
                                                                     "legal_services", "other_org"))
    assert reading(answer)[2:] == ("applications", "new", "organisations") and first(answer) == organisations


@pytest.mark.parametrize("question,row,column", [
    ("How many of Ruzhou's 2022 reconsiderations were decided in its favour?", "reconsideration", "upheld"),
    ("How many Ruzhou 2021 lawsuits filed directly were concluded with the decision overturned?", "suit_direct",
     "corrected"),
    ("Ruzhou 2022 reconsideration cases still pending at year end?", "reconsideration", "pending"),
])
def test_a_member_of_a_column_group_named_with_it_is_that_member(years_assistant, question, row, column):
    assistant, _ = years_assistant
    assert reading(assistant.ask(question))[2:] == ("review", row, column)


@pytest.mark.parametrize("question", ["Ruzhou 2022: direct lawsuits versus lawsuits after reconsideration",
                                      "Ruzhou 2021 lawsuits filed directly vs lawsuits after reconsideration?"])
def test_one_row_versus_another_of_its_group_is_the_group_row_by_row(years_assistant, question):
    assistant, _ = years_assistant
    answer = assistant.ask(question)
    assert reading(answer)[0] == "breakdown" and answer.reading["row"] == "lawsuits"
    assert {v["row"] for v in answer.values} >= {"suit_direct", "suit_after_review"}


@pytest.mark.parametrize("rank,follow_up", [
    ("Which year did Ruzhou receive the most requests?", "How many of that year's requests came from natural persons?"),
    ("汝州市哪一年收到的申请最少", "那一年其中自然人多少"),
])
def test_that_year_after_a_ranking_of_years_is_the_one_at_the_top(years_assistant, rank, follow_up):
    assistant, values = years_assistant
    ranked, answer = converse(assistant, rank, follow_up)
    pick = min if "最少" in rank else max
    top = pick((2020, 2021, 2022), key=lambda y: values[("汝州市", y)][("applications", "new", "total")])
    assert reading(answer)[:2] == ("value", [top]) and answer.reading["column"] == "natural_person"
    assert first(answer) == values[("汝州市", top)][("applications", "new", "natural_person")]


def test_rank_its_figures_ranks_that_agencys_years(years_assistant):
    assistant, values = years_assistant
    *_, answer = converse(assistant, "汝州市2021年行政处罚决定多少", "Rank its 2020–2022 figures, highest first.")
    assert {v["agency"] for v in answer.values} == {RZ}
    got = [v["value"] for v in answer.values if v["row"] == "penalty"]
    assert got == sorted((values[("汝州市", y)][("active", "penalty", "decisions")] for y in (2020, 2021, 2022)),
                         reverse=True)


@pytest.mark.parametrize("question", ["洛宁县开展政府信息公开工作依据的是什么文件", "Which platforms did Luoning use to publish "
                                      "government information in 2020?", "上街区通过哪个平台受理依申请公开"])
def test_a_name_asked_for_is_the_texts(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.route in ("text", "none") and not answer.values and answer.reading["table"] is None


def test_that_as_a_share_of_the_row_named(years_assistant):
    assistant, values = years_assistant
    *_, answer = converse(assistant, "汝州市2022年部分公开的申请中自然人多少", "What share of its partial disclosures is that?")
    cells = values[("汝州市", 2022)]
    share = round(100 * cells[("applications", "partial", "natural_person")] / cells[("applications", "partial", "total")], 1)
    assert answer.reading["operation"] == "share" and f"{share}%" in answer.answer


@pytest.mark.parametrize("question,row", [
    ("What share of the requests Ruzhou declined to process in 2021 were mass repeat applications?",
     "not_processed.mass_repeat"),
    ("How many Ruzhou 2022 applications lapsed because the applicant never supplied the corrections requested?",
     "other.no_supplement"),
    ("How many repeat requests did Ruzhou decline to process in 2022?", "not_processed.repeat"),
])
def test_reasons_told_apart_by_their_qualifiers(years_assistant, question, row):
    assistant, _ = years_assistant
    assert assistant.ask(question).reading["row"] == row


@pytest.mark.parametrize("question", ["洛宁县县长信箱的来信主要涉及哪些问题", "偃师市网民诉求主要涉及什么问题"])
def test_what_letters_concern_is_not_section_five(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.route == "text" and "存在的主要问题（" not in answer.answer


def test_several_members_named_with_their_group_are_the_group(years_assistant):
    assistant, _ = years_assistant
    answer = assistant.ask("How many of Ruzhou's 2022 reconsiderations were decided, whether upheld, corrected or "
                           "closed another way?")
    assert reading(answer)[2:] == ("review", "reconsideration", "concluded")


def test_what_about_a_documents_row_is_no_name_asked(years_assistant):
    assistant, _ = years_assistant
    *_, answer = converse(assistant, "汝州市2020年规章对外公开总数量", "What about normative documents?")
    assert reading(answer)[2:4] == ("active", "normative_docs") and answer.values
