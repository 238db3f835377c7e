"""Conversation state: what the last turn was about, and filling a follow-up's gaps from it."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from index.glosses import PROSE_TERMS
from index.template import table

from .context import Context
from .followup_metric import column_word_only, members_asked, row_words, same_column, table_of_the_conversation
from .followup_years import YEARS_BACK, fill_years, years_back
from .understand import Intent, reasons_of_group
from .vocabulary import CJK
from .wording import LEAST, NUMBERS, OTHER_MATTERS, SAME_YEAR, TOP_N


# words that point back at the agencies of the previous turn
_POINTS_BACK = re.compile(r"这([两二三四五六七八九])(?!年)|这几|(?<![哪有多])几家|这些|它们|他们|两者|二者|三者|上述|以上|前者|后者|其中哪|"
                          r"哪个(?:更|最)?[多少高低大小]|谁(?:更|最)?[多少高低大小]|"
                          r"\b(?:(?:these|those|both)(?! (?:two |three |four |five |\d+ )?years?\b)|them|"
                          r"(?:the|all|all the) (two|three|four|five|\d+)(?! years)|between them|which one|each one|"
                          r"which of|(?:more|fewer|less|higher|lower|bigger|larger|smaller) than)\b")
# "rank its 2021–2024 figures", "把它的历年数据排个序": the agency asked before, not every agency
_ITS = re.compile(r"\bits\b|\btheir own\b|它的|该单位的?|本单位的?")
# "on that ground", "这个原因": the row of the group asked about before
_SAME_KIND = re.compile(r"\b(?:that|this|the same) (?:ground|reason|category|kind|type)\b|这个原因|该原因|同样的原因|这一类|这类|同类")
# a prose question about the figure just given: "What subjects did those requests concern?", "它们主要涉及什么"
_PRONOUN = re.compile(r"\b(?:they|them|those|these)\b|它们|这些|那些")
_THEM = re.compile(r"它们|他们|这些|\b(?:them|these|those|all of them)\b")
# "加上云桥镇", "add Liuhe to the comparison": the previous agencies and the one named
_ADDS = re.compile(r"加上|再加|算上|包括|还有|\b(?:add|include|plus|along with|as well)\b")
_COUNTED = re.compile(r"([一二两三四五六七八九十]|\d+)(?:个(?:单位|部门|机构|地方|县区)?|家)")
# "回到刚才那个数", "back to the number of requests": the last figure asked, though prose turns came between
_BACK_TO_FIGURE = re.compile(r"(?:回到|回头看|再说回|说回|返回)(?:刚才|之前|前面|上面|原来)?的?(?:那个|这个)?(?:数|数字|数据|指标|表格?|统计)|"
                             r"\b(?:back to|return(?:ing)? to|going back to) (?:the|that|those|our) "
                             r"(?:number|figure|count|table|statistic|data)")
# what an elliptical follow-up keeps of the previous operation even when it names another agency or year
_KEPT_OPERATIONS = ("share", "quality", "change", "breakdown", "trend")
# a follow-up that asks "多少"/"how many" of its own asks for the figure, not the previous share or change
_ASKS_VALUE = re.compile(r"多少|几[件个项次家]|总数|\bhow (?:many|much)\b|\bwhat (?:is|was|were) the (?:number|figure)|"
                         r"^\W*(?:and )?(?:what about )?the total\W*$")
# "差多少", "what's the difference": between the last two agencies when the last turn moved to another agency
_DIFFERENCE = re.compile(r"(?<![减增])[多少]了?多少|多几|少几|差多少|相差|差距|差了|差几|\bdifference\b|\bhow (?:much|many) more\b|\bgap\b")
# "报告里是怎么说的？", "why?" after a figure: the report's words about that figure (the router adds the prose)
_ABOUT_THE_FIGURE = re.compile(r"^[^，,。]{0,8}(?:怎么说|说了什么|说了些什么|怎么讲|怎么解释|为什么|什么原因|具体情况|详细情况)|"
                               r"^\W*(?:and )?(?:why|explain|what does the report say|what did the report say|"
                               r"what does it say|any details|more details)\b", re.I)
# "the first three", "前两家": the agencies the conversation began with
_FIRST = re.compile(r"\bthe first (two|three|four|five|\d+)\b|前([两二三四五六七八九])(?:个|家)")
# "Total?", "total, please", "and the total": after a breakdown the row's total, after several cells their sum
_BARE_TOTAL = re.compile(r"^\W*(?:and |so |ok,? |now )?(?:what(?:'s| is| about) )?(?:the )?(?:grand )?total"
                         r"(?:,? (?:please|then|now))?\W*$|^\W*(?:那)?(?:总数|合计|总计|一共)(?:呢|是多少|多少)?\W*$")
# "those lawsuits", "这些诉讼": what was just asked about, named by its kind
_POINTED = re.compile(r"\b(?:those|these|such)\b|这些|那些|这类|上述|该类")
# the whole row, after one of its columns: "the overall number", "总数呢"
_OVERALL = re.compile(r"总数|总量|总体|整体|\boverall\b|\bthe whole\b|\ball (?:of )?(?:them|the requests|the applications)\b|"
                      r"\bin all\b|\ball together\b")
# a change of shares, not of the figure: "变化了多少个百分点", "how did the share change?"
_OF_SHARES = re.compile(r"百分点|占比|比例|比重|\bpercentage points?\b|\bpp\b|\bshares?\b|\bproportion")
# the last two figures asked about: "两个加起来", "put those two together", "both combined"
_BOTH = re.compile(r"两个|两项|这两|二者|两者|\bboth\b|\b(?:those|these|the) two\b|\bput (?:those|these|them) together\b")
# a ranking of agencies, not of the parts of one figure
_WHICH_AGENCY = re.compile(r"哪个单位|哪家|哪个部门|哪个县|哪个区|\bwhich (?:agency|office|county|district|town|city)\b|"
                           r"\bwho\b")
# "tally that up with Baofeng's", "和宝丰县的加起来": the agency named joins the previous one
_WITH = re.compile(r"\bwith\b|和|跟|与|同")
# the previous figure, set beside several agencies named: "its 2024 figure … with Liuhe and Yunqiao", "跟柳河、云桥比"
_WITH_PREVIOUS = re.compile(r"\b(?:its|it|that|this|their|them|theirs)\b.*\bwith\b|^\W*(?:那|那么)?(?:和|跟|与|同)")
# operations only the tables answer, and words that ask about the prose instead
_TABLE_OPERATIONS = ("share", "total", "rank", "compare", "change", "breakdown", "trend")
_PROSE_ASKED = re.compile(r"\b(?:why|explain|describe|measures?|plans?|steps|improv\w*|problems?|issues?|"
                          r"shortcomings?|say|said|says|mention\w*|text|narrative|wording)\b")
# what "加上X" keeps: an operation over several agencies
_ACROSS_OPERATIONS = ("compare", "rank", "total", "trend")


def _says_only(intent: Intent, said: re.Match | None) -> bool:
    """Every word of the question's own is inside what `said` matched ("why?", "回到刚才那个数")."""
    return said is not None and not [w for w in intent.content if w not in said.group(0).lower()]


def apply_context(intent: Intent, context: Context | None) -> Intent:
    """Fill what a follow-up leaves out ("那上街区呢？", "and in 2019?", "其中自然人多少").

    The rules: agencies and years are taken when the question names none; the metric only when the
    question is elliptical (it says nothing of its own beyond names, years and operation words), so a
    question about something else — a prose topic, "存在哪些主要问题" — starts a new reading; an
    elliptical follow-up of a prose turn asks that prose question again; "五个单位"/"all agencies" is
    every agency, never the last one named; words that point back ("这三个", "which one", "两个单位")
    take the agencies of the last turns.
    """
    if context is None:
        return intent
    lower = intent.question.lower()
    returning = _BACK_TO_FIGURE.search(lower)
    if returning and context.table is None and context.recent_metrics and intent.table is None:
        # prose turns since: the figure asked last is what the question goes back to
        table_id, row, row_kind, column = context.recent_metrics[-1]
        context = replace(context, table=table_id, row=row, row_kind=row_kind, column=column, topic="")
    back = _POINTS_BACK.search(lower)
    adds = bool(_ADDS.search(lower))
    named_agency = bool(intent.agencies or intent.ambiguous or intent.unknown_agencies or intent.all_agencies)
    named_metric = intent.has_metric
    if context.overview and intent.elliptical and not named_metric and not intent.overview:
        intent.overview = context.overview  # "那上街区呢？" after "洛宁县依申请公开工作怎么样？": the same overview
        intent.inherited.append("topic")
    if intent.ranked == "named" and context.operation != "rank":
        intent.ranked = ""  # "that one" after anything but a ranking: the agency the conversation is about
    if intent.ranked and not named_agency and context.listed:
        # "for the agency at the top", "排第一的那家": the first (or last) of the last list given, its newest report
        intent.agencies, named_agency = [_ranked(intent.ranked, context)], True
        intent.each_newest = not intent.years and len(context.years) > 1
        intent.inherited.append("agencies")
    if not named_agency and not (intent.operation == "rank" and not back and not _ITS.search(lower)):
        intent.agencies = list(context.agencies)  # "哪个单位最多？" ranks them all, "这两个哪个多" the last ones
        intent.inherited += ["agencies"] if context.agencies else []
    elif (intent.operation == "compare" and intent.operation_explicit or adds or intent.operation == "total"
          and intent.operation_explicit and not named_metric and _WITH.search(lower)) \
            and (len(intent.agencies) == 1 or _WITH_PREVIOUS.search(lower)) and not intent.ambiguous \
            and not set(intent.agencies) & set(context.agencies) and context.agencies:
        # "compare that with Huai'an", "how does its figure compare with Liuhe and Yunqiao?", "和柳河、云桥比呢":
        # the previous agencies plus the new ones
        if intent.year_explicit and len(intent.years) == 1 and context.years and intent.years != context.years \
                and not SAME_YEAR.search(lower):
            # "compare that with Mangling's 2020 figure": that year is the new agency's; the others keep theirs
            intent.agency_years = {a: intent.years[0] for a in intent.agencies}
            intent.years = list(context.years)
        intent.agencies = context.agencies + intent.agencies
        intent.inherited.append("agencies")
    fill_years(intent, context, named_agency and not set(intent.agencies) <= set(context.agencies))
    if SAME_YEAR.search(lower) and not intent.year_explicit and (context.listed_years or context.years):
        # "that year's …" after "in which year … the most? Rank the years.": the year at the top of that list
        intent.years = context.listed_years[:1] if context.listed_years else context.years[-1:]
        intent.year_explicit = True
    table_of_the_conversation(intent, context)
    about = _ABOUT_THE_FIGURE.search(intent.question)
    # "why?", "what does the report say?" after a figure — not "what did the report say about food sampling?"
    about_figure = intent.table is None and context.table is not None and _says_only(intent, about) \
        and not OTHER_MATTERS.search(lower)  # "第六部分其他事项说了什么": that section, not the figure
    # "说回之前的数字，2021年呢": nothing of its own besides going back
    returns = _says_only(intent, returning)
    if intent.table is None and (intent.elliptical or returns or about_figure or _operates_on_the_figure(intent, context)):
        intent.table, intent.row, intent.row_kind, intent.column = (
            context.table, context.row, context.row_kind, context.column)
        intent.inherited += ["metric"] if context.table else []
        if context.table is None and context.topic:
            intent.question, intent.topic = context.topic, context.topic  # "淮安呢？" after a prose question
            intent.inherited.append("topic")
        if intent.column not in (None, "total") and (_BARE_TOTAL.search(lower) and context.operation == "value"
                                                     or _OVERALL.search(lower)) \
                and any(c.id == "total" for c in table(intent.table).columns):
            intent.column = "total"  # "合计呢？", "and the overall number?" after 自然人: the row's 总计 again
    elif intent.operation == "breakdown" and intent.elliptical and intent.metric_fallback and context.row \
            and intent.table == context.table and intent.row != context.row:
        # "按申请人类型拆分一下" after 办理结果总计: the row asked before, by applicant ("申请人" names no row)
        intent.row, intent.row_kind, intent.column = context.row, context.row_kind, None
        intent.inherited.append("row")
    elif intent.table is None and context.row and _PRONOUN.search(lower):
        intent.about = row_words(context.table, context.row, context.row_kind)  # "what were they about?"
    elif intent.table is None and context.table is None and context.topic and _PRONOUN.search(lower):
        intent.about = context.topic  # "What were those mostly about?" after a prose figure: that figure's words
    elif intent.row_kind == "group" and (context.row or "").startswith(f"{intent.row}.") and _SAME_KIND.search(lower):
        intent.row, intent.row_kind = context.row, context.row_kind  # "refuse on that ground": the reason asked before
        intent.inherited.append("row")
    elif intent.column and intent.table == context.table and context.row and (
            intent.row is None or intent.row_by_default and intent.elliptical and intent.column != "total"
            and intent.column in table(intent.table).columns_of(table(intent.table).cell_rows(context.row, context.row_kind))):
        # "其中自然人多少", "其中商业企业申请的": the column of the row asked before (the noun "申请" names no row)
        intent.row, intent.row_kind = context.row, context.row_kind
        intent.inherited.append("row")
    else:
        column_word_only(intent, context)
        same_column(intent, context)
    reasons_of_group(intent)  # "主要是什么原因" after 不予公开
    _two_figures(intent, context, named_metric)
    if not intent.figures:
        _points_back(intent, context, back, named_agency)
    if intent.operation == "change" and not named_agency and not intent.year_explicit and _DIFFERENCE.search(lower) \
            and not YEARS_BACK.search(lower) \
            and len(context.years) == 1 and len(context.recent) >= 2 and context.agencies == context.recent[-1:]:
        # "汝州同期" then "差多少": the two agencies just asked about, not two years of the last one
        intent.agencies, intent.years, intent.operation = context.recent[-2:], list(context.years), "compare"
    _keep_operation(intent, context, named_agency, named_metric, adds)
    _extreme_of_parts(intent, context, named_agency)
    if intent.operation == "share" and "operation" in intent.inherited and intent.column is None and intent.table \
            and intent.table == context.table and context.column not in (None, "total") and intent.row != context.row \
            and context.column in table(intent.table).columns_of(table(intent.table).cell_rows(intent.row, intent.row_kind)):
        intent.column = context.column  # "and for lawsuits?" after the share upheld: the lawsuits upheld
    years_back(intent, context, adds, named_agency or named_metric)
    if "years" in intent.inherited and len(intent.years) > 1 and (
            intent.operation in ("share", "breakdown") or intent.operation == "value" and context.operation == "change"):
        intent.years = intent.years[-1:]  # "自然人占比多少" after a change between two years: the newer one
    if _POINTED.search(lower) and intent.row_kind == "group" and context.row_kind == "row" and context.row \
            and context.table == intent.table and table(intent.table).row(context.row).group == intent.row \
            and len(members_asked(intent, context)) < 2:  # (several of its rows asked before: "these" are the group)
        # "those lawsuits" after lawsuits filed after reconsideration: the row asked before, not all its group
        if intent.share_whole and intent.share_whole[:2] == (intent.table, intent.row):
            intent.share_whole = (intent.table, context.row, "row")
        intent.row, intent.row_kind = context.row, "row"
        intent.inherited.append("row")
    if intent.operation == "change" and context.operation == "share" and "metric" in intent.inherited \
            and _OF_SHARES.search(lower):
        intent.operation = "share"  # "变化了多少个百分点" after two years' shares: both shares and the change
        intent.inherited.append("operation")
    if intent.operation == "share" and intent.share_whole and intent.share_whole[:2] == (intent.table, intent.row) \
            and context.table == intent.table and context.row is not None \
            and (context.row, context.column) != (intent.row, intent.column):
        # "what share of the handled requests is that?": the previous figure is the part, the named one the whole
        intent.row, intent.row_kind, intent.column = context.row, context.row_kind, context.column
        intent.inherited.append("metric")
    if intent.operation == "share" and intent.share_whole is None and context.share_whole \
            and intent.table == context.share_whole[0]:
        intent.share_whole = tuple(context.share_whole)  # "and in 2021?" after "what share of all requests is that"
    if len(intent.agencies) >= 2 and intent.operation == "value":
        intent.operation = "compare"
    elif len(intent.agencies) == 1 and intent.operation == "compare" and len(intent.years) == 2:
        intent.operation = "change"  # "compare with 2022" after a 2021 figure: both and the difference
    return intent


def _ranked(ranked: str, context: Context) -> str:
    """The agency of the last list a follow-up points at: its first or last, or the one with the most or fewest
    (by the figures given, whatever order they were listed in)."""
    if ranked in ("most", "fewest") and len(context.listed_values) == len(context.listed) and all(
            v is not None for v in context.listed_values):
        pick = max if ranked == "most" else min  # (a value may be a decimal's exact text: "7985.1844")
        return context.listed[pick(range(len(context.listed)), key=lambda i: Decimal(str(context.listed_values[i])))]
    return context.listed[-1 if ranked in ("bottom", "fewest") else 0]


def _points_back(intent: Intent, context: Context, back: re.Match | None, named_agency: bool) -> None:
    """"which of the three", "两个单位一共多少": the agencies of the last turns, however many are asked."""
    counts = [m[m.lastindex] for m in _POINTS_BACK.finditer(intent.question.lower()) if m.lastindex]
    wanted = NUMBERS.get(counts[0], 0) if counts else 0  # "which of the two": two
    counted = _COUNTED.search(intent.question)
    if counted and (intent.all_agencies or not named_agency):
        wanted = wanted or NUMBERS.get(counted[1], 0)  # "五个单位里哪个最多": five
    if back and not wanted and intent.operation in ("rank", "compare", "total") and len(context.agencies) < 2:
        # "rank them", "谁更多？" after single-agency turns: every agency of the conversation (at least two)
        wanted = max(2, len(context.recent)) if _THEM.search(intent.question.lower()) else 2
    top = TOP_N.search(intent.question.lower())
    first = top or _FIRST.search(intent.question.lower())
    leading = NUMBERS[first[first.lastindex]] if first else 0
    free = not named_agency or intent.all_agencies  # ("前两家" is two agencies, none by name)
    if leading and free and (top or context.operation == "rank") and len(context.listed) >= leading:
        intent.agencies, intent.all_agencies = context.listed[:leading], False  # "what do the top two add up to?"
        return
    if leading and free and len(context.recent) >= leading:
        intent.agencies, intent.all_agencies = context.recent[:leading], False  # "compare the first three"
        return
    if wanted > len(context.agencies) and len(context.recent) >= wanted and (not named_agency or intent.all_agencies):
        intent.agencies = context.recent[-wanted:]  # "which of the three": the last three agencies asked about
        intent.all_agencies = False
    elif intent.all_agencies and context.agencies and (back and not wanted or wanted == len(context.agencies)):
        # (a count the last turns do not have, "all five agencies" after one, is every agency)
        intent.agencies = list(context.agencies)  # "这两个单位", "两个单位一共" are the last ones, not every agency
        intent.all_agencies = False


def _keep_operation(intent: Intent, context: Context, named_agency: bool, named_metric: bool, adds: bool) -> None:
    """What a follow-up keeps of the previous operation when it names none of its own."""
    if intent.operation_explicit or intent.table is None and context.operation != "quality":
        return  # a question about the report's words keeps no operation
    lower = intent.question.lower()
    bare_total = bool(_BARE_TOTAL.search(lower))
    if context.operation == "breakdown" and (_ASKS_VALUE.search(lower) or bare_total):
        intent.operation = "value"
        return  # "how many were granted in full?", "Total, please?" after a breakdown: that figure
    if bare_total and context.operation in ("compare", "rank", "trend"):
        intent.operation = "total"  # "Total?" after several agencies or years: their sum
        intent.inherited.append("operation")
        return
    if context.operation in ("change", "trend") and intent.year_explicit and len(intent.years) == 1 \
            and not intent.year_step:
        return  # "2020?", "just 2022" after a change between two years or a series: that year's figure
    keeps = context.operation in ("compare", "rank", "trend") or (
        context.operation == "breakdown" and intent.column is None)
    if intent.elliptical and context.operation in _KEPT_OPERATIONS and not _ASKS_VALUE.search(lower) and (
            context.operation != "breakdown" or intent.column is None) and not (
            context.operation == "quality" and named_metric):
        named_agency, keeps = False, True  # "企业呢？", "2023年呢？", "and Yunqiao's?" after a share
    if adds and context.operation in _ACROSS_OPERATIONS:
        named_agency, keeps = False, True  # "加上云桥镇呢？" after a total: the total of all three
    if not named_agency and keeps:
        intent.operation = context.operation
        intent.inherited.append("operation")


def _operates_on_the_figure(intent: Intent, context: Context) -> bool:
    """"Which agency came out ahead on that one?", "and as a fraction of the lot?" after a figure: an operation only
    the tables do (a share, total, ranking, comparison, change, breakdown or trend), asked in English words none of
    which is a subject of the reports' prose, is about the figure asked before — never a passage of the text."""
    if context.table is None or not intent.operation_explicit or intent.operation not in _TABLE_OPERATIONS:
        return False
    lower = intent.question.lower()
    return not any(CJK.search(w) for w in intent.content) and not _PROSE_ASKED.search(lower) and not any(
        re.search(rf"\b{re.escape(term)}", lower) for term in PROSE_TERMS)


def _two_figures(intent: Intent, context: Context, named_metric: bool) -> None:
    """"两个加起来", "put those two together" after two figures of one agency and year: their sum; "两者的差距",
    "the difference between the two": how far apart they are."""
    lower = intent.question.lower()
    last = [tuple(m) for m in context.recent_metrics[-2:]]
    if named_metric or not _BOTH.search(lower) or len(context.agencies) != 1 or len(context.years) > 1 \
            or len(set(last)) != 2 or len({m[0] for m in last}) != 1:
        return
    if intent.operation == "total" or _DIFFERENCE.search(lower) or intent.operation in ("change", "compare"):
        intent.figures = list(last)
        intent.table, intent.row, intent.row_kind, intent.column = last[-1]
        intent.operation = "total" if intent.operation == "total" else "compare"


def _extreme_of_parts(intent: Intent, context: Context, named_agency: bool) -> None:
    """"And the lowest?" after the years of one figure or the reasons of a group: the same parts, the other end;
    "多多少" after two agencies ranked: the comparison and its gap."""
    lower = intent.question.lower()
    if intent.operation == "rank" and context.operation in ("trend", "breakdown") and not named_agency \
            and not _WHICH_AGENCY.search(lower) and intent.table in (None, context.table) and intent.row in (None, context.row):
        intent.operation, intent.extreme = context.operation, "least" if LEAST.search(lower) else "most"
        intent.agencies = intent.agencies or list(context.agencies)
        intent.table, intent.row, intent.row_kind, intent.column = (
            context.table, context.row, context.row_kind, context.column)
        intent.inherited.append("operation")
    elif context.operation in ("rank", "compare") and len(intent.agencies) == 2 and _DIFFERENCE.search(lower) \
            and not named_agency:
        intent.operation = "compare"  # the comparison says by how much one exceeds the other
