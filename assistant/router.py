"""The router: which route answers an understood question — table records, or none."""

from __future__ import annotations

from .answer import Answer
from .records import Catalog
from .table_route import (answer_breakdown, answer_change, answer_compare, answer_quality, answer_rank,
                          answer_trend, answer_value)
from .understand import Intent

MAX_QUESTION = 2000


def _none(intent: Intent, zh: str, en: str) -> Answer:
    return Answer(intent.question, zh if intent.language == "zh" else en, "none")


def route(intent: Intent, catalog: Catalog) -> Answer:
    """Answer from the records when the question names a table figure; otherwise say what is possible."""
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
    if not intent.has_metric:
        return _none(intent, "没能在报告表格中找到这个问题对应的指标。可以问：收到多少申请、予以公开多少件、"
                             "不予公开的原因、行政处罚决定数量、政府集中采购金额、行政复议和行政诉讼数量等。",
                     "I could not match this question to a figure in the report tables. Try: applications "
                     "received, fully or partially disclosed, refusals by reason, administrative penalty "
                     "decisions, procurement amount, reconsiderations and lawsuits.")
    if intent.operation == "rank":
        return answer_rank(intent, catalog, agencies)
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
