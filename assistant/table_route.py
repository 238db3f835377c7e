"""The table route: value, breakdown, compare, rank, change, trend and data-quality answers from records."""

from __future__ import annotations

from index.checks import REPORT, YEARS, rule_for
from index.template import table

from .answer import (Answer, Cell, agency_label, cell_warnings, citation, column_title, fmt_value, intent_metric,
                     lookup, metric_title, number, row_title)
from .records import Catalog
from .understand import Intent
from .wording import LEAST


class NoMetric(str):
    """A no-data message saying the report's format has no such row or column."""


def is_zh(intent: Intent) -> bool:
    return intent.language == "zh"


def pick_year(catalog: Catalog, agency: str, intent: Intent) -> tuple[int | None, str | None]:
    """The year to answer for one agency, and a note when it is not the one asked (or none was asked)."""
    years = catalog.years_of(agency)
    if not years:
        return None, None
    name = agency_label(catalog, agency, intent.language)
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
    if len(years) == 1:
        note = (f"{name}只有{chosen}年的报告" if is_zh(intent) else f"{name} has a {chosen} report only")
    else:
        note = (f"{name}最新的报告是{chosen}年" if is_zh(intent) else f"the newest {name} report is {chosen}")
    return chosen, note


def no_report(catalog: Catalog, agency: str, intent: Intent) -> str:
    name = agency_label(catalog, agency, intent.language)
    years = "、".join(map(str, catalog.years_of(agency)))
    wanted = "、".join(map(str, intent.years)) if intent.years else "?"
    if is_zh(intent):
        return f"没有{name}{wanted}年的报告（已收录：{years}年），无法给出数字。"
    return f"There is no {wanted} report for {name} (indexed: {years}), so there is no number to give."


def no_metric(catalog: Catalog, agency: str, year: int, metric: str, intent: Intent) -> str:
    name = agency_label(catalog, agency, intent.language)
    report = catalog.reports_of(agency, year)[-1]
    if is_zh(intent):
        return f"{name}{year}年的报告（{report.format}格式）中没有“{metric}”这一项。"
    return f"The {year} report of {name} ({report.format} format) has no “{metric}”."


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
        answer.warnings.append(f"“{mention}”可能指：{names}；都已列出。" if is_zh(intent) else
                               f"“{mention}” matches several agencies ({names}); all are shown.")
    if intent.notes:
        answer.warnings.append(("按近似名称理解：" if is_zh(intent) else "Read as: ") + "; ".join(intent.notes))
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
    label = "来源：" if is_zh(intent) else "Source: "
    # every part of one summed cell is cited; of many cells, the first parts of each
    per_cell = 8 if len(cells) == 1 else 3
    parts = [citation(f, intent.language) for cell in cells for f in cell.facts[:per_cell]]
    return label + "；".join(parts) if is_zh(intent) else label + "; ".join(parts)


def _chart(kind: str, title: str, labels: list[str], values: list, unit: str | None) -> dict:
    return {"type": kind, "title": title, "labels": labels, "values": [number(v) for v in values], "unit": unit}


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
    lead = f"{notes[0]}。" if notes and is_zh(intent) else (f"{notes[0][0].upper()}{notes[0][1:]}. " if notes else "")
    parts = "、".join(f"{_part_label(cell, f)} {f.fact.value}" for f in cell.facts)
    if is_zh(intent):
        text = f"{lead}{name}{cell.year}年{metric}为{value}。"
        if cell.kind == "group":
            text += f"（由{parts}相加）"
    else:
        text = f"{lead}{name}, {cell.year} — {metric}: {value}."
        if cell.kind == "group":
            text += f" (sum of {parts.replace('、', ', ')})"
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
    header = ["单位", "年份", metric] if is_zh(intent) else ["agency", "year", metric]
    rows = [[agency_label(catalog, c.agency, intent.language), str(c.year), fmt_value(c.value, c.unit, intent.language)]
            for c in cells]
    items = ("，" if is_zh(intent) else "; ").join(f"{lab}: {fmt_value(c.value, c.unit, intent.language)}"
                                                  for lab, c in zip(labels, cells))
    text = (f"{metric}比较：{items}。" if is_zh(intent) else f"{metric} compared — {items}.")
    valued = [c for c in cells if c.value is not None]
    if len(valued) == 2 and valued[0].unit == valued[1].unit:
        text += _gap(*valued, catalog, intent)
    extra = [*notes, *missing]
    if extra:
        text += ("（" + "；".join(extra) + "）") if is_zh(intent) else " (" + "; ".join(extra) + ")"
    text += "\n\n" + _table_md(header, rows) + "\n\n" + sources_text(cells, intent)
    chart = _chart("bar", metric, labels, [c.value for c in cells], cells[0].unit)
    return finish(intent, catalog, text, cells, chart)


def _gap(a, b, catalog: Catalog, intent: Intent) -> str:
    """How far apart two compared figures are: "汝州市比宝丰县多118件。" / " Ruzhou City has 118 more."."""
    high, low = (a, b) if a.value >= b.value else (b, a)
    zh = is_zh(intent)
    if high.value == low.value:
        return "两者相同。" if zh else " They are the same."
    gap = fmt_value(high.value - low.value, high.unit, intent.language)
    if high.agency == low.agency:  # two years of one agency
        return f"相差{gap}。" if zh else f" Difference: {gap}."
    more, less = (agency_label(catalog, c.agency, intent.language) for c in (high, low))
    return f"{more}比{less}多{gap}。" if zh else f" {more} has {gap} more."


def answer_rank(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    t, row, kind, column = intent_metric(intent)
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
    if is_zh(intent):
        text = f"按{metric}{'从低到高' if ascending else '从高到低'}：{top}{'最少' if ascending else '最多'}（{fmt_value(cells[0].value, cells[0].unit, 'zh')}）。\n"
    else:
        text = (f"Ranked by {metric} ({'lowest' if ascending else 'highest'} first): {top} "
                f"{'has the fewest' if ascending else 'has the most'} ({fmt_value(cells[0].value, cells[0].unit, 'en')}).\n")
    if not intent.years:
        text += ("（各单位使用最新一年的报告）\n" if is_zh(intent) else "(each agency's newest report)\n")
    text += "\n".join(lines) + "\n" + sources_text(cells, intent)
    chart = _chart("bar", metric, labels, [c.value for c in cells], cells[0].unit)
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
        text = (f"无法计算{name}{metric}的变化：缺少{'、'.join(missing) or '另一年'}年的报告（已收录：{available}年）。"
                if is_zh(intent) else
                f"Cannot compute the change in {metric} for {name}: no report for "
                f"{', '.join(missing) or 'a second year'} (indexed: {available}).")
        return finish(intent, catalog, text, [])
    a, b = cells
    if a.value is None or b.value is None:  # a blank is no value, never 0: no difference to state
        text = (f"{name}{metric}：{a.year}年{fmt_value(a.value, a.unit, 'zh')}，{b.year}年{fmt_value(b.value, b.unit, 'zh')}，"
                "无法计算变化。" if is_zh(intent) else
                f"{name}, {metric}: {a.year} {fmt_value(a.value, a.unit, 'en')}, {b.year} "
                f"{fmt_value(b.value, b.unit, 'en')}; no change can be computed.")
        return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells)
    text = (f"{name}{metric}：{a.year}年{fmt_value(a.value, a.unit, 'zh')}，{b.year}年{fmt_value(b.value, b.unit, 'zh')}，"
            f"{_difference(a, b, 'zh')}。" if is_zh(intent) else
            f"{name}, {metric}: {a.year} {fmt_value(a.value, a.unit, 'en')}, {b.year} {fmt_value(b.value, b.unit, 'en')}; "
            f"{_difference(a, b, 'en')}.")
    chart = _chart("line", metric, [str(a.year), str(b.year)], [a.value, b.value], a.unit)
    return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells, chart)


def _difference(a, b, language: str) -> str:
    """"变化+12件（+10.5%）" / "change +12 (+10.5%)": the signed difference of two cells with values, and the
    relative change when the earlier one is not zero."""
    diff = b.value - a.value
    sign = "+" if diff > 0 else ""
    percent = f"{sign}{diff / a.value * 100:.1f}%" if a.value else ""
    if language == "zh":
        return f"变化{sign}{fmt_value(diff, a.unit, 'zh')}" + (f"（{percent}）" if percent else "")
    return f"change {sign}{fmt_value(diff, a.unit, 'en')}" + (f" ({percent})" if percent else "")


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
    items = ("，" if is_zh(intent) else "; ").join(f"{c.year}: {fmt_value(c.value, c.unit, intent.language)}" for c in cells)
    text = f"{name}{metric}历年：{items}。" if is_zh(intent) else f"{name}, {metric} by year — {items}."
    if intent.extreme and counted:
        top = cells[0]
        text += (f"{'最多' if most else '最少'}的是{top.year}年（{fmt_value(top.value, top.unit, 'zh')}）。" if is_zh(intent) else
                 f" {'Most' if most else 'Fewest'}: {top.year} ({fmt_value(top.value, top.unit, 'en')}).")
    elif len(cells) >= 2 and first.value is not None and last.value is not None:  # over the span: its change
        text += (f"{first.year}年至{last.year}年{_difference(first, last, 'zh')}。" if is_zh(intent) else
                 f" From {first.year} to {last.year}: {_difference(first, last, 'en')}.")
    if missing:
        available = "、".join(map(str, catalog.years_of(agency)))
        text += (f"（没有{'、'.join(missing)}年的报告；已收录：{available}年）" if is_zh(intent) else
                 f" (no {', '.join(missing)} report; indexed: {available})")
    chart = _chart("line", metric, [str(c.year) for c in cells], [c.value for c in cells], cells[0].unit)
    return finish(intent, catalog, text + "\n" + sources_text(cells, intent), cells, chart)


def answer_breakdown(intent: Intent, catalog: Catalog, agency: str) -> Answer:
    t, row, kind, column = intent_metric(intent)
    year, note = pick_year(catalog, agency, intent)
    if year is None:
        return finish(intent, catalog, no_report(catalog, agency, intent), [])
    report = catalog.reports_of(agency, year)[-1]
    template = table(t)
    rows = template.cell_rows(row, kind, report.format)  # (六)其他处理 is a group of rows from 2021 on
    if rows != [row]:  # each reason inside the group
        parts = [(r, column) for r in rows]
        labels = [row_title(t, r, intent.language) for r, _ in parts]
        title = row_title(t, row, intent.language, "group")
    else:  # each column of the row
        columns = template.columns_of(rows, report.format)
        if t in ("applications", "review"):
            columns = [c for c in columns if c != "total"] + ["total"]
        parts = [(row, c) for c in columns]
        labels = [column_title(t, c, intent.language) for _, c in parts]
        title = row_title(t, row, intent.language)
    found = []  # (label, cell): a part the report lacks is left out, its label with it
    for (r, c), label in zip(parts, labels):
        cell, _ = lookup(catalog, agency, year, t, r, "row", c)
        if cell:
            found.append((label, cell))
    if not found:
        return finish(intent, catalog, no_metric(catalog, agency, year, title, intent), [])
    if intent.extreme:  # "which reason was the biggest?": the parts ranked, the top one first
        found.sort(key=lambda lc: -1 if lc[1].value is None else lc[1].value, reverse=intent.extreme == "most")
    labels, cells = [lab for lab, _ in found], [c for _, c in found]
    name = agency_label(catalog, agency, intent.language)
    items = ("，" if is_zh(intent) else "; ").join(
        f"{lab} {fmt_value(c.value, c.unit, intent.language)}" for lab, c in zip(labels, cells))
    lead = (f"{note}。" if is_zh(intent) else f"{note[0].upper()}{note[1:]}. ") if note else ""
    text = (f"{lead}{name}{year}年{title}：{items}。" if is_zh(intent) else f"{lead}{name}, {year} — {title}: {items}.")
    if intent.extreme:
        most = intent.extreme == "most"
        text += (f"{'最多' if most else '最少'}的是{labels[0]}（{fmt_value(cells[0].value, cells[0].unit, 'zh')}）。"
                 if is_zh(intent) else
                 f" {'Most' if most else 'Fewest'}: {labels[0]} ({fmt_value(cells[0].value, cells[0].unit, 'en')}).")
    header = ["项目", "数值"] if is_zh(intent) else ["item", "value"]
    text += "\n\n" + _table_md(header, [[lab, fmt_value(c.value, c.unit, intent.language)] for lab, c in zip(labels, cells)])
    text += "\n\n" + sources_text(cells[:1], intent)
    chart = _chart("bar", f"{name} {year} {title}", labels, [c.value for c in cells], cells[0].unit)
    return finish(intent, catalog, text, cells, chart)


def answer_quality(intent: Intent, catalog: Catalog, agencies: list[str]) -> Answer:
    pool = agencies or [a.name for a in catalog.agencies]
    parts, warnings = [], []
    for agency in pool:
        year, note = pick_year(catalog, agency, intent)
        if year is None:
            parts.append(no_report(catalog, agency, intent))
            continue
        report = catalog.reports_of(agency, year)[-1]
        # the verdict on a report is its own rules; a carry-over that does not match another year's report
        # (rule 5) is about two reports: said as a warning with the verdict
        failed = [c for c in catalog.failed.get(report.id, []) if rule_for(c.rule).scope == REPORT]
        across = [c for c in catalog.failed.get(report.id, []) if rule_for(c.rule).scope == YEARS]
        name = agency_label(catalog, agency, intent.language)
        warnings += [(f"{name}{year}年报告与相邻年度报告的结转数不一致（规则{c.rule}：{rule_for(c.rule).zh}）：{c.scope} {c.message}"
                      if is_zh(intent) else
                      f"The {name} {year} report's carry-over does not match the adjacent year's report (rule {c.rule}: "
                      f"{rule_for(c.rule).en}): {c.scope} {c.message}") for c in across]
        if not failed and across:
            parts.append(f"{name}{year}年报告的数据通过了全部报告内的一致性检查（跨年度的结转见下方提示）。" if is_zh(intent)
                         else f"The {name} {year} report passes every consistency check within the report (the "
                              "carry-over between years: see the warnings).")
            continue
        if not failed:
            parts.append(f"{name}{year}年报告的数据通过了全部一致性检查。" if is_zh(intent) else
                         f"The {name} {year} report passes every consistency check.")
            continue
        rules = sorted({c.rule for c in failed})
        parts.append((f"{name}{year}年报告有{len(failed)}项不一致（规则{'、'.join(map(str, rules))}）：" if is_zh(intent) else
                      f"The {name} {year} report has {len(failed)} inconsistencies (rule {', '.join(map(str, rules))}): ")
                     + ("；".join if is_zh(intent) else "; ".join)(f"{c.scope} {c.message}" for c in failed))
        warnings += [f"rule {c.rule}: {rule_for(c.rule).text(intent.language)} — {c.scope}: {c.message}" for c in failed]
    answer = Answer(intent.question, "\n".join(parts), "table", warnings=warnings)
    return answer
