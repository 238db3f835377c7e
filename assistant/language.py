"""The place for an optional language model: the rules read every question and write every answer; a model
plugged in here may only offer a better reading of a question or a better sentence around the numbers.
Numbers always come from the records: `phrase` is handed an answer whose values are final, and what it writes
passes the numeric guard (assistant/guard.py) first.

The default, `NoModel`, does nothing. `build` picks the model: `assistant/llm.ChatModel` behind `Config.llm_url`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Protocol

from .answer import Answer
from .understand import Intent


@dataclass
class Phrasing:
    """What a model made of an answer: its text (None: keep the extractive one) and the sentences the numeric guard
    dropped, each `{"sentence", "numbers"}` (the numbers in none of the passages and records it was given)."""

    text: str | None
    dropped: list[dict] = field(default_factory=list)


class LanguageModel(Protocol):
    def read(self, question: str, rules: Intent) -> Intent | None:
        """A reading of `question` to use instead of the rules' one (`rules`), or None to keep theirs."""

    def rewrite(self, question: str, intent: Intent, context) -> str | None:
        """A prose follow-up (`question` as written, `intent` as the rules filled it from the conversation `context`)
        as a question that stands on its own, to search the text with; or None to keep the rules' words."""

    def phrase(self, answer: Answer) -> Phrasing | None:
        """The answer's text said better, stating only the answer's numbers; or None to keep it."""

    def phrase_stream(self, answer: Answer) -> Generator[str, None, Phrasing | None]:
        """As `phrase`, yielding the text that may be shown so far while the model writes; its value is `phrase`'s."""


class NoModel:
    """No language model: the rules' reading and wording stand."""

    def read(self, question: str, rules: Intent) -> Intent | None:
        return None

    def rewrite(self, question: str, intent: Intent, context) -> str | None:
        return None

    def phrase(self, answer: Answer) -> Phrasing | None:
        return None

    def phrase_stream(self, answer: Answer) -> Generator[str, None, Phrasing | None]:
        return None
        yield  # a generator that shows nothing
