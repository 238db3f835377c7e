"""Conversation state: what the last turn was about, and filling a follow-up's gaps from it."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .understand import Intent


# words that point back at the agencies of the previous turn
_POINTS_BACK = re.compile(r"这两|这几|这些|它们|他们|两者|二者|上述|以上|前者|后者|\b(?:these|those|them|both|the two|"
                          r"of the two|between them)\b")


@dataclass
class Context:
    agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    table: str | None = None
    row: str | None = None
    row_kind: str = "row"
    column: str | None = None
    operation: str = "value"
    topic: str = ""  # a prose question's own words, for an elliptical follow-up to ask again

    @classmethod
    def of(cls, intent: Intent) -> Context:
        agencies = intent.agencies + [c for _, cands in intent.ambiguous for c in cands if c not in intent.agencies]
        return cls(agencies, list(intent.years), intent.table, intent.row, intent.row_kind, intent.column,
                   intent.operation, "" if intent.has_metric else intent.topic)


def apply_context(intent: Intent, context: Context | None) -> Intent:
    """Fill what a follow-up leaves out ("那上街区呢？", "and in 2019?", "其中自然人多少").

    The rules: agencies and years are taken when the question names none; the metric only when the
    question is elliptical (it says nothing of its own beyond names, years and operation words), so a
    question about something else — a prose topic, "存在哪些主要问题" — starts a new reading; an
    elliptical follow-up of a prose turn asks that prose question again; "五个单位"/"all agencies" is
    every agency, never the last one named.
    """
    if context is None:
        return intent
    named_agency = bool(intent.agencies or intent.ambiguous or intent.unknown_agencies or intent.all_agencies)
    if not named_agency and not (intent.operation == "rank" and not _POINTS_BACK.search(intent.question.lower())):
        intent.agencies = list(context.agencies)  # "哪个单位最多？" ranks them all, "这两个哪个多" the last ones
        intent.inherited += ["agencies"] if context.agencies else []
    elif intent.operation == "compare" and intent.operation_explicit and len(intent.agencies) == 1 \
            and not intent.ambiguous and intent.agencies[0] not in context.agencies:
        # "compare that with Huai'an": the previous agencies plus the new one
        intent.agencies = context.agencies + intent.agencies
        intent.inherited.append("agencies")
    if not intent.years and context.years:
        intent.years, intent.year_explicit = list(context.years), False
        intent.inherited.append("years")
    if intent.table is None and intent.elliptical:
        intent.table, intent.row, intent.row_kind, intent.column = (
            context.table, context.row, context.row_kind, context.column)
        intent.inherited += ["metric"] if context.table else []
        if context.table is None and context.topic:
            intent.question, intent.topic = context.topic, context.topic  # "淮安呢？" after a prose question
            intent.inherited.append("topic")
    elif intent.row is None and intent.column and intent.table == context.table:
        intent.row, intent.row_kind = context.row, context.row_kind  # "其中自然人多少": narrow the column
        intent.inherited.append("row")
    if not intent.operation_explicit:
        keeps = context.operation in ("compare", "rank", "trend") or (
            context.operation == "breakdown" and intent.column is None)
        if not named_agency and keeps:
            intent.operation = context.operation
            intent.inherited.append("operation")
    if len(intent.agencies) >= 2 and intent.operation == "value":
        intent.operation = "compare"
    return intent


class SessionStore:
    """Contexts by session name; in memory, and also on disk when given a directory (CLI --session)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._memory: dict[str, Context] = {}
        self._lock = threading.Lock()

    def _path(self, name: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:40]
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        return self.directory / f"{safe}-{digest}.json"

    def get(self, name: str) -> Context | None:
        with self._lock:
            if name in self._memory:
                return self._memory[name]
            if self.directory is not None and self._path(name).exists():
                try:
                    return Context(**json.loads(self._path(name).read_text(encoding="utf-8")))
                except (ValueError, TypeError):
                    return None
            return None

    def put(self, name: str, context: Context) -> None:
        with self._lock:
            self._memory[name] = context
            if self.directory is not None:
                self.directory.mkdir(parents=True, exist_ok=True)
                tmp = self._path(name).with_suffix(".tmp")
                tmp.write_text(json.dumps(asdict(context), ensure_ascii=False), encoding="utf-8")
                tmp.replace(self._path(name))

    def clear(self, name: str) -> None:
        with self._lock:
            self._memory.pop(name, None)
            if self.directory is not None:
                self._path(name).unlink(missing_ok=True)
