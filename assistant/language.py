"""The place for an optional language model: the rules read every question and write every answer; a model
plugged in here may only offer a better reading of a question or a better sentence around the numbers.
Numbers always come from the records: `phrase` is handed an answer whose values are final.

The default, `NoModel`, does nothing. `build` picks the model (issue #15 adds one behind `Config.llm_url`).
"""

from __future__ import annotations

from typing import Protocol

from .answer import Answer
from .understand import Intent


class LanguageModel(Protocol):
    def read(self, question: str, rules: Intent) -> Intent | None:
        """A reading of `question` to use instead of the rules' one (`rules`), or None to keep theirs."""

    def phrase(self, answer: Answer) -> str | None:
        """The answer's text said better, stating exactly the answer's values; or None to keep it."""


class NoModel:
    """No language model: the rules' reading and wording stand."""

    def read(self, question: str, rules: Intent) -> Intent | None:
        return None

    def phrase(self, answer: Answer) -> str | None:
        return None
