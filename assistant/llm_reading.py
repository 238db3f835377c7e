"""Use 3 of the optional model: the structured reading of a question the rules are unsure of.

The rules are unsure when a question that asks a figure ("多少", "how many") got no template cell, or when they
offer other readings nearly as close. The model then returns JSON — agencies, years, table, row, column,
operation — and every field is checked: the ids must be the template's (index/template.TABLES) and the index's
(agencies and years with a report), the row must have that column, and where the rules are sure (the agencies and
the years the question names) the model must agree with them. Anything else — malformed JSON, an unknown key or id,
a year the question never named — keeps the rules' reading. The numbers still come from the records.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from index.template import TABLES, table

from .understand import Intent

FIELDS = ("agencies", "years", "table", "row", "column", "operation")
OPERATIONS = {
    "value": "one figure", "breakdown": "a figure split into its parts (by applicant, by reason)",
    "compare": "several agencies side by side", "rank": "agencies or years ordered, most first",
    "change": "the difference between two years", "trend": "one figure over several years",
    "share": "a part as a percentage of its whole", "total": "a figure added up over agencies or years",
}
_FIGURE_ASKED = re.compile(r"多少|几[件条个次项人家]|数量|比例|占比|how many|how much|number of|percent|proportion|share",
                           re.IGNORECASE)


def unsure(rules: Intent) -> bool:
    """Whether the rules' reading is worth a second opinion: a figure asked but no cell read, or close alternatives.
    Never for a follow-up that leans on the conversation ("那上街区呢？"), a data-quality question, something no
    table counts, or a place that is not indexed (the model must not make it one that is)."""
    if rules.elliptical or rules.operation == "quality" or rules.beyond or rules.unknown_agencies:
        return False
    return bool(rules.alternatives) or (not rules.has_metric and bool(_FIGURE_ASKED.search(rules.question)))


def read(client, catalog, question: str, rules: Intent) -> Intent | None:
    """The model's reading of `question`, validated against the template and the index; None keeps the rules'."""
    if not unsure(rules) or not catalog.reports:
        return None
    from .llm import json_object, prompt

    agencies = [f"{a.name} ({', '.join(dict.fromkeys([a.short, *a.aliases]))})" for a in catalog.agencies]
    said = {"agencies": list(rules.agencies), "years": list(rules.years), "table": rules.table, "row": rules.row,
            "column": rules.column, "operation": rules.operation}
    messages = prompt("reading", question=question, tables=template_ids(), agencies="\n".join(agencies),
                      years=", ".join(map(str, sorted({r.year for r in catalog.reports}))),
                      operations="\n".join(f"{k}: {v}" for k, v in OPERATIONS.items()),
                      rules=json.dumps(said, ensure_ascii=False))
    return validated(json_object(client.complete(messages, max_tokens=300)), rules, catalog)


def template_ids() -> str:
    """Every table, row, group and column id with its labels, for the prompt (from the template, never typed)."""
    lines = []
    for t in TABLES:
        lines.append(f"table {t.id}: 表{'一二三四五六'[t.section - 1]} {t.label} ({t.en})")
        for row in {r.id: r for r in t.rows}.values():
            lines.append(f"  row {row.id}: {row.label} ({row.en}); columns: {', '.join(row.columns)}")
        for group in t.groups:
            lines.append(f"  group {group.id}: {group.label} ({group.en})")
        for column in (*t.columns, *t.column_groups):
            lines.append(f"  column {column.id}: {column.label} ({column.en})")
    return "\n".join(lines)


def validated(data: dict | None, rules: Intent, catalog) -> Intent | None:
    """The reading `data` as an Intent when every field is valid and agrees with what the rules are sure of."""
    if data is None or set(data) - set(FIELDS) or not {"table", "operation"} <= set(data):
        return None
    agencies, years = data.get("agencies") or [], data.get("years") or []
    if not (isinstance(agencies, list) and all(isinstance(a, str) for a in agencies)):
        return None
    if not (isinstance(years, list) and all(type(y) is int for y in years)):
        return None
    if not set(agencies) <= {a.name for a in catalog.agencies} or not set(years) <= {r.year for r in catalog.reports}:
        return None
    table_id, row, column, operation = data["table"], data.get("row"), data.get("column"), data["operation"]
    if table_id not in {t.id for t in TABLES} or operation not in OPERATIONS:
        return None
    template = table(table_id)
    rows, groups = {r.id for r in template.rows}, {g.id for g in template.groups}
    columns = {c.id for c in (*template.columns, *template.column_groups)}
    if row is not None and row not in rows | groups or column is not None and column not in columns:
        return None
    if row is None and column is None:
        return None  # no cell: nothing better than the rules'
    kind = "group" if row in groups and row not in rows else "row"
    if row is not None and column is not None:
        has = set(template.columns_of(template.cell_rows(row, kind)))
        if not set(template.column_members(column)) <= has:
            return None  # a cell the template does not have
    # what the rules are sure of stands: the agencies and the years the question names
    if agencies and (rules.agencies or rules.all_agencies) and set(agencies) != set(rules.agencies):
        return None
    if agencies and not (rules.agencies or rules.all_agencies) and not all(
            _called(catalog, a, rules.question) for a in agencies):
        return None  # an agency the question never named
    if years and rules.year_explicit and set(years) != set(rules.years):
        return None
    if years and not rules.year_explicit and not all(_named(y, rules.question) for y in years):
        return None  # a year the question never named
    return replace(rules, agencies=agencies or list(rules.agencies), years=years or list(rules.years),
                   year_explicit=rules.year_explicit or bool(years), table=table_id, row=row, row_kind=kind,
                   column=column, operation=operation, operation_explicit=operation != "value",
                   metric_fallback=False, row_by_default=False, alternatives=[], share_whole=None, figures=[])


def _called(catalog, name: str, question: str) -> bool:
    agency = next(a for a in catalog.agencies if a.name == name)
    asked = question.lower()
    return any(n.lower() in asked for n in (*agency.names(), agency.short, *agency.aliases) if len(n) >= 2)


def _named(year: int, question: str) -> bool:
    return str(year) in question or f"{year % 100:02d}年" in question
