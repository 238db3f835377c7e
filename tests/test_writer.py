"""One writer at a time per index: two ingests at once, the lock across processes and threads, busy uploads.

Real processes, real SQLite, and the same on PostgreSQL when REPORTQA_TEST_POSTGRES_URL is set
(scripts/test.sh sets it; each PostgreSQL test gets a database of its own, dropped afterwards).
"""

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.writer import BUSY, WAITING, WriterBusy, writer_lock

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
BUNDLED = sorted(REPORTS.glob("*.txt"))

# holds the writer lock of the URL in argv[1] until its stdin closes
HOLDER = """import sys
from index.writer import writer_lock
with writer_lock(sys.argv[1], wait_s=0):
    print("held", flush=True)
    sys.stdin.read()
"""


@dataclass
class Index:
    """Where an index lives: its data directory, its database URL and the CLI's environment for it."""

    data_dir: Path
    url: str
    env: dict


@pytest.fixture(params=["sqlite", "postgresql"])
def index(request, tmp_path):
    data = tmp_path / "data"
    if request.param == "sqlite":
        yield Index(data, f"sqlite:///{data / 'reportqa.sqlite3'}", {"REPORTQA_DATA_DIR": str(data)})
        return
    import psycopg

    base = os.environ.get("REPORTQA_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("REPORTQA_TEST_POSTGRES_URL is not set (scripts/test.sh starts PostgreSQL and sets it)")
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"reportqa_writer_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + f"/{name}"
    # the vectors stay in a local Chroma folder: the writer lock covers them as well
    yield Index(data, url, {"REPORTQA_DATA_DIR": str(data), "REPORTQA_DATABASE_URL": url})
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(index: Index, **extra: str) -> dict:
    env = {**os.environ, **index.env, **extra}
    for key in ("REPORTQA_DATABASE_URL", "REPORTQA_CHROMA_URL", "REPORTQA_WRITER_WAIT"):
        if key not in index.env and key not in extra:
            env.pop(key, None)
    return env


def cli(index: Index, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=environment(index, **extra),
                          capture_output=True, text=True, timeout=600)


def two_at_once(index: Index, *args: str) -> list[tuple[int, str, str]]:
    """Start the same command twice at the same moment; (exit code, stdout, stderr) of each."""
    processes = [subprocess.Popen([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=environment(index),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        results.append((process.returncode, out, err))
    return results


def assert_both_succeeded(results: list[tuple[int, str, str]]) -> None:
    for code, out, err in results:
        assert code == 0, out + err
        assert "Traceback" not in err and "Traceback" not in out, err


def assert_one_writer_at_a_time(results: list[tuple[int, str, str]], files: list[Path]) -> None:
    # each file written by exactly one of them; the other found it unchanged
    stdout = "".join(out for _, out, _ in results)
    for path in files:
        assert stdout.count(f"✓ {path.name}:") == 1, stdout
    # they did overlap, and the second one said so once instead of writing alongside the first
    assert sorted(err.count(WAITING) for _, _, err in results) == [0, 1], [err for _, _, err in results]


def assert_indexed_once(index: Index, files: list[Path]) -> list[dict]:
    verify = cli(index, "verify")
    assert verify.returncode == 0 and "records and vectors agree" in verify.stdout, verify.stdout + verify.stderr
    assert "repaired" not in verify.stdout, verify.stdout  # no orphan vectors, no half-written report
    reports = json.loads(cli(index, "reports", "--format", "json").stdout)
    counts = Counter(r["path"] for r in reports)
    assert all(counts[str(path.resolve())] == 1 for path in files), counts
    return reports


@contextmanager
def held_elsewhere(url: str):
    """Another process holding the writer lock of `url` until the block ends."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, url], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "held"
        yield process
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_two_ingests_at_once_on_a_fresh_index(index):
    results = two_at_once(index, "ingest", str(REPORTS))
    assert_both_succeeded(results)
    reports = assert_indexed_once(index, BUNDLED)
    assert len(reports) == 5
    assert_one_writer_at_a_time(results, BUNDLED)


def test_two_ingests_at_once_on_an_existing_index_with_a_changed_set_of_files(index, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    changed, same, new = incoming / "changed.txt", incoming / "same.txt", incoming / "new.txt"
    small = REPORTS / "002_c8d30c2eb8575ca5.txt"  # the smallest report: the model's time is the test's time
    changed.write_bytes(small.read_bytes())
    same.write_bytes((REPORTS / "004_79f6384cd4c74786.txt").read_bytes())
    assert cli(index, "ingest", str(incoming)).returncode == 0
    # one file replaced, one unchanged, one new: where two unlocked ingests left orphan vectors
    changed.write_text(small.read_text(encoding="utf-8") + "\n（本文件已更新。）\n", encoding="utf-8")
    new.write_text(small.read_text(encoding="utf-8") + "\n（本文件为测试副本。）\n", encoding="utf-8")
    results = two_at_once(index, "ingest", str(incoming))
    assert_both_succeeded(results)
    reports = assert_indexed_once(index, [changed, same, new])
    assert len(reports) == 3
    assert_one_writer_at_a_time(results, [changed, new])
    stdout = "".join(out for _, out, _ in results)
    assert "✓ same.txt" not in stdout
    assert "replaced" in next(line for line in stdout.splitlines() if line.startswith("✓ changed.txt"))


def test_a_second_holder_waits_then_gets_writer_busy(index):
    calls = []
    with held_elsewhere(index.url):
        started = time.monotonic()
        with pytest.raises(WriterBusy) as busy:
            with writer_lock(index.url, wait_s=0.6, on_wait=lambda: calls.append(time.monotonic())):
                pytest.fail("the lock was taken while another process held it")
        waited = time.monotonic() - started
    assert str(busy.value) == BUSY
    assert len(calls) == 1 and 0.6 <= waited < 5
    with pytest.raises(WriterBusy):
        with held_elsewhere(index.url), writer_lock(index.url, wait_s=0, on_wait=lambda: calls.append(0)):
            pass
    assert len(calls) == 1  # wait_s=0 only tries: nothing to announce

    # a waiter gets the lock as soon as the holder lets go (here: when told that someone waits)
    with held_elsewhere(index.url) as holder:
        with writer_lock(index.url, wait_s=30, on_wait=lambda: calls.append(holder.stdin.close())):
            assert holder.wait(timeout=30) == 0
    assert len(calls) == 2
    with writer_lock(index.url, wait_s=0):  # and it is free again afterwards
        pass


@pytest.mark.parametrize("where", ["index", "memory"])
def test_threads_of_one_process_exclude_each_other(index, where):
    url = "sqlite://" if where == "memory" else index.url
    if where == "memory" and index.url.startswith("postgresql"):
        pytest.skip("the in-memory database is a SQLite case")
    inside, most, errors = [0], [0], []
    guard = threading.Lock()

    def write() -> None:
        try:
            for _ in range(3):
                with writer_lock(url, wait_s=60):
                    with guard:
                        inside[0] += 1
                        most[0] = max(most[0], inside[0])
                    time.sleep(0.05)
                    with guard:
                        inside[0] -= 1
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and most[0] == 1

    # a thread that cannot get the lock in time hears WriterBusy, after one on_wait
    held, done, calls = threading.Event(), threading.Event(), []

    def hold() -> None:
        with writer_lock(url, wait_s=0):
            held.set()
            done.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    try:
        with pytest.raises(WriterBusy):
            with writer_lock(url, wait_s=0.3, on_wait=lambda: calls.append(1)):
                pass
    finally:
        done.set()
        holder.join(30)
    assert calls == [1]


def test_busy_cli_says_one_line_and_exits_1(index):
    Path(index.data_dir).mkdir(parents=True, exist_ok=True)
    cli(index, "reports")  # the schema exists: only the writer lock is in the way
    with held_elsewhere(index.url):
        for command in (["ingest", str(BUNDLED[0])], ["verify"], ["remove", "1"]):
            result = cli(index, *command, REPORTQA_WRITER_WAIT="0.5")
            assert result.returncode == 1, result.stdout + result.stderr
            assert result.stderr.splitlines() == [WAITING, BUSY], result.stderr
            assert result.stdout == ""
        # readers never wait for a writer
        assert cli(index, "reports", REPORTQA_WRITER_WAIT="0.5").returncode == 0


def test_a_fresh_schema_created_by_many_processes_at_once(index):
    script = "import sys\nfrom index.store import Store\nStore(sys.argv[1])\n"
    Path(index.data_dir).mkdir(parents=True, exist_ok=True)
    processes = [subprocess.Popen([sys.executable, "-c", script, index.url], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0 and "Traceback" not in err, err
    from index.store import Store

    assert Store(index.url).reports() == []


def test_uploads_while_another_process_writes(tmp_path):
    from assistant.config import DEFAULT_MODEL, Config
    from assistant.service import Service

    data = tmp_path / "data"
    config = Config(data_dir=data, database_url=f"sqlite:///{data / 'reportqa.sqlite3'}", embed_model=DEFAULT_MODEL,
                    writer_wait_s=0.5)
    Service(config)  # creates the schema
    report = BUNDLED[2]
    with held_elsewhere(config.database_url):
        started = time.monotonic()
        service = Service(config)  # starts at once: the writer elsewhere reconciles itself
        assert time.monotonic() - started < 60 and service.repaired == []
        said = []
        [outcome] = service.ingest_paths([report], progress=lambda share, text: said.append(text))
        assert outcome.status == "failed" and outcome.message == BUSY
        assert said == [WAITING]
        upload = service.upload(report.name, report.read_bytes())
        assert not upload.ok and upload.message.endswith(BUSY)
        assert service.reports() == []
    upload = service.upload(report.name, report.read_bytes())
    assert upload.ok, upload.message
    assert [r["file"] for r in service.reports()] == [upload.report["file"]]
