"""The years a follow-up means: the years of the conversation so far, a year stepped back or forward, "这三年",
"两年相比", "since 2021", and years added up ("加上2021年，三年合计")."""

from __future__ import annotations

import re

from .context import Context
from .understand import Intent
from .wording import EVERY_REPORT, NUMBERS, SINCE

# a follow-up that adds up: "三年合计多少", "一共", "what is the total"
_SUMMED = re.compile(r"一共|合计|总共|共计|加起来|总和|\b(?:total|combined|altogether|in all|sum)\b")
# "这三年", "these three years", "两年相比": the years of the last turns
YEARS_BACK = re.compile(r"这([两二三四五六七八九十])年|近([两二三四五六七八九十])年|"
                        r"(?<![\d一二三四五六七八九十])([两二三四五六七八九十])年(?=加|一共|合|总共|共|的|里|中|内|来|相比|对比|"
                        r"比较|比|差|变化)|"
                        r"\b(?:these|those|the|its|their|all(?: the)?|all (?:its|their)) (two|three|four|five|six|seven|eight|"
                        r"nine|ten) years\b")


# the figure just given set beside years named: "compare that with 2021 and 2022", "把这个数和2021、2022年比"
_WITH_THAT = re.compile(r"\b(?:that|this|it|its|these|those)\b[^?]*\bwith\b|(?:这个|这|它|其)[^？?]{0,8}(?:和|跟|与|同)")


def fill_years(intent: Intent, context: Context, moved: bool) -> None:
    """The years a follow-up means; `moved`: it names agencies other than the last turn's."""
    if intent.each_newest:
        return  # "各自最新一年的加起来": each agency's newest report
    if intent.year_step and context.years:
        # "the year after?": asked for, so never replaced by a year the agency has
        intent.years, intent.year_explicit = [y + intent.year_step for y in context.years][-1:], True
        intent.inherited.append("years")
    elif intent.years_back and context.years and intent.elliptical:
        intent.years, intent.year_explicit = [context.years[-1] - intent.years_back], True  # "去年呢" after 2022: 2021
        intent.inherited.append("years")
    elif intent.operation == "change" and not intent.years and len(context.years) == 1 \
            and len(context.recent_years) >= 2 and not intent.versus_before:
        # "变化了多少" after a 2022 and then a 2021 figure: between the two years of the conversation
        # (not "比上一年增加了多少": the year before the last one asked is the base)
        intent.years = sorted(context.recent_years[-2:])
        intent.inherited.append("years")
    elif not intent.years and EVERY_REPORT.search(intent.question.lower()):
        pass  # "the trend across all its reports": every year it reported, not the years of the conversation
    elif not intent.years and context.years and moved and not context.years_stated:
        pass  # "梅川的" after a figure of 云桥镇's newest report (a year picked, not asked): 梅川's newest
    elif not intent.years and context.years and (intent.operation != "trend" or len(context.years) > 1):
        # (a trend takes the years of the conversation, never the single year of the last figure)
        # (a ranking of every agency keeps to the year the user stated: "最少的是哪个" after "2023年哪个单位最多")
        intent.years = list(context.years)
        intent.year_explicit = intent.operation == "rank" and not intent.agencies and context.years_stated
        intent.years_stated_before = context.years_stated
        intent.inherited.append("years")
    elif intent.operation == "compare" and len(intent.years) >= 2 and len(context.years) == 1 \
            and context.years[0] not in intent.years and len(intent.agencies) <= 1 \
            and _WITH_THAT.search(intent.question.lower()):
        intent.years = sorted(intent.years + context.years)  # "compare that with 2021 and 2022" after 2023: all three
        intent.inherited.append("years")
    elif intent.operation in ("change", "compare") and len(intent.years) == 1 and len(context.years) == 1 \
            and intent.years != context.years and len(intent.agencies) <= 1:
        # "比2023年增加了多少？" after a 2024 figure: the change between the year named and the year asked
        intent.years = sorted(intent.years + context.years)
        intent.inherited.append("years")
        if SINCE.search(intent.question.lower()) and intent.years[1] - intent.years[0] > 1:
            # "how has it moved since 2021?" after 2024: every year from then on
            intent.years, intent.operation = list(range(intent.years[0], intent.years[1] + 1)), "trend"


def years_back(intent: Intent, context: Context, adds: bool, named: bool) -> None:
    """"这三年的变化趋势", "两年相比", "over the three years?", "加上2021年，三年合计多少": the years of the last turns
    counted back; `adds`: the question adds something; `named`: it names an agency or a metric of its own."""
    lower = intent.question.lower()
    counted = YEARS_BACK.search(lower)
    if adds and intent.year_explicit and intent.years and not named \
            and context.table and _SUMMED.search(lower):
        _add_years(intent, context, counted)  # "加上2021年，三年合计多少": the years asked so far and this one
    if counted and not intent.year_explicit:
        wanted_years = NUMBERS.get(next(g for g in counted.groups() if g), 0)
        # the years asked of this agency ("云桥镇这两年合计" after a turn about another), else of the conversation
        own = list(dict.fromkeys(y for a, y in reversed(context.recent_pairs)
                                 if len(intent.agencies) == 1 and a == intent.agencies[0]))[::-1]
        recent = own if len(own) >= wanted_years else context.recent_years
        if 2 <= wanted_years <= len(recent):
            intent.years = sorted(recent[-wanted_years:])  # "这三年的变化趋势"
            intent.inherited.append("years")
            if intent.operation == "change" and len(intent.years) > 2:
                intent.operation = "trend"
            elif intent.operation == "compare" and len(intent.agencies) <= 1 and len(intent.years) == 2:
                intent.operation = "change"  # "两年相比": one agency's two years, and the difference
        elif wanted_years > len(context.recent_years) and intent.operation in ("value", "change", "trend"):
            intent.years, intent.operation = [], "trend"  # "over the three years?" after one year: every year
        elif wanted_years > len(context.recent_years) and intent.operation == "total":
            intent.years, intent.last_years = [], wanted_years  # "all three years added together": its last three


def _add_years(intent: Intent, context: Context, counted) -> None:
    """A year added to the years of the conversation, added up: the last turn's years and the one named, or as
    many of the years asked so far as the question counts ("这四年一共")."""
    named = sorted(set(intent.years))
    earlier = [y for y in context.recent_years if y not in named]
    wanted = NUMBERS.get(next(g for g in counted.groups() if g), 0) if counted else 0
    before = earlier[-(wanted - len(named)):] if wanted > len(named) else [y for y in context.years if y not in named]
    if not before:
        return
    intent.years, intent.operation = sorted(set(before) | set(named)), "total"
    intent.inherited += ["years"]
