"""One file in, one parsed report out: read → identity → sections → facts → checks."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CheckResult, check_report, rules_version
from .figures import Figure, prose_figures
from .identity import Agency, make_agency
from .messages import Message, MessageError
from .readers import ReadError, read_document
from .sections import IdentityError, Section, identify, section, split_sections, strip_markup, year_from_text
from .review import parse_review
from .runs import unflatten
from .tables import Fact, detect_format, parse_active, parse_applications


PROSE_ONLY = "prose"  # the format of a document without template tables
# Raise when a change to reading or parsing changes what a report's records are: every report parsed by an
# older version is parsed again from its original (index/ingest.reparse_outdated), at the next start or ingest.
#   1  the first versioned records
#   2  how a number was placed is stored as a catalogue message (index/messages.py): said in the question's language
#   3  real reports: a PDF row of one merged cell is text (pages framed as one table), Markdown pipe tables, a
#      preamble naming the sections is no heading, a saved page's "标题:" label
#   4  text whose table cells a crawler ran together (index/runs.py): split at the headings and row labels, a run of
#      digits into cells where the template's sums leave one split only
#   5  a page framed as one table: its one-cell rows are prose, hard-wrapped lines joined (index/chunks.py)
#   6  every record keeps the cell it was read from: its index in its line and, in a PDF, its box on the page
#      (the source view, assistant/source_view.py)
PARSER_VERSION = 6


def records_version() -> str:
    """The version of the parser and of the rules inside one report, stored with every report."""
    return f"parser {PARSER_VERSION}; rules {rules_version()}"


class ReportError(MessageError):
    """A file that cannot be indexed: one line for the user, said in any language (`str()`: English)."""


@dataclass
class ParsedReport:
    path: Path
    sha256: str
    kind: str
    agency: Agency
    year: int
    title: str
    format: str
    format_reason: str
    sections: list[Section]
    facts: list[Fact]
    checks: list[CheckResult]
    notes: list[str]  # encoded catalogue messages (`said(note, language)` shows one)
    figures: list[Figure] = field(default_factory=list)  # the figures its prose states (rule 6 compares them)

    def apply_rules(self) -> None:
        """Run the rules inside one report (ingest does, in its own process: rules registered there apply)."""
        self.checks = check_report(self.facts, self.format, self.figures) if self.facts else []


class _Clock:
    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


def _prose_only(path: Path, document, clock: _Clock) -> ParsedReport:
    """A document that is not an annual report: searchable as text, with no table records."""
    title = next((strip_markup(line.text) for line in document.lines if strip_markup(line.text)), path.stem)[:60]
    year, how = year_from_text(document.lines)
    sections = [Section(0, title, document.lines)]
    clock.lap("parse")
    clock.lap("facts")
    notes = [Message("note.not_annual").encode()]
    if year:
        notes.append(Message("note.year", year=year, how=how).encode())
    return ParsedReport(path, file_hash(path), document.kind, make_agency(title), year or 0, title, PROSE_ONLY,
                        "not an annual report", sections, [], [], notes)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_report(path: Path, timings: dict[str, float] | None = None, rules: bool = True) -> ParsedReport:
    """Parse one report file. Raises ReportError with a one-line reason.

    `timings`, when given, accumulates seconds spent in the read, parse and facts stages; without `rules`
    the checks are left for the caller (`ParsedReport.apply_rules`).
    """
    clock = _Clock(timings)
    path = Path(path)
    try:
        document = read_document(path)
    except ReadError as exc:
        raise ReportError(exc.message) from None
    document.lines, run_notes = unflatten(document.lines)  # a page whose table cells ran together: its rows back
    clock.lap("read")
    try:
        identity = identify(document.lines)
    except IdentityError:
        return _prose_only(path, document, clock)
    sections = split_sections(document.lines)
    clock.lap("parse")
    notes = list(identity.notes) + run_notes
    facts: list[Fact] = []
    table_lines = [line for n in (2, 3) if (s := section(sections, n)) for line in s.lines]
    fmt, fmt_reason = detect_format(table_lines, identity.year)
    figures = prose_figures([line for s in sections for line in s.lines])
    parsers = {2: lambda lines: parse_active(lines, fmt),
               3: lambda lines: parse_applications(lines, fmt),
               4: lambda lines: parse_review(lines, figures)}
    for number, parser in parsers.items():
        found = section(sections, number)
        if found is None:
            notes.append(Message("note.section_missing", numeral="一二三四五六"[number - 1]).encode())
            continue
        section_facts, section_notes = parser(found.lines)
        facts.extend(section_facts)
        notes.extend(section_notes)
    if not facts:
        fmt, fmt_reason = PROSE_ONLY, "no template table found"
        notes.append(Message("note.no_tables").encode())
    parsed = ParsedReport(path, file_hash(path), document.kind, make_agency(identity.agency),
                          identity.year, identity.title, fmt, fmt_reason, sections, facts, [], notes, figures)
    if rules:
        parsed.apply_rules()
    clock.lap("facts")
    return parsed
