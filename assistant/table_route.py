"""The table route: value, breakdown, compare, rank, change, trend and data-quality answers from records."""

from __future__ import annotations

from index.checks import REPORT, YEARS, rule_for
from index.messages import CATALOGUE, join, said, say
from index.template import table

from .answer import (Answer, Cell, agency_label, cell_warnings, citation, column_title, fmt_value, intent_metric,
                     lookup, metric_title, number, row_title)
from .records import Catalog
from .understand import Intent
from .wording import LEAST


class NoMetric(str):
    """A no-data message saying the report's format has no such row or column."""


def pick_year(catalog: Catalog, agency: str, intent: Intent) -> tuple[int | None, str | None]:
    """The year to answer for one agency, and a note when it is not the one asked (or none was asked)."""
    years = catalog.years_of(agency)
    if not years:
        return None, None
    name = agency_label(catalog, agency, intent.language)
    if agency in intent.agency_years:  # its own year ("compare that with Mangling's 2020 figure")
        return (intent.agency_years[agency] if intent.agency_years[agency] in years else None), None
    asked = [y for y in intent.years if y in years]
    if asked:
        return asked[-1], None  # of several years asked ("上街区2019年和洛宁县2020年"), the one it has
    if intent.years and intent.year_explicit:
        return None, None
    if intent.years and intent.years_stated_before and len(years) > 1:
        # "梅川呢？" after a question about 2024: that year was asked, and of its several reports none is of it
        # (an agency with one report answers with it, saying so)
        return None, None
    chosen = years[-1]
    note = say("report.only_one" if len(years) == 1 else "report.newest", intent.language, name=name, year=chosen)
    return chosen, note


def year_lead(note: str | None, language: str) -> str:
    """A note on the year answered, as the answer's first sentence."""
    return say("report.lead", language, note=note, capitalized=note[:1].upper() + note[1:]) if note else ""


def no_report(catalog: Catalog, agency: str, intent: Intent) -> str:
    name = agency_label(catalog, agency, intent.language)
    years = "、".join(map(str, catalog.years_of(agency)))
    wanted = "、".join(map(str, intent.years)) if intent.years else "?"
    return say("report.none", intent.language, name=name, wanted=wanted, years=years)


def no_metric(catalog: Catalog, agency: str, year: int, metric: str, intent: Intent) -> str:
    name = agency_label(catalog, agency, intent.language)
    report = catalog.reports_of(agency, year)[-1]
    return say("report.no_metric", intent.language, name=name, year=year, format=report.format, metric=metric)


def cells_for(catalog: Catalog, intent: Intent, agencies: list[str]) -> tuple[list[Cell], list[str], list[str]]:
    """One cell per agency (year chosen per agency), plus notes and no-data messages."""
    t, row, kind, column = intent_metric(intent)
    cells, notes, missing = [], [], []
    for agency in agencies:
        year, note = pick_year(catalog, agency, intent)
        if year is None:
            missing.append(no_report(catalog, agency, intent))
            continue
        cell, why = lookup(catalog, agency, year, t, row, kind, column, intent.column is None,
                           intent.column_printed)
        if cell is None:
            missing.append(NoMetric(no_metric(catalog, agency, year, metric_title(t, row, kind, column,
                                                                              intent.language), intent)))
            continue
        if note:
            notes.append(note)
        cells.append(cell)
    return cells, notes, missing


def finish(intent: Intent, catalog: Catalog, text: str, cells: list[Cell], chart: dict | None = None) -> Answer:
    answer = Answer(intent.question, text, "table" if cells else "none", chart=chart)
    for cell in cells:
        answer.values.extend(cell.records())
        answer.warnings.extend(cell_warnings(catalog, cell, intent.language))
    for mention, candidates in intent.ambiguous:
        names = "、".join(catalog.agency(c).short for c in candidates)
        answer.warnings.append(say("warn.ambiguous", intent.language, mention=mention, names=names))
    if intent.notes:
        answer.warnings.append(say("warn.approximate", intent.language, notes="; ".join(intent.notes)))
    answer.warnings = list(dict.fromkeys(answer.warnings))
    return answer


def _part_label(cell: Cell, stored) -> str:
    """What one part of a summed cell is: its row, its column, or both when rows and columns are summed."""
    rows = {f.fact.row for f in cell.facts}
    columns = {f.fact.column for f in cell.facts}
    if len(columns) == 1:
        return stored.fact.row_label
    return stored.fact.column_label if len(rows) == 1 else f"{stored.fact.row_label}/{stored.fact.column_label}"


def sources_text(cells: list[Cell], intent: Intent) -> str:
    # every part of one summed cell is cited; of many cells, the first parts of each
    per_cell = 8 if len(cells) == 1 else 3
    parts = [citation(f, intent.language) for cell in cells for f in cell.facts[:per_cell]]
    return say("source.cited", intent.language, citations=say("sep.parts", intent.language).join(parts))


def aside(notes: list[str], language: str) -> str:
    """Notes said in passing, after the sentence: "（…；…）" / " (…; …)"."""
    return say("sep.aside", language, text=say("sep.parts", language).join(notes))


def _chart(kind: str, title: str, labels: list[str], values: list, unit: str | None, language: str, x: str,
           metric: str | None = None) -> dict:
    """A bar or line chart's data; its axes named: x by what each bar is (`x`: agency_year, year, item), y by the
    metric and its unit ("本年新收申请数（件）" / "new applications (count)")."""
    metric = metric or title
    unit_word = say(f"chart.unit.{unit}", language) if unit and f"chart.unit.{unit}" in CATALOGUE else unit
    return {"type": kind, "title": title, "labels": labels, "values": [number(v) for v in values], "unit": unit,
            "x_title": say(f"chart.x.{x}", language),
            "y_title": say("chart.y", language, metric=metric, unit=unit_word) if unit_word else metric}


def _table_md(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# --- operations ----------------------------------------------------------------------------------

def answer_value(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    if len(agencies) > 1:
        return answer_compare(intent, catalog, agencies)
    t, row, kind, column = intent_metric(intent)
    cells, notes, missing = cells_for(catalog, intent, agencies)
    if not cells:
        answer = finish(intent, catalog, " ".join(missing), [])
        answer.why = "no_metric" if all(isinstance(m, NoMetric) for m in missing) else "no_data"
        return answer
    cell = cells[0]
    name = agency_label(catalog, cell.agency, intent.language)
    metric = metric_title(t, row, kind, cell.column, intent.language)  # the column read in the report's format
    value = fmt_value(cell.value, cell.unit, intent.language)
    text = say("value.one", intent.language, lead=year_lead(notes[0] if notes else None, intent.language), name=name,
               year=cell.year, metric=metric, value=value)
    if cell.kind == "group":
        parts = "、".join(f"{_part_label(cell, f)} {f.fact.value}" for f in cell.facts)
        text += say("value.sum_of", intent.language, parts=parts, listed=parts.replace("、", ", "))
    return finish(intent, catalog, text + "\n" + sources_text([cell], intent), cells)


def answer_compare(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    t, row, kind, column = intent_metric(intent)
    if len(agencies) == 1 and len(intent.years) == 2:
        return answer_change(intent, catalog, agencies[0])
    if len(agencies) == 1 and len(intent.years) > 2:  # "compare 2022, 2023 and 2024": every year, not two ends
        return answer_trend(intent, catalog, agencies[0])
    cells, notes, missing = cells_for(catalog, intent, agencies)
    metric = metric_title(t, row, kind, column, intent.language)
    if not cells:
        return finish(intent, catalog, " ".join(missing), [])
    labels = [f"{agency_label(catalog, c.agency, intent.language)} {c.year}" for c in cells]
    header = [say("header.agency", intent.language), say("header.year", intent.language), metric]
    rows = [[agency_label(catalog, c.agency, intent.language), str(c.year), fmt_value(c.value, c.unit, intent.language)]
            for c in cells]
    items = say("sep.items", intent.language).join(f"{lab}: {fmt_value(c.value, c.unit, intent.language)}"
                                                   for lab, c in zip(labels, cells))
    text = say("compare.text", intent.language, metric=metric, items=items)
    valued = [c for c in cells if c.value is not None]
    if len(valued) == 2 and valued[0].unit == valued[1].unit:
        text += _gap(*valued, catalog, intent)
    extra = [*notes, *missing]
    if extra:
        text += aside(extra, intent.language)
    text += "\n\n" + _table_md(header, rows) + "\n\n" + sources_text(cells, intent)
    chart = _chart("bar", metric, labels, [c.value for c in cells], cells[0].unit, intent.language, "agency_year")
    return finish(intent, catalog, text, cells, chart)


def _gap(a, b, catalog: Catalog, intent: Intent) -> str:
    """How far apart two compared figures are: "汝州市比宝丰县多118件。" / " Ruzhou City has 118 more."."""
    high, low = (a, b) if a.value >= b.value else (b, a)
    if high.value == low.value:
        return say("compare.same", intent.language)
    gap = fmt_value(high.value - low.value, high.unit, intent.language)
    if high.agency == low.agency:  # two years of one agency
        return say("compare.difference", intent.language, gap=gap)
    more, less = (agency_label(catalog, c.agency, intent.language) for c in (high, low))
    return say("compare.more", intent.language, more=more, less=less, gap=gap)


def answer_rank(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    t, row, kind, column = intent_metric(intent)
    if len(agencies) == 1 and len(intent.years) >= 2:  # "rank its 2021–2024 figures": that agency's years
        (cells, _), notes, missing = cells_by_year(intent, catalog, agencies[0], intent.years), [], []
    else:  # the agencies named, or every agency
        pool = agencies if len(agencies) >= 2 else [a.name for a in catalog.agencies]
        cells, notes, missing = cells_for(catalog, intent, pool)
    cells = [c for c in cells if c.value is not None]
    ascending = bool(LEAST.search(intent.question.lower()))
    cells.sort(key=lambda c: c.value, reverse=not ascending)
    metric = metric_title(t, row, kind, column, intent.language)
    if not cells:
        return finish(intent, catalog, " ".join(missing) or metric, [])
    labels = [f"{agency_label(catalog, c.agency, intent.language)} {c.year}" for c in cells]
    top = labels[0]
    lines = [f"{i}. {lab}: {fmt_value(c.value, c.unit, intent.language)}" for i, (lab, c) in enumerate(zip(labels, cells), 1)]
    text = say("rank.ascending" if ascending else "rank.descending", intent.language, metric=metric, top=top,
               value=fmt_value(cells[0].value, cells[0].unit, intent.language)) + "\n"
    if not intent.years:
        text += say("rank.newest", intent.language) + "\n"
    text += "\n".join(lines) + "\n" + sources_text(cells, intent)
    chart = _chart("bar", metric, labels, [c.value for c in cells], cells[0].unit, intent.language, "agency_year")
    return finish(intent, catalog, text, cells, chart)


def cells_by_year(intent: Intent, catalog: Catalog, agency: str, years: list[int]) -> tuple[list[Cell], list[str]]:
    t, row, kind, column = intent_metric(intent)
    cells, missing = [], []
    for year in years:
        cell, why = lookup(catalog, agency, year, t, row, kind, column, intent.column is None,
                           intent.column_printed)
        if cell is None:
            missing.append(str(year))
        else:
            cells.append(cell)
    return cells, missing


def answer_change(intent: Intent, catalog: Catalog, agency: str) -> Answer:
    t, row, kind, column = intent_metric(intent)
    if len(intent.years) >= 2:
        years = intent.years
    elif intent.years:  # "比去年增加了多少": that year against the one before
        years = [intent.years[0] - 1, intent.years[0]]
    else:
        available = catalog.years_of(agency)
        years = available[-2:] if len(available) >= 2 else [available[-1] - 1, available[-1]]
    name = agency_label(catalog, agency, intent.language)
    metric = metric_title(t, row, kind, column, intent.language)
    cells, missing = cells_by_year(intent, catalog, agency, [years[0], years[-1]] if years else [])
    if len(cells) < 2:
        available = "、".join(map(str, catalog.years_of(agency)))
        text = say("change.no_report", intent.language, name=name, metric=metric, available=available,
                   years=join(missing, intent.language) or say("change.other_year", intent.language))
        return finish(intent, catalog, text, [])
    a, b = cells
    both = {"name": name, "metric": metric, "first": a.year, "first_value": fmt_value(a.value, a.unit, intent.language),
            "last": b.year, "last_value": fmt_value(b.value, b.unit, intent.language)}
    if a.value is None or b.value is None:  # a blank is no value, never 0: no difference to state
        text = say("change.blank", intent.language, **both)
        return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells)
    text = say("change.text", intent.language, **both, difference=_difference(a, b, intent.language))
    chart = _chart("line", f"{name} {metric}", [str(a.year), str(b.year)], [a.value, b.value], a.unit, intent.language,
                   "year", metric)
    return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells, chart)


def _difference(a, b, language: str) -> str:
    """"变化+12件（+10.5%）" / "change +12 (+10.5%)": the signed difference of two cells with values, and the
    relative change when the earlier one is not zero."""
    diff = b.value - a.value
    sign = "+" if diff > 0 else ""
    percent = f"{sign}{diff / a.value * 100:.1f}%" if a.value else ""
    return say("change.difference", language, sign=sign, value=fmt_value(diff, a.unit, language)) + (
        say("sep.aside", language, text=percent) if percent else "")


def answer_trend(intent: Intent, catalog: Catalog, agency: str) -> Answer:
    t, row, kind, column = intent_metric(intent)
    years = intent.years if len(intent.years) >= 2 else catalog.years_of(agency)
    cells, missing = cells_by_year(intent, catalog, agency, years)
    name = agency_label(catalog, agency, intent.language)
    metric = metric_title(t, row, kind, column, intent.language)
    if not cells:
        return finish(intent, catalog, no_report(catalog, agency, intent), [])
    first, last = cells[0], cells[-1]
    counted = [c for c in cells if c.value is not None]
    if intent.extreme and counted:  # "which year had the most?": the years ranked, the top one first
        most = intent.extreme == "most"
        cells = sorted(counted, key=lambda c: c.value, reverse=most)
    items = say("sep.items", intent.language).join(f"{c.year}: {fmt_value(c.value, c.unit, intent.language)}"
                                                   for c in cells)
    text = say("trend.text", intent.language, name=name, metric=metric, items=items)
    if intent.extreme and counted:
        top = cells[0]
        text += say("trend.most" if most else "trend.fewest", intent.language, year=top.year,
                    value=fmt_value(top.value, top.unit, intent.language))
    elif len(cells) >= 2 and first.value is not None and last.value is not None:  # over the span: its change
        text += say("trend.span", intent.language, first=first.year, last=last.year,
                    difference=_difference(first, last, intent.language))
    if missing:
        available = "、".join(map(str, catalog.years_of(agency)))
        text += say("trend.missing", intent.language, years=join(missing, intent.language), available=available)
    chart = _chart("line", f"{name} {metric}", [str(c.year) for c in cells], [c.value for c in cells], cells[0].unit,
                   intent.language, "year", metric)
    return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells, chart)


def answer_breakdown(intent: Intent, catalog: Catalog, agency: str) -> Answer:
    t, row, kind, column = intent_metric(intent)
    year, note = pick_year(catalog, agency, intent)
    if year is None:
        return finish(intent, catalog, no_report(catalog, agency, intent), [])
    report = catalog.reports_of(agency, year)[-1]
    template = table(t)
    rows = template.cell_rows(row, kind, report.format)  # (六)其他处理 is a group of rows from 2021 on
    if rows != [row] and not intent.by_applicant:  # each reason inside the group
        parts = [(r, column) for r in rows]
        labels = [row_title(t, r, intent.language) for r, _ in parts]
        title = row_title(t, row, intent.language, "group")
    else:  # each column of the row
        columns = template.columns_of(rows, report.format)
        if t in ("applications", "review"):
            columns = [c for c in columns if c != "total"] + ["total"]
        parts = [(row, c) for c in columns]
        labels = [column_title(t, c, intent.language) for _, c in parts]
        title = row_title(t, row, intent.language, kind)
    found = []  # (label, cell): a part the report lacks is left out, its label with it
    for (r, c), label in zip(parts, labels):
        cell, _ = lookup(catalog, agency, year, t, r, kind if r == row else "row", c)  # a group by applicant: summed
        if cell:
            found.append((label, cell))
    if not found:
        return finish(intent, catalog, no_metric(catalog, agency, year, title, intent), [])
    if intent.extreme:  # "which reason was the biggest?": the parts ranked, the top one first
        found.sort(key=lambda lc: -1 if lc[1].value is None else lc[1].value, reverse=intent.extreme == "most")
    labels, cells = [lab for lab, _ in found], [c for _, c in found]
    name = agency_label(catalog, agency, intent.language)
    items = say("sep.items", intent.language).join(
        f"{lab} {fmt_value(c.value, c.unit, intent.language)}" for lab, c in zip(labels, cells))
    text = say("breakdown.text", intent.language, lead=year_lead(note, intent.language), name=name, year=year, title=title,
               items=items)
    if intent.extreme:
        text += say("breakdown.most" if intent.extreme == "most" else "breakdown.fewest", intent.language,
                    label=labels[0], value=fmt_value(cells[0].value, cells[0].unit, intent.language))
    header = [say("header.item", intent.language), say("header.value", intent.language)]
    text += "\n\n" + _table_md(header, [[lab, fmt_value(c.value, c.unit, intent.language)] for lab, c in zip(labels, cells)])
    text += "\n\n" + sources_text(cells[:1], intent)
    chart = _chart("bar", f"{name} {year} {title}", labels, [c.value for c in cells], cells[0].unit, intent.language,
                   "item", title)
    return finish(intent, catalog, text, cells, chart)


def _years_checked(catalog: Catalog, agency: str, intent: Intent) -> list[int | None]:
    """The reports of one agency a quality question asks about: each year asked that it has ("两年的报告都核一下"),
    else the one year `pick_year` chooses (None: no report of it)."""
    asked = [y for y in intent.years if y in catalog.years_of(agency)]
    return asked if len(asked) > 1 else [pick_year(catalog, agency, intent)[0]]


def answer_quality(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    pool = agencies or [a.name for a in catalog.agencies]
    parts, warnings = [], []
    asked = [(a, y) for a in pool for y in _years_checked(catalog, a, intent)]
    for agency, year in asked:
        if year is None:
            parts.append(no_report(catalog, agency, intent))
            continue
        report = catalog.reports_of(agency, year)[-1]
        # the verdict on a report is its own rules; a carry-over that does not match another year's report
        # (rule 5) is about two reports: said as a warning with the verdict
        failed = [c for c in catalog.failed.get(report.id, []) if rule_for(c.rule).scope == REPORT]
        across = [c for c in catalog.failed.get(report.id, []) if rule_for(c.rule).scope == YEARS]
        name = agency_label(catalog, agency, intent.language)
        warnings += [say("quality.across", intent.language, name=name, year=year, rule=c.rule,
                         rule_text=rule_for(c.rule).text(intent.language), scope=c.scope,
                         message=said(c.message, intent.language))
                     for c in across]
        if not failed:
            parts.append(say("quality.passes_within" if across else "quality.passes", intent.language, name=name,
                             year=year))
            continue
        rules = sorted({c.rule for c in failed})
        parts.append(say("quality.fails_one" if len(failed) == 1 else "quality.fails", intent.language, name=name,
                         year=year, count=len(failed),
                         rules=join(map(str, rules), intent.language),
                         failures=say("sep.parts", intent.language).join(f"{c.scope} {said(c.message, intent.language)}"
                                                                         for c in failed)))
        warnings += [say("quality.failed_rule", intent.language, rule=c.rule,
                         rule_text=rule_for(c.rule).text(intent.language), scope=c.scope,
                         message=said(c.message, intent.language))
                     for c in failed]
    checked = any(year is not None for _, year in asked)
    return Answer(intent.question, "\n".join(parts), "table" if checked else "none", warnings=warnings)
