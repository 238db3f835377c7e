"""Figures derived from several records: a share (part ÷ whole) and a total across agencies or years.

Every part is a cited record in `values`; the derived figure comes first, its `raw` showing the arithmetic.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from index.messages import join, say
from index.template import table

from .answer import Answer, agency_label, computed_source, fmt_value, intent_metric, lookup, metric_title, number
from .records import Catalog
from .table_route import aside, cells_by_year, cells_for, finish, pick_year, sources_text
from .understand import Intent


def _whole(table_id: str, row: str, kind: str, column: str) -> tuple[str, str, str] | None:
    """What a part is a share of: its row's total column; for a result row all results handled; for a reason
    ("本机关不掌握的占比", after 无法提供 or not) the group of reasons it is one of."""
    if column != "total":
        return row, kind, "total"
    group = table(table_id).row(row).group if kind == "row" and table_id == "applications" else None
    if group and group != "results":
        return group, "group", "total"
    if table_id == "applications" and kind == "row" and row != "handled_total" and \
            table(table_id).row(row).group == "results":
        return "handled_total", "row", column
    if table_id == "applications" and kind == "group":
        return "handled_total", "row", column
    return None


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part ÷ whole as a percentage with one decimal, rounded half up (41.25 → 41.3)."""
    return (part * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def answer_share(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    """"自然人占比多少": the part, the whole it belongs to, and part ÷ whole as a percentage (one decimal)."""
    t, row, kind, column = intent_metric(intent)
    whole_of = _whole(t, row, kind, column)
    if intent.share_whole and intent.share_whole[0] == t:
        _, whole_row, whole_kind = intent.share_whole
        whole_of = (whole_row, whole_kind, "total" if whole_row == row else column)
    metric = metric_title(t, row, kind, column, intent.language)
    if whole_of is None or whole_of == (row, kind, column) or not agencies:
        return finish(intent, catalog, say("share.no_whole", intent.language, metric=metric), [])
    lines, cells, values, shares = [], [], [], []
    # one agency in two years or more ("变化了多少个百分点" after its shares): each year's share, then the change
    asked = [(agencies[0], y) for y in intent.years] if len(agencies) == 1 and len(intent.years) >= 2 else [
        (agency, pick_year(catalog, agency, intent)[0]) for agency in agencies]
    for agency, year in asked:
        part, _ = lookup(catalog, agency, year, t, row, kind, column) if year else (None, None)
        whole, _ = lookup(catalog, agency, year, t, *whole_of) if year else (None, None)
        name = agency_label(catalog, agency, intent.language)
        if part is None or whole is None or part.value is None or not whole.value:
            lines.append(say("share.none", intent.language, name=name, year=year or ""))
            continue
        share = percent(Decimal(part.value), Decimal(whole.value))
        whole_title = metric_title(t, whole_of[0], whole_of[1], whole_of[2], intent.language)
        lines.append(say("share.text", intent.language, name=name, year=year, metric=metric,
                         part=fmt_value(part.value, part.unit, intent.language), whole_title=whole_title,
                         whole=fmt_value(whole.value, whole.unit, intent.language), share=share))
        first = part.records()[0]
        values.append({**first, "value": number(share), "unit": "%",
                       "source": computed_source(first["source"], f"{part.value} / {whole.value} = {share}%")})
        values += part.records() + whole.records()
        cells += [part, whole]
        shares.append((year, share, values[-3]))
    if len(asked) == 2 and len(shares) == 2:
        (y1, s1, first), (y2, s2, _) = sorted(shares, key=lambda s: s[0])
        points = s2 - s1
        lines.append(say("share.change", intent.language, first=y1, last=y2, points=points))
        values.insert(0, {**first, "year": None, "value": number(points), "unit": say("share.points", intent.language),
                          "source": computed_source(first["source"], f"{s2}% - {s1}% = {points:+} pp")})
    answer = finish(intent, catalog, "\n".join(lines) + ("\n" + sources_text(cells, intent) if cells else ""), cells)
    answer.values = values  # (the change in points,) each share, then the part and the whole it was computed from
    return answer


def answer_total(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    """"五个单位一共收到多少申请", "2019到2020年合计": the sum over agencies (their year) or years, every part cited."""
    t, row, kind, column = intent_metric(intent)
    metric = metric_title(t, row, kind, column, intent.language)
    years = intent.years or (catalog.years_of(agencies[0])[-intent.last_years:] if len(agencies) == 1
                             and intent.last_years >= 2 else [])  # "两年报告里一共": its last two reports
    if len(agencies) == 1 and len(years) >= 2:
        cells, missing_years = cells_by_year(intent, catalog, agencies[0], years)
        missing = ([say("total.no_report", intent.language, years=join(missing_years, intent.language))]
                   if missing_years else [])
        notes: list[str] = []
    else:
        cells, notes, missing = cells_for(catalog, intent, agencies)
    counted = [c for c in cells if c.value is not None]
    if not counted:
        return finish(intent, catalog, " ".join(missing) or metric, [])
    total = sum(c.value for c in counted)
    unit = counted[0].unit
    items = say("sep.items", intent.language).join(
        f"{agency_label(catalog, c.agency, intent.language)} {c.year}: {fmt_value(c.value, c.unit, intent.language)}"
        for c in counted)
    text = say("total.text", intent.language, metric=metric, total=fmt_value(total, unit, intent.language), items=items)
    extra = [*notes, *missing]
    if extra:
        text += aside(extra, intent.language)
    answer = finish(intent, catalog, text + "\n" + sources_text(counted, intent), counted)
    first = answer.values[0]
    raw = " + ".join(str(c.value) for c in counted) + f" = {total}"
    # the sum belongs to no single agency (or year) when it spans several: those fields are then null
    one_agency, one_year = len({c.agency for c in counted}) == 1, len({c.year for c in counted}) == 1
    answer.values.insert(0, {**first, "agency": first["agency"] if one_agency else None,
                             "year": first["year"] if one_year else None, "value": number(total), "unit": unit,
                             "source": computed_source(first["source"], raw)})
    return answer


def answer_figures(intent: Intent, catalog: Catalog, agency: str) -> Answer:
    """"两个加起来", "两者的差距" after 行政许可 and 行政处罚: the figures of the last turns for one agency and year,
    added up (a total) or one less the other (a comparison: the larger first)."""
    year, _ = pick_year(catalog, agency, intent)
    metrics = [intent_metric(replace(intent, table=t, row=r, row_kind=k, column=c)) for t, r, k, c in intent.figures]
    found = [lookup(catalog, agency, year, *m)[0] for m in metrics if m] if year else []
    cells = [c for c in found if c is not None and c.value is not None]
    titles = [metric_title(*m, intent.language) for m in metrics if m]
    name = agency_label(catalog, agency, intent.language)
    adding = intent.operation == "total"
    if len(cells) != len(intent.figures) or len({c.unit for c in cells}) != 1:
        text = say("figures.cannot_add" if adding else "figures.cannot_compare", intent.language, name=name,
                   year=year or "", titles=say("sep.titles", intent.language).join(titles))
        return finish(intent, catalog, text, [])
    unit = cells[0].unit
    items = say("sep.items", intent.language).join(
        f"{title} {fmt_value(c.value, c.unit, intent.language)}" for title, c in zip(titles, cells))
    if adding:
        result = sum(c.value for c in cells)
        raw = " + ".join(str(c.value) for c in cells) + f" = {result}"
        text = say("figures.total", intent.language, name=name, year=year, items=items,
                   result=fmt_value(result, unit, intent.language))
    else:
        (high, high_title), (low, low_title) = sorted(zip(cells, titles), key=lambda ct: -ct[0].value)
        result = high.value - low.value
        raw = f"{high.value} - {low.value} = {result}"
        text = say("figures.more", intent.language, name=name, year=year, items=items, high=high_title, low=low_title,
                   result=fmt_value(result, unit, intent.language))
    answer = finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells)
    first = answer.values[0]
    answer.values.insert(0, {**first, "row": None, "column": None, "value": number(result), "unit": unit,
                             "source": computed_source(first["source"], raw)})
    return answer
