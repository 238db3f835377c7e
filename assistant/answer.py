"""Compose answers from table records: the number, its unit, where it came from, in the question's language.

Every number in an answer is a Fact's value (or the sum of named Facts, listed in `values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from index.checks import rule_for
from index.messages import CATALOGUE, Message, join, said, say
from index.ocr import ocr_confidence
from index.store import ReportInfo, StoredFact
from index.template import APPLICATIONS, REVIEW, table

from .records import Catalog
from .understand import Intent

NUMERALS = {2: "二", 3: "三", 4: "四"}
_MAIN_COLUMNS = ("decisions", "purchase_amount", "fee_amount", "total_published", "in_force", "prev_items")
# report text is data: characters that HTML or markdown would read as markup become their full-width
# forms (a tag, an image "![](url)", a link "[x](url)" or an autolink "<url>" can then not form),
# and control characters (terminal escapes) are dropped; line breaks and tabs stay
_AS_TEXT = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Answer:
    question: str
    answer: str
    route: str = "table"
    values: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    chart: dict | None = None
    warnings: list[str] = field(default_factory=list)
    reading: dict | None = None  # how the question was read (see `reading_of`)
    why: str | None = None  # internal: "no_metric" lets the router try the text instead
    generated: bool = False  # the text was written by the optional language model (assistant/llm.py), guarded
    guard: list[dict] = field(default_factory=list)  # what the numeric guard dropped: {"sentence", "numbers"}

    def to_json(self) -> dict:
        """The contract object; every string but the question is neutralised (it quotes report text)."""
        return {"question": self.question, **as_data({
            "answer": self.answer, "route": self.route, "values": self.values, "sources": self.sources,
            "chart": self.chart, "warnings": self.warnings, "reading": self.reading, "generated": self.generated,
            "guard": self.guard})}


def as_data(value):
    """A copy with every string made inert for HTML, markdown and terminals (see _AS_TEXT)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.translate(_AS_TEXT))
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_data(v) for v in value]
    return value


def number(value) -> int | float | str:
    """JSON-safe exact number: ints stay ints; decimals become floats only when that is exact."""
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    return value


def fmt_value(value, unit: str | None, lang: str) -> str:
    if value is None:
        return say("value.blank", lang)
    text = f"{value:,}" if isinstance(value, int | Decimal) and not isinstance(value, bool) else str(value)
    if not unit:
        return text
    return text + say(f"unit.{unit}" if f"unit.{unit}" in CATALOGUE else "value.unit", lang, unit=unit)


def agency_label(catalog: Catalog, name: str, lang: str) -> str:
    agency = catalog.agency(name)
    if lang == "zh":
        return agency.short
    ascii_names = [a for a in agency.aliases if a.isascii()]
    office = [a for a in ascii_names if "Office" in a]
    if office:
        return max(office, key=len)
    with_unit = [a for a in ascii_names if " " in a and "People" not in a]
    return with_unit[0] if with_unit else (ascii_names[0] if ascii_names else agency.short)


def row_title(table_id: str, row_id: str, lang: str, kind: str = "row") -> str:
    t = table(table_id)
    if kind == "group":
        g = t.group(row_id)
        if not (g.aliases or g.en_aliases):  # a heading only (第二十条第（六）项): the rows it gathers
            members = list(dict.fromkeys(row_title(table_id, r.id, lang) for r in t.rows if r.group == row_id))
            return say("sep.and", lang).join(members)
        return g.en if lang == "en" else g.label.split("）")[-1]
    row = t.row(row_id)
    if lang == "en":
        return row.en
    label = row.label
    for sep in ("、", "）", "."):
        if sep in label[:5]:
            label = label.split(sep, 1)[1]
    return label


def column_title(table_id: str, column_id: str, lang: str) -> str:
    column = table(table_id).column(column_id)
    return column.en if lang == "en" else column.label


def metric_title(intent_table: str, row: str, kind: str, column: str, lang: str) -> str:
    r = row_title(intent_table, row, lang, kind)
    c = column_title(intent_table, column, lang)
    return say("metric.active" if intent_table == "active" else "metric.title", lang, row=r, column=c)


def citation(stored: StoredFact, lang: str) -> str:
    f = stored.fact
    where = say("source.page", lang, page=f.page) if f.page else say("source.line", lang, line=f.line)
    # a report fetched by URL is cited by its address, a file by its name
    return say("source.citation", lang, file=stored.url or stored.file, where=where, section=NUMERALS[table(f.table).section],
               table=table(f.table).en, row=f.row_label, column=f.column_label, raw=f.raw)


def value_record(stored: StoredFact) -> dict:
    f = stored.fact
    # `fact`: the record's id, which GET /api/source?fact= shows in its report (the PDF page with the cell boxed)
    source = {"file": stored.file, "url": stored.url, "page": f.page, "line": f.line, "raw": f.raw, "fact": stored.id}
    confidence = ocr_confidence(f.inferred)
    if confidence:  # a value read from a scan
        source["ocr_confidence"] = confidence
    return {"agency": stored.agency, "year": stored.year, "table": f.table, "row": f.row, "column": f.column,
            "value": number(f.value), "unit": f.unit, "source": source}


def fact_dict(stored: StoredFact) -> dict:
    """A fact with its report identity and provenance, as `facts --format json` and /api/facts give it."""
    f = stored.fact
    return {"agency": stored.agency, "agency_short": stored.agency_short, "year": stored.year,
            "format": stored.format, "table": f.table, "row": f.row, "row_label": f.row_label,
            "column": f.column, "column_label": f.column_label, "value": number(f.value),
            "unit": f.unit, "raw": f.raw, "file": stored.file, "page": f.page, "line": f.line,
            "inferred": said(f.inferred, "en") or None, "ocr_confidence": ocr_confidence(f.inferred),
            "url": stored.url, "fact": stored.id}


def report_dict(r: ReportInfo, language: str = "en") -> dict:
    """An indexed report, as `reports --format json`, /api/reports and the reports tab give it (its notes said in
    `language`)."""
    return {"id": r.id, "agency": r.agency.name, "agency_short": r.agency.short, "aliases": list(r.agency.aliases),
            "year": r.year, "format": r.format, "facts": r.facts, "failed_checks": r.failed_checks, "file": r.file,
            "notes": [said(n, language) for n in r.notes], "version": r.version, "url": r.url}


def check_dict(r: ReportInfo, c, language: str = "en") -> dict:
    """A rule result about a report, as `check --format json`, /api/checks and the reports tab give it (its message
    said in `language`)."""
    rule = rule_for(c.rule)
    return {"agency": r.agency.name, "agency_short": r.agency.short, "year": r.year, "file": r.file, "rule": c.rule,
            "rule_zh": rule.zh, "rule_en": rule.en, "rule_scope": rule.scope, "scope": c.scope, "status": c.status,
            "message": said(c.message, language), "evidence": c.evidence}


def stored_checks(store, agency: str | None = None, year: int | None = None, failed_only: bool = False,
                  language: str = "en") -> list[dict]:
    """Every stored rule result of the reports asked (the rules across years included), report by report."""
    if failed_only:
        failed = store.failed_checks()
        return [check_dict(r, c, language) for r in store.reports(agency, year) for c in failed.get(r.id, [])]
    return [check_dict(r, c, language) for r in store.reports(agency, year) for c in store.checks(r.id)]


def sum_record(parts: list[StoredFact], row: str, column: str) -> dict:
    """The answer to a group question (e.g. all 不予公开 reasons): the sum of the listed cells."""
    first = parts[0]
    total = sum(p.fact.value for p in parts if p.fact.value is not None)
    raw = " + ".join(p.fact.raw or "0" for p in parts) + f" = {total}"
    return {"agency": first.agency, "year": first.year, "table": first.fact.table, "row": row, "column": column,
            "value": number(total), "unit": first.fact.unit,
            "source": computed_source(value_record(first)["source"], raw)}


def computed_source(source: dict, raw: str) -> dict:
    """The source of a number computed from cited ones (a sum, a share, a difference): where its first part
    stands, `raw` showing the arithmetic, and no fact of its own to view (its parts, listed after it, have)."""
    return {**source, "raw": raw, "fact": None}


# --- metric resolution --------------------------------------------------------------------------

@dataclass
class Cell:
    """What one number in an answer is: a single fact, or the sum of a group's facts."""

    agency: str
    year: int
    facts: list[StoredFact]
    row: str
    column: str
    kind: str

    @property
    def value(self):
        values = [f.fact.value for f in self.facts if f.fact.value is not None]
        if not values:
            return None
        return values[0] if self.kind == "row" else sum(values)

    @property
    def unit(self) -> str | None:
        return next((f.fact.unit for f in self.facts if f.fact.unit), None)

    def records(self) -> list[dict]:
        if self.kind == "row":
            return [value_record(f) for f in self.facts]
        return [sum_record(self.facts, self.row, self.column)] + [value_record(f) for f in self.facts]


def default_column(table_id: str, row: str | None, kind: str) -> str | None:
    if table_id in (APPLICATIONS.id, REVIEW.id):
        return "total"
    rows = [r for r in table(table_id).rows if r.id == row]
    columns = {c for r in rows for c in r.columns}
    return next((c for c in _MAIN_COLUMNS if c in columns), None)


def default_row(table_id: str) -> str | None:
    return {"applications": "new", "review": "reconsideration"}.get(table_id)


def lookup(catalog: Catalog, agency: str, year: int, table_id: str, row: str, kind: str,
           column: str, defaulted: bool = False, exact: bool = False) -> tuple[Cell | None, str | None]:
    """The cell for one agency and year, or None and why (no report / metric not in that format).

    A column of the other format that counts the same (本年新制作 ↔ 本年制发) stands in for the one asked unless
    it was asked by its printed heading (`exact`); a column filled in by default (`defaulted`) is the row's
    main column in the report's own format.
    """
    reports = catalog.reports_of(agency, year)
    if not reports:
        return None, "no_report"
    report = reports[-1]
    template = table(table_id)
    rows = template.cell_rows(row, kind, report.format)
    own = template.columns_of(rows, report.format)
    if own and column not in own and not template.column(column).members:
        same = template.column(column).same_as
        main = next((c for c in _MAIN_COLUMNS if c in own), None)
        column = same if same in own and not exact else (main if defaulted and main else column)
    columns = template.column_members(column)
    facts = [catalog.cell(report.id, (table_id, r, c)) for r in rows for c in columns]
    facts = [f for f in facts if f is not None]
    if not facts:
        return None, "no_metric"
    # a group of rows or of columns (法人或其他组织) is answered by the sum of its cells
    return Cell(agency, year, facts, row, column, "group" if len(rows) * len(columns) > 1 else kind), None


def cell_warnings(catalog: Catalog, cell: Cell, lang: str) -> list[str]:
    warnings = []
    for f in cell.facts:
        read = ocr_confidence(f.fact.inferred)
        if read:
            warnings.append(say("warn.ocr", lang, agency=f.agency, year=f.year, row=f.fact.row_label,
                                column=f.fact.column_label, confidence=read))
        if f.fact.inferred and not (read and Message.decode(f.fact.inferred).key == "inferred.ocr"):
            warnings.append(say("warn.inferred", lang, agency=f.agency, year=f.year, row=f.fact.row_label,
                                column=f.fact.column_label, reason=said(f.fact.inferred, lang)))
    report = catalog.reports_of(cell.agency, cell.year)[-1]
    keys = [(f.fact.table, f.fact.row, f.fact.column) for f in cell.facts]
    for check in catalog.failed_checks_touching(report.id, keys):
        warnings.append(say("warn.failed_rule", lang, agency=report.agency.short, year=report.year, rule=check.rule,
                            scope=check.scope, message=said(check.message, lang)))
    duplicates = catalog.reports_of(cell.agency, cell.year)
    if len(duplicates) > 1:
        files = ", ".join(r.file for r in duplicates)
        warnings.append(say("warn.duplicates", lang, files=files, file=duplicates[-1].file))
    return list(dict.fromkeys(warnings))


def intent_metric(intent: Intent) -> tuple[str, str, str, str] | None:
    """(table, row, row kind, column) with defaults filled, or None when no metric is known."""
    if intent.table is None:
        return None
    row, kind = intent.row, intent.row_kind
    if row is None:
        row, kind = default_row(intent.table), "row"
    if row is None:
        return None
    column = intent.column or default_column(intent.table, row, kind)
    if column is None:
        return None
    return intent.table, row, kind, column


def reading_of(intent: Intent, catalog: Catalog, route: str, answered_years: set[int] = frozenset()) -> dict:
    """How the question was read: agencies, years, table/row/column, operation, what was inherited, and one line.

    The years are those answered when the answer fell back to the year an agency has a report for.
    """
    lang = intent.language
    years = sorted(answered_years) if answered_years and (not intent.year_explicit or intent.agency_years) \
        else list(intent.years)  # (a year of one agency's own: the years answered)
    # a figure asked that no report has (another year, a row the format lacks) is still read as that figure
    metric = intent_metric(intent) if not intent.overview and (route in ("table", "table+text") or intent.operation == (
        "quality") or route == "none" and intent.has_metric and not intent.beyond) else None
    operation = "overview" if intent.overview else intent.operation if metric or intent.operation == "quality" else "text"
    reading = {"agencies": list(intent.agencies), "years": years,
               "table": metric[0] if metric else None, "row": metric[1] if metric else None,
               "row_kind": metric[2] if metric else None, "column": metric[3] if metric else None,
               "operation": operation, "inherited": list(dict.fromkeys(intent.inherited))}
    parts = []
    names = [agency_label(catalog, a, lang) for a in intent.agencies if any(r.agency.name == a for r in catalog.reports)]
    if names:
        parts.append(join(names, lang))
    if years:
        parts.append(join(map(str, years), lang))
    if metric:
        where = say("reading.table", lang, section=NUMERALS[table(metric[0]).section])
        figures = [m for m in intent.figures if m[0] == metric[0] and m[1]] or [metric]  # "两个加起来": both figures
        parts.append(f"{where} " + " + ".join(
            f"{row_title(t, r, lang, k)} · {column_title(t, c or metric[3], lang)}" for t, r, k, c in figures))
    parts.append(say(f"reading.operation.{operation}", lang, part=say(f"overview.part.{intent.overview}", lang))
                 if intent.overview else say(f"reading.operation.{operation}", lang))
    line = say("reading.read_as", lang, parts=" · ".join(parts))
    if intent.inherited:
        words = [say(f"reading.inherited.{w}", lang) for w in dict.fromkeys(intent.inherited)]
        line += say("reading.inherited", lang, words=join(words, lang))
    if intent.corrections:  # slips mended before reading: 申情 → 申请
        line += say("sep.aside", lang, text=join(
            (say("reading.as_written", lang, written=w, read=r) for w, r in intent.corrections), lang))
    reading["corrections"] = [{"written": w, "read": r} for w, r in intent.corrections]
    reading["text"] = line
    # another reading nearly as close: offered, never answered ("也可能是问：…")
    offered = [(t, kind, row) for t, kind, row in intent.alternatives if metric and (t, row) != metric[:2]]
    reading["alternatives"] = [{"table": t, "row": row, "row_kind": kind, "text": row_title(t, row, lang, kind)}
                               for t, kind, row in offered]
    if offered:
        reading["did_you_mean"] = say("reading.did_you_mean", lang, alternatives=say("sep.titles", lang).join(
            a["text"] for a in reading["alternatives"]))
    return reading
