"""Open questions about a part of a report ("…依申请公开工作怎么样？", "How did Shangjie handle information requests?"):
the part's key figures, cited, and the report's own opening words on it; a follow-up asks the same of another
agency; with a language model configured the answer is worded again from exactly those figures and passages."""

import uuid

import pytest

from .test_llm import user_message, with_model


def figures(answer) -> dict:
    return {(v["table"], v["row"]): v["value"] for v in answer.values if v["column"] == "total" or v["table"] == "active"}


@pytest.mark.parametrize("question", ["上街区2019年的依申请公开工作怎么样？", "How did Shangjie handle information requests in 2019?",
                                      "上街区2019年依申请公开情况如何", "Give me an overview of Shangjie's 2019 requests for information"])
def test_the_requests_part_gives_its_key_figures_and_the_reports_words(text_assistant, question):
    answer = text_assistant.ask(question)
    assert answer.reading["operation"] == "overview" and answer.route == "table+text"
    got = figures(answer)
    assert got[("applications", "new")] == 79 and got[("applications", "handled_total")] == 77
    assert got[("applications", "granted")] == 26 and got[("applications", "partial")] == 18
    assert answer.sources and "依申请公开" in answer.sources[0]["text"]  # the report's own words, quoted
    assert all(v["source"]["file"] == "003_0d16514126ac40ad.txt" for v in answer.values)


@pytest.mark.parametrize("question,rows", [
    ("上街区2019年主动公开工作情况如何", {("active", "licensing"), ("active", "penalty")}),
    ("淮安2019年行政复议和诉讼情况怎么样", {("review", "reconsideration"), ("review", "suit_direct")}),
    ("偃师市2019年政府信息公开工作总体情况怎么样", {("applications", "new"), ("review", "reconsideration")}),
])
def test_each_part_its_own_figures(text_assistant, question, rows):
    answer = text_assistant.ask(question)
    assert answer.reading["operation"] == "overview" and rows <= {(v["table"], v["row"]) for v in answer.values}


def test_a_follow_up_asks_the_same_of_another_agency_and_a_figure_after_it_is_a_figure(text_assistant):
    session = uuid.uuid4().hex
    text_assistant.ask("洛宁县2020年的依申请公开工作怎么样？", session)
    other = text_assistant.ask("那上街区呢？", session)
    assert other.reading["operation"] == "overview" and figures(other)[("applications", "new")] == 79
    granted = text_assistant.ask("其中予以公开多少", session)
    assert granted.reading["operation"] == "value" and granted.values[0]["value"] == 26


@pytest.mark.parametrize("question,value", [("上街区2019年依申请公开工作怎么样，收到多少申请？", 79),
                                            ("How many requests did Shangjie handle in 2019?", 77)])
def test_a_figure_asked_is_no_overview(text_assistant, question, value):
    answer = text_assistant.ask(question)
    assert answer.reading["operation"] == "value" and answer.values[0]["value"] == value


def test_a_model_words_the_overview_from_its_figures_and_passages(text_indexed, fake_llm):
    reply = ("In 2019 Shangjie received 79 requests and handled 77 [R1][R2]. "
             "It fully disclosed 26 and partly disclosed 18 [R3][R4].")
    server, url = fake_llm(lambda kind, messages: reply)
    answer = with_model(text_indexed, url).ask("How did Shangjie handle information requests in 2019?")
    assert answer.generated and answer.answer.startswith(reply) and answer.guard == []
    sent = user_message(server.requests[-1]["body"]["messages"])
    assert "= 79" in sent and "依申请公开" in sent  # the key figures as records, the report's words as a passage


def test_the_year_note_is_a_sentence_and_a_long_opening_is_cut_at_a_clause(text_assistant):
    # 上街区 has one report: the answer says so as its first sentence, with its full stop
    answer = text_assistant.ask("上街区的依申请公开工作怎么样？")
    assert answer.answer.splitlines()[0] == "上街区只有2019年的报告。"
    english = text_assistant.ask("How did Shangjie handle information requests?")
    assert english.answer.splitlines()[0] == "Shangjie District has a 2019 report only."
    # a quoted opening longer than 150 characters ends at a clause within them, marked, and stays whole in the
    # sources; a shorter one is quoted whole
    cut = 0
    for question in ("偃师市2019年政府信息公开工作总体情况怎么样", "洛宁县2020年的依申请公开工作怎么样？",
                     "淮安2019年行政复议和诉讼情况怎么样", "上街区2019年主动公开工作情况如何"):
        answer = text_assistant.ask(question)
        said = next(line for line in answer.answer.splitlines() if line.startswith("报告写道："))
        for source in answer.sources:
            text = source["text"]
            if len(text) <= 150:
                assert text in said
                continue
            cut += 1
            shown = said[said.index(text[:40]):].split("……")[0]
            assert 50 < len(shown) <= 150 and text.startswith(shown) and text[len(shown)] in "，；：,;"
    assert cut == 2  # 洛宁县's and 上街区's
