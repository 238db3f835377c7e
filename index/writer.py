"""One writer at a time per index: a file lock beside SQLite, an advisory lock on PostgreSQL."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from .messages import MessageError, Sentence

BUSY = Sentence("ingest.busy")
WAITING = Sentence("ingest.waiting")
# "reportqa" in ASCII: one fixed key per database, distinct from the migrations' own lock (7412101)
ADVISORY_KEY = 0x7265706F72747161
POLL_S = 0.2

Release = Callable[[], None]
Take = Callable[[float, Callable[[], None]], Release]


class WriterBusy(MessageError):
    """Another process or thread kept the index's writer lock for longer than we would wait."""

    def __init__(self, message: Sentence = BUSY):
        super().__init__(message)


class _Guard:
    """The in-process half of a lock: threads queue on `lock`, the outermost holder owns the OS lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.depth = 0
        self.release: Release | None = None


_guards: dict[str, _Guard] = {}
_guards_lock = threading.Lock()


@contextlib.contextmanager
def writer_lock(database_url: str, *, wait_s: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the writer lock of the index at `database_url`.

    Waits at most `wait_s` seconds (0: only try), calling `on_wait` once if it has to wait, then
    raises WriterBusy. Re-entrant in the thread that holds it; other threads and processes wait.
    """
    key, take = _backend(database_url)
    with _guards_lock:
        guard = _guards.setdefault(key, _Guard())
    deadline = time.monotonic() + max(wait_s, 0.0)
    waiting = _once(on_wait if wait_s > 0 else None)  # (0 only tries: nothing to announce)
    if not guard.lock.acquire(blocking=False):
        waiting()
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not guard.lock.acquire(timeout=remaining):
            raise WriterBusy()
    try:
        if guard.depth == 0:
            guard.release = take(deadline, waiting)
        guard.depth += 1
        try:
            yield
        finally:
            guard.depth -= 1
            if guard.depth == 0:
                release, guard.release = guard.release, None
                release()
    finally:
        guard.lock.release()


def _backend(database_url: str) -> tuple[str, Take]:
    """The in-process key and the OS-level lock for a database URL."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            # an in-memory database lives in this process only: the thread guard is the whole lock
            return f"sqlite-memory:{database_url}", _nothing
        path = Path(database).expanduser().resolve()
        lock_file = path.with_name(path.name + ".lock")
        return f"sqlite:{lock_file}", lambda deadline, waiting: _flock(lock_file, deadline, waiting)
    if backend == "postgresql":
        key = f"postgresql:{url.host}:{url.port}:{url.database}"
        return key, lambda deadline, waiting: _advisory(url, deadline, waiting)
    # other databases have no lock of ours: threads of this process still exclude each other
    return f"{backend}:{url.render_as_string(hide_password=True)}", _nothing


def _nothing(deadline: float, waiting: Callable[[], None]) -> Release:
    return lambda: None


def _flock(lock_file: Path, deadline: float, waiting: Callable[[], None]) -> Release:
    """flock on `<db file>.lock`; the kernel drops it when the process dies, even on SIGKILL."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                _pause(deadline, waiting)
    except BaseException:
        os.close(fd)
        raise

    def release() -> None:
        # the file stays: deleting it would let a waiter lock an unlinked inode while a newcomer locks a new one
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    return release


def _advisory(url, deadline: float, waiting: Callable[[], None]) -> Release:
    """A session-level advisory lock on a connection of its own (PostgreSQL drops it if we die)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    # autocommit: the lock belongs to the session, and no transaction stays open while we hold it
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    connection = engine.connect()
    try:
        # try-and-poll rather than pg_advisory_lock, so a wait can end
        while not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
            _pause(deadline, waiting)
    except BaseException:
        connection.close()
        engine.dispose()
        raise

    def release() -> None:
        try:
            # a lost connection has released the lock already: closing is all that is left to do
            with contextlib.suppress(Exception):
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
        finally:
            connection.close()
            engine.dispose()

    return release


def _pause(deadline: float, waiting: Callable[[], None]) -> None:
    """Tell the caller once that we wait (also when connecting took the whole wait), then sleep a little or give up
    at the deadline."""
    waiting()
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise WriterBusy()
    time.sleep(min(POLL_S, remaining))


def _once(callback: Callable[[], None] | None) -> Callable[[], None]:
    called = False

    def call() -> None:
        nonlocal called
        if callback is not None and not called:
            called = True
            callback()

    return call
