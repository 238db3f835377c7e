"""One-click changes of a reading: the chips shown with an answer ("2021", "上街区", another row nearly as close).

Each option is a follow-up the conversation reads as that change — "2021年呢？" / "What about 2021?", "那上街区呢？",
"行政复议呢？" — so a click asks it as the next turn of the same conversation, and what it promises (the agencies, the
years, the row) is what that turn reads. Options are offered only where the change can be answered: another year the
agency has a report for, another agency with a report for the year answered.
"""

from __future__ import annotations

from index.messages import say

from .answer import Answer, agency_label
from .records import Catalog

PER_KIND = 3  # years, agencies: the nearest few
_CHANGEABLE = ("value", "share", "breakdown")  # one agency, one year: its year or agency can change


def options_of(answer: Answer, catalog: Catalog, language: str) -> list[dict]:
    """The options for an answer read from the tables (none for prose, for no answer, for a model's reading)."""
    reading = answer.reading or {}
    if answer.route != "table" or not reading.get("table") or reading.get("by_model"):
        return []
    options = []
    agencies = list(dict.fromkeys(v["agency"] for v in answer.values if v.get("agency")))
    years = sorted({v["year"] for v in answer.values if v.get("year")})
    if reading["operation"] in _CHANGEABLE and len(agencies) == 1 and len(years) == 1:
        agency, year = agencies[0], years[0]
        others = sorted((y for y in catalog.years_of(agency) if y != year), key=lambda y: (abs(y - year), -y))
        for other in sorted(others[:PER_KIND]):
            options.append(_option(str(other), say("option.year", language, year=other), [agency], [other], reading))
        near = [a.name for a in catalog.agencies if a.name != agency and year in catalog.years_of(a.name)]
        for other in near[:PER_KIND]:
            name = agency_label(catalog, other, language)
            options.append(_option(name, say("option.agency", language, name=name), [other], [year], reading))
    for alternative in reading.get("alternatives") or []:  # another row nearly as close
        options.append({**_option(alternative["text"], say("option.row", language, row=alternative["text"]),
                                  reading["agencies"], reading["years"], reading),
                        "table": alternative["table"], "row": alternative["row"]})
    return options


def _option(label: str, question: str, agencies: list[str], years: list[int], reading: dict) -> dict:
    return {"label": label, "question": question, "agencies": agencies, "years": years, "table": reading["table"],
            "row": reading["row"]}
