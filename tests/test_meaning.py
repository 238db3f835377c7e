"""Rows read by meaning (issue #12): the embedding model over what each template row counts, fused with the words.

The kinds: a row described in other words than its label (English and Chinese) is found; the words still decide
when every word of the question is a known one ("收到多少申请"); a group named plus words describing one of its rows
reads as that row; when the meaning overrides a row the words named, that row is offered ("Did you mean").
"""

import pytest

from assistant.meaning import Lexicon, descriptions
from assistant.vocabulary import CJK
from index.glosses import GLOSSES, MORE_GLOSSES
from index.glosses_asked import ASKED_GLOSSES
from index.template import TABLES


def test_every_row_and_every_asked_group_has_a_gloss_in_both_languages():
    rows = {(t.id, "row", r.id) for t in TABLES for r in t.rows}
    groups = {(t.id, "group", g.id) for t in TABLES for g in t.groups if g.aliases or g.en_aliases}
    assert rows | groups <= set(GLOSSES) - {("applications", "group", "results")} | rows | groups
    assert rows <= set(GLOSSES) and {g for g in groups if g[2] != "results"} <= set(GLOSSES)
    assert all(zh and en and zh != en for zh, en in GLOSSES.values())
    described = {key for key, _ in descriptions()}
    assert described == set(GLOSSES)
    # more wordings, in both languages, only for rows that are described
    assert set(MORE_GLOSSES) <= described
    assert all(any(CJK.search(t) for t in texts) and any(not CJK.search(t) for t in texts)
               for texts in MORE_GLOSSES.values())
    assert {text for key, text in descriptions() if key in MORE_GLOSSES} >= {t for ts in MORE_GLOSSES.values() for t in ts}
    # the descriptions of another author, as different people ask: every row, two in each language, all used
    assert set(ASKED_GLOSSES) == set(GLOSSES)
    assert all(sum(bool(CJK.search(t)) for t in texts) == 2 == sum(not CJK.search(t) for t in texts)
               for texts in ASKED_GLOSSES.values())
    assert {text for _, text in descriptions()} >= {t for ts in ASKED_GLOSSES.values() for t in ts}


@pytest.mark.parametrize("text,row", [
    ("would have required the office to create new information", "unable.needs_creation"),
    ("the office said it does not hold that", "unable.not_held"),
    ("were dropped because the applicant never paid the fee", "other.unpaid_fee"),
    ("were thrown out as duplicates", "not_processed.repeat"),
    ("were withheld to protect a third party's trade secrets", "refused.third_party"),
])
def test_the_rare_words_a_row_shares_with_the_question_point_at_it(text, row):
    coverage = Lexicon(descriptions()).coverage(text)
    best = max(coverage, key=coverage.get)
    assert best == ("applications", "row", row) and coverage[best] > 0


@pytest.mark.parametrize("text,row", [
    # Chinese: whole dictionary words, rare among the rows, point at the row whose descriptions hold them
    ("是讨论记录、请示报告这种还在走流程的材料", "refused.process_info"),
    ("其实是来信访、投诉的", "not_processed.petition"),
    ("逾期没有缴纳费用", "other.unpaid_fee"),
    ("涉及商业秘密和个人隐私", "refused.third_party"),
])
def test_the_rare_chinese_words_a_row_shares_with_the_question_point_at_it(text, row):
    coverage = Lexicon(descriptions()).coverage(text, chinese=True)
    best = max(coverage, key=coverage.get)
    assert best == ("applications", "row", row) and coverage[best] > 0


def test_words_every_question_has_point_nowhere():
    lexicon = Lexicon(descriptions())
    assert lexicon.coverage("What number of information disclosure requests did the county government report?") == {}
    assert set(lexicon.coverage("How many requests were refused?").values()) != {0.0}


@pytest.mark.parametrize("question,row", [
    # these three were missed by the cosine alone; the words the row's descriptions share find them
    ("How many requests to Shangjie in 2019 asked for information the district simply did not have?",
     "unable.not_held"),
    ("In 2019, how many of Shangjie's requests were too vague to act on even after clarification?", "unable.unclear"),
    ("How many Shangjie requests in 2019 could not be answered because the district did not hold the information?",
     "unable.not_held"),
    ("How many requests did Shangjie bring into 2019 that were still open from the year before?", "carried_in"),
    ("How many Shangjie requests in 2019 were left for the next year to finish?", "carried_forward"),
    ("上街区2019年有多少申请是因为没有现成信息、需要重新加工制作而无法提供的？", "unable.needs_creation"),
    ("上街区2019年因为属于内部管理事务而没有公开的申请有几件？", "refused.internal_affairs"),
    ("淮安市政府办公室2019年申请人重复提出同一申请、不予处理的有多少？", "not_processed.repeat"),
    # a group named, and Chinese words describing one of its rows
    ("上街区2019年因为要的是讨论记录、请示这类还没定稿的材料而不予公开的有几件？", "refused.process_info"),
    ("上街区2019年因为涉及别人商业秘密、个人隐私而不予公开的有多少件", "refused.third_party"),
    # no word of the template at all: the row's own rare words, and no other row close
    ("How many times in 2019 did Shangjie hold something back because it was still working-stage material - "
     "drafts, minutes of internal discussions and the like?", "refused.process_info"),
    ("How many times in 2019 did Shangjie keep something back because it concerned personnel, logistics and "
     "internal procedures?", "refused.internal_affairs"),
])
def test_a_row_described_in_other_words_is_found(text_assistant, question, row):
    answer = text_assistant.ask(question)
    assert answer.reading["row"] == row, answer.reading["text"]
    assert answer.values and answer.values[0]["row"] == row


@pytest.mark.parametrize("question,row", [
    ("上街区2019年收到多少申请？", "new"), ("How many applications did Shangjie receive in 2019?", "new"),
    ("上街区2019年不予公开多少件？", "refused"), ("上街区2019年予以公开多少件", "granted"),
    ("比较上街区和淮安2019年收到的申请", "new"),
])
def test_known_words_alone_decide(text_assistant, question, row):
    assert text_assistant.ask(question).reading["row"] == row


def test_a_row_the_words_named_is_offered_when_the_meaning_overrides_it(text_assistant):
    answer = text_assistant.ask("淮安市政府办公室2019年申请人重复提出同一申请、不予处理的有多少？")
    assert answer.reading["row"] == "not_processed.repeat"
    assert [a["row"] for a in answer.reading["alternatives"]] == ["not_processed"]
    assert answer.reading["did_you_mean"] == "也可能是问：不予处理" and answer.answer.endswith("也可能是问：不予处理")
    plain = text_assistant.ask("淮安市政府办公室2019年不予处理多少件？")
    assert plain.reading["row"] == "not_processed" and plain.reading["alternatives"] == []


@pytest.mark.parametrize("question", ["What problems did Luoning County identify?",
                                      "What did Shangjie say about the training it organised in 2019?"])
def test_one_word_a_row_shares_is_no_description(text_assistant, question):
    # "could not identify" is in a row's gloss: one shared word does not make a prose question a table one
    assert text_assistant.ask(question).reading["table"] is None


@pytest.mark.parametrize("question", ["Did Shangjie get more or fewer requests in 2019 than the year before?",
                                      "How big was Shangjie's pile of requests in 2019?",
                                      "Shangjie 2019: how many requests landed on the district's desk?"])
def test_words_no_row_has_leave_the_default_row(text_assistant, question):
    # the meaning may not move "requests" to another row for words that are none of that row's
    assert text_assistant.ask(question).reading["row"] == "new"


def test_the_descriptions_are_embedded_once_for_every_later_assistant(text_indexed, text_assistant, monkeypatch):
    """A new assistant (each command-line call, each app start) reads by meaning without embedding the template's
    descriptions again: their vectors are kept with the model."""
    question = "上街区2019年因为属于内部管理事务而没有公开的申请有几件？"
    expected = text_assistant.ask(question)

    def embeds_again(texts, batch_size=16):
        raise AssertionError(f"embedded {len(texts)} descriptions again")

    monkeypatch.setattr(text_indexed.embedder, "passages", embeds_again)
    monkeypatch.setattr(text_indexed.embedder, "_kept", {})  # as a new process has it: only the folder's copy
    answer = text_indexed.assistant().ask(question)
    assert answer.answer == expected.answer and answer.reading == expected.reading and answer.values


def test_kept_vectors_are_the_model_s_and_a_damaged_copy_is_embedded_again(embedder, tmp_path):
    texts = [f"申请人重复提出同一申请 {tmp_path.name}", f"requests still open from the year before {tmp_path.name}"]
    folder = embedder.path / ".vectors"
    before = set(folder.glob("*.npy"))
    fresh = embedder.passages(texts)
    kept = embedder.kept_passages(texts)
    assert kept.shape == fresh.shape and abs(kept - fresh).max() < 1e-5
    written = set(folder.glob("*.npy")) - before
    try:
        assert written
        for f in written:  # damaged on disk, and a new process (nothing kept in memory) embeds them again
            f.write_bytes(b"not an array")
        embedder._kept.clear()
        again = embedder.kept_passages(texts)
        assert abs(again - fresh).max() < 1e-5
    finally:
        for f in written:
            f.unlink(missing_ok=True)


@pytest.mark.parametrize("question", [
    "上街区2019年被人告到法院、判输了的一共几件（直接起诉和复议后起诉都算）",
    "How many lawsuits against Shangjie in 2019 were lost, direct suits and suits after reconsideration added together?",
])
def test_every_row_of_a_group_named_and_added_up_is_not_narrowed_by_meaning(text_assistant, question):
    answer = text_assistant.ask(question)
    assert (answer.reading["row"], answer.reading["row_kind"], answer.reading["column"]) == (
        "lawsuits", "group", "corrected")
