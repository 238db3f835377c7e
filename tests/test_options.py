"""The one-click changes offered with an answer: each, asked as the next turn, reads what it promises."""

import uuid

import pytest

# figures of every kind an option can change (value, share, breakdown; both tables; both languages), over agencies
# with several years (汝州市 2020–2022) and agencies with one (宝丰县, 郏县 2022)
STARTS = [
    "汝州市2021年收到多少申请？",
    "How many administrative reconsiderations did Ruzhou have in 2022?",
    "宝丰县2022年不予公开的有多少",
    "汝州市2020年行政处罚决定多少件",
    "郏县2022年申请人情况分别是多少",
    "汝州市2021年予以公开占比多少",
    "What share of Baofeng's 2022 requests were granted in full?",
    "How many requests did Jia County turn down because the information did not exist in 2022?",
    "汝州市2022年行政诉讼总计多少件",
]


def _turn(assistant, *questions):
    session = uuid.uuid4().hex
    return [assistant.ask(q, session) for q in questions][-1]


@pytest.mark.parametrize("start", STARTS)
def test_every_option_reads_what_it_promises(years_assistant, start):
    assistant, _ = years_assistant
    answer = _turn(assistant, start)
    options = answer.reading["options"]
    assert options, "a figure of one agency and one year has another year or another agency to offer"
    for option in options:
        followed = _turn(assistant, start, option["question"])
        assert sorted({v["agency"] for v in followed.values}) == sorted(option["agencies"]), option
        assert sorted({v["year"] for v in followed.values}) == sorted(option["years"]), option
        assert (followed.reading["table"], followed.reading["row"]) == (option["table"], option["row"]), option
        assert followed.reading["operation"] == answer.reading["operation"], option


def test_options_are_years_it_has_and_agencies_with_that_year(years_assistant):
    assistant, _ = years_assistant
    ruzhou = _turn(assistant, "汝州市2021年收到多少申请？").reading["options"]
    assert [(o["label"], o["question"]) for o in ruzhou] == [("2020", "2020年呢？"), ("2022", "2022年呢？")]
    baofeng = _turn(assistant, "How many applications did Baofeng receive in 2022?").reading["options"]
    assert {o["label"] for o in baofeng} == {"Ruzhou City", "Jia County"}  # no year: it has only 2022
    assert all(o["question"].startswith("What about ") for o in baofeng)


def test_a_row_nearly_as_close_is_offered_and_asks_that_row(text_assistant):
    start = "淮安市政府办公室2019年申请人重复提出同一申请、不予处理的有多少？"
    answer = _turn(text_assistant, start)
    rows = [o for o in answer.reading["options"] if o["label"] == "不予处理"]
    assert rows and rows[0]["row"] == "not_processed"
    assert _turn(text_assistant, start, rows[0]["question"]).reading["row"] == "not_processed"


@pytest.mark.parametrize("question", ["洛宁县2020年政府信息公开工作存在哪些主要问题？", "比较各单位收到的申请数量",
                                      "火星市2020年收到多少申请", "今天天气怎么样"])
def test_no_options_for_prose_comparisons_or_no_answer(text_assistant, question):
    assert _turn(text_assistant, question).reading["options"] == []
