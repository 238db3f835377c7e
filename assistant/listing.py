"""What is indexed, as the command line lists it: `reports`, `agencies`, `facts` and `check` (text, JSON, CSV;
the JSON shapes are the API's, assistant/answer.py)."""

from __future__ import annotations

import csv
import json
import sys

from index.messages import join, say

from .config import Config


def built(config: Config, text: bool = True):
    """The running parts (assistant/build.py), imported when a command needs them: `--help` stays quick."""
    from .build import build

    return build(config, text=text)


def cmd_reports(args, config: Config) -> int:
    from rich.console import Console
    from rich.table import Table

    from .answer import report_dict

    reports = built(config, text=False).store.reports(args.agency, args.year)
    if args.format == "json":
        # the API's shape, plus where the file is on this machine (never sent over the API)
        print(json.dumps([{**report_dict(r, config.language), "path": r.path} for r in reports], ensure_ascii=False,
                         indent=2))
        return 0
    if not reports:
        print(say("cli.nothing_indexed", config.language))
        return 0
    table = Table("id", "agency", "year", "format", "facts", "failed checks", "file")
    seen: dict[tuple[str, int], int] = {}
    for r in reports:
        seen[(r.agency.name, r.year)] = seen.get((r.agency.name, r.year), 0) + 1
    for r in reports:
        dup = " (duplicate agency+year)" if seen[(r.agency.name, r.year)] > 1 else ""
        table.add_row(str(r.id), f"{r.agency.name} ({r.agency.short}){dup}", str(r.year), r.format,
                      str(r.facts), str(r.failed_checks), r.url or r.file)  # fetched: its address
    Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(table)
    return 0


def cmd_agencies(args, config: Config) -> int:
    """Each agency as answers name it, with the names its reports print (index.identity.canonical_agencies)."""
    from index.identity import AgencyFileError

    parts = built(config, text=False)
    try:
        parts.agency_rules()
    except AgencyFileError as exc:
        print(exc.say(config.language), file=sys.stderr)  # answers go on without the file
    catalog = parts.assistant().catalog
    printed = {r.id: r.agency.name for r in parts.store.reports()}
    rows = [{"agency": a.name, "short": a.short, "years": catalog.years_of(a.name),
             "names": sorted({printed[r.id] for r in catalog.reports_of(a.name)})}
            for a in sorted({r.agency.name: r.agency for r in catalog.reports}.values(), key=lambda a: a.name)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(say("cli.agency", config.language, agency=row["agency"], short=row["short"],
                  years=join(map(str, row["years"]), config.language), names=join(row["names"], config.language)))
    return 0


FACT_FIELDS = ("agency", "year", "format", "table", "row", "row_label", "column", "column_label",
               "value", "unit", "raw", "file", "page", "line", "inferred", "ocr_confidence", "url", "fact")


def cmd_facts(args, config: Config) -> int:
    from index.template import find_table

    from .answer import fact_dict

    table_id = None
    if args.table:
        found = find_table(args.table)
        if found is None:
            print(say("query.unknown_table", config.language, table=args.table), file=sys.stderr)
            return 2
        table_id = found.id
    store = built(config, text=False).store
    if args.agency and not store.reports(args.agency):
        known = ", ".join(sorted({r.agency.short for r in store.reports()})) or say("cli.none", config.language)
        print(say("cli.no_agency", config.language, agency=args.agency, known=known), file=sys.stderr)
        return 1
    rows = [fact_dict(f) for f in store.facts(args.agency, args.year, table_id)
            if _picked(args.row, f.fact.row, f.fact.row_label)
            and _picked(args.column, f.fact.column, f.fact.column_label)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=["agency_short", *FACT_FIELDS])
        writer.writeheader()
        writer.writerows(rows)
    else:
        for r in rows:
            where = f"p.{r['page']}" if r["page"] else f"line {r['line']}"
            value = "(blank)" if r["value"] is None else f"{r['value']}{' ' + r['unit'] if r['unit'] else ''}"
            mark = "  [inferred]" if r["inferred"] else ""
            print(f"{r['agency_short']} {r['year']} | {r['row_label']} | {r['column_label']} = {value}"
                  f"  ({r['url'] or r['file']}, {where}){mark}")
    return 0


def _picked(wanted: str | None, id_: str, label: str) -> bool:
    """--row/--column: an id (exact or its prefix, e.g. 'refused') or a piece of the label."""
    if not wanted:
        return True
    return id_ == wanted or id_.startswith(wanted + ".") or wanted in label


def cmd_check(args, config: Config) -> int:
    """The stored rule results (rules across years included) with their evidence, as /api/checks gives them."""
    from index.checks import FAIL, NOT_ASSESSABLE, YEARS, rule_for

    from .answer import stored_checks

    lang = config.language
    store = built(config, text=False).store
    reports = store.reports(args.agency, args.year)
    if not reports:
        print(say("cli.no_matching", lang), file=sys.stderr)
        return 1
    results = stored_checks(store, args.agency, args.year, language=lang)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1, default=str))
        return 0
    for r in reports:
        mine = [c for c in results if (c["agency"], c["year"], c["file"]) == (r.agency.name, r.year, r.file)]
        failed = sum(c["status"] == FAIL for c in mine)
        unknown = sum(c["status"] == NOT_ASSESSABLE for c in mine)
        print(say("cli.check_summary", lang, agency=r.agency.name, year=r.year, file=r.file,
                  passed=len(mine) - failed - unknown, failed=failed, unknown=unknown))
        for c in mine:
            # failures always; a rule across years that cannot be assessed too (which year is missing)
            if c["status"] == FAIL or args.all or c["rule_scope"] == YEARS and c["status"] == NOT_ASSESSABLE:
                print(say("cli.check_rule", lang, status=c["status"], rule=c["rule"],
                          text=rule_for(c["rule"]).text(lang)))
                print(say("cli.check_message", lang, scope=c["scope"], message=c["message"]))
                for e in c["evidence"]:
                    print("        · " + _evidence_text(e, lang))
    return 0


def _evidence_text(e: dict, lang: str = "en") -> str:
    where = say("cli.page", lang, page=e["page"]) if e.get("page") else say("cli.line", lang, line=e.get("line"))
    if e.get("year"):  # a rule across years cites two reports
        where = say("cli.evidence_year", lang, year=e["year"], where=where)
    if "sentence" in e:
        return say("cli.evidence_prose", lang, where=where, sentence=e["sentence"])
    return say("cli.evidence_cell", lang, row=e["row_label"], column=e["column_label"], value=e["value"], raw=e["raw"],
               where=where)
