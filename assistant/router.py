"""The router: which route answers an understood question — table records, the report text, both, or none."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.messages import join, say

from .answer import Answer, intent_metric
from .derived import answer_figures, answer_share, answer_total
from .records import Catalog
from .table_route import (answer_breakdown, answer_change, answer_compare, answer_quality, answer_rank,
                          answer_trend, answer_value)
from .understand import Intent
from .vocabulary import CJK, VERB_ONLY, metric_words
from .wording import COUNT_ASKED, TEXT_ASKED

MAX_QUESTION = 2000
# A number plus its context: "…收到多少申请，主要涉及哪些方面？", "why", "explain"
_CONTEXT = re.compile(r"为什么|原因|怎么样|如何|情况怎样|具体|涉及|哪些方面|主要内容|措施|怎么说|说了什么|说了些什么|怎么讲|提到|"
                      r"怎么表述|如何表述|怎么写的|怎么描述|如何描述|"
                      r"why|explain|context|details|what kind|which topics|(?:does|did) the report say|"
                      r"the report says|what (?:it|they|the report) says?\b")

# ... and the report's own words asked for ("报告里是怎么说的？"), not only a reason ("不予公开的原因")
_ASKS_THE_REPORT = re.compile(r"怎么说|说了什么|说了些什么|怎么讲|提到|怎么表述|如何表述|怎么写的|怎么描述|如何描述|"
                              r"(?:does|did) the report say|the report says|how does the (?:report|text) (?:put|word|describe)|"
                              r"what (?:it|they|the report) says?\b")


def _none(intent: Intent, key: str, **values) -> Answer:
    return Answer(intent.question, say(key, intent.language, **values), "none")


def route(intent: Intent, catalog: Catalog, search: Callable[[], object] | None = None) -> Answer:
    """Table records for figures the tables hold; the report text for the rest; both when both are asked."""
    from .overview import answer_overview, asks_overview

    if intent.overview and not asks_overview(intent):
        intent.overview = ""  # an open question about something narrower: answered as any other
    if intent.overview and intent.agencies and catalog.reports:  # "依申请公开工作怎么样？": its figures and words
        return answer_overview(intent, catalog, search() if search is not None else None)
    answer = _table_or_none(intent, catalog)
    if search is None or not catalog.reports or (intent.unknown_agencies and not intent.agencies):
        return answer
    from .text_route import answer_text, in_chinese

    asks_both = answer.route == "table" and _ASKS_THE_REPORT.search(intent.question.lower())
    if TEXT_ASKED.search(intent.question.lower()) and intent.operation == "value" and not asks_both:
        # ("X几件？报告正文里是怎么表述的？" asks the figure and its wording: both, below)
        # "according to the report text": its words, not the table's (an English question finds the sentence about
        # the figure it names by the figure's Chinese words: it shares none with the text)
        text = answer_text(intent, catalog, search(), _figure_words(intent) if intent.language == "en" else None)
        if text.route == "text" and (not intent.row or _about_row(text, intent)):
            return text  # (a sentence about another figure answers nothing: "according to its report, how many …")
    if answer.route == "none" and intent.operation != "quality" and (
            not intent.has_metric or answer.why == "no_metric"):
        if "metric" in intent.inherited and intent.elliptical:
            return answer  # "2021年的呢" after a figure that year's format lacks: there is no such figure
        text = answer_text(intent, catalog, search())
        said = f"{intent.beyond.replace('来自', '')} {in_chinese(intent.beyond)}"  # "online": 网上, 互联网
        # (a sector's own name, not the word 领域: "教育领域" is not answered by a sentence on 扶贫领域)
        if intent.beyond and not any(w in text.answer for w in re.findall(r"[\u4e00-\u9fff]{2}|[a-z]{4,}", said)
                                     if w not in ("领域", "field", "sector", "domain")):
            return answer  # the text says nothing of what the tables do not count either
        if intent.beyond and COUNT_ASKED.search(intent.question.lower()) and not re.search(r"\d", _quoted(text.answer)):
            return answer  # "工作经费是多少万元": a sentence on the budget with no figure in it gives no amount either
        if intent.has_metric and intent.row and not intent.beyond and not _about_row(text, intent):
            return answer  # a row this report's format lacks: a sentence not about it is no answer either
        return text if text.route != "none" or not intent.has_metric else answer
    if answer.route == "table" and intent.metric_fallback and _text_is_more_specific(intent, catalog, search):
        text = answer_text(intent, catalog, search())
        if text.route == "text":
            return text
    if answer.route == "table" and _CONTEXT.search(intent.question.lower()):
        # look for the context of the same figure: its row's words join the question's
        # the figure's own words (its label, aliases, everyday words) find the prose about the same figure
        text = answer_text(intent, catalog, search(), _figure_words(intent))
        if text.route == "text":
            answer.answer += "\n\n" + text.answer
            answer.sources = text.sources
            answer.route = "table+text"
        elif _ASKS_THE_REPORT.search(intent.question.lower()):  # its words were asked for: say there are none
            answer.answer += "\n\n" + say("route.no_more_text", intent.language)
    return answer


def _quoted(text: str) -> str:
    """The report's words an answer quotes (between its first “ and ”), or ''."""
    quoted = re.search(r"“(.+?)”", text, flags=re.DOTALL)
    return quoted.group(1) if quoted else ""


def _figure_words(intent: Intent) -> list[str]:
    """The words of the row asked (its label, aliases, everyday words): they find the prose about the same figure."""
    return sorted(metric_words(intent.table, intent.row)) if intent.row_kind == "row" and intent.row else []


def _text_is_more_specific(intent: Intent, catalog: Catalog, search) -> bool:
    """"上街区接收互联网申请多少件": the tables only know all applications; the prose knows the internet ones.

    True when the question has content words that neither the agency nor the (default) metric
    explain, and the report text has a sentence that contains them all.
    """
    from index.search import query_tokens

    from .text_route import ignored_words, report_filter

    explained = {t for w in metric_words(intent.table, intent.row) for t in query_tokens(w)}
    report_ids, missing = report_filter(intent, catalog)
    if missing:
        return False
    explained |= ignored_words(catalog, report_ids)
    rest = {t for t in query_tokens(intent.question) if t not in explained and not t.isdigit() and len(t) > 1}
    if not rest:
        return False
    for passage in search().search(intent.question, report_ids, k=3):
        if passage.chunk.kind == "prose" and rest <= set(query_tokens(passage.chunk.text)):
            return True
    return False


def _about_row(text: Answer, intent: Intent) -> bool:
    """Whether a quoted answer names the row asked, in any of the Chinese words the reports use for it."""
    return any(w in text.answer for w in metric_words(intent.table, intent.row) - VERB_ONLY
               if CJK.search(w) and len(w) >= 2)  # (not a verb every row shares: 收到, 受理)


def _table_or_none(intent: Intent, catalog: Catalog) -> Answer:
    if not catalog.reports:
        return _none(intent, "route.nothing_indexed")
    known = join(sorted(a.short for a in catalog.agencies), intent.language)
    if intent.unknown_agencies and not intent.agencies and not intent.ambiguous:
        return _none(intent, "route.unknown_agency", names=join(intent.unknown_agencies, intent.language), known=known)
    agencies = intent.agencies + [c for _, cands in intent.ambiguous for c in cands if c not in intent.agencies]
    if intent.operation == "quality":
        return answer_quality(intent, catalog, agencies)
    if intent.beyond:
        answer = _none(intent, "route.beyond", what=intent.beyond)
        answer.why = "no_metric"  # the report text may still say it
        return answer
    if not intent.has_metric or intent_metric(intent) is None:  # a column several rows share, no row: not a cell
        return _none(intent, "route.no_metric")
    operation = OPERATIONS[_operation(intent, agencies)]
    if operation.agencies == EVERY and not agencies:  # "比较各单位…": every indexed agency
        agencies = [a.name for a in catalog.agencies]
    if operation.agencies in (NAMED, ONE) and not agencies:
        return _none(intent, "route.which_agency", known=known)
    return operation.answer(intent, catalog, agencies[0] if operation.agencies == ONE else agencies)


def _operation(intent: Intent, agencies: list[str]) -> str:
    """The operation that answers: the one asked, as the agencies, years and figures named make it."""
    asked = intent.operation
    if asked in ("total", "compare") and intent.figures and len(agencies) == 1:
        return "figures"  # "一共…" / "比较…" over figures the report's prose states
    if asked == "total" and not (len(agencies) >= 2 or len(intent.years) >= 2 or intent.last_years >= 2 and not intent.years):
        asked = intent.operation = "value"  # "法人或其他组织一共多少" of one agency and year is one value
    if len(agencies) > 1 and (asked == "value" or OPERATIONS[asked].agencies == ONE):
        return "compare"  # what one agency's answer says, said of several side by side
    if asked == "value" and len(intent.years) >= 2:
        return "trend"
    return asked


# who an operation answers about: the agencies as named (maybe none), at least one named, the first one named,
# or every indexed agency when none is named
ANY, NAMED, ONE, EVERY = "any", "named", "one", "every"


@dataclass(frozen=True)
class Operation:
    answer: Callable[..., Answer]  # (intent, catalog, agencies, or one agency) → Answer
    agencies: str


OPERATIONS: dict[str, Operation] = {
    "value": Operation(answer_value, NAMED),
    "compare": Operation(answer_compare, EVERY),
    "rank": Operation(answer_rank, ANY),
    "share": Operation(answer_share, NAMED),
    "total": Operation(answer_total, ANY),
    "figures": Operation(answer_figures, ONE),
    "change": Operation(answer_change, ONE),
    "trend": Operation(answer_trend, ONE),
    "breakdown": Operation(answer_breakdown, ONE),
}
