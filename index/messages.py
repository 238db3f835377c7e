"""The catalogue: every sentence a user reads, in Chinese and English, under one key.

Stages below the answer (the parser's inference reasons) store a `Message` (its key and its values), never a
sentence, so an answer says it in the question's language:

    Message("inferred.row_values", values=5, columns=4).encode()    # what a Fact stores
    said(fact.inferred, "zh")                                         # what an answer shows
    say("ask.empty", "en")                                            # a sentence with no stored part

Wording changes here only; a `Message` with a key missing here fails where it is made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- how a number was placed (index/tables.py), said with the cell it concerns --------------------------
    "inferred.row_values": ("该行有{values}个数值、{columns}列，按列的顺序保留了前几个",
                            "the row has {values} values for {columns} columns"),
    "inferred.heading_numbers": ("数字印在分组标题行“{group}”上，其第一行“{row}”本身没有数字",
                                 "the numbers stand on the group heading line '{group}'; its first row '{row}' has none"),
    "inferred.row_sum": ("该行有{numbers}个数字、{width}列；按“总计 = 其余各列之和”的所有排法都一致的位置放置",
                         "the row has {numbers} numbers for {width} columns; placed where every arrangement that "
                         "keeps total = sum of the other columns agrees"),
    "inferred.review": ("第四部分有{numbers}个数字、15个单元格；按“维持+纠正+其他+尚未审结=总计”和正文（{prose}）放置",
                        "section 四 has {numbers} numbers for 15 cells; placed by the rule 维持+纠正+其他+尚未审结=总计 "
                        "and the prose ({prose})"),
    "inferred.review_rule": ("第四部分有{numbers}个数字、15个单元格；按“维持+纠正+其他+尚未审结=总计”放置（正文未提及）",
                             "section 四 has {numbers} numbers for 15 cells; placed by the rule "
                             "维持+纠正+其他+尚未审结=总计 (the prose says nothing of them)"),
    # --- the assistant's own sentences ----------------------------------------------------------------------
    "ask.empty": ("请输入一个问题。", "Please ask a question."),
    "ask.too_long": ("问题太长（最多{limit}字）。", "The question is too long (at most {limit} characters)."),
    "route.nothing_indexed": ("还没有收录任何报告：请先运行 python -m assistant ingest。",
                              "No reports are indexed yet: run `python -m assistant ingest` first."),
    "route.unknown_agency": ("语料中没有{names}的报告（已收录：{known}），无法给出数字。",
                             "There is no report for {names} in the corpus (indexed: {known}), so there is no number "
                             "to give."),
    "route.beyond": ("报告表格不统计“{what}”：表格只有件数、项数和金额，申请人只分自然人和五类法人或其他组织。",
                     "The report tables do not count “{what}”: they hold counts and amounts only, and applicants only "
                     "as natural persons or five kinds of organisation."),
    "route.no_metric": ("没能在报告表格中找到这个问题对应的指标。可以问：收到多少申请、予以公开多少件、不予公开的原因、"
                        "行政处罚决定数量、政府集中采购金额、行政复议和行政诉讼数量等。",
                        "I could not match this question to a figure in the report tables. Try: applications "
                        "received, fully or partially disclosed, refusals by reason, administrative penalty "
                        "decisions, procurement amount, reconsiderations and lawsuits."),
    "route.which_agency": ("请说明是哪个单位（已收录：{known}）。", "Which agency do you mean? Indexed: {known}."),
    "route.no_more_text": ("报告正文没有进一步说明这个数字。", "The report text says nothing more about this figure."),
    "warn.inferred": ("{agency} {year}「{row} / {column}」的位置是推断的：{reason}",
                      "{agency} {year} “{row} / {column}” was placed by inference: {reason}"),
}

_LISTS = {"zh": "、", "en": ", "}


def say(key: str, language: str, **values) -> str:
    """The sentence `key` in `language` ("zh" or anything else: English) with `values` filled in."""
    zh, en = CATALOGUE[key]
    return (zh if language == "zh" else en).format(**values)


def join(items, language: str) -> str:
    """Names listed the way the language lists them (、 or a comma)."""
    return _LISTS.get(language, ", ").join(items)


@dataclass(frozen=True)
class Message:
    """A sentence not said yet: its key and values (what a record stores, so it can be said in any language)."""

    key: str
    values: dict = field(default_factory=dict)

    def __init__(self, key: str, **values):
        if key not in CATALOGUE:
            raise KeyError(f"no message '{key}' in the catalogue")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def say(self, language: str) -> str:
        return say(self.key, language, **self.values)

    def encode(self) -> str:
        return json.dumps({"key": self.key, "values": self.values}, ensure_ascii=False, default=str)

    @classmethod
    def decode(cls, text: str) -> Message | None:
        """The message a record stores; None for a record's plain sentence (stored before messages were)."""
        try:
            data = json.loads(text)
            return cls(data["key"], **data["values"])
        except (ValueError, TypeError, KeyError):
            return None


def said(stored: str | None, language: str) -> str:
    """A stored message in `language` (a sentence stored before messages were: as it is)."""
    if not stored:
        return ""
    message = Message.decode(stored)
    return message.say(language) if message else stored
