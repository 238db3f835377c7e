"""What a conversation so far holds: the last turn's reading, and the agencies, years and figures of the turns
before it, newest last."""

from __future__ import annotations

from dataclasses import dataclass, field

from .understand import Intent
from .wording import WHICH_YEAR

MAX_ASKED = 4  # the questions a prose follow-up's rewrite sees


@dataclass
class Context:
    agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    table: str | None = None
    row: str | None = None
    row_kind: str = "row"
    column: str | None = None
    operation: str = "value"
    topic: str = ""  # a prose question's own words, for an elliptical follow-up to ask again
    share_whole: list | None = None  # the whole of the last share (table, row, row kind), kept by "and in 2021?"
    recent: list[str] = field(default_factory=list)  # agencies of the last turns, newest last
    recent_years: list[int] = field(default_factory=list)  # years of the last turns, newest last
    recent_metrics: list = field(default_factory=list)  # figures of the last turns, [table, row, kind, column]
    years_stated: bool = False  # the years are the user's own words (not the newest report picked for them)
    listed: list[str] = field(default_factory=list)  # the agencies of the last list answered, in its order ("at the top")
    listed_values: list = field(default_factory=list)  # their figures, in the same order ("最少的那家")
    recent_pairs: list = field(default_factory=list)  # [agency, year] of the last turns, newest last ("云桥镇这两年")
    overview: str = ""  # the part of the report an open question was about ("依申请公开工作怎么样？"), for "那上街区呢？"
    asked: list[str] = field(default_factory=list)  # the last turns' questions as written, newest last (a rewrite's)
    listed_years: list[int] = field(default_factory=list)  # one agency's years as the last ranking listed them ("that year")

    @classmethod
    def of(cls, intent: Intent, previous: Context | None = None, answered_years: set[int] = frozenset(),
           answered: list[dict] = (), question: str = "") -> Context:
        """This turn's context; the agencies and years of the turns so far are kept, newest last, for "which of
        the three…" and "这三年"; a single year answered (after a fallback) replaces the year asked, and the
        agencies a ranking over all of them answered are the ones a follow-up adds up ("加起来一共多少").
        `answered`: the answer's records of an agency, in the order given; `question`: the turn as written."""
        answered_agencies = tuple(v["agency"] for v in answered)
        agencies = intent.agencies + [c for _, cands in intent.ambiguous for c in cands if c not in intent.agencies]
        if answered_agencies and (not agencies or intent.all_agencies or intent.operation == "rank"):
            agencies = list(dict.fromkeys(answered_agencies))
        # the years answered when one was answered (a fallback), or a trend over every year ("every year please")
        # (a trend "since 2021" over the years an agency has: those years)
        years = sorted(answered_years) if len(answered_years) == 1 or (answered_years and intent.operation == "trend" and (
            not intent.years or set(answered_years) < set(intent.years))) else list(intent.years)
        return cls(agencies, years, intent.table, intent.row, intent.row_kind, intent.column, intent.operation,
                   "" if intent.has_metric else intent.topic,
                   list(intent.share_whole) if intent.operation == "share" and intent.share_whole else None,
                   # an agency whose figure no report gave ("云桥镇的呢" → no 2022 report) is not one of "the three
                   # that had figures"
                   _newest_last(previous.recent if previous else [],
                                [] if intent.has_metric and not answered_agencies else agencies),
                   # a year no report answered ("2024年的呢？" → none) is not one of "these three years"
                   _newest_last(previous.recent_years if previous else [],
                                years if answered_years or not intent.has_metric else []),
                   (previous.recent_metrics if previous else [])[-4:] + (
                       [[intent.table, intent.row, intent.row_kind, intent.column]] if intent.has_metric else []),
                   bool(years) and years == sorted(intent.years) and (intent.year_explicit or intent.years_stated_before),
                   list(dict.fromkeys(answered_agencies)) if len(set(answered_agencies)) >= 2 else (
                       previous.listed if previous else []),
                   _first_of_each(answered) if len(set(answered_agencies)) >= 2 else (
                       previous.listed_values if previous else []),
                   _newest_last(previous.recent_pairs if previous else [],
                                [[a, y] for a in agencies for y in years] if answered_years else [], keep=20),
                   intent.overview,
                   ((previous.asked if previous else []) + [question])[-MAX_ASKED:] if question else [],
                   # a ranking of one agency's years, in its order
                   _ranked_years(intent, answered))


def _newest_last(earlier: list, now: list, keep: int = 10) -> list:
    return ([x for x in earlier if x not in now] + now)[-keep:]


def _first_of_each(answered: list[dict]) -> list:
    """The first figure given for each agency, in the order they were listed."""
    first: dict = {}
    for record in answered:
        first.setdefault(record["agency"], record["value"])
    return list(first.values())


def _ranked_years(intent: Intent, answered: list[dict]) -> list[int]:
    """One agency's years in the order a ranking of them listed them ("in which year … the most?"), else []."""
    years = list(dict.fromkeys(v["year"] for v in answered))
    ranked = intent.operation == "rank" or intent.operation == "trend" and WHICH_YEAR.search(intent.question.lower())
    return years if ranked and len({v["agency"] for v in answered}) == 1 and len(years) >= 2 else []
