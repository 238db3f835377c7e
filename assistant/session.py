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
_POINTS_BACK = re.compile(r"这([两二三四五六七八九])|这几|这些|它们|他们|两者|二者|三者|上述|以上|前者|后者|\b(?:these|those|"
                          r"them|both|the (two|three|four|five|\d+)|between them)\b")
# "加上云桥镇", "add Liuhe to the comparison": the previous agencies and the one named
_ADDS = re.compile(r"加上|再加|算上|包括|还有|\b(?:add|include|plus|along with|as well)\b")
_COUNTED = re.compile(r"([一二两三四五六七八九十]|\d+)个(?:单位|部门|机构|地方)")
_NUMBERS = {**{c: i for i, c in enumerate("一二三四五六七八九十", 1)}, "两": 2, **{str(i): i for i in range(1, 100)},
            **{w: i for i, w in enumerate(("one", "two", "three", "four", "five"), 1)}}
# what an elliptical follow-up keeps of the previous operation even when it names another agency or year
_KEPT_OPERATIONS = ("share", "quality", "change", "breakdown", "trend")


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
    recent: list[str] = field(default_factory=list)  # agencies of the last turns, newest last

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
    elif (intent.operation == "compare" and intent.operation_explicit or _ADDS.search(intent.question.lower())) \
            and len(intent.agencies) == 1 and not intent.ambiguous and intent.agencies[0] not in context.agencies \
            and context.agencies:
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
    back = _POINTS_BACK.search(intent.question.lower())
    wanted = _NUMBERS.get(back[back.lastindex], 0) if back and back.lastindex else 0
    if back and wanted > len(context.agencies) and len(context.recent) >= wanted and not named_agency:
        intent.agencies = context.recent[-wanted:]  # "which of the three": the last three agencies asked about
    counted = _COUNTED.search(intent.question)
    if intent.all_agencies and context.agencies and (_POINTS_BACK.search(intent.question.lower()) or (
            counted and _NUMBERS.get(counted[1], 0) == len(context.agencies) < len(intent.agencies))):
        intent.agencies = list(context.agencies)  # "这两个单位", "两个单位一共" are the last ones, not every agency
    if not intent.operation_explicit:
        keeps = context.operation in ("compare", "rank", "trend") or (
            context.operation == "breakdown" and intent.column is None)
        if intent.elliptical and context.operation in _KEPT_OPERATIONS and (
                context.operation != "breakdown" or intent.column is None):
            named_agency, keeps = False, True  # "企业呢？", "2023年呢？", "and Yunqiao's?" after a share
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
