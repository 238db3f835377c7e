"""Question understanding: agencies, years, the metric (template row × column) and the operation.

The words come from assistant.vocabulary (the template's own), the agencies from assistant.agencies; the
meaning of the template's rows (assistant.meaning) is fused in when the words leave the row open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.glosses import PROSE_SUBJECTS, PROSE_TERMS
from index.identity import Agency
from index.template import label_key, table

from .agencies import find_agencies, plain_words
from .metric import fuse_meaning, meaning_alone, quoted_label, set_apart, set_metric, set_share_whole
from .uncounted import beyond_template
from .vocabulary import (CJK, EN_SCAFFOLD, EN_STOP, corrected, find_terms, longest_matches, stem,
                         stem_tokens, vocabulary)
from .wording import (ADMINISTRATIVE_FEES, ANY_REASON, BY_APPLICANT, CLAUSES, COLLECTIVE, COUNT_ASKED, DISCLOSURE_FEES, EACH_NEWEST, EACH_OF, EVERY_REPORT, EXCEPT, FOCUS, LAST_YEARS, LEAST, LISTING, NAME_ASKED, NUMBERS, OPERATIONS, OTHER_MATTERS, RANKED, RELATIVE_YEARS, REASONS,
                      OVERVIEW, OVERVIEW_PARTS, PLAIN_VALUE, PRINTED_CHANGE, PROSE_COUNTED, SAME_YEAR, SCAFFOLD_ZH, SEVERAL_YEARS, SOURCE_NAMED, SINCE, TEXT_ASKED, TOPICS_ASKED, TOP_N, UNREVIEWED, VERSUS_BEFORE, WHICH_PART, WHICH_YEAR, WIDER_COMPARISON, YEAR_END, YEAR_ON_YEAR, YEAR_STEPS, find_years, normalised,
                      without_base_years, without_source)


# what a pointer at the last list picks ("排最后的那家": its last; "最少的那家": the one with the fewest); else its first
_RANKED_AS = {**dict.fromkeys(("bottom", "last", "最后", "末位", "倒数第一"), "bottom"),
              **dict.fromkeys(("最少", "最低", "最小", "fewest", "least", "lowest", "smallest"), "fewest"),
              **dict.fromkeys(("最多", "最高", "最大", "most", "highest", "biggest"), "most"),
              "that": "named"}  # the agency a ranking's answer named first (the session keeps it only after one)


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
    years_stated_before: bool = False  # the years came from an earlier turn that named them (the session sets it)
    each_newest: bool = False  # "各自最新一年": every agency its own newest report (no year is inherited)
    versus_before: bool = False  # "比上一年增加了多少": the base of the change is the year before the one asked
    last_years: int = 0  # "两年报告里一共", "all three years added together": the agency's last N reports
    extreme: str = ""  # "which year had the most": "most" or "least" (a trend that says its top year)
    agency_years: dict = field(default_factory=dict)  # a year one agency was named with: "with Mangling's 2020 figure"
    overview: str = ""  # "依申请公开工作怎么样？": an open question about a part of the report (assistant/overview.py):
    # "applications", "active", "review" or "whole"
    ranked: str = ""  # "the agency at the top", "排最后的那家": "top" or "bottom" of the list just given; "最少的那家":
    # "fewest" or "most" by its figures
    table: str | None = None
    row: str | None = None
    row_kind: str = "row"
    column: str | None = None
    operation: str = "value"
    operation_explicit: bool = False
    metric_fallback: bool = False  # the metric rests only on default words ("申请", "applications")
    row_by_default: bool = False  # the row rests only on the default noun ("商业企业申请的": whose row is open)
    by_applicant: bool = False  # a breakdown by applicant (the columns), not by reason: "按申请人类型", "by applicant type"
    whole_named: bool = False  # a group read from all its rows named and added up or asked each ("直接起诉和复议后起诉都算")
    all_agencies: bool = False  # "五个单位", "all agencies": every indexed agency, never the last one named
    content: list[str] = field(default_factory=list)  # what the question says beyond agency, year, metric, operation
    topic: str = ""  # the question without its agency and year: what a prose follow-up ("淮安呢？") asks again
    about: str = ""  # the row a prose follow-up points back at ("what were they about?"): searched with the question
    inherited: list[str] = field(default_factory=list)  # what the previous turn filled in (agencies, years, metric…)
    # a share's whole when the question names it ("占办理总数的", "share of the handled requests"): table, row,
    # row kind; its column is the part's, or 总计 when the part is a column of the same row
    share_whole: tuple[str, str, str] | None = None
    figures: list = field(default_factory=list)  # "两个加起来", "两者的差距": the last turns' figures (table, row, kind, column)
    # other readings close to the one taken (table, row kind, row id): offered as "也可能是问…" / "did you mean…"
    alternatives: list[tuple[str, str, str]] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as written, as read): "申情" → "申请"
    column_printed: bool = False  # the column was named by its printed heading: no other format's twin stands in
    # what the words that chose the table name in other tables, when only such words chose it ("still pending": 表三's
    # 结转下年度 and 表四's 尚未审结): a conversation in another table reads them there (the session decides)
    elsewhere: list = field(default_factory=list)
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
    # (the question as read: traditional characters simplified, "22年" written out, a leading "Fine -" dropped)
    intent = Intent(question=normalised(question), language=language_of(question))
    question = intent.question
    lower = question.lower()
    asked = _without_terms(lower)  # "各类组织" names a column, it does not ask for a breakdown
    ranked = RANKED.search(asked)  # "for the agency at the top": which agency, not a ranking asked again
    if ranked:
        said = next(g for g in ranked.groups() if g)
        intent.ranked = _RANKED_AS.get(said, "top")
        asked = asked[:ranked.start()] + " " + asked[ranked.end():]
    asked = TOP_N.sub(" ", PRINTED_CHANGE.sub(" ", asked))  # a column the table prints, not a change to work out;
    # the top agencies of a list given, not a ranking
    asked = WIDER_COMPARISON.sub(" ", asked)  # "这个数在全省算多还是少": nothing the tables can compare with
    intent.operation, intent.operation_explicit = _operation_asked(asked)
    if PLAIN_VALUE.search(lower) and intent.operation in ("value", "share", "change"):
        intent.operation, intent.operation_explicit = "value", True  # "just the raw number, please"
    intent.agencies, intent.ambiguous, intent.unknown_agencies, intent.notes = find_agencies(question, agencies)
    dated = without_base_years(lower)  # "比上一年增加了多少": the year before is the base, not the year asked
    intent.years, intent.year_explicit = find_years(dated, newest_year)
    intent.each_newest = bool(EACH_NEWEST.search(lower))
    if VERSUS_BEFORE.search(lower):
        intent.operation, intent.operation_explicit, intent.versus_before = "change", True, True
    if not re.search(r"(?:19|20)\d\d", question):  # "去年呢": in a conversation, before the year just asked
        intent.years_back = 2 if re.search(r"前年|the year before last", dated) else int(
            bool(re.search(r"去年|上一年度|\blast year\b", dated)))
        counted = LAST_YEARS.search(lower)
        intent.last_years = NUMBERS.get(counted[counted.lastindex], 0) if counted else 0
    step = next((n for pattern, n in YEAR_STEPS if re.search(pattern, without_base_years(asked))), 0)  # not in "结转到下一年"
    if step and not intent.years or step and not re.search(r"(?:19|20)\d\d", question):
        intent.years, intent.year_explicit, intent.year_step = [], False, step
    if intent.operation in ("change", "trend") and len(intent.years) == 1 and intent.year_explicit and intent.agencies \
            and SINCE.search(lower) and newest_year and newest_year > intent.years[0]:
        # "how has Qingxi's figure moved since 2019?": every year on (a follow-up's end is the year asked before)
        intent.years = list(range(intent.years[0], newest_year + 1))
    if intent.operation == "change" and (len(intent.years) > 2 or intent.last_years > 2
                                        or SEVERAL_YEARS.search(lower) and len(intent.years) != 2):
        intent.operation = "trend"  # "2019年到2024年的变化", "这几年怎么变的": every year of the span, not two
    if intent.operation in ("trend", "change") and YEAR_ON_YEAR.search(lower) and len(intent.years) == 1 \
            and intent.year_explicit:
        intent.operation, intent.versus_before = "change", True  # "year on year, how did it change in 2022?"
    if intent.operation == "rank" and WHICH_PART.search(lower):
        intent.operation = "breakdown"  # "which reason was the biggest?": the parts, the top one first
        intent.extreme = "least" if LEAST.search(lower) else "most"
    if intent.operation == "rank" and WHICH_YEAR.search(lower):
        intent.operation = "trend"  # "which year had the most?": every year, the top one said
        intent.extreme = "least" if LEAST.search(lower) else "most"
    question, intent.corrections = corrected(question)
    # agency names out ("asked Shangjie for info" is "asked for info"), and what is set apart ("apart from licensing")
    unnamed = _without_names(question, intent, agencies)
    # "四个单位申请数": the agencies counted, not 单位申请人 (organisations)
    unnamed = YEAR_END.sub(" at year end ", COLLECTIVE.sub(" ", VERSUS_BEFORE.sub(" ", unnamed)))
    unnamed = SAME_YEAR.sub(" ", UNREVIEWED.sub(" without reconsideration ", unnamed))
    excluded = [t for apart in EXCEPT.finditer(unnamed) for t in find_terms(apart.group(0))]
    unnamed = ANY_REASON.sub(" ", EXCEPT.sub(" ", unnamed))
    unnamed = _PROSE_NAMES.sub(" ", unnamed)
    terms = find_terms(unnamed)
    focus = FOCUS.search(unnamed)
    if focus and any(t.kind in ("row", "group") for t in find_terms(unnamed[focus.end():])):
        terms = find_terms(unnamed[focus.end():])  # the figure asked first, not the frame around it
    set_metric(intent, terms)
    if COLLECTIVE.search(lower) and not intent.agencies and not intent.ambiguous:
        intent.agencies, intent.all_agencies = [a.name for a in agencies], True
    intent.content, intent.topic = _content(question, intent, agencies)
    # an open question about a part of the report, asking no figure of it ("依申请公开工作怎么样？")
    if OVERVIEW.search(lower) and not COUNT_ASKED.search(lower) and intent.operation == "value":
        intent.overview = next((part for part, words in OVERVIEW_PARTS if words.search(question)), "whole")
    # (an average the figure is measured against, "跟全国平均水平比", is no average asked)
    plain = _PROSE_NAMES.sub(" ", WIDER_COMPARISON.sub(" ", question))
    # (the report's text named as the source: what it says is asked, a channel or a count the tables lack included)
    sourced = bool(TEXT_ASKED.search(lower) or SOURCE_NAMED.search(question))
    beyond = beyond_template(plain, plain.lower(), agencies)
    intent.beyond = "" if sourced else beyond
    rows_named = [t for t in terms if t.kind in ("row", "group")]
    described = unnamed
    for _, pattern in OPERATIONS:  # "break down by type" says how to answer, not which row
        described = re.sub(pattern, " ", described, flags=re.I)
    if meaning is not None and intent.row is not None and rows_named:
        # the words named a row: a specific one, or only the default ("申请") — then unless a verb agrees ("收到")
        by_default = all(t.fallback for t in rows_named) and not any(t.verb_only for t in rows_named)
        # a group named: its rows told apart by the Chinese words too ("讨论稿、请示报告" is 过程性信息)
        scores = meaning.scores(described, chinese=intent.row_kind == "group" and not by_default)
        fuse_meaning(intent, scores, by_default, meaning.support(described))
    elif meaning is not None and not rows_named and intent.row is None and intent.content:
        meaning_alone(intent, meaning.scores(described), meaning.support(described), meaning.shared(described))
    set_apart(intent, excluded)
    quoted_label(intent)
    # rows named by a word of their own ("收到" alone names no row: "领导信箱收到多少封信")
    own_rows = [t for t in rows_named if not t.verb_only]
    if sourced and beyond:
        _to_text(intent)  # "报告里提到…有多少份申请是从网上递交的": what the tables lack, asked of the text
    if not own_rows and (intent.row or intent.column) and not intent.column_printed and (
            _prose_subject(lower) or sourced or PROSE_COUNTED.search(lower) and intent.row is None):
        # "how many items did the city portal publish", "issues of its bulletin put out", "per the narrative": a
        # column word alone (its row, if any, only the one owning it) and a subject or a source only the text has;
        # "多少封信", "how often": a column word alone and a counter no table counts in
        _to_text(intent)
    if DISCLOSURE_FEES.search(lower) and not ADMINISTRATIVE_FEES.search(lower) and not intent.column_printed and (
            intent.row == "fees" or intent.row is None or intent.row_by_default or intent.metric_fallback):
        # "依申请公开收费了吗", "did it charge applicants anything?": the text says what requests cost, the
        # tables hold only administrative fees (表二) and requests dropped for an unpaid fee (a row of its own)
        _to_text(intent)
    if OTHER_MATTERS.search(lower) and not COUNT_ASKED.search(lower):
        _to_text(intent)  # "第六部分其他事项说了什么": section 六's words, not the 其他 row
    if NAME_ASKED.search(lower) and not COUNT_ASKED.search(lower) and intent.operation in ("value", "rank"):
        intent.operation = "value"  # "依据的是哪个文件": a name the text gives, not the agency with the most
        _to_text(intent)
    if TOPICS_ASKED.search(lower) and not COUNT_ASKED.search(lower) and intent.operation == "value":
        # "What subjects did those requests concern?": what the report says they were about, not a count of them
        _to_text(intent)
    if intent.operation == "share":
        set_share_whole(intent)
    if intent.operation == "change" and intent.row is None and intent.column == "change":
        intent.table, intent.column = None, None  # "增加了多少" asks for a change, not the 本年增/减 column
    elif intent.operation == "change" and intent.row and intent.column and len(intent.years) <= 1 \
            and table(intent.table).column(intent.column).is_change:
        intent.operation = "value"  # "行政许可比上一年增加了多少": the report prints it (本年增/减)
    elif intent.operation == "change" and intent.versus_before and intent.row and intent.column \
            and len(intent.years) <= 1 and (printed := _printed_change(intent)):
        # "行政强制事项数比前一年多了多少项": where the column asked is printed beside 本年增/减, the report says it
        intent.column, intent.operation = printed, "value"
    several_years = len(intent.years) >= 2 or intent.last_years >= 2  # ("三年里…分别是多少": its last three reports)
    if intent.operation == "breakdown" and not several_years and intent.row and intent.row_kind == "row" \
            and intent.column and table(intent.table).column(intent.column).members:
        intent.operation = "value"  # "各类单位申请人的件数": the group's sum, its columns listed as its parts
    if intent.operation == "breakdown" and several_years and intent.row and intent.row_kind == "row" and (
            intent.column and not table(intent.table).column(intent.column).members
            or intent.column is None and EACH_OF.search(lower) and not WHICH_PART.search(lower)):
        intent.operation = "trend"  # "2021到2023年其他组织的申请件数都列一下": one cell, listed over the years
    if intent.operation == "breakdown" and intent.row_kind == "row" and intent.row and len(intent.years) < 2 \
            and not BY_APPLICANT.search(lower) and _operation_asked(LISTING.sub(" ", asked))[0] != "breakdown":
        intent.operation = "value"  # "再列一下部分公开的": one row shown, not its parts
    reasons_of_group(intent)
    intent.by_applicant = intent.operation == "breakdown" and bool(BY_APPLICANT.search(lower))
    named = len(intent.agencies) + sum(len(c) for _, c in intent.ambiguous)
    if named >= 2 and intent.operation in ("value", "breakdown"):
        intent.operation = "compare"
    elif named == 1 and intent.operation == "compare" and len(intent.years) == 2:
        intent.operation = "change"  # one agency's two years compared: both figures and the difference
    return intent


def _to_text(intent: Intent) -> None:
    """The question is the report text's: no table cell read from its words."""
    intent.table, intent.row, intent.row_kind, intent.column, intent.metric_fallback = None, None, "row", None, False


# the English names of the work's channels and events: no row or duration is named inside them ("third-party
# assessor" is no 保护第三方合法权益, "open days" no number of days)
_PROSE_NAMES = re.compile(r"\b(?:" + "|".join(sorted((re.escape(en).replace(r"\ ", r"[\s-]") for en in PROSE_SUBJECTS),
                                                   key=len, reverse=True)) + r")(?:e?s)?\b", re.I)


def _prose_subject(lower: str) -> bool:
    """The question names a channel or an event of the work (portal, hotline, press conference…): the text's."""
    lower = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", lower)  # "policy-interpretation items"
    return any(re.search(rf"\b{re.escape(en)}", lower) or any(zh in lower for zh in PROSE_TERMS[en])
               for en in PROSE_SUBJECTS)


def reasons_of_group(intent: Intent) -> None:
    """"不予公开的主要原因是什么": the group's reasons, the biggest first (a single row's "why" is the report's text)."""
    if REASONS.search(intent.question.lower()) and intent.row_kind == "group" and intent.row \
            and intent.operation in ("value", "breakdown") and not intent.extreme:
        intent.operation, intent.extreme = "breakdown", "most"


def _without_terms(text: str) -> str:
    """The question with the Chinese metric terms it contains blanked out: operation words inside them do not count."""
    zh_terms, _ = vocabulary()
    # (the change column's words are change words: "增加了多少" stays)
    for key in sorted((k for k, t in zh_terms.items() if len(k) >= 3 and k in text and t.id != "change"),
                      key=len, reverse=True):
        text = text.replace(key, " " * len(key))
    return text


def _printed_change(intent: Intent) -> str | None:
    """The 本年增/减 column printed in every form of the row that has the column asked, if any."""
    t = table(intent.table)
    rows = [r for r in t.rows if r.id == intent.row and intent.column in r.columns]
    changes = {c.id for c in t.columns if c.is_change}
    common = set.intersection(*(set(r.columns) & changes for r in rows)) if rows else set()
    return next(iter(common), None)


def _content(question: str, intent: Intent, agencies: list[Agency]) -> tuple[list[str], str]:
    """What the question says beyond what was read from it, and the question without agency and year.

    Content left over makes a question stand on its own (a prose topic, say); none makes it a
    follow-up that takes what it leaves out from the previous turn.
    """
    named = _named(intent, agencies)
    written = _written_names(named)
    names = sorted({label_key(n) for n in written if CJK.search(n)}, key=len, reverse=True) + _typos(intent)
    text = label_key(question)
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"(?:19|20)\d\d\s*年?(?:度)?", " ", text)
    for pattern, _ in (*YEAR_STEPS, *RELATIVE_YEARS):
        text = re.sub(pattern, " ", text)
    # (an English question keeps its spaces: "How many posts did the Weibo account carry", searched again by a follow-up)
    topic = re.sub(r"\s+", "", text) if CJK.search(question) else re.sub(r"\s+", " ", re.sub(
        r"(?i)\b(?:in |for |during |of )?(?:FY ?)?(?:19|20)\d\d\b[,:]?", " ", question)).strip(" ,:;-–—")
    # what it is about, not where it is written (a Chinese topic without spaces, as above)
    topic = re.sub(r"\s+", "" if CJK.search(question) else " ", without_source(topic)).strip(" ,:;-–—")
    zh_terms, _ = vocabulary()
    for start, end, _ in sorted(longest_matches(text, zh_terms), reverse=True):
        text = text[:start] + " " + text[end:]
    for _, pattern in OPERATIONS:
        text = re.sub(pattern, " ", text)
    text = RANKED.sub(" ", EVERY_REPORT.sub(" ", COLLECTIVE.sub(" ", PLAIN_VALUE.sub(" ", text))))
    text = SCAFFOLD_ZH.sub(" ", text)
    zh_left = [w for w in re.findall(r"[\u4e00-\u9fff]+", text) if len(w) >= 2]
    # English: the words that no agency name, metric term, operation or scaffolding explains
    _, en_terms = vocabulary()
    tokens = stem_tokens(question)  # a word counts as known where a whole term matched ("left" alone is not "left over")
    explained = {tokens[i] for start, end, _ in longest_matches(tokens, en_terms) for i in range(start, end)}
    agency_words = {w for a in named for n in a.names() for w in plain_words(n)} | set(names)
    asking = RANKED.sub(" ", PLAIN_VALUE.sub(" ", question.lower()))
    for _, pattern in OPERATIONS:  # "by ground", "every year": operation words, not content (whole words out)
        asking = re.sub(rf"\w*(?:{pattern})\w*", " ", asking)
    en_left = [w for w in plain_words(asking) if w not in EN_STOP and w not in EN_SCAFFOLD
               and stem(w) not in explained and w not in agency_words and not w.isdigit()
               and not re.fullmatch(r"(?:19|20)\d\d", w) and not _op_word(w)]
    return zh_left + en_left, topic


def _operation_asked(asked: str) -> tuple[str, bool]:
    """The operation the words ask for, strongest first; ("value", False) when none. A check named only in a clause
    before a last one that asks a figure is the user's purpose, not the question ("因为要核对…那张表，想确认一下：
    …的上一年项目数量是多少")."""
    found = next((op for op, pattern in OPERATIONS if re.search(pattern, asked)), None)
    if found == "quality":
        clauses = [c for c in CLAUSES.split(asked) if c.strip()]
        last = clauses[-1] if clauses else ""
        if len(clauses) > 1 and COUNT_ASKED.search(last) and not re.search(OPERATIONS[0][1], last):
            found = next((op for op, pattern in OPERATIONS[1:] if re.search(pattern, last)), None)
    return (found, True) if found else ("value", False)


def _op_word(word: str) -> bool:
    return any(re.search(pattern, word) for _, pattern in OPERATIONS) or bool(
        re.fullmatch(r"last|previous|before|latest", word))


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
    # (an English year with its preposition: "carry in 2020" is no "carried in")
    return re.sub(r"(?i)\b(?:in|for|during) (?:FY ?)?(?=(?:19|20)\d\d\b)|(?:19|20)\d\d\s*年?度?", " ",
                  question)
