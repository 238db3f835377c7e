"""The tables of the records store (SQLAlchemy models) and how the schema is created and upgraded: the numbered
migrations in index/migrations, run by the store itself (index/store.py), never by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PENDING, COMPLETE = "pending", "complete"
WAITING, CLAIMED, DONE, FAILED = "waiting", "claimed", "done", "failed"  # the states of a job (index/jobs.py)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    pass


class ReportRecord(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1024), unique=True)
    file: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    agency: Mapped[str] = mapped_column(String(255), index=True)
    agency_short: Mapped[str] = mapped_column(String(255))
    place: Mapped[str] = mapped_column(String(255))
    aliases: Mapped[list] = mapped_column(JSON)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(8))
    format_reason: Mapped[str] = mapped_column(Text)
    notes: Mapped[list] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "pending" from the SQL commit until the text vectors are stored too; only "complete" reports are read
    status: Mapped[str] = mapped_column(String(16), default=COMPLETE, server_default=COMPLETE, index=True)
    owner: Mapped[str | None] = mapped_column(String(255), nullable=True)  # "host:pid" while pending
    # the parser and rules version (index/report.records_version) that made these records; NULL: before versions
    records_version: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # the address the report was fetched from (index/fetch.py), cited instead of its file; NULL: a file
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    facts: Mapped[list[FactRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    checks: Mapped[list[CheckRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    chunks: Mapped[list[ChunkRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class FactRecord(Base):
    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[str] = mapped_column(String(64))
    row_label: Mapped[str] = mapped_column(Text)
    column_id: Mapped[str] = mapped_column(String(64))
    column_label: Mapped[str] = mapped_column(Text)
    # exact decimal text; the float copy is only for sorting and ranking in SQL
    value_text: Mapped[str | None] = mapped_column(String(64), nullable=True)
    value_num: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    raw: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    inferred: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the cell it was read from (the source view): its index in its line; in a PDF its box on the page,
    # [x0, top, x1, bottom] in points from the top left. NULL: not printed in a cell, or parsed before parser 6
    cell: Mapped[int | None] = mapped_column(Integer, nullable=True)
    box: Mapped[list | None] = mapped_column(JSON, nullable=True)


class CheckRecord(Base):
    __tablename__ = "checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    rule: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON)


class ChunkRecord(Base):
    """Prose chunks (and tables as text); their vectors live in Chroma under the same id."""

    __tablename__ = "chunks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    section: Mapped[int] = mapped_column(Integer)
    section_title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)


class JobRecord(Base):
    """One file or URL to index, claimed by one worker at a time (index/jobs.py)."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "sha256:<the file's content hash>" or "url:<the URL's hash>": the same file queued twice is one job
    key: Mapped[str] = mapped_column(String(80), unique=True)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)  # as queued (every worker reads it there)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)  # a report given by URL: fetched by its worker
    name: Mapped[str] = mapped_column(Text)  # the file name or the URL, as lines show it
    state: Mapped[str] = mapped_column(String(16), index=True)  # waiting, claimed, done or failed
    owner: Mapped[str | None] = mapped_column(String(255), nullable=True)  # "host:pid" of the claim or the last one
    # the claim's end, in seconds since 1970 by the database's clock (one clock for every machine)
    lease_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far, the one running included
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it failed: a catalogue message, one line
    report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the report it made or found (done)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def migrate(engine) -> None:
    """Create or upgrade the schema with the numbered migrations in index/migrations."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import inspect, text

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "reports" in tables and "alembic_version" not in tables:
            # an index made before the migrations existed: give it the first revision's shape, record it
            if "status" not in {c["name"] for c in inspect(connection).get_columns("reports")}:
                connection.execute(text(f"ALTER TABLE reports ADD COLUMN status VARCHAR(16) DEFAULT '{COMPLETE}'"))
            command.stamp(config, "0001")
        command.upgrade(config, "head")


def schema_current(engine) -> bool:
    """Whether the database is at the newest migration already (a read: takes no lock)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == set(ScriptDirectory(str(MIGRATIONS)).get_heads())


def sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
