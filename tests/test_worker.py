"""Parsing in bounded workers: decompression bombs, time and memory limits, workers that die with their parent."""

import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from index.ingest import expand, prepare
from index.worker import ParsePool

from .conftest import built

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
DRAWING = b"0 0 m 1 1 l S\n"  # a line drawn on the page: pdfminer makes a layout object of each


def write_bomb(path: Path, megabytes: int, unit: bytes = DRAWING) -> Path:
    """A valid one-page PDF whose content stream inflates to `megabytes` MB of `unit`, compressed as it is written."""
    block = unit * ((1 << 20) // len(unit))
    compressor = zlib.compressobj(9)
    offsets: list[int] = []
    with open(path, "wb") as out:
        def obj(body: bytes) -> None:
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (len(offsets), body))

        out.write(b"%PDF-1.4\n")
        obj(b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>")
        offsets.append(out.tell())
        # the length is an object written after the stream: the stream never has to be held in memory
        out.write(b"4 0 obj\n<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n")
        start = out.tell()
        for _ in range(megabytes):
            out.write(compressor.compress(block))
        out.write(compressor.flush())
        length = out.tell() - start
        out.write(b"\nendstream\nendobj\n")
        obj(b"%d" % length)
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """About 1.2 MB on disk, 600 MB once inflated."""
    return write_bomb(tmp_path_factory.mktemp("bombs") / "bomb.pdf", 600)


@pytest.fixture(scope="module")
def slow_bomb(tmp_path_factory) -> Path:
    """50 MB inflated: fits in memory, but millions of drawing operators take pdfminer minutes."""
    return write_bomb(tmp_path_factory.mktemp("bombs") / "slow.pdf", 50)


def children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out.update(int(n) for n in task.read_text().split())
        except OSError:
            pass  # the thread ended meanwhile
    return out


def parse_workers(pid: int) -> set[int]:
    """The spawn workers among a process's children."""
    found = set()
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            pass
    return found


def has_open(pid: int, path: Path) -> bool:
    """The process has `path` open: a worker that has it open is parsing it."""
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"gave up after {timeout} s waiting for {what}")


def test_bomb_is_refused_and_the_pool_goes_on(bomb):
    report = REPORTS / "001_351f4af2c3a8fcf1.txt"
    with ParsePool(timeout_s=5, memory_mb=1024) as pool:
        started = time.monotonic()
        [refused] = pool.map([bomb])
        took = time.monotonic() - started
        assert refused.parsed is None
        assert refused.error.startswith("too large or too complex to read (over "), refused.error
        assert took < 5 + 20, took
        [parsed] = pool.map([report])
    assert parsed.error is None
    assert parsed.parsed.facts == prepare(report).parsed.facts


def test_memory_limit(bomb):
    # with no limit the bomb inflates fine here and then parses until the time limit instead
    with ParsePool(timeout_s=60, memory_mb=512) as pool:
        [refused, parsed] = pool.map([bomb, REPORTS / "000_cac3ad9cc33592c6.txt"])
    assert refused.error == "too large or too complex to read (over 512 MB of memory)"
    assert parsed.error is None and parsed.parsed.facts


def test_time_limit(slow_bomb):
    with ParsePool(timeout_s=3, memory_mb=2048) as pool:
        started = time.monotonic()
        [refused, parsed] = pool.map([slow_bomb, REPORTS / "002_c8d30c2eb8575ca5.txt"])
        took = time.monotonic() - started
    assert refused.error == "too large or too complex to read (over 3 s)"
    assert took < 3 + 20, took
    assert parsed.error is None and parsed.parsed.facts


def test_pool_equals_in_process_and_reuses_its_workers():
    paths = expand([REPORTS])
    assert len(paths) == 5
    expected = [prepare(p) for p in paths]
    before = parse_workers(os.getpid())
    with ParsePool(workers=2) as pool:
        first = pool.map(paths)
        workers = parse_workers(os.getpid()) - before
        second = pool.map(list(reversed(paths)))
        assert parse_workers(os.getpid()) - before == workers  # the same processes, no respawn
    assert len(workers) == 2
    for got in (first, second[::-1]):
        assert [p.error for p in got] == [None] * 5
        assert [p.path for p in got] == paths  # input order
        assert [p.parsed.facts for p in got] == [e.parsed.facts for e in expected]
        assert [(p.parsed.agency, p.parsed.year, p.parsed.format) for p in got] == \
               [(e.parsed.agency, e.parsed.year, e.parsed.format) for e in expected]
        assert all({"read", "parse", "facts", "chunks"} <= set(p.timings) for p in got)  # timed in the worker
    assert not any(alive(pid) for pid in workers)  # closed with the pool


@pytest.mark.parametrize("own_pool", [True, False], ids=["given pool", "pool per call"])
def test_ingest_parses_only_in_workers_and_keeps_their_timings(tmp_path, monkeypatch, own_pool):
    from index import ingest

    def in_process(path):
        raise AssertionError(f"{path} parsed in the calling process")

    monkeypatch.setattr(ingest, "prepare", in_process)  # the spawned workers import the real one
    store = built(tmp_path).store
    paths = expand([REPORTS])[:2]
    before = parse_workers(os.getpid())
    if own_pool:
        with ParsePool() as pool:
            outcomes, timings = ingest.ingest_many(paths, store, parser=pool)
            assert pool.map(paths[:1])[0].error is None  # a pool given to ingest_many stays open
    else:
        outcomes, timings = ingest.ingest_many(paths, store, workers=2)
    assert not parse_workers(os.getpid()) - before  # the pool made for the call was closed with it
    assert [o.status for o in outcomes] == ["indexed", "indexed"], [o.message for o in outcomes]
    assert {"read", "parse", "facts", "chunks", "store"} <= set(timings)
    assert all(timings[stage] > 0 for stage in ("read", "parse", "facts"))


def _busy_worker(pool: ParsePool, path: Path, before: set[int]) -> tuple[int, threading.Thread, list]:
    """Start pool.map([path]) in a thread; the worker's pid once it has the file open."""
    out: list = []
    thread = threading.Thread(target=lambda: out.extend(pool.map([path])))
    thread.start()
    pid = wait_for(lambda: next((p for p in parse_workers(os.getpid()) - before if has_open(p, path)), None),
                   60, "the worker to open the file")
    return pid, thread, out


def test_crashed_worker_is_one_line_and_replaced(slow_bomb):
    before = parse_workers(os.getpid())
    with ParsePool(timeout_s=120) as pool:
        pid, thread, out = _busy_worker(pool, slow_bomb, before)
        os.kill(pid, signal.SIGSEGV)
        thread.join(30)
        [crashed] = out
        assert crashed.error == "could not parse the file: the parser process crashed (SIGSEGV)"
        [parsed] = pool.map([REPORTS / "003_0d16514126ac40ad.txt"])
        assert parsed.error is None and parsed.parsed.facts


def test_close_while_busy_is_quick(slow_bomb):
    before = parse_workers(os.getpid())
    pool = ParsePool(timeout_s=120)
    pid, thread, out = _busy_worker(pool, slow_bomb, before)
    started = time.monotonic()
    pool.close()
    assert time.monotonic() - started < 2
    thread.join(10)
    assert not alive(pid)
    assert out[0].error and "shut down" in out[0].error
    assert pool.map([REPORTS / "003_0d16514126ac40ad.txt"])[0].error  # a closed pool starts nothing


def test_cli_refuses_bomb_and_indexes_the_rest(tmp_path, bomb):
    env = {**os.environ, "REPORTQA_DATA_DIR": str(tmp_path / "data"), "REPORTQA_PARSE_TIMEOUT": "5",
           "REPORTQA_PARSE_MEMORY_MB": "768"}
    env.pop("REPORTQA_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(bomb),
                             str(REPORTS / "004_79f6384cd4c74786.txt")], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("✗ bomb.pdf: too large or too complex to read (over 5 s)")
               or line.startswith("✗ bomb.pdf: too large or too complex to read (over 768 MB of memory)")
               for line in lines), result.stdout
    assert any(line.startswith("✓ 004_79f6384cd4c74786.txt") for line in lines), result.stdout
    assert "Traceback" not in result.stderr


def test_sigkill_of_ingest_takes_its_workers_along(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # two different files (the same content twice would be parsed once), each minutes of work
    bombs = [write_bomb(corpus / "a.pdf", 40), write_bomb(corpus / "b.pdf", 40, b"1 1 m 0 0 l S\n")]
    env = {**os.environ, "REPORTQA_DATA_DIR": str(tmp_path / "data"), "REPORTQA_PARSE_TIMEOUT": "600"}
    env.pop("REPORTQA_DATABASE_URL", None)
    ingest = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--workers", "2", str(corpus)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded: set[int] = set()
    try:
        def busy() -> set[int]:
            workers = parse_workers(ingest.pid)
            if ingest.poll() is not None:
                pytest.fail(f"ingest ended early (exit code {ingest.returncode})")
            return workers if all(any(has_open(w, b) for w in workers) for b in bombs) else set()

        workers = wait_for(busy, 180, "both workers to be parsing")
        recorded |= workers | children(ingest.pid)  # any other child (multiprocessing's resource tracker) too
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        wait_for(lambda: not any(alive(pid) for pid in recorded), 5, f"workers {sorted(recorded)} to end")
    finally:
        for pid in recorded | {ingest.pid}:  # whatever this test started must not outlive it
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
