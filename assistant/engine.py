"""The assistant: understand → fill from the session → route → answer."""

from __future__ import annotations

from .answer import Answer
from .config import Config
from .records import Catalog
from .router import MAX_QUESTION, route
from .session import Context, SessionStore, apply_context
from .understand import language_of, understand


class Assistant:
    def __init__(self, catalog: Catalog, sessions: SessionStore | None = None):
        self.catalog = catalog
        self.sessions = sessions or SessionStore()

    @classmethod
    def from_config(cls, config: Config, persist_sessions: bool = False) -> Assistant:
        from index.store import Store

        sessions = SessionStore(config.data_dir / "sessions" if persist_sessions else None)
        return cls(Catalog.load(Store(config.database_url)), sessions)

    def ask(self, question: str, session: str | None = None) -> Answer:
        """Answer one question; with a session name, as a turn of that conversation."""
        text = (question or "").strip()
        if not text or not any(ch.isalnum() for ch in text):
            return Answer(question, "请输入一个问题。" if language_of(text) == "zh" else "Please ask a question.",
                          "none")
        if len(text) > MAX_QUESTION:
            return Answer(question[:200], f"问题太长（最多{MAX_QUESTION}字）。" if language_of(text) == "zh"
                          else f"The question is too long (at most {MAX_QUESTION} characters).", "none")
        intent = understand(text, self.catalog.agencies, self.catalog.newest_year)
        context = self.sessions.get(session) if session else None
        intent = apply_context(intent, context)
        answer = route(intent, self.catalog)
        if session and (intent.has_metric or intent.agencies):
            context = Context.of(intent)
            answered_years = {v["year"] for v in answer.values}
            if len(answered_years) == 1:
                context.years = sorted(answered_years)  # the year actually answered, e.g. after a fallback
            self.sessions.put(session, context)
        answer.question = question
        return answer
