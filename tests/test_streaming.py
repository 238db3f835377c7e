"""Answers told as they are written (issue #15): the optional model's reply streamed from a fake OpenAI-compatible
server, each sentence shown only once whole and through the numeric guard, the final answer having the last word;
a stream that stalls or errors gives the extractive answer; without a model one event, the answer."""

import uuid

from index.messages import say

from .fake_llm import ERROR, HANG
from .test_llm import LUONING_PROBLEMS, with_model

GOOD = ("Luoning County identified three main problems in its 2020 report [1][2][3]. "
        "Its capacity to maintain the network is still lacking [1]. "
        "The content of its platforms is under heavy pressure [2]. "
        "Its working standards still need to be raised [3].")


def events(assistant, question: str):
    return list(assistant.ask_stream(question, uuid.uuid4().hex))


def test_a_streamed_reply_is_shown_sentence_by_sentence_then_answered(text_indexed, fake_llm):
    server, url = fake_llm(lambda kind, messages: GOOD)
    told = events(with_model(text_indexed, url), LUONING_PROBLEMS)
    texts = [value for kind, value in told if kind == "text"]
    (last_kind, answer), = told[-1:]
    assert last_kind == "answer" and [kind for kind, _ in told[:-1]] == ["text"] * len(texts)
    assert len(texts) >= 3  # one more sentence each time, never a half sentence
    assert all(later.startswith(earlier) for earlier, later in zip(texts, texts[1:]))
    assert all(t.rstrip().endswith((".", "]")) for t in texts)
    assert answer.generated and answer.answer.startswith(texts[-1]) and say("llm.generated", "en") in answer.answer
    assert server.requests[0]["body"]["stream"] is True


def test_a_planted_wrong_number_is_never_shown(text_indexed, fake_llm):
    planted = GOOD.replace("three main problems", "three main problems and 500 complaints")
    server, url = fake_llm(lambda kind, messages: planted)
    told = events(with_model(text_indexed, url), LUONING_PROBLEMS)
    assert not any("500" in value for kind, value in told if kind == "text")
    answer = told[-1][1]
    assert "500" not in answer.answer and answer.guard and answer.guard[0]["numbers"] == ["500"]


def test_a_stream_that_stalls_midway_gives_the_extractive_answer(text_indexed, text_assistant, fake_llm):
    server, url = fake_llm(lambda kind, messages: [GOOD[:90], HANG])
    told = events(with_model(text_indexed, url, timeout=1.0), LUONING_PROBLEMS)
    answer = told[-1][1]
    assert told[-1][0] == "answer" and not answer.generated
    assert answer.answer == text_assistant.ask(LUONING_PROBLEMS).answer
    assert server.hung_up == []  # the client gave up while the server still held the stream


def test_a_server_error_gives_the_extractive_answer_at_once(text_indexed, text_assistant, fake_llm):
    server, url = fake_llm(lambda kind, messages: ERROR)
    told = events(with_model(text_indexed, url), LUONING_PROBLEMS)
    assert [kind for kind, _ in told] == ["answer"] and not told[0][1].generated
    assert told[0][1].answer == text_assistant.ask(LUONING_PROBLEMS).answer


def test_a_server_that_ignores_stream_is_read_whole(text_indexed, fake_llm, monkeypatch):
    import tests.fake_llm as fake

    monkeypatch.setattr(fake, "send_chat_stream", lambda handler, pieces, hang=None: fake.send_chat_reply(
        handler, "".join(p for p in pieces if p is not hang)))
    server, url = fake_llm(lambda kind, messages: GOOD)
    told = events(with_model(text_indexed, url), LUONING_PROBLEMS)
    assert told[-1][1].generated and told[-1][1].answer.startswith(GOOD)


def test_without_a_model_one_event_the_answer(text_assistant):
    for question in (LUONING_PROBLEMS, "洛宁县2020年收到多少政府信息公开申请？", ""):
        told = events(text_assistant, question)
        assert [kind for kind, _ in told] == ["answer"]
        assert told[0][1].to_json()["answer"] == text_assistant.ask(question).to_json()["answer"]
