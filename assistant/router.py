"""The router: which route answers an understood question — table records, the report text, both, or none."""

from __future__ import annotations

import re
from collections.abc import Callable


from .answer import Answer, intent_metric
from .derived import answer_figures, answer_share, answer_total
from .records import Catalog
from .table_route import (answer_breakdown, answer_change, answer_compare, answer_quality, answer_rank,
                          answer_trend, answer_value)
from .understand import Intent
from .vocabulary import CJK, metric_words
from .wording import TEXT_ASKED

MAX_QUESTION = 2000
# A number plus its context: "…收到多少申请，主要涉及哪些方面？", "why", "explain"
_CONTEXT = re.compile(r"为什么|原因|怎么样|如何|情况怎样|具体|涉及|哪些方面|主要内容|措施|怎么说|说了什么|说了些什么|怎么讲|提到|"
                      r"why|explain|context|details|what kind|which topics|(?:does|did) the report say|"
                      r"the report says|what (?:it|they|the report) says?\b")

# ... and the report's own words asked for ("报告里是怎么说的？"), not only a reason ("不予公开的原因")
_ASKS_THE_REPORT = re.compile(r"怎么说|说了什么|说了些什么|怎么讲|提到|(?:does|did) the report say|the report says|"
                              r"what (?:it|they|the report) says?\b")


def _none(intent: Intent, zh: str, en: str) -> Answer:
    return Answer(intent.question, zh if intent.language == "zh" else en, "none")


def route(intent: Intent, catalog: Catalog, search: Callable[[], object] | None = None) -> Answer:
    """Table records for figures the tables hold; the report text for the rest; both when both are asked."""
    answer = _table_or_none(intent, catalog)
    if search is None or not catalog.reports or (intent.unknown_agencies and not intent.agencies):
        return answer
    from .text_route import answer_text

    if TEXT_ASKED.search(intent.question.lower()) and intent.operation == "value":
        text = answer_text(intent, catalog, search())  # "according to the report text": its words, not the table's
        if text.route == "text":
            return text
    if answer.route == "none" and intent.operation != "quality" and (
            not intent.has_metric or answer.why == "no_metric"):
        text = answer_text(intent, catalog, search())
        if intent.beyond and not any(w in text.answer for w in re.findall(r"[\u4e00-\u9fff]{2}|[a-z]{4,}",
                                                                           intent.beyond.replace("来自", ""))):
            return answer  # the text says nothing of what the tables do not count either
        if intent.has_metric and intent.row and not intent.beyond and not any(
                w in text.answer for w in metric_words(intent.table, intent.row) if CJK.search(w) and len(w) >= 2):
            return answer  # a row this report's format lacks: a sentence not about it is no answer either
        return text if text.route != "none" or not intent.has_metric else answer
    if answer.route == "table" and intent.metric_fallback and _text_is_more_specific(intent, catalog, search):
        text = answer_text(intent, catalog, search())
        if text.route == "text":
            return text
    if answer.route == "table" and _CONTEXT.search(intent.question.lower()):
        # look for the context of the same figure: its row's words join the question's
        # the figure's own words (its label, aliases, everyday words) find the prose about the same figure
        focus = sorted(metric_words(intent.table, intent.row)) if intent.row_kind == "row" and intent.row else []
        text = answer_text(intent, catalog, search(), focus)
        if text.route == "text":
            answer.answer += "\n\n" + text.answer
            answer.sources = text.sources
            answer.route = "table+text"
        elif _ASKS_THE_REPORT.search(intent.question.lower()):  # its words were asked for: say there are none
            answer.answer += "\n\n" + ("报告正文没有进一步说明这个数字。" if intent.language == "zh" else
                                         "The report text says nothing more about this figure.")
    return answer


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


def _table_or_none(intent: Intent, catalog: Catalog) -> Answer:
    if not catalog.reports:
        return _none(intent, "还没有收录任何报告：请先运行 python -m assistant ingest。",
                     "No reports are indexed yet: run `python -m assistant ingest` first.")
    known = "、".join(sorted(a.short for a in catalog.agencies))
    if intent.unknown_agencies and not intent.agencies and not intent.ambiguous:
        names = "、".join(intent.unknown_agencies)
        return _none(intent, f"语料中没有{names}的报告（已收录：{known}），无法给出数字。",
                     f"There is no report for {', '.join(intent.unknown_agencies)} in the corpus "
                     f"(indexed: {known}), so there is no number to give.")
    agencies = intent.agencies + [c for _, cands in intent.ambiguous for c in cands if c not in intent.agencies]
    if intent.operation == "quality":
        return answer_quality(intent, catalog, agencies)
    if intent.beyond:
        answer = _none(intent, f"报告表格不统计“{intent.beyond}”：表格只有件数、项数和金额，申请人只分自然人和五类法人或其他组织。",
                       f"The report tables do not count “{intent.beyond}”: they hold counts and amounts only, and "
                       "applicants only as natural persons or five kinds of organisation.")
        answer.why = "no_metric"  # the report text may still say it
        return answer
    if not intent.has_metric or intent_metric(intent) is None:  # a column several rows share, no row: not a cell
        return _none(intent, "没能在报告表格中找到这个问题对应的指标。可以问：收到多少申请、予以公开多少件、"
                             "不予公开的原因、行政处罚决定数量、政府集中采购金额、行政复议和行政诉讼数量等。",
                     "I could not match this question to a figure in the report tables. Try: applications "
                     "received, fully or partially disclosed, refusals by reason, administrative penalty "
                     "decisions, procurement amount, reconsiderations and lawsuits.")
    if intent.operation == "rank":
        return answer_rank(intent, catalog, agencies)
    if intent.operation == "share" and agencies:
        return answer_share(intent, catalog, agencies)
    if intent.operation in ("total", "compare") and intent.figures and len(agencies) == 1:
        return answer_figures(intent, catalog, agencies[0])
    if intent.operation == "total":
        if len(agencies) >= 2 or len(intent.years) >= 2 or intent.last_years >= 2 and not intent.years:
            return answer_total(intent, catalog, agencies)
        intent.operation = "value"  # "法人或其他组织一共多少" of one agency and year is one value
    if intent.operation == "compare" and not agencies:  # "比较各单位…": every indexed agency
        return answer_compare(intent, catalog, [a.name for a in catalog.agencies])
    if not agencies:
        return _none(intent, f"请说明是哪个单位（已收录：{known}）。",
                     f"Which agency do you mean? Indexed: {known}.")
    if intent.operation == "compare" or len(agencies) > 1:
        return answer_compare(intent, catalog, agencies)
    if intent.operation == "change":
        return answer_change(intent, catalog, agencies[0])
    if intent.operation == "trend" or (len(intent.years) >= 2 and intent.operation == "value"):
        return answer_trend(intent, catalog, agencies[0])
    if intent.operation == "breakdown":
        return answer_breakdown(intent, catalog, agencies[0])
    return answer_value(intent, catalog, agencies)
