"""Which cell the words of a question name: the row and column its terms give (assistant.vocabulary), the
meaning of the template's rows fused in, a label written in quotes, and the whole of a share.

Each function fills the metric fields of an Intent (assistant.understand) in place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.template import FORMATS, TABLES, label_key, table

from .vocabulary import Term, term_matches
from .wording import ADDS_UP, EACH_ASKED, EITHER, SHARE_OF, WHOLE_FIRST, WHOLE_INSIDE

if TYPE_CHECKING:
    from .understand import Intent


# The change column of 表二 (本年增/减) asked in words, and its last-year column (上一年项目数量)
_CHANGE_COLUMN = re.compile(r"本年增|增减|增/减|增加或减少|增加还是减少|增加或者减少|gain(?:ed)? or los[et]|"
                            r"increase or decrease|added or removed|net change in (?:the )?(?:number of )?items")
_PREVIOUS_YEAR = re.compile(r"上一?年度?|去年|前一年|previous year|last year|year before|prior year")
# What a question counts and what it sums up, when a row has both kinds of column (采购项目数量 / 采购总金额)
_COUNT_WORDS = re.compile(r"几个|几项|多少个|多少项|项目|个数|数量|件数|\bhow many\b|\bnumber of\b|\bcount\b|\bprojects\b")
_AMOUNT_WORDS = re.compile(r"金额|多少钱|资金|万元|多少万|元|\bamount|\bhow much\b|\bvalue\b|\bspen[dt]|\byuan\b")


def set_metric(intent: Intent, terms: list[Term]) -> None:
    if terms and all(t.verb_only for t in terms):
        return  # "收到多少件" without saying what was received
    # the row rests on the default noun alone ("商业企业申请的"), no verb saying which ("收到的")
    intent.row_by_default = any(t.kind == "row" and t.fallback for t in terms) and not any(
        t.kind in ("row", "group") and (not t.fallback or t.verb_only) for t in terms)
    terms = [t for t in terms if not t.verb_only] or terms
    terms = _in_the_table_named(terms)
    rows = [t for t in terms if t.kind in ("row", "group")]
    specific = [t for t in rows if not t.fallback] or rows
    intent.metric_fallback = bool(rows) and all(t.fallback for t in rows) and not any(
        t.kind == "column" and not t.fallback for t in terms)
    if specific:
        # the table the question names most ("requests knocked back … some other law or regulation": 表三, not
        # the rules row of 表二); in it a specific row inside a group ("直接起诉" within 行政诉讼) beats the group
        weight = {t.table: sum(u.table == t.table for u in terms) for t in specific}
        specific = [t for t in specific if weight[t.table] == max(weight.values())]
        # and the narrowest: "of the requests handled, how many were withheld" asks the withheld, not the handled
        # (of two as narrow, the one more words name: "failed, without good reason, to supply the corrections")
        named = {(t.table, t.id): sum((u.table, u.id) == (t.table, t.id) for u in terms) for t in specific}
        best = max(specific, key=lambda t: (_breadth(t), t.kind == "row", named[(t.table, t.id)]))
        intent.table, intent.row, intent.row_kind = best.table, best.id, best.kind
        whole = _whole_group(intent.question, specific)
        if whole:
            intent.row, intent.row_kind = whole, "group"  # "直接起诉加复议后起诉的总数": all of 行政诉讼
            intent.whole_named = True
            if intent.operation == "compare" and len(intent.agencies) <= 1:
                intent.operation = "breakdown"  # "direct suits versus suits after reconsideration": row by row
    columns = [t for t in terms if t.kind == "column" and (intent.table is None or t.table == intent.table)]
    specific_columns = [t for t in columns if not t.fallback]
    if intent.operation in ("change", "trend") and len(intent.years) >= 2:
        # "change in normative documents in force, 2022 to 2024": a change between the years, not 本年增/减
        specific_columns = [t for t in specific_columns if t.id != "change"]
    for t in TABLES:
        for group in t.column_groups:  # "企业、科研、律所这些单位加一块儿": three of the five are the five
            if len({c.id for c in specific_columns if c.table == t.id} & set(group.members)) >= 3:
                specific_columns = [Term("column", t.id, group.id)]
    # "decided in its favour", "concluded with the decision corrected": the one member of a column group named with
    # it (several members named with it — "decided, whether upheld, corrected or otherwise" — are the group)
    members = [c for c in specific_columns if any(c.id in table(g.table).column(g.id).members
                                                  for g in specific_columns if g.table == c.table)]
    groups = [g for g in specific_columns if table(g.table).column(g.id).members]
    if members and groups and EITHER.search(intent.question.lower()):
        specific_columns = groups  # "以单位名义（不管是企业还是别的机构）": the members said as examples of the group
    elif len({c.id for c in members}) == 1:
        specific_columns = members
    if specific_columns:
        intent.column = specific_columns[0].id
        intent.column_printed = specific_columns[0].printed
        intent.table = intent.table or specific_columns[0].table
    if intent.row and intent.row_kind == "row":
        _row_decides_column(intent)
    chose = [t for t in terms if t.table == intent.table]
    if chose and all(t.others for t in chose):
        intent.elsewhere = [o for t in chose for o in t.others]
    if intent.row is None and intent.table == "active" and intent.column in (None, "purchase_items") \
            and _PREVIOUS_YEAR.search(intent.question) and _COUNT_WORDS.search(intent.question.lower()):
        intent.column = "prev_items"  # "它上一年的项目数量": the last-year column of the row asked before
    if intent.row is None and intent.column and intent.table:
        # "procurement amount" names only a column, and only one row has it
        owners = {r.id for r in table(intent.table).rows if intent.column in r.columns}
        if len(owners) == 1 and len(table(intent.table).rows) > 1 and intent.table != "applications":
            intent.row = owners.pop()


_VERSUS = re.compile(r"\bversus\b|\bvs\b\.?|\bagainst\b(?= (?:the )?(?:suits?|cases?|ones?|lawsuits?|requests?))")


def _in_the_table_named(terms: list[Term]) -> list[Term]:
    """A word with a meaning in several tables takes the one of the table the question's other words name:
    "复议案子办结了几件" is the reconsiderations concluded (表四), not the applications handled (表三)."""
    named = {t.table for t in terms if not t.others and not t.fallback} or {
        t.table for t in terms if not t.others}  # nothing but the default noun: "requests" is 表三's, "诉讼" 表四's
    return [next((o for o in t.others if o.table in named), t) if t.others and t.table not in named else t
            for t in terms]


def _whole_group(question: str, terms: list[Term]) -> str | None:
    """The group whose every row the question names and adds up ("行政处罚和行政强制一共") or asks each of, or None."""
    rows = {(t.table, t.id) for t in terms if t.kind == "row"}
    if len(rows) < 2 or len({t for t, _ in rows}) != 1 or not (ADDS_UP.search(question.lower()) or EACH_ASKED.search(
            question.lower()) or _VERSUS.search(question.lower())):
        return None  # (or each of them asked: "直接告的和复议后再告的分别多少", "A versus B": the group, row by row)
    t = table(next(iter(rows))[0])
    groups = {r.group for r in t.rows if (t.id, r.id) in rows}
    if len(groups) != 1 or None in groups:
        return None
    group = groups.pop()
    members = {r.id for r in t.rows if r.group == group}
    return group if members == {r for _, r in rows} else None


def _row_decides_column(intent: Intent) -> None:
    """The row decides which column a word names.

    "上一年有多少项" on a row with a last-year column is that column; "本年增减" on a row with a change column
    is that column (a value, not a change between years); with no column named a count word ("有几个") or an
    amount word ("多少钱") picks the row's count or amount column; a column of another row ("收费金额" read as
    procurement's) becomes the row's own column of the same kind.
    """
    own = table(intent.table).columns_of([intent.row])
    lower = intent.question.lower()
    counts, amounts = [c for c in own if "amount" not in c], [c for c in own if "amount" in c]
    if "change" in own and _CHANGE_COLUMN.search(lower) and len(intent.years) < 2:  # "较2022年增减": between years
        intent.column = "change"
        intent.operation = "value" if intent.operation == "change" else intent.operation
    elif "prev_items" in own and _PREVIOUS_YEAR.search(lower) and intent.column in (None, "prev_items", "purchase_items") \
            and not intent.years_back:  # "去年收了多少" is last year's report, not its last-year column
        intent.column = "prev_items"
    elif intent.column is None:
        if amounts and len(counts) == 1 and _COUNT_WORDS.search(lower) and not _AMOUNT_WORDS.search(lower):
            intent.column = counts[0]
        elif len(amounts) == 1 and counts and _AMOUNT_WORDS.search(lower):
            intent.column = amounts[0]
    elif own and intent.column not in own and not table(intent.table).column(intent.column).members:
        same = [c for c in own if ("amount" in c) == ("amount" in intent.column)]
        # several: the one the row has in every format ("penalties issued": 处理决定数量, not 本年增/减)
        everywhere = [c for c in same if all(c in table(intent.table).columns_of([intent.row], f) for f in FORMATS
                                             if intent.row in {r.id for r in table(intent.table).rows_for(f)})]
        intent.column = same[0] if len(same) == 1 else everywhere[0] if len(everywhere) == 1 else intent.column


def set_apart(intent: Intent, excluded: list[Term]) -> None:
    """A group read and some of its members set apart, one member left: that member. "其他处理中除了不补正、不缴费以外的"
    is 其他 of the other-handling group; "closed with some other outcome — neither upheld nor corrected" is 其他结果
    of 已审结. With two members left or more the group stays (the question asks a part the tables do not print)."""
    if intent.table is None:
        return
    read = table(intent.table)
    rows_out, columns_out = ({t.id for t in excluded if t.kind == kind and t.table == read.id}
                             for kind in ("row", "column"))
    if intent.row:  # (a group, or 其他处理: a row of the 2019 format, a group of the 2021 one)
        left = _left(rows_out, [r.id for r in read.rows if r.group == intent.row])
        if left:
            intent.row, intent.row_kind = left, "row"
    if intent.column and read.column(intent.column).members:
        left = _left(columns_out, list(read.column(intent.column).members))
        if left:
            intent.column, intent.column_printed = left, True
    elif intent.column in (None, "total") and columns_out:
        # no column read, some set apart ("不是老百姓个人提的", "还在审的不算"): the column group of the rest
        rest = {c.id for c in read.columns if not c.is_change and c.id != "total"} - columns_out
        groups = [g.id for g in read.column_groups if set(g.members) == rest]
        if len(groups) == 1:
            intent.column = groups[0]


def _left(out: set[str], members: list[str]) -> str | None:
    """The one member of `members` not set apart (`out`), when some are and exactly one is left."""
    left = [m for m in members if m not in out]
    return left[0] if out and out < set(members) and len(left) == 1 else None


# how much closer by meaning another row must be: to the default row ("申请") and to a row the words named
_OVER_DEFAULT, _OVER_NAMED, _CLOSE = 0.02, 0.04, 0.01


def fuse_meaning(intent: Intent, scores: dict[tuple[str, str, str], float], by_default: bool,
                 support: dict[tuple[str, str, str], float] | None = None) -> None:
    """The words decide when they name a specific row or say nothing beyond known words; the meaning when
    they name only the default row, when they name a group and the question describes one of its rows, or
    when another row is clearly closer.

    The row taken last, and the runner-up when it is nearly as close, are kept as alternatives. Against the
    default row the meaning decides only for a row one of the question's English words belongs to (`support`,
    from the row's descriptions and everyday words), when the question has such words at all.
    """
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), runner_up = ranked[0], ranked[1]
    named = (intent.table, intent.row_kind, intent.row)
    named_score = scores.get(named, top - 1)
    if named == best or not intent.content or intent.whole_named:  # (every row of the group named: the words)
        chosen = None  # every word of the question is a known name, metric or operation word: the words decide
    elif named[1] == "group" and best[0] == named[0] and best[1] == "row" and best[2].startswith(named[2] + "."):
        chosen = best if top - named_score > _OVER_DEFAULT else None  # "重复提出的申请不予处理": a row of the group
    else:
        chosen = best if top - named_score > (_OVER_DEFAULT if by_default else _OVER_NAMED) else None
    if chosen is not None and intent.column is not None and chosen[0] != intent.table:
        chosen = None  # "reconsiderations withdrawn": a column named of the table read, which the other lacks
    if chosen is not None and by_default and support and not support.get(chosen):
        chosen = None  # no word of the question is one of that row's: "more or fewer requests" is still requests
    if chosen is None:
        if named == best and top - runner_up[1] < _CLOSE and intent.content:
            intent.alternatives.append(runner_up[0])
        return
    if not by_default:
        intent.alternatives.append(named)
    elif top - runner_up[1] < _CLOSE:
        intent.alternatives.append(runner_up[0])
    chosen_table = table(chosen[0])
    row_columns = chosen_table.columns_of(chosen_table.cell_rows(chosen[2], chosen[1]))
    intent.table, intent.row_kind, intent.row = chosen[0], chosen[1], chosen[2]
    intent.metric_fallback = intent.row_by_default = False
    if intent.column is not None and not chosen_table.has_column(intent.column, row_columns):
        intent.column = None  # a column of the row the words named, not of this one (a group of its columns stays)


# a row the words never name is taken by meaning alone when most of the question's rare words, and three of them at
# least, are its own, and it is closer than any other row by as much as the meaning must beat the default row
_DESCRIBED_ALONE, _ALONE_WORDS = 0.5, 3


def meaning_alone(intent: Intent, scores: dict[tuple[str, str, str], float],
                  support: dict[tuple[str, str, str], float], shared: dict[tuple[str, str, str], int]) -> None:
    """"held something back because it was still working-stage material — drafts, minutes": no word of the
    template, but several words of one row's descriptions. Only with no row named and a cell still open (a
    question the words read as prose, or as a column alone, stays so unless the row is clearly described: one
    shared word is no description — "What problems did X identify?" is the text's, though a row's gloss says
    "could not identify")."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if best[1] == "row" and support.get(best, 0) >= _DESCRIBED_ALONE and shared.get(best, 0) >= _ALONE_WORDS \
            and top - second > _OVER_DEFAULT:
        rows = table(best[0]).cell_rows(best[2], best[1])
        if intent.column is not None and intent.column not in table(best[0]).columns_of(rows):
            intent.column = None  # "drafts" read as 制定 (表二): a column of a table the row is not in
        intent.table, intent.row_kind, intent.row = best
        intent.metric_fallback = intent.row_by_default = False


def set_share_whole(intent: Intent) -> None:
    """"不予公开的申请占办理总数的百分比": the widest row named after 占 / "share of" is the whole, the narrowest other the part.

    With no part named, the whole alone is the metric and share_whole points at it (the session may take the
    part from the previous turn); with a column named instead ("share of the requests from companies") the
    column's cell is the part of its row's total, as without a whole.
    """
    question = intent.question

    def rows_in(text: str, verbs: bool = False) -> list[Term]:
        return [t for t in _without_own_nouns(text) if t.kind in ("row", "group") and (verbs or not t.verb_only)]

    leading = WHOLE_FIRST.match(question)  # "Of everything X handled, what proportion was refused?"
    inside = WHOLE_INSIDE.search(question)  # "重复申请在不予处理里占多少"
    marker = SHARE_OF.search(question.lower())
    if leading and rows_in(leading.group(1) or leading.group(2)):
        after = _row_of_its_group(_named_noun(rows_in(leading.group(1) or leading.group(2))))
        before = rows_in(question[leading.end():])
    elif inside and rows_in(inside.group(1), verbs=True):
        after, before = _named_noun(rows_in(inside.group(1), verbs=True)), rows_in(question[:inside.start()])
    elif marker and rows_in(question[marker.end():], verbs=True):  # "of everything handled": a verb names it
        rest = question[marker.end():]
        after, before = rows_in(rest, verbs=True), rows_in(question[:marker.start()])
        # "what proportion of the requests Qingxi declined to process were petitions": the whole ends at the verb
        # whose subject it is (the last one with a row after it: "of those that were handled were refused")
        for verb in reversed(list(_PREDICATE.finditer(rest))):
            subject, predicate = rows_in(rest[:verb.start()], verbs=True), rows_in(rest[verb.end():], verbs=True)
            if subject and predicate:
                after, before = _named_noun(subject), before + predicate
                break
    else:
        return
    whole = min(after, key=lambda t: (_breadth(t), t.fallback))  # the widest named after the marker
    parts = [t for t in before + after if t.table == whole.table and t.id != whole.id]
    # the narrowest of the rest; a bare "申请"/"requests" is the noun of the whole, not a part
    part = max((t for t in parts if not t.fallback), key=_breadth, default=None)
    if part is None and intent.column not in (None, "total"):
        return  # "what share of the requests came from companies": companies of all requests
    intent.share_whole = (whole.table, whole.id, whole.kind)
    chosen = part or whole
    intent.table, intent.row, intent.row_kind = chosen.table, chosen.id, chosen.kind


_PREDICATE = re.compile(r"\b(?:were|was|are|is|ended(?: up)?|turned out(?: to be)?|got|had been|have been)\b", re.I)


def _row_of_its_group(terms: list[Term]) -> list[Term]:
    """A clause naming a row and its own group ("直接起诉的行政诉讼案件中"): the row — the group is its noun."""
    groups = {(t.table, table(t.table).row(t.id).group) for t in terms if t.kind == "row"}
    return [t for t in terms if not (t.kind == "group" and (t.table, t.id) in groups)]


def _named_noun(terms: list[Term]) -> list[Term]:
    """A clause that is only the whole ("of the requests it was unable to provide,"): the default noun in it is the
    named row's."""
    return [t for t in terms if not t.fallback] or terms


def _without_own_nouns(text: str) -> list[Term]:
    """The terms of the text, less a default noun right after a specific row ("not-processed requests",
    "不予处理的申请"): the noun of that row, not the applications received."""
    zh, en = term_matches(text)
    found = []
    for matches, gap in ((zh, 1), (en, 0)):
        end = None
        for start, stop, term in matches:
            if not (term.fallback and term.kind == "row" and end is not None and start - end <= gap):
                found.append(term)
            end = stop if term.kind in ("row", "group") and not term.fallback else None
    return found


def _breadth(term: Term) -> int:
    """0 for a table's top rows and totals (本年新收, （七）总计), 1 for a group of rows, 2 for a row inside one."""
    if term.kind == "group":
        return 1
    row = table(term.table).row(term.id)
    return 0 if row.group is None or "总计" in row.label else 2


# A label written in quotes: “其他”, 'other', "Other", 「其他」
_QUOTED = re.compile(r"[“\"'‘「『]([^”\"'’」』]{1,16})[”\"'’」』]")
_BARE_EN = {"other": "其他", "others": "其他", "total": "总计", "grand total": "总计"}


def quoted_label(intent: Intent) -> None:
    """A label written in quotes names that very row or column ("the 'other' column", 列在“其他”里的组织,
    plain 'other' in the otherwise-handled group), even where the bare word alone names nothing: a row of
    the group read, else a column of the table read (with no table read, the one column whose English
    label shares a word with the question)."""
    lower = intent.question.lower()
    for said in _QUOTED.findall(intent.question):
        key = label_key(said.strip())
        key = _BARE_EN.get(key.lower(), key)
        if intent.row and intent.table:  # (（六）其他处理 is a row in the 2019 format, a group from 2021)
            read = table(intent.table)
            if intent.row_kind == "row" and _labelled(key, read.row(intent.row)):
                return  # the row read is the one quoted
            rows = [r for r in read.rows if r.group == intent.row and _labelled(key, r)]
            if len(rows) == 1:
                intent.row, intent.row_kind = rows[0].id, "row"
                return
        tables = [table(intent.table)] if intent.table else TABLES
        columns = [(t, c) for t in tables for c in t.columns if _labelled(key, c)]
        if len(columns) > 1:  # “其他”里的组织: 其他组织, not 其他结果
            columns = [(t, c) for t, c in columns if any(w in lower for w in _context_words(key, c))]
        if len(columns) == 1:
            t, c = columns[0]
            intent.table, intent.column, intent.column_printed = t.id, c.id, True
            return


def _context_words(key: str, column) -> set[str]:
    """The words that tell one quoted column from its namesakes: its English label's, and its Chinese names'
    besides the quoted word (“其他” is 其他组织 where the question says 组织)."""
    words = {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", column.en.lower())}
    for name in (column.label, *column.aliases):
        rest = label_key(name).replace(key, "")
        words |= {rest[i:i + 2] for i in range(len(rest) - 1)}
    return words


def _labelled(key: str, element) -> bool:
    """The row or column is written so, its numbering aside ("3.其他" is “其他”)."""
    return key in {label_key(element.label), *(label_key(a) for a in element.aliases)}
