"""A worker of the jobs queue (index/jobs.py): claim a job, index its file, finish it; until the queue is empty.

Parsing and embedding run while the worker holds only its claim, so workers on several machines parse and embed side
by side; writing the records and vectors takes the index's writer lock (index/writer.py) for that file alone, and
first checks that the claim is still this worker's — a worker stalled past its lease, whose job another worker took,
stores nothing. A worker that dies leaves its claim to expire: another worker takes the file when the lease ends.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import FAILED, Outcome
from .jobs import ClaimLost, Heartbeat, Job, JobQueue, lost
from .messages import Message, Sentence
from .writer import writer_lock

POLL_S = 1.0  # how often an idle worker looks again while other workers still hold claims

Guard = Callable[[], contextlib.AbstractContextManager]
# index one job's file; `guard` wraps each write (the writer lock, the claim check): what index/ingest.ingest_many takes
Work = Callable[[Job, Guard], Outcome]


@dataclass
class Worked:
    """What a worker did: the outcome of each job it finished, the jobs whose claim it lost, the ones it gave up."""

    outcomes: list[tuple[Job, Outcome]] = field(default_factory=list)
    lost: list[Job] = field(default_factory=list)
    gave_up: list[Job] = field(default_factory=list)


class Worker:
    """Claims and works jobs until none waits and none is claimed (by anyone: a claim may yet expire)."""

    def __init__(self, queue: JobQueue, *, owner: str, database_url: str, lease_s: float = 60.0,
                 writer_wait_s: float = 600.0, hold: str | None = None):
        """`hold` (tests only): the file name a worker holds forever, parsed but never stored, when it is the first to
        claim it — what a worker killed mid-file leaves behind."""
        self.queue, self.owner, self.database_url = queue, owner, database_url
        self.lease_s, self.writer_wait_s, self.hold = lease_s, writer_wait_s, hold

    def run(self, work: Work, progress: Callable[[Job, Outcome | Sentence], None] | None = None,
            poll_s: float = POLL_S) -> Worked:
        worked = Worked()
        while True:
            for job in self.queue.give_up():  # files its workers died on, every attempt
                worked.gave_up.append(job)
                if progress:
                    progress(job, Outcome(_path(job), FAILED, message=Sentence(_reason(job))))
            job = self.queue.claim(self.owner, self.lease_s)
            if job is None:
                if not self.queue.active():
                    return worked
                time.sleep(poll_s)  # claims held elsewhere: each ends done, failed, or free again when it expires
                continue
            outcome = self.one(job, work)
            if outcome is None:
                worked.lost.append(job)
                if progress:
                    progress(job, lost(job))
                continue
            worked.outcomes.append((job, outcome))
            if progress:
                progress(job, outcome)

    def one(self, job: Job, work: Work) -> Outcome | None:
        """Work one claimed job and finish it; None when the claim was lost (another worker has the file)."""
        try:
            with Heartbeat(self.queue, job, self.owner, self.lease_s) as beat:
                outcome = work(job, lambda: self._writing(job, beat))
        except ClaimLost:
            return None
        except BaseException:  # Ctrl-C, a writer lock kept past our wait, a bug: not the file's fault, it goes back
            self.queue.release(job, self.owner)
            raise
        report = outcome.report.id if outcome.report else None
        failed = (outcome.message or Sentence("jobs.failed")) if outcome.status == FAILED else None
        if not self.queue.finish(job, self.owner, failed=failed, report_id=report):
            return None
        return outcome

    @contextlib.contextmanager
    def _writing(self, job: Job, beat: Heartbeat) -> Iterator[None]:
        """Around each write of the job's file: the writer lock, and the claim still ours."""
        if self.hold and job.name == self.hold and job.attempts == 1:
            threading.Event().wait()  # held until the process is killed (tests)
        with writer_lock(self.database_url, wait_s=self.writer_wait_s):
            if not beat.held or not self.queue.renew(job, self.owner, self.lease_s):
                raise ClaimLost()
            yield


def _path(job: Job) -> Path:
    return Path(job.path or job.name)


def _reason(job: Job) -> Message:
    return (Message.decode(job.reason) if job.reason else None) or Message("jobs.failed")
