"""Question understanding: agencies, years, the metric (template row × column) and the operation.

The words come from assistant.vocabulary (the template's own), the agencies from assistant.agencies; the
meaning of the template's rows (assistant.meaning) is fused in when the words leave the row open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.identity import Agency
from index.tables import label_key
from index.template import TABLES, table

from .agencies import find_agencies, plain_words
from .vocabulary import (CJK, EN_SCAFFOLD, EN_STOP, Term, corrected, find_terms, longest_matches, stem,
                         stem_tokens, vocabulary)
from .wording import (ADDS_UP, COLLECTIVE, EXCEPT, OPERATIONS, RELATIVE_YEARS, SHARE_OF, WHICH_PART, WHICH_YEAR,
                      WHOLE_FIRST, YEAR_STEPS, ZH_DIGITS, find_years, normalised)


# Quantities no table holds: averages and durations
_NOT_COUNTED = re.compile(r"平均[\u4e00-\u9fff]{0,6}?(?=是|为|有|多少|几|[？?，,。]|$)|[\u4e00-\u9fff]{0,4}(?:天数|时长|用时)|"
                          r"多少天|几天|多久|工作日|\baverage(?: [a-z]+){0,2}|\bmean\b|\bhow long\b|\bdays\b|"
                          r"\bhours\b|\bduration|\bmedian\b|"
                          # how an application came in: the tables count by applicant, never by channel
                          r"(?:通过|以|用)?(?:信函|邮寄|当面|传真|电子邮件|电话|互联网|网上|网络|在线)(?:方式|形式|渠道)?(?=.{0,6}(?:申请|提交|提出|收到|受理))|"
                          r"\bby (?:post|mail|letter|fax|phone|e-?mail)\b|\bin person\b|\bonline\b|"
                          r"\bthrough the (?:\w+ )?portal\b|\bvia the (?:internet|website|web)\b")
# The change column of 表二 (本年增/减) asked in words, and its last-year column (上一年项目数量)
_CHANGE_COLUMN = re.compile(r"本年增|增减|增/减|增加或减少|增加还是减少|增加或者减少|gain(?:ed)? or los[et]|"
                            r"increase or decrease|added or removed|net change in (?:the )?(?:number of )?items")
_PREVIOUS_YEAR = re.compile(r"上一?年度?|去年|前一年|previous year|last year|year before|prior year")
# What a question counts and what it sums up, when a row has both kinds of column (采购项目数量 / 采购总金额)
_COUNT_WORDS = re.compile(r"几个|几项|多少个|多少项|项目|个数|数量|件数|\bhow many\b|\bnumber of\b|\bcount\b|\bprojects\b")
_AMOUNT_WORDS = re.compile(r"金额|多少钱|资金|万元|多少万|元|\bamount|\bhow much\b|\bvalue\b|\bspen[dt]|\byuan\b")
# The words a follow-up is made of besides names, years and metrics: asking, pointing back, joining
_SCAFFOLD_ZH = re.compile(r"(?:同样|一样|相同|同一个?)的?问题|总数|同类|这类|此类|那类|类似|它们|他们|俩|再看|来看|看一下|那就|那么|那|呢|吗|嘛|呀|啊|吧|的|了|和|与|跟|及|以及|还有|又|再|也|都|是|有|请问|请|一下|看看|"
                          r"告诉我|给我|查询|查|多少|几|怎么样|如何|情况|数据|数字|数量|分别|其中|年度|年|同期|同样|"
                          r"这个|那个|这|该|它|他们|其|对应|相应|比较|对比|相比|一共|合计|总共|共|个|件|条|项|家|"
                          r"单位|部门|换成|改成|如果是|要是|再加上|加上|再加|算上|包括|什么|哪些|哪个|怎样|为什么|原因|理由|类型|种类|"
                          r"1下|[\d〇零一二两三四五六七八九十]+")


@dataclass
class Intent:
    question: str
    language: str
    agencies: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    year_explicit: bool = False
    year_step: int = 0  # "the year after?": the year of the previous turn plus this (the session applies it)
    years_back: int = 0  # "去年呢" (1), "前年呢" (2): before the newest year, or in a conversation before the last one
    extreme: str = ""  # "which year had the most": "most" or "least" (a trend that says its top year)
    table: str | None = None
    row: str | None = None
    row_kind: str = "row"
    column: str | None = None
    operation: str = "value"
    operation_explicit: bool = False
    metric_fallback: bool = False  # the metric rests only on default words ("申请", "applications")
    all_agencies: bool = False  # "五个单位", "all agencies": every indexed agency, never the last one named
    content: list[str] = field(default_factory=list)  # what the question says beyond agency, year, metric, operation
    topic: str = ""  # the question without its agency and year: what a prose follow-up ("淮安呢？") asks again
    inherited: list[str] = field(default_factory=list)  # what the previous turn filled in (agencies, years, metric…)
    # a share's whole when the question names it ("占办理总数的", "share of the handled requests"): table, row,
    # row kind; its column is the part's, or 总计 when the part is a column of the same row
    share_whole: tuple[str, str, str] | None = None
    # other readings close to the one taken (table, row kind, row id): offered as "也可能是问…" / "did you mean…"
    alternatives: list[tuple[str, str, str]] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as written, as read): "申情" → "申请"
    column_printed: bool = False  # the column was named by its printed heading: no other format's twin stands in
    beyond: str = ""  # what the question asks that no table counts ("平均办理天数", "来自外国人"): no number
    notes: list[str] = field(default_factory=list)

    @property
    def has_metric(self) -> bool:
        return self.table is not None and (self.row is not None or self.column is not None)

    @property
    def elliptical(self) -> bool:
        """Says nothing of its own beyond agency, year, metric or operation: "那上街区呢？", "and in 2019?"."""
        return not self.content


def language_of(question: str) -> str:
    return "zh" if CJK.search(question) else "en"


# --- the whole question ------------------------------------------------------------------------

def understand(question: str, agencies: list[Agency], newest_year: int | None, meaning=None) -> Intent:
    """Parse one question on its own (the session fills what it leaves out).

    `meaning` (assistant.meaning.Meaning) scores the template's rows by meaning; without it the words decide.
    """
    intent = Intent(question=question, language=language_of(question))
    question = normalised(question)
    lower = question.lower()
    asked = _without_terms(lower)  # "各类组织" names a column, it does not ask for a breakdown
    for op, pattern in OPERATIONS:
        if re.search(pattern, asked):
            intent.operation, intent.operation_explicit = op, True
            break
    intent.agencies, intent.ambiguous, intent.unknown_agencies, intent.notes = find_agencies(question, agencies)
    intent.years, intent.year_explicit = find_years(question, newest_year)
    if not re.search(r"(?:19|20)\d\d", question):  # "去年呢": in a conversation, before the year just asked
        intent.years_back = 2 if re.search(r"前年|the year before last", lower) else int(
            bool(re.search(r"去年|上一年度|\blast year\b", lower)))
    step = next((n for pattern, n in YEAR_STEPS if re.search(pattern, asked)), 0)  # not in "结转到下一年"
    if step and not intent.years or step and not re.search(r"(?:19|20)\d\d", question):
        intent.years, intent.year_explicit, intent.year_step = [], False, step
    if intent.operation == "change" and len(intent.years) > 2:
        intent.operation = "trend"  # "2019年到2024年的变化": every year of the span, not two
    if intent.operation == "rank" and WHICH_PART.search(lower):
        intent.operation = "breakdown"  # "which reason was the biggest?": the parts, the top one first
        intent.extreme = "least" if re.search(r"最少|最低|fewest|least|lowest|smallest", lower) else "most"
    if intent.operation == "rank" and WHICH_YEAR.search(lower):
        intent.operation = "trend"  # "which year had the most?": every year, the top one said
        intent.extreme = "least" if re.search(r"最少|最低|fewest|least|lowest", lower) else "most"
    question, intent.corrections = corrected(question)
    # agency names out ("asked Shangjie for info" is "asked for info"), and what is set apart ("apart from licensing")
    unnamed = _without_names(question, intent, agencies)
    terms = find_terms(EXCEPT.sub(" ", unnamed))
    _set_metric(intent, terms)
    if COLLECTIVE.search(lower) and not intent.agencies and not intent.ambiguous:
        intent.agencies, intent.all_agencies = [a.name for a in agencies], True
    intent.content, intent.topic = _content(question, intent, agencies)
    intent.beyond = _beyond_template(question, lower, agencies)
    rows_named = [t for t in terms if t.kind in ("row", "group")]
    if meaning is not None and intent.row is not None and rows_named:
        # the words named a row: a specific one, or only the default ("申请") — then unless a verb agrees ("收到")
        by_default = all(t.fallback for t in rows_named) and not any(t.verb_only for t in rows_named)
        described = unnamed
        for _, pattern in OPERATIONS:  # "break down by type" says how to answer, not which row
            described = re.sub(pattern, " ", described, flags=re.I)
        _fuse_meaning(intent, meaning.scores(described), by_default)
    if intent.operation == "share":
        _set_share_whole(intent)
    if intent.operation == "change" and intent.row is None and intent.column == "change":
        intent.table, intent.column = None, None  # "增加了多少" asks for a change, not the 本年增/减 column
    named = len(intent.agencies) + sum(len(c) for _, c in intent.ambiguous)
    if named >= 2 and intent.operation in ("value", "breakdown"):
        intent.operation = "compare"
    elif named == 1 and intent.operation == "compare" and len(intent.years) == 2:
        intent.operation = "change"  # one agency's two years compared: both figures and the difference
    return intent


def _without_terms(text: str) -> str:
    """The question with the Chinese metric terms it contains blanked out: operation words inside them do not count."""
    zh_terms, _ = vocabulary()
    # (the change column's words are change words: "增加了多少" stays)
    for key in sorted((k for k, t in zh_terms.items() if len(k) >= 3 and k in text and t.id != "change"),
                      key=len, reverse=True):
        text = text.replace(key, " " * len(key))
    return text


def _beyond_template(question: str, lower: str, agencies: list[Agency]) -> str:
    """Words asking for what the tables never count: an average or a duration (the tables hold counts and
    amounts), or applications "from" someone who is none of the applicant columns ("来自外国人")."""
    quantity = _NOT_COUNTED.search(lower)
    if quantity:
        return quantity.group(0)
    source = re.search(r"来自(?!哪|什么|谁|何)([\u4e00-\u9fff]{1,8}?)(?:的|提出|申请|[？?，,。]|$)", question)
    if source:
        names = {label_key(n) for a in agencies for n in a.names()}
        said = label_key(source.group(1))
        if not any(t.kind == "column" for t in find_terms(said)) and not any(n in said or said in n for n in names):
            return "来自" + source.group(1)
    return ""


def _content(question: str, intent: Intent, agencies: list[Agency]) -> tuple[list[str], str]:
    """What the question says beyond what was read from it, and the question without agency and year.

    Content left over makes a question stand on its own (a prose topic, say); none makes it a
    follow-up that takes what it leaves out from the previous turn.
    """
    named = _named(intent, agencies)
    written = _written_names(named)
    names = sorted({label_key(n) for n in written if CJK.search(n)}, key=len, reverse=True) + _typos(intent)
    text = label_key(question.translate(ZH_DIGITS))
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"(?:19|20)\d\d\s*年?(?:度)?", " ", text)
    for pattern, _ in (*YEAR_STEPS, *RELATIVE_YEARS):
        text = re.sub(pattern, " ", text)
    topic = re.sub(r"\s+", "", text)
    zh_terms, _ = vocabulary()
    for start, end, _ in sorted(longest_matches(text, zh_terms), reverse=True):
        text = text[:start] + " " + text[end:]
    for _, pattern in OPERATIONS:
        text = re.sub(pattern, " ", text)
    text = COLLECTIVE.sub(" ", text)
    text = _SCAFFOLD_ZH.sub(" ", text)
    zh_left = [w for w in re.findall(r"[\u4e00-\u9fff]+", text) if len(w) >= 2]
    # English: the words that no agency name, metric term, operation or scaffolding explains
    _, en_terms = vocabulary()
    tokens = stem_tokens(question)  # a word counts as known where a whole term matched ("left" alone is not "left over")
    explained = {tokens[i] for start, end, _ in longest_matches(tokens, en_terms) for i in range(start, end)}
    agency_words = {w for a in named for n in a.names() for w in plain_words(n)} | set(names)
    asking = question.lower()
    for _, pattern in OPERATIONS:  # "by ground", "every year": operation words, not content (whole words out)
        asking = re.sub(rf"\w*(?:{pattern})\w*", " ", asking)
    en_left = [w for w in plain_words(asking) if w not in EN_STOP and w not in EN_SCAFFOLD
               and stem(w) not in explained and w not in agency_words and not w.isdigit()
               and not re.fullmatch(r"(?:19|20)\d\d", w) and not _op_word(w)]
    return zh_left + en_left, topic


def _op_word(word: str) -> bool:
    return any(re.search(pattern, word) for _, pattern in OPERATIONS) or bool(
        re.fullmatch(r"last|previous|before|latest", word))


def _set_metric(intent: Intent, terms: list[Term]) -> None:
    if terms and all(t.verb_only for t in terms):
        return  # "收到多少件" without saying what was received
    terms = [t for t in terms if not t.verb_only] or terms
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
        best = max(specific, key=lambda t: (_breadth(t), t.kind == "row"))
        intent.table, intent.row, intent.row_kind = best.table, best.id, best.kind
        whole = _whole_group(intent.question, specific)
        if whole:
            intent.row, intent.row_kind = whole, "group"  # "直接起诉加复议后起诉的总数": all of 行政诉讼
    columns = [t for t in terms if t.kind == "column" and (intent.table is None or t.table == intent.table)]
    specific_columns = [t for t in columns if not t.fallback]
    if intent.operation in ("change", "trend") and len(intent.years) >= 2:
        # "change in normative documents in force, 2022 to 2024": a change between the years, not 本年增/减
        specific_columns = [t for t in specific_columns if t.id != "change"]
    for t in TABLES:
        for group in t.column_groups:  # "企业、科研、律所这些单位加一块儿": three of the five are the five
            if len({c.id for c in specific_columns if c.table == t.id} & set(group.members)) >= 3:
                specific_columns = [Term("column", t.id, group.id)]
    if specific_columns:
        intent.column = specific_columns[0].id
        intent.column_printed = specific_columns[0].printed
        intent.table = intent.table or specific_columns[0].table
    if intent.row and intent.row_kind == "row":
        _row_decides_column(intent)
    if intent.row is None and intent.table == "active" and intent.column in (None, "purchase_items") \
            and _PREVIOUS_YEAR.search(intent.question) and _COUNT_WORDS.search(intent.question.lower()):
        intent.column = "prev_items"  # "它上一年的项目数量": the last-year column of the row asked before
    if intent.row is None and intent.column and intent.table:
        # "procurement amount" names only a column, and only one row has it
        owners = {r.id for r in table(intent.table).rows if intent.column in r.columns}
        if len(owners) == 1 and len(table(intent.table).rows) > 1 and intent.table != "applications":
            intent.row = owners.pop()


def _whole_group(question: str, terms: list[Term]) -> str | None:
    """The group whose every row the question names and adds up ("行政处罚和行政强制一共"), or None."""
    rows = {(t.table, t.id) for t in terms if t.kind == "row"}
    if len(rows) < 2 or len({t for t, _ in rows}) != 1 or not ADDS_UP.search(question.lower()):
        return None
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
    if "change" in own and _CHANGE_COLUMN.search(lower):
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
        intent.column = same[0] if len(same) == 1 else intent.column


# how much closer by meaning another row must be: to the default row ("申请") and to a row the words named
_OVER_DEFAULT, _OVER_NAMED, _CLOSE = 0.02, 0.04, 0.01


def _named(intent: Intent, agencies: list[Agency]) -> list[Agency]:
    """The agencies the question names, an ambiguous mention's candidates included."""
    return [a for a in agencies if a.name in intent.agencies or any(a.name in c for _, c in intent.ambiguous)]


def _written_names(named: list[Agency]) -> set[str]:
    """Every name and place of the agencies named, as they may be written."""
    return {n for a in named for n in a.names()} | {a.place for a in named if a.place}


def _typos(intent: Intent) -> list[str]:
    """Agency names as written with a slip ("刘河区 → 柳河区" in the notes gives 刘河区)."""
    return [note.split(" → ")[0] for note in intent.notes]


def _without_names(question: str, intent: Intent, agencies: list[Agency]) -> str:
    """The question without the agencies it names and its years: what is left says which figure it asks."""
    names = sorted(_written_names(_named(intent, agencies)) | set(_typos(intent)), key=len, reverse=True)
    for name in names:
        question = question.replace(name, " ")
    return re.sub(r"(?:19|20)\d\d\s*年?度?", " ", question)


def _fuse_meaning(intent: Intent, scores: dict[tuple[str, str, str], float], by_default: bool) -> None:
    """The words decide when they name a specific row or say nothing beyond known words; the meaning when
    they name only the default row, when they name a group and the question describes one of its rows, or
    when another row is clearly closer.

    The row taken last, and the runner-up when it is nearly as close, are kept as alternatives.
    """
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), runner_up = ranked[0], ranked[1]
    named = (intent.table, intent.row_kind, intent.row)
    named_score = scores.get(named, top - 1)
    if named == best or not intent.content:
        chosen = None  # every word of the question is a known name, metric or operation word: the words decide
    elif named[1] == "group" and best[0] == named[0] and best[1] == "row" and best[2].startswith(named[2] + "."):
        chosen = best if top - named_score > _OVER_DEFAULT else None  # "重复提出的申请不予处理": a row of the group
    else:
        chosen = best if top - named_score > (_OVER_DEFAULT if by_default else _OVER_NAMED) else None
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
    intent.metric_fallback = False
    if intent.column is not None and intent.column not in row_columns and not (
            chosen[0] == "applications" and intent.column == "organisations"):
        intent.column = None  # a column of the row the words named, not of this one


def _set_share_whole(intent: Intent) -> None:
    """"不予公开的申请占办理总数的百分比": the widest row named after 占 / "share of" is the whole, the narrowest other the part.

    With no part named, the whole alone is the metric and share_whole points at it (the session may take the
    part from the previous turn); with a column named instead ("share of the requests from companies") the
    column's cell is the part of its row's total, as without a whole.
    """
    question = intent.question

    def rows_in(text: str) -> list[Term]:
        return [t for t in find_terms(text) if t.kind in ("row", "group") and not t.verb_only]

    leading = WHOLE_FIRST.match(question)  # "Of everything X handled, what proportion was refused?"
    marker = SHARE_OF.search(question.lower())
    if leading and rows_in(leading.group(1) or leading.group(2)):
        after, before = rows_in(leading.group(1) or leading.group(2)), rows_in(question[leading.end():])
    elif marker and rows_in(question[marker.end():]):
        after, before = rows_in(question[marker.end():]), rows_in(question[:marker.start()])
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


def _breadth(term: Term) -> int:
    """0 for a table's top rows and totals (本年新收, （七）总计), 1 for a group of rows, 2 for a row inside one."""
    if term.kind == "group":
        return 1
    row = table(term.table).row(term.id)
    return 0 if row.group is None or "总计" in row.label else 2


