"""Parse files in child processes bounded in time and memory, which die with their parent."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from .messages import Message, Sentence

if TYPE_CHECKING:
    from .ingest import Prepared

STOPPED = Sentence("ingest.stopped")
STARTUP_S = 60.0  # imports take ~1 s; a worker not ready by then is stuck
NOT_STARTED = Sentence("ingest.not_started", seconds=STARTUP_S)


def too_complex(limit: Message) -> Sentence:
    """A file over the time or memory limit (`limit`: "3 s", "512 MB of memory")."""
    return Sentence("ingest.too_complex", limit=limit)

_OUT_OF_MEMORY = 86  # exit code of a worker that hit MemoryError where it could not report it
_PR_SET_PDEATHSIG = 1


@dataclass(eq=False)  # hashed by identity: kept in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False  # imports done: the time limit applies from here


class ParsePool:
    """Persistent spawn workers that run `ingest.prepare`; map(paths) never parses in the caller."""

    def __init__(self, *, workers: int = 1, timeout_s: float = 60.0, memory_mb: int = 2048):
        self.workers, self.timeout_s, self.memory_mb = max(1, workers), timeout_s, memory_mb
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._guard = threading.Lock()  # _all and _closed: close() may run while map() is busy
        self._mapping = threading.Lock()  # one map at a time: its workers are its own
        self._spawner: ThreadPoolExecutor | None = None
        self._closed = False

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def map(self, paths: Iterable[Path]) -> list[Prepared]:
        """Parse every file in a worker; results in input order, an error Prepared for any failure."""
        from .ingest import Prepared

        paths = [Path(p).absolute() for p in paths]  # a worker keeps the working directory it started in
        results: list[Prepared | None] = [None] * len(paths)
        with self._mapping:
            todo = list(range(len(paths)))[::-1]
            busy: dict[Connection, tuple[_Worker, int, float]] = {}  # pipe → worker, file, deadline
            while todo or busy:
                while todo and len(busy) < self.workers:
                    i = todo.pop()
                    worker = self._take()
                    if worker is None:
                        results[i] = Prepared(paths[i], error=STOPPED)
                        continue
                    busy[worker.conn] = (worker, i, time.monotonic() + (self.timeout_s if worker.ready else STARTUP_S))
                    try:
                        worker.conn.send(paths[i])
                    except OSError:
                        pass  # it died while idle: the EOF below reports it
                timeout = max(0.0, min(d for _, _, d in busy.values()) - time.monotonic()) if busy else 0
                for conn in wait(list(busy), timeout):
                    worker, i, _ = busy.pop(conn)
                    kind, value = self._receive(worker)
                    if kind == "ready":  # a fresh worker's clock starts when its imports are done
                        worker.ready = True
                        busy[conn] = (worker, i, time.monotonic() + self.timeout_s)
                    else:
                        results[i] = value if kind == "done" else Prepared(paths[i], error=value)
                now = time.monotonic()
                for conn, (worker, i, deadline) in list(busy.items()):
                    if now >= deadline:
                        del busy[conn]
                        self._discard(worker)
                        results[i] = Prepared(paths[i], error=too_complex(
                            Message("ingest.limit_seconds", seconds=self.timeout_s)) if worker.ready else NOT_STARTED)
        return results

    def close(self) -> None:
        """Kill every worker, busy or not, and wait briefly for them to go (returns within ~1 s)."""
        with self._guard:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:  # their pipes are left to map(), which may be waiting on them
            worker.process.kill()
        for worker in workers:
            worker.process.join(1.0 / max(len(workers), 1))
        if self._spawner is not None:
            self._spawner.shutdown(wait=False)

    def _take(self) -> _Worker | None:
        """An idle live worker, or a new one; None once the pool is closed."""
        while self._idle:
            worker = self._idle.pop()
            if worker.process.is_alive():
                return worker
            self._discard(worker)
        with self._guard:
            if self._closed:
                return None
            # one long-lived thread starts them all: PR_SET_PDEATHSIG fires when the *thread*
            # that started a child ends, and request threads (anyio, Gradio) come and go
            self._spawner = self._spawner or ThreadPoolExecutor(1, thread_name_prefix="parse-pool")
        try:
            worker = self._spawner.submit(self._start).result()
        except RuntimeError:  # close() shut the spawner down meanwhile
            return None
        with self._guard:
            if not self._closed:
                self._all.add(worker)
                return worker
        self._discard(worker)
        return None

    def _start(self) -> _Worker:
        context = multiprocessing.get_context("spawn")  # the caller may hold torch threads: no fork
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, os.getpid(), self.memory_mb), daemon=True,
                                  name="report-qa parser")
        process.start()
        theirs.close()  # only the child holds its end now: its death is an EOF here
        return _Worker(process, ours)

    def _receive(self, worker: _Worker) -> tuple[str, object]:
        """("ready", None) or ("done", Prepared) from the worker; ("error", a Sentence) when it is gone."""
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            kind, value = "died", None
        if kind == "done":
            self._idle.append(worker)
        if kind in ("ready", "done"):
            return kind, value
        self._discard(worker)  # after a MemoryError it exits by itself: its heap is suspect
        code = worker.process.exitcode
        if self._closed:
            return "error", STOPPED
        if kind == "memory" or code in (_OUT_OF_MEMORY, -signal.SIGKILL):  # a SIGKILL not ours: the OOM killer
            return "error", too_complex(Message("ingest.limit_memory", mb=self.memory_mb))
        reason = signal.Signals(-code).name if code and code < 0 else Message("ingest.exit_code", code=code)
        return "error", Sentence("ingest.crashed", reason=reason)

    def _discard(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.conn.close()
        worker.process.join(1.0)
        with self._guard:
            self._all.discard(worker)


# --- in the worker process -------------------------------------------------------------------

def _serve(conn: Connection, parent: int, memory_mb: int) -> None:
    """Worker main loop: receive a path, send back ("done", its Prepared) or ("memory", None)."""
    _die_with(parent, conn)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # each BLAS thread reserves address space, which RLIMIT_AS counts; a parser needs none
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import pdfplumber  # noqa: F401  (the imports come before the limit: they are not the file's fault)

    from .ingest import prepare

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb * 1024 * 1024 if hard == resource.RLIM_INFINITY else min(memory_mb * 1024 * 1024, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            message = ("done", prepare(path))
        except MemoryError:
            message = ("memory", None)  # sent after the except block, which lets go of the memory
        try:
            conn.send(message)
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)
        if message[0] == "memory":
            os._exit(0)  # a fresh worker for the next file: this heap may be fragmented


def _die_with(parent: int, conn: Connection) -> None:
    """End this process when the parent ends, kill -9 included."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the watch below still applies
    if os.getppid() != parent:  # the parent died before prctl: the signal will never come
        os._exit(1)
    # PDEATHSIG follows the parent *thread*, and is Linux only: also watch the pid and the pipe
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLHUP)

    def watch() -> None:
        while os.getppid() == parent and not poller.poll(500):
            pass
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
