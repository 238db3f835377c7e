"""The assistant: understand → fill from the session → route → answer."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator

from index.messages import say

from .answer import Answer, reading_of
from .language import LanguageModel, NoModel
from .options import options_of
from .records import Catalog
from .router import MAX_QUESTION, route
from .context import Context
from .session import apply_context
from .sessions import SessionStore
from .understand import language_of, understand


class Assistant:
    def __init__(self, catalog: Catalog, sessions: SessionStore | None = None,
                 search_factory: Callable[[], object] | None = None, language: LanguageModel | None = None):
        self.catalog = catalog
        self.language = language or NoModel()
        self.sessions = sessions or SessionStore()
        self._search_factory = search_factory
        self._search = None
        self._meaning = None

    def search(self):
        """The text search, loaded on first use (the embedding model takes seconds to load)."""
        if self._search is None and self._search_factory is not None:
            self._search = self._search_factory()
        return self._search

    def meaning(self):
        """The rows read by meaning, with the text search's embedding model; None without a text search."""
        if self._meaning is None and self._search_factory is not None:
            from .meaning import Meaning

            embedder = getattr(self.search(), "embedder", None)
            self._meaning = Meaning(embedder) if embedder is not None else None
        return self._meaning

    def ask(self, question: str, session: str | None = None) -> Answer:
        """Answer one question; with a session name, as a turn of that conversation."""
        return next(value for kind, value in self._turn(question, session, streaming=False) if kind == "answer")

    def ask_stream(self, question: str, session: str | None = None) -> Iterator[tuple[str, object]]:
        """`ask`, told as it happens: ("text", the words that may be shown so far) while an optional model writes
        them, then ("answer", the Answer) — the last word, which may replace what was shown."""
        return self._turn(question, session, streaming=True)

    def _turn(self, question: str, session: str | None, streaming: bool) -> Iterator[tuple[str, object]]:
        text = (question or "").strip()
        if not text or not any(ch.isalnum() for ch in text):
            yield "answer", Answer(question, say("ask.empty", language_of(text)), "none")
            return
        if len(text) > MAX_QUESTION:
            yield "answer", Answer(question[:200], say("ask.too_long", language_of(text), limit=MAX_QUESTION), "none")
            return
        intent = understand(text, self.catalog.agencies, self.catalog.newest_year, self.meaning())
        # where the rules are unsure, the optional model's reading (validated), else None
        modelled = self.language.read(text, intent)
        intent = modelled or intent
        context = self.sessions.get(session) if session else None
        intent = apply_context(intent, context)
        # a prose follow-up leaning on the conversation, written out by the optional model to search the text with
        rewritten = self.language.rewrite(text, intent, context)
        if rewritten:
            intent.question = rewritten
            if intent.topic:  # (an inherited topic included)
                intent.topic = rewritten  # what a later "那洛宁县呢？" asks again
        answer = route(intent, self.catalog, self.search if self._search_factory else None)
        # the years answered: of the figures, or of the quoted passage ("洛宁县存在哪些问题" after a 2019 turn: 2020)
        answered_years = {v["year"] for v in answer.values if v["year"]} or {
            s["year"] for s in answer.sources[:1] if answer.route == "text" and s.get("year")}
        answer.reading = reading_of(intent, self.catalog, answer.route, answered_years)
        answer.reading["by_model"] = modelled is not None
        if rewritten:
            answer.reading["rewritten"] = rewritten
            answer.reading["text"] += say("reading.rewritten", intent.language, question=rewritten)
        # the optional model's words, what the numeric guard left of them (shown as they come, when streaming)
        phrased = (yield from _labelled("text", self.language.phrase_stream(answer))) if streaming else \
            self.language.phrase(answer)
        if phrased is not None:
            answer.guard = phrased.dropped
            if phrased.text:
                answer.answer, answer.generated = phrased.text, True
        if answer.reading.get("did_you_mean"):
            answer.answer += "\n\n" + answer.reading["did_you_mean"]
        answer.reading["options"] = options_of(answer, self.catalog, intent.language)
        # a turn that read no figure and found nothing leaves the conversation where it was ("比上一年增加了多少"
        # unread is no new topic for "和前一年相比呢" to ask again)
        lost = answer.route == "none" and not answer.values and not intent.has_metric and context is not None
        if session and (intent.has_metric or intent.agencies) and not lost:
            given = [v for v in answer.values if v.get("agency")]
            self.sessions.put(session, Context.of(intent, context, answered_years, given, text))
        answer.question = question
        yield "answer", answer


def _labelled(kind: str, values: Generator) -> Generator:
    """Each value of a generator as (kind, value); its return value passed on."""
    while True:
        try:
            value = next(values)
        except StopIteration as end:
            return end.value
        yield kind, value
