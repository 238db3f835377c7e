"""bench/guard.py: the numeric guard measured on the bundled reports' own sentences, with planted wrong numbers;
and the prose-answer quality with and without a language model, against a fake server."""

import re

from bench.guard import CORRUPTED, FAITHFUL, chinese, measure, prose_quality, render
from bench.questions import PROSE

from .test_llm import with_model

MEASURE = "件条项次个人家份篇场名位批起类种天日月年元余多期套部台所倍方号"


def test_chinese_numerals():
    assert [chinese(n) for n in (3, 10, 15, 392, 502, 8149, 12002, 20000)] == [
        "三", "十", "十五", "三百九十二", "五百零二", "八千一百四十九", "一万二千零二", "二万"]


def test_every_faithful_sentence_is_kept_and_every_planted_digit_caught():
    result = measure()
    for name, (kept, total) in result["faithful"].items():
        assert total > 0 and kept == total, name  # a right number, however written, stays
    for name, (caught, total, _) in result["corrupted"].items():
        assert total > 20, name
        if name != "Chinese numerals, wrong":
            assert caught == total, name  # a wrong number in digits or 万 is always dropped
    # what is missed is a Chinese numeral with no measure word after it: no figure the guard can read
    for name, text in result["missed"]:
        numeral = re.search(r"[一二三四五六七八九十百千万零]+", text)
        assert name == "Chinese numerals, wrong" and numeral and text[numeral.end():][:1] not in MEASURE, text
    shown = render(result, None)
    assert shown.startswith("## Numeric guard (issue #15)") and "not measured" in shown
    assert set(FAITHFUL) | set(CORRUPTED) <= set(re.findall(r"^\| ([^|]+?) \|", shown, flags=re.M))


def test_prose_quality_with_and_without_a_model(text_indexed, text_assistant, fake_llm):
    # a server that answers nothing of its own: the extractive answers stand, so both sides score the same
    _, url = fake_llm(lambda kind, messages: "NONE")
    quality = prose_quality(text_assistant, with_model(text_indexed, url), "fake-model")
    assert quality["questions"] == len(PROSE) and quality["with_generated"] == 0
    assert quality["with"] == quality["without"] >= len(PROSE) - 3
    assert "`fake-model`" in render(measure(), quality)
