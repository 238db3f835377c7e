"""The records store: reports, facts, checks (and text chunks) through SQLAlchemy.

SQLite file by default; any SQLAlchemy URL (PostgreSQL) works the same. Re-ingesting a
file replaces all its records in one transaction.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.orm import Session

from .checks import FAIL, CheckResult
from .chunks import Chunk, embed_text
from .identity import Agency, exact_names
from .report import ParsedReport
from .schema import (COMPLETE, PENDING, CheckRecord, ChunkRecord, FactRecord, ReportRecord, migrate, schema_current,
                     sqlite_pragmas)
from .tables import Fact, Number
from .writer import writer_lock


STAGED = "pending:"  # a pending report's path, prefixed: the complete report it replaces stays until it is done
MIGRATION_WAIT_S = 600.0  # how long creating or upgrading the schema waits for another writer


@dataclass(frozen=True)
class ReportInfo:
    id: int
    path: str
    file: str
    sha256: str
    agency: Agency
    year: int
    format: str
    title: str
    facts: int
    failed_checks: int
    notes: tuple[str, ...]
    version: str = ""  # the parser and rules version of its records
    url: str | None = None  # the address it was fetched from (cited instead of the file); None: a file


@dataclass(frozen=True)
class StoredFact:
    """A fact with its report's identity: what answers and dumps are made of."""

    agency: str
    agency_short: str
    year: int
    format: str
    file: str
    fact: Fact
    url: str | None = None  # its report's address, when it was fetched (cited instead of the file)
    id: int | None = None  # its record's id: what the source view (GET /api/source?fact=) is asked with


@dataclass(frozen=True)
class SourceFact:
    """A fact with what its source view needs: its report's kind, file and content hash (the original's key)."""

    id: int
    report_id: int
    kind: str
    path: str
    file: str
    sha256: str
    url: str | None
    fact: Fact


@dataclass(frozen=True)
class StoredChunk:
    id: int
    report_id: int
    agency: str
    agency_short: str
    year: int
    file: str
    section: int
    section_title: str
    text: str
    page: int | None
    line: int | None
    kind: str
    url: str | None = None  # its report's address, when it was fetched (cited instead of the file)

    @property
    def embed_text(self) -> str:
        return embed_text(self.agency, self.year, self.section_title, self.text)

    def metadata(self) -> dict:
        """Chroma metadata (no None values: Chroma rejects them)."""
        data = {"report_id": self.report_id, "agency": self.agency, "year": self.year, "section": self.section,
                "file": self.file, "kind": self.kind, "page": self.page, "line": self.line}
        return {k: v for k, v in data.items() if v is not None}


def encode_value(value: Number | None) -> str | None:
    return None if value is None else str(value)


def decode_value(text: str | None) -> Number | None:
    if text is None:
        return None
    return Decimal(text) if "." in text else int(text)


class Store:
    """Reports, facts and checks in one SQL database."""

    def __init__(self, url: str, names: Callable[[str, list[Agency]], list[str]] | None = None):
        """`names` reads an agency filter ("洛宁", "Luoning County") into the agencies it means; the builder gives
        every store the question reader's, so a filter and a question never disagree."""
        self.names = names or exact_names
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", sqlite_pragmas)
        if not schema_current(self.engine):
            # creating or upgrading the schema: one process at a time (two fresh ingests raced here);
            # once it is current, readers never wait for a writer
            with writer_lock(url, wait_s=MIGRATION_WAIT_S):
                migrate(self.engine)

    # --- writing ------------------------------------------------------------------------

    def by_path(self, path: Path) -> ReportInfo | None:
        with Session(self.engine) as session:
            record = session.scalar(select(ReportRecord).where(ReportRecord.path == str(path),
                                                               ReportRecord.status == COMPLETE))
            return self._info(session, record) if record else None

    def by_hash(self, sha256: str) -> ReportInfo | None:
        with Session(self.engine) as session:
            record = session.scalar(select(ReportRecord).where(ReportRecord.sha256 == sha256,
                                                               ReportRecord.status == COMPLETE))
            return self._info(session, record) if record else None

    def save(self, parsed: ParsedReport, path: Path, chunks: list[Chunk] = (), pending: bool = False,
             version: str | None = None, url: str | None = None) -> ReportInfo:
        """Insert the report in one transaction. Without `pending` it replaces the records of the same path
        at once; with it, the new report stays invisible and the one it replaces answers until
        `complete(id)` swaps them (after the new vectors are stored). `url`: the address it was fetched from."""
        key = f"{STAGED}{path}" if pending else str(path)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(ReportRecord).where(ReportRecord.path == key))  # (a staged one: abandoned)
            record = ReportRecord(status=PENDING if pending else COMPLETE, owner=OWNER if pending else None,
                path=key, file=path.name, sha256=parsed.sha256, kind=parsed.kind,
                agency=parsed.agency.name, agency_short=parsed.agency.short, place=parsed.agency.place,
                aliases=list(parsed.agency.aliases), year=parsed.year, title=parsed.title,
                format=parsed.format, format_reason=parsed.format_reason, notes=parsed.notes,
                ingested_at=datetime.now(timezone.utc), records_version=version, url=url)
            record.facts = [_fact_record(f) for f in parsed.facts]
            record.checks = [CheckRecord(rule=c.rule, scope=c.scope, status=c.status, message=c.message,
                                         evidence=_jsonable(c.evidence)) for c in parsed.checks]
            record.chunks = [ChunkRecord(section=c.section, section_title=c.section_title, kind=c.kind,
                                         text=c.text, page=c.page, line=c.line) for c in chunks]
            session.add(record)
            session.flush()
            return self._info(session, record)

    def complete(self, report_id: int) -> list[int]:
        """Make a pending report visible in place of the complete one of its path, in one transaction;
        returns the ids it replaced (whose vectors the caller removes)."""
        with Session(self.engine) as session, session.begin():
            record = session.get(ReportRecord, report_id)
            path = record.path.removeprefix(STAGED)
            replaced = list(session.scalars(select(ReportRecord.id).where(ReportRecord.path == path)))
            session.execute(delete(ReportRecord).where(ReportRecord.id.in_(replaced)))
            session.flush()
            record.path, record.status, record.owner = path, COMPLETE, None
            return replaced

    def outdated(self, version: str) -> list[ReportInfo]:
        """Complete reports whose records another parser or rules version made."""
        return [r for r in self.reports() if r.version != version]

    def version(self) -> tuple[int, int]:
        """Changes whenever a report is added, replaced or removed (by any process sharing the database)."""
        with Session(self.engine) as session:
            count, newest = session.execute(select(func.count(), func.coalesce(func.max(ReportRecord.id), 0))
                                            .where(ReportRecord.status == COMPLETE)).one()
            return int(count), int(newest)

    def abandoned_ids(self, grace_seconds: float = 3600) -> list[int]:
        """Pending reports whose writer is gone: a dead process on this host, or silent for `grace_seconds`."""
        host = OWNER.split(":")[0]
        cutoff = datetime.now(timezone.utc).timestamp() - grace_seconds
        out = []
        with Session(self.engine) as session:
            for report_id, owner, started in session.execute(
                    select(ReportRecord.id, ReportRecord.owner, ReportRecord.ingested_at)
                    .where(ReportRecord.status == PENDING)):
                owner_host, _, pid = (owner or ":").partition(":")
                if owner_host == host:
                    if not _alive(int(pid or 0)):
                        out.append(report_id)
                elif started.replace(tzinfo=started.tzinfo or timezone.utc).timestamp() < cutoff:
                    out.append(report_id)
        return out

    def pending_ids(self) -> list[int]:
        with Session(self.engine) as session:
            return list(session.scalars(select(ReportRecord.id).where(ReportRecord.status == PENDING)))

    def chunk_counts(self) -> dict[int, int]:
        """Chunks per complete report."""
        with Session(self.engine) as session:
            query = (select(ChunkRecord.report_id, func.count()).join(ReportRecord, ChunkRecord.report_id == ReportRecord.id)
                     .where(ReportRecord.status == COMPLETE).group_by(ChunkRecord.report_id))
            return dict(session.execute(query).all())

    def remove(self, report_id: int) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(ReportRecord).where(ReportRecord.id == report_id))

    # --- reading ------------------------------------------------------------------------

    def reports(self, agency: str | None = None, year: int | None = None) -> list[ReportInfo]:
        """Indexed reports, optionally for an agency (as `names` reads it) and a year."""
        with Session(self.engine) as session:
            query = (select(ReportRecord).where(ReportRecord.status == COMPLETE)
                     .order_by(ReportRecord.agency, ReportRecord.year, ReportRecord.id))
            if year is not None:
                query = query.where(ReportRecord.year == year)
            records = list(session.scalars(query))
            # counts for all reports in two grouped queries, not two per report
            facts = dict(session.execute(select(FactRecord.report_id, func.count()).group_by(FactRecord.report_id)).all())
            failed = dict(session.execute(select(CheckRecord.report_id, func.count())
                                          .where(CheckRecord.status == FAIL).group_by(CheckRecord.report_id)).all())
            infos = [_report_info(r, facts.get(r.id, 0), failed.get(r.id, 0)) for r in records]
        if not agency:
            return infos
        wanted = set(self.names(agency, list({r.agency.name: r.agency for r in infos}.values())))
        return [r for r in infos if r.agency.name in wanted]

    def same_agency_year(self, agency: str, year: int) -> list[ReportInfo]:
        """Reports with exactly this agency name and year (to spot two files for one report)."""
        with Session(self.engine) as session:
            records = session.scalars(select(ReportRecord).where(ReportRecord.agency == agency,
                                                                 ReportRecord.year == year,
                                                                 ReportRecord.status == COMPLETE))
            return [self._info(session, r) for r in records]

    def facts(self, agency: str | None = None, year: int | None = None,
              table: str | None = None) -> list[StoredFact]:
        reports = self.reports(agency, year)
        if not reports:
            return []
        by_id = {r.id: r for r in reports}
        with Session(self.engine) as session:
            query = select(FactRecord).where(FactRecord.report_id.in_(by_id)).order_by(
                FactRecord.report_id, FactRecord.id)
            if table:
                query = query.where(FactRecord.table_id == table)
            out = []
            for f in session.scalars(query):
                r = by_id[f.report_id]
                out.append(StoredFact(r.agency.name, r.agency.short, r.year, r.format, r.file, _fact(f), r.url, f.id))
            return out

    def source_fact(self, fact_id: int) -> SourceFact | None:
        """One fact of a complete report by its record id, with its report's kind, file and hash; None if unknown."""
        with Session(self.engine) as session:
            row = session.execute(select(FactRecord, ReportRecord).join(ReportRecord, FactRecord.report_id == ReportRecord.id)
                                  .where(FactRecord.id == fact_id, ReportRecord.status == COMPLETE)).first()
            if row is None:
                return None
            f, r = row
            return SourceFact(f.id, r.id, r.kind, r.path, r.file, r.sha256, r.url, _fact(f))

    def report_facts(self, report_id: int, table: str | None = None) -> list[Fact]:
        """The facts of one report (pending or complete)."""
        with Session(self.engine) as session:
            query = select(FactRecord).where(FactRecord.report_id == report_id).order_by(FactRecord.id)
            if table:
                query = query.where(FactRecord.table_id == table)
            return [_fact(f) for f in session.scalars(query)]

    def replace_checks(self, rule: int, results: dict[int, list[CheckResult]]) -> None:
        """Replace one rule's results of these reports, in one transaction (rules across reports are
        recomputed whenever a report of the agency comes or goes)."""
        with Session(self.engine) as session, session.begin():
            ids = list(session.scalars(select(ReportRecord.id).where(ReportRecord.id.in_(list(results)))))
            session.execute(delete(CheckRecord).where(CheckRecord.rule == rule, CheckRecord.report_id.in_(ids)))
            session.add_all(CheckRecord(report_id=report_id, rule=c.rule, scope=c.scope, status=c.status,
                                        message=c.message, evidence=_jsonable(c.evidence))
                            for report_id in ids for c in results[report_id])

    def agencies_without_rule(self, rule: int) -> list[str]:
        """Agencies with a complete report that has no result of this rule (indexed before it was stored)."""
        with Session(self.engine) as session:
            has = select(CheckRecord.report_id).where(CheckRecord.rule == rule)
            return sorted(set(session.scalars(select(ReportRecord.agency).where(
                ReportRecord.status == COMPLETE, ReportRecord.id.not_in(has)))))

    def chunks(self, report_id: int | None = None) -> list[StoredChunk]:
        """Text chunks with their report's identity (all reports, or one)."""
        with Session(self.engine) as session:
            query = select(ChunkRecord, ReportRecord).join(ReportRecord, ChunkRecord.report_id == ReportRecord.id)
            # one report's chunks whatever its status (ingest stores a pending report's vectors)
            query = (query.where(ChunkRecord.report_id == report_id) if report_id is not None
                     else query.where(ReportRecord.status == COMPLETE))
            return [StoredChunk(c.id, r.id, r.agency, r.agency_short, r.year, r.file, c.section, c.section_title,
                                c.text, c.page, c.line, c.kind, r.url)
                    for c, r in session.execute(query.order_by(ChunkRecord.id))]

    def failed_checks(self) -> dict[int, list[CheckResult]]:
        """Failed rule results of every complete report, in one query (report id → results)."""
        with Session(self.engine) as session:
            rows = session.scalars(select(CheckRecord).join(ReportRecord, CheckRecord.report_id == ReportRecord.id)
                                   .where(CheckRecord.status == FAIL, ReportRecord.status == COMPLETE)
                                   .order_by(CheckRecord.id))
            out: dict[int, list[CheckResult]] = {}
            for c in rows:
                out.setdefault(c.report_id, []).append(CheckResult(c.rule, c.scope, c.status, c.message, c.evidence))
            return out

    def checks(self, report_id: int) -> list[CheckResult]:
        with Session(self.engine) as session:
            rows = session.scalars(select(CheckRecord).where(CheckRecord.report_id == report_id)
                                   .order_by(CheckRecord.id))
            return [CheckResult(c.rule, c.scope, c.status, c.message, c.evidence) for c in rows]

    def _info(self, session: Session, record: ReportRecord) -> ReportInfo:
        facts = session.scalar(select(func.count()).select_from(FactRecord)
                               .where(FactRecord.report_id == record.id))
        failed = session.scalar(select(func.count()).select_from(CheckRecord)
                                .where(CheckRecord.report_id == record.id, CheckRecord.status == FAIL))
        return _report_info(record, facts or 0, failed or 0)


def _report_info(record: ReportRecord, facts: int, failed: int) -> ReportInfo:
    agency = Agency(record.agency, record.agency_short, record.place, tuple(record.aliases))
    return ReportInfo(record.id, record.path, record.file, record.sha256, agency, record.year,
                      record.format, record.title, facts, failed, tuple(record.notes), record.records_version or "",
                      record.url)


OWNER = f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fact_record(fact: Fact) -> FactRecord:
    return FactRecord(table_id=fact.table, row_id=fact.row, row_label=fact.row_label,
                      column_id=fact.column, column_label=fact.column_label,
                      value_text=encode_value(fact.value),
                      value_num=None if fact.value is None else float(fact.value),
                      unit=fact.unit, raw=fact.raw, page=fact.page, line=fact.line, inferred=fact.inferred,
                      cell=fact.cell, box=list(fact.box) if fact.box else None)


def _fact(f: FactRecord) -> Fact:
    return Fact(f.table_id, f.row_id, f.row_label, f.column_id, f.column_label, decode_value(f.value_text), f.unit,
                f.raw, f.page, f.line, f.inferred, f.cell, tuple(f.box) if f.box else None)


def _jsonable(data):
    return json.loads(json.dumps(data, default=str))
