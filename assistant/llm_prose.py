"""Use 1 of the optional model: a short answer in the question's language, written only from what the extractive
answer found — the passages it quotes (`answer.sources`) and, for a mixed question, the table records it used
(`answer.values`) — and kept only as far as the numeric guard lets it.

The report text goes to the model as quoted data between markers carrying a random nonce (text inside a report
cannot close them), and the system prompt says that nothing inside them is an instruction. The reply is only text:
its sentences are checked number by number (assistant/guard.py); when nothing useful is left, or the reply is in
the wrong language, or the server did not answer, the extractive answer stands.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Generator

from index.messages import say
from index.template import table

from .answer import NUMERALS, Answer, column_title, row_title
from .guard import evidence, guard
from .language import Phrasing
from .understand import language_of

ROUTES = ("text", "table+text")  # the answers a model may word: those quoting the report text
MAX_PASSAGES = 8
MAX_PASSAGE_CHARS = 1200
MAX_RECORDS = 12
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FIGURE_ASKED = re.compile(r"多少|几[件条个次项人家年]|数量|比例|百分|how many|how much|number of|percent|share|rate\b",
                           re.IGNORECASE)
_OWN_SOURCES = re.compile(r"^\s*(?:\**)?(?:sources?|references?|来源|出处)\s*[:：]", re.IGNORECASE)
_ENDS = ("。", "！", "？", "!", "?", ". ", ".\n", "\n", "；")  # where a sentence has come whole
LANGUAGE_NAMES = {"zh": "简体中文 (Simplified Chinese)", "en": "English"}


def phrase(client, catalog, answer: Answer) -> Phrasing | None:
    """The model's answer to `answer.question` from the answer's own sources and values, guarded; None when there
    is nothing for it to word or it gave nothing (the extractive answer stands, nothing dropped)."""
    asked = _asked(answer)
    if asked is None:
        return None
    messages, allowed = asked
    return _judged(answer, client.complete(messages), allowed)


def phrase_stream(client, catalog, answer: Answer) -> Generator[str, None, Phrasing | None]:
    """As `phrase`, the reply read as the server sends it: yields the text shown so far each time a sentence has
    come whole and passed the numeric guard (never a sentence before its numbers are checked, nothing before the
    text is seen to be in the question's language); its value is `phrase`'s, which has the last word — a reply
    that ends badly or leaves nothing useful gives way to the extractive answer."""
    asked = _asked(answer)
    if asked is None:
        return None
    messages, allowed = asked
    language = language_of(answer.question)
    stream, reply, done, shown = client.stream(messages), "", "", ""
    while True:
        try:
            reply += next(stream)
        except StopIteration as end:  # its value: whether the reply came whole
            return _judged(answer, reply if end.value else None, allowed)
        whole = reply[:max(reply.rfind(mark) for mark in _ENDS) + 1]  # the sentences that have come whole
        if whole == done:
            continue  # a piece inside a sentence: nothing new to check
        done = whole
        guarded = guard(_without_own_sources(done), allowed) if done.strip() else None
        if guarded and guarded.text and guarded.text != shown and _in_language(guarded.text, language):
            shown = guarded.text
            yield shown


def _asked(answer: Answer) -> tuple[list[dict], frozenset] | None:
    """The messages for the model and the numbers its reply may state; None when the answer is not for it."""
    if answer.route not in ROUTES or not answer.sources:
        return None
    from .llm import prompt

    language = language_of(answer.question)
    nonce = secrets.token_hex(6)
    given, values = answer.sources[:MAX_PASSAGES], answer.values[:MAX_RECORDS]
    passages = [_passage(n, s, nonce) for n, s in enumerate(given, 1)]
    records = [_record(n, v) for n, v in enumerate(values, 1)]
    messages = prompt("prose_answer", language=LANGUAGE_NAMES[language], question=answer.question, nonce=nonce,
                      passages="\n\n".join(passages) or "-",
                      records=(f"<<records {nonce}>>\n" + "\n".join(records) + f"\n<</records {nonce}>>")
                      if records else "-")
    years = {s.get("year") for s in answer.sources} | {v.get("year") for v in answer.values} | {
        int(y) for y in _YEAR.findall(answer.question)}
    # the numbers given: the passages' own text and the records' values with their units ("97.8万元"), never the
    # passage and record numbers of the markers
    allowed = evidence([_text(s) for s in given] + [f"{v['value']}{v.get('unit') or ''}" for v in values],
                       [v["value"] for v in values], years)
    return messages, allowed


def _judged(answer: Answer, reply: str | None, allowed: frozenset) -> Phrasing | None:
    """What is left of a reply once guarded: the text with the extractive answer's citations, or None text."""
    if reply is None or reply.strip().strip(".。").upper() == "NONE":
        return None
    language = language_of(answer.question)
    guarded = guard(_without_own_sources(reply), allowed)
    wanted = bool(answer.values) or bool(_FIGURE_ASKED.search(answer.question))
    if guarded.empty or (wanted and not guarded.kept_figures) or not _in_language(guarded.text, language):
        return Phrasing(None, guarded.dropped)  # nothing useful left: the extractive answer
    citations = [line for line in answer.answer.splitlines()
                 if line.startswith(say("source.cited", language, citations="").rstrip())]
    text = "\n".join([guarded.text, say("llm.generated", language), *dict.fromkeys(citations)])
    return Phrasing(text, guarded.dropped)


def _without_own_sources(reply: str) -> str:
    """The reply without a "Sources:" line of its own (the answer's citations are the extractive answer's)."""
    return "\n".join(line for line in reply.splitlines() if not _OWN_SOURCES.match(line)).strip()


def _passage(n: int, source: dict, nonce: str) -> str:
    """One quoted passage: its report and section, then its text, between markers the text cannot forge."""
    text = _text(source)
    head = f"{source.get('agency') or ''} {source.get('year') or ''} · {source.get('section') or ''}".strip()
    return f"<<passage {n} {nonce}>>\n[{n}] {head}\n{text}\n<</passage {n} {nonce}>>"


def _text(source: dict) -> str:
    text = (source.get("text") or "").strip()
    return text[:MAX_PASSAGE_CHARS] + "…" if len(text) > MAX_PASSAGE_CHARS else text


def _record(n: int, value: dict) -> str:
    """One table record: whose, which cell (Chinese and English labels), the exact value and unit."""
    t = table(value["table"])
    kind = "row" if any(r.id == value["row"] for r in t.rows) else "group"
    cell = " / ".join((f"{row_title(t.id, value['row'], 'zh', kind)} ({row_title(t.id, value['row'], 'en', kind)})",
                       f"{column_title(t.id, value['column'], 'zh')} ({column_title(t.id, value['column'], 'en')})"))
    amount = f"{value['value']}{value.get('unit') or ''}"
    return (f"[R{n}] {value.get('agency') or ''} {value.get('year') or ''} · 表{NUMERALS[t.section]} ({t.en}) · "
            f"{cell} = {amount}")


def _in_language(text: str, language: str) -> bool:
    """Whether the text is written in the question's language (names and quotes in Chinese may stay in English)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if language == "zh":
        return cjk > 0 and cjk >= latin / 4
    return latin > 0 and cjk <= latin / 3
