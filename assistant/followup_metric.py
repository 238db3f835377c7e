"""Which row and column a follow-up means: a word of several tables read in the conversation's table, the rows of
a group the conversation asked one by one, the column asked before kept for another row, a column word alone meaning
the figure before (the rest of the conversation's rules: assistant/session.py)."""

from __future__ import annotations

import re

from index.template import table

from .context import Context
from .understand import Intent
from .vocabulary import find_terms
from .wording import COUNT_ASKED


def table_of_the_conversation(intent: Intent, context: Context) -> None:
    """"How many of those were still pending?" after direct lawsuits: words with a meaning in several tables, and
    nothing else naming a table, mean what they mean in the table the conversation is in ("pending" is 表四's
    尚未审结 of the row asked before, not 表三's 结转下年度)."""
    if not context.table or intent.table in (None, context.table):
        return
    there = next((o for o in intent.elsewhere if o.table == context.table), None)
    if there is None:
        return
    t = table(context.table)
    if there.kind == "column" and context.row and t.has_column(
            there.id, t.columns_of(t.cell_rows(context.row, context.row_kind))):
        intent.table, intent.row, intent.row_kind, intent.column = context.table, context.row, context.row_kind, there.id
        intent.inherited.append("row")
    elif there.kind in ("row", "group"):
        intent.table, intent.row, intent.row_kind, intent.column = context.table, there.id, there.kind, None
    else:
        return
    intent.alternatives = []


def members_asked(intent: Intent, context: Context) -> set[str]:
    """The rows of the group `intent` names that the conversation has asked about."""
    t = table(intent.table)
    return {row for table_id, row, kind, _ in context.recent_metrics
            if table_id == intent.table and kind == "row" and row and t.row(row).group == intent.row}


def row_words(table_id: str, row: str, kind: str) -> str:
    """A row's (or group's) printed label without its numbering: "本年新收政府信息公开申请数量"."""
    t = table(table_id)
    label = t.group(row).label if kind == "group" else t.row(row).label
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.]\s*", "", label)


# the row's total said in so many words: no column of the turn before
_TOTAL_SAID = re.compile(r"\btotal\b|\bin all\b|\baltogether\b|\boverall\b|总计|总数|合计|一共|总共")
# "X的呢", "what about X?", "and X?": the question asked before, one part of it changed
_WHAT_ABOUT = re.compile(r"呢\W*$|^\W*(?:and|what about|how about|same for|same thing for)\b")


def same_column(intent: Intent, context: Context) -> None:
    """"复议后起诉的呢" after the direct lawsuits concluded, "不予公开的呢" after 其中自然人: another row, asked the same
    way — the column asked before, when the row has it and the question names no column of its own."""
    if not intent.elliptical or intent.row is None or intent.column is not None or intent.table != context.table \
            or context.column in (None, "total") or intent.row == context.row or intent.operation != context.operation \
            or not _WHAT_ABOUT.search(intent.question.lower()) or COUNT_ASKED.search(intent.question.lower()) \
            or _TOTAL_SAID.search(intent.question.lower()):
        return  # ("予以公开多少件？", "And lawsuits after reconsideration, total?" ask its own figure: the row's total)
    t = table(intent.table)
    if t.has_column(context.column, t.columns_of(t.cell_rows(intent.row, intent.row_kind))):
        intent.column = context.column
        intent.inherited.append("column")


def column_word_only(intent: Intent, context: Context) -> None:
    """"the combined amount", "金额呢" after an administrative-fee figure: a column word alone, no row named, which
    the previous figure's row has a column of the same kind for (an amount, a count of items) means that figure,
    not the one row the word alone would pick (procurement, for "amount"). A word only one column has
    ("收费金额", "fees collected") names that column, whatever was asked before."""
    if context.table is None or context.row is None or context.row_kind != "row" or intent.table != context.table:
        return
    terms = find_terms(intent.question)
    if not terms or any(t.kind != "column" or not t.shared for t in terms) or intent.row == context.row:
        return
    t = table(context.table)

    def kind(column) -> str | None:  # an amount of money (its unit printed in the header or not), else its unit
        return "amount" if "金额" in column.label else column.unit

    asked = t.column(intent.column) if intent.column else None
    own = [t.column(c) for c in t.columns_of([context.row])]
    same = [c for c in own if asked is not None and kind(c) == kind(asked)]
    if asked is None or not same or asked.id in {c.id for c in own}:
        return
    intent.row, intent.row_kind = context.row, context.row_kind
    intent.column = context.column if context.column in {c.id for c in same} else same[0].id
    intent.inherited.append("metric")
