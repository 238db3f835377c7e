"""The jobs queue: files and URLs to index, claimed through the database by workers on any number of machines.

One row per file (keyed by its content hash) or URL. A worker claims a waiting job — or one whose lease has expired
(its worker died) — sets itself as owner ("host:pid") and a lease, renews the lease while it works (`Heartbeat`), and
finishes the job done or failed with a one-line reason. A job claimed `attempts` times without finishing is failed:
a file that kills its workers cannot loop forever.

PostgreSQL: the claim is `SELECT … FOR UPDATE SKIP LOCKED` and an UPDATE in one transaction, so workers never wait
for each other's rows. SQLite (several processes on one machine): the SELECT runs outside a transaction and the
UPDATE is guarded by the state it saw (compare and set, rowcount 1 or try again); SQLite runs one UPDATE at a time.
Leases are measured by the database's clock, so the machines' clocks need not agree.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .messages import Message, Sentence, message_of
from .schema import CLAIMED, DONE, FAILED, WAITING, JobRecord

STATES = (WAITING, CLAIMED, DONE, FAILED)
# the database's clock, in seconds since 1970
NOW_SQL = {"postgresql": text("SELECT extract(epoch FROM clock_timestamp())::float8"),
           "sqlite": text("SELECT (julianday('now') - 2440587.5) * 86400.0")}


@dataclass(frozen=True)
class Job:
    id: int
    key: str
    name: str
    path: str | None
    url: str | None
    state: str
    owner: str | None
    attempts: int
    lease_left: float | None = None  # seconds, when claimed (negative: expired)
    reason: str | None = None  # an encoded message (`said(job.reason, language)`)
    report_id: int | None = None


@dataclass(frozen=True)
class Queued:
    """What `enqueue` did with an item: a new job, one already waiting or claimed, or a finished one queued again."""

    job: Job
    new: bool


def file_key(sha256: str) -> str:
    return f"sha256:{sha256}"


def url_key(url: str) -> str:
    return f"url:{hashlib.sha256(url.encode('utf-8')).hexdigest()}"


class JobQueue:
    """The jobs table of the records database (`engine`: the store's)."""

    def __init__(self, engine, *, attempts: int = 3):
        self.engine = engine
        self.attempts = max(1, attempts)

    def now(self, session: Session) -> float:
        """The database's clock."""
        return float(session.execute(NOW_SQL[self.engine.dialect.name]).scalar())

    # --- queueing ---------------------------------------------------------------------------------------------

    def enqueue_file(self, path: Path, sha256: str) -> Queued:
        return self._enqueue(file_key(sha256), Path(path).name, path=str(path))

    def enqueue_url(self, url: str) -> Queued:
        return self._enqueue(url_key(url), url, url=url)

    def _enqueue(self, key: str, name: str, path: str | None = None, url: str | None = None) -> Queued:
        """Idempotent: a job with this key waiting or claimed stays as it is; a finished one waits again (the caller
        queues only what is not indexed: index/ingest.triage)."""
        stamp = datetime.now(timezone.utc)
        row = dict(key=key, name=name, path=path, url=url, state=WAITING, attempts=0, queued_at=stamp,
                   updated_at=stamp)
        with Session(self.engine) as session, session.begin():
            # one statement whoever else queues the same key at the same moment
            insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[self.engine.dialect.name]
            new = session.execute(insert(JobRecord).values(**row).on_conflict_do_nothing(index_elements=["key"])
                                  .returning(JobRecord.id)).first() is not None
            if not new:
                session.execute(update(JobRecord).where(JobRecord.key == key, JobRecord.state.in_((DONE, FAILED)))
                                .values(name=name, path=path, url=url, state=WAITING, owner=None, lease_until=None,
                                        attempts=0, reason=None, report_id=None, queued_at=stamp, updated_at=stamp))
            record = session.scalars(select(JobRecord).where(JobRecord.key == key)).one()
            return Queued(_job(record), new)

    # --- claiming ---------------------------------------------------------------------------------------------

    def claim(self, owner: str, lease_s: float) -> Job | None:
        """The oldest waiting job, or one whose lease has expired, now `owner`'s for `lease_s` seconds; None when
        there is none to take. An expired job claimed `attempts` times already is failed instead (`give_up`)."""
        while True:
            with Session(self.engine) as session, session.begin():
                now = self.now(session)
                free = or_(JobRecord.state == WAITING, and_(JobRecord.state == CLAIMED, JobRecord.lease_until < now,
                                                           JobRecord.attempts < self.attempts))
                # rows other workers are claiming right now are skipped, not waited for (PostgreSQL)
                record = session.scalars(select(JobRecord).where(free).order_by(JobRecord.id).limit(1)
                                         .with_for_update(skip_locked=True)).first()
                if record is None:
                    return None
                seen = (record.id, record.state, record.attempts, record.lease_until)
                # compare and set: only if nobody claimed it, nor its worker renewed it, since we looked (SQLite;
                # PostgreSQL holds the row)
                claimed = session.execute(
                    update(JobRecord).where(JobRecord.id == seen[0], JobRecord.state == seen[1],
                                            JobRecord.attempts == seen[2],
                                            JobRecord.lease_until.is_(None) if seen[3] is None
                                            else JobRecord.lease_until == seen[3])
                    .values(state=CLAIMED, owner=owner, lease_until=now + lease_s, attempts=seen[2] + 1,
                            updated_at=datetime.now(timezone.utc))
                    .execution_options(synchronize_session=False))
                if claimed.rowcount == 1:
                    session.expire(record)
                    return _job(session.get(JobRecord, seen[0]), now)

    def give_up(self) -> list[Job]:
        """Fail every job whose lease expired after its last allowed attempt (its workers died on it each time)."""
        out = []
        with Session(self.engine) as session, session.begin():
            now = self.now(session)
            records = session.scalars(select(JobRecord).where(
                JobRecord.state == CLAIMED, JobRecord.lease_until < now, JobRecord.attempts >= self.attempts)
                .with_for_update(skip_locked=True)).all()
            for record in records:
                reason = Message("jobs.gave_up", attempts=record.attempts, owner=record.owner)
                record.state, record.reason, record.lease_until = FAILED, reason.encode(), None
                record.updated_at = datetime.now(timezone.utc)
                out.append(_job(record))
        return out

    def renew(self, job: Job, owner: str, lease_s: float) -> bool:
        """Extend `owner`'s lease; False when the job is no longer theirs (it expired and another worker took it)."""
        with Session(self.engine) as session, session.begin():
            now = self.now(session)
            return session.execute(update(JobRecord).where(*_held(job, owner)).values(lease_until=now + lease_s)
                                   ).rowcount == 1

    def finish(self, job: Job, owner: str, *, failed: Message | str | None = None,
               report_id: int | None = None) -> bool:
        """Done (or failed, with its one-line reason); False when the job was no longer `owner`'s."""
        values = dict(state=FAILED if failed else DONE, lease_until=None, report_id=report_id,
                      reason=message_of(failed).encode() if failed else None, updated_at=datetime.now(timezone.utc))
        with Session(self.engine) as session, session.begin():
            return session.execute(update(JobRecord).where(*_held(job, owner)).values(**values)).rowcount == 1

    def release(self, job: Job, owner: str) -> bool:
        """Put a claimed job back, uncounted (its worker is stopping, or could not write: not the file's fault)."""
        with Session(self.engine) as session, session.begin():
            return session.execute(update(JobRecord).where(*_held(job, owner)).values(
                state=WAITING, owner=None, lease_until=None, attempts=JobRecord.attempts - 1,
                updated_at=datetime.now(timezone.utc))).rowcount == 1

    # --- reading ----------------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            found = dict(session.execute(select(JobRecord.state, func.count()).group_by(JobRecord.state)).all())
        return {state: found.get(state, 0) for state in STATES}

    def active(self) -> bool:
        """Whether a job waits or is claimed (a claimed one may come back when its lease expires)."""
        counts = self.counts()
        return bool(counts[WAITING] or counts[CLAIMED])

    def jobs(self, keys: Iterable[str] | None = None) -> list[Job]:
        """Every job (or those of these keys), oldest first, with the seconds left on each claim."""
        with Session(self.engine) as session:
            now = self.now(session)
            query = select(JobRecord).order_by(JobRecord.id)
            if keys is not None:
                query = query.where(JobRecord.key.in_(list(keys)))
            return [_job(r, now) for r in session.scalars(query)]

    def clear(self) -> int:
        """Forget the finished jobs (done and failed); returns how many."""
        with Session(self.engine) as session, session.begin():
            return session.execute(delete(JobRecord).where(JobRecord.state.in_((DONE, FAILED)))).rowcount


def _held(job: Job, owner: str) -> tuple:
    return JobRecord.id == job.id, JobRecord.owner == owner, JobRecord.state == CLAIMED


def _job(record: JobRecord, now: float | None = None) -> Job:
    left = record.lease_until - now if record.state == CLAIMED and now is not None and record.lease_until else None
    return Job(record.id, record.key, record.name, record.path, record.url, record.state, record.owner,
               record.attempts, left, record.reason, record.report_id)


class ClaimLost(Exception):
    """The lease expired and another worker took the job: this worker must not store the file."""


class Heartbeat:
    """Renews a claim every third of its lease, in a thread, while the file is worked on.

    `held` turns False when the claim was lost (the worker was stalled past its lease and another took the job)."""

    def __init__(self, queue: JobQueue, job: Job, owner: str, lease_s: float):
        self.queue, self.job, self.owner, self.lease_s = queue, job, owner, lease_s
        self.held = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job.id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.lease_s / 3):
            try:
                self.held = self.queue.renew(self.job, self.owner, self.lease_s)
            except Exception:  # the database is briefly out of reach: try again at the next beat
                continue
            if not self.held:
                return


def lost(job: Job) -> Sentence:
    return Sentence("jobs.lost", name=job.name)
