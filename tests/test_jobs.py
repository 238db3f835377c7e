"""Workers on several machines (issue #17): files claimed through the jobs table, a lease that passes a dead worker's
file to another, every file indexed exactly once.

The queue itself on SQLite (claims, leases, attempts, idempotent queueing, several processes claiming at once); then
`ingest --queue 3` on PostgreSQL and a Chroma server with one of its workers killed mid-file (tests/test_backends.py
starts the servers: the PostgreSQL URL comes from REPORTQA_TEST_POSTGRES_URL, which scripts/test.sh sets).
"""

import json
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import random_spec, render_pdf, render_txt
from index.ingest import INDEXED, Outcome
from index.job_runner import Worker
from index.jobs import JobQueue
from index.messages import said
from index.schema import CLAIMED, DONE, WAITING
from index.store import Store

from .test_backends import chroma_url, postgres_url  # noqa: F401  (the servers, started once for this file)

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = [f"{a}{b}县人民政府" for a, b in zip("安宁平阳城山河川", "泰和兴隆云溪江桥")]


@pytest.fixture
def queue(tmp_path) -> JobQueue:
    return JobQueue(Store(f"sqlite:///{tmp_path / 'db.sqlite3'}").engine, attempts=3)


def test_the_same_file_queued_twice_is_one_job(queue, tmp_path):
    first = queue.enqueue_file(tmp_path / "a.pdf", "ab" * 32)
    again = queue.enqueue_file(tmp_path / "copy of a.pdf", "ab" * 32)  # the same content under another name
    assert first.new and not again.new and again.job.id == first.job.id
    assert queue.enqueue_url("https://www.example.gov.cn/a.html").new
    assert not queue.enqueue_url("https://www.example.gov.cn/a.html").new
    assert queue.counts() == {"waiting": 2, "claimed": 0, "done": 0, "failed": 0}
    # a finished job queued again waits again, its attempts from zero (the caller queues only what is not indexed)
    job = queue.claim("host:1", 60)
    assert queue.finish(job, "host:1", failed="the file is empty")
    requeued = queue.enqueue_file(tmp_path / "a.pdf", "ab" * 32)
    assert not requeued.new and requeued.job.state == WAITING and requeued.job.attempts == 0
    assert requeued.job.reason is None


def test_a_claim_is_its_workers_until_the_lease_expires(queue, tmp_path):
    queue.enqueue_file(tmp_path / "a.pdf", "a" * 64)
    mine = queue.claim("host:1", 60)
    assert mine.state == CLAIMED and mine.owner == "host:1" and mine.attempts == 1 and mine.lease_left > 59
    assert queue.claim("host:2", 60) is None  # held: nothing else to take
    assert queue.renew(mine, "host:1", 60) and not queue.renew(mine, "host:2", 60)
    assert not queue.finish(mine, "host:2")
    assert queue.active()
    # a lease of no time is expired at once: what a dead worker's claim becomes once its lease ends
    queue.enqueue_file(tmp_path / "b.pdf", "b" * 64)
    dying = queue.claim("host:1", 0)
    taken = queue.claim("host:2", 60)
    assert taken.id == dying.id and taken.owner == "host:2" and taken.attempts == 2
    assert not queue.renew(dying, "host:1", 60) and not queue.finish(dying, "host:1")  # it stores nothing
    assert queue.finish(taken, "host:2", report_id=7) and queue.finish(mine, "host:1", report_id=8)
    assert not queue.active()
    assert [(j.state, j.owner, j.report_id) for j in queue.jobs()] == [(DONE, "host:1", 8), (DONE, "host:2", 7)]


def test_a_file_that_kills_its_workers_is_failed_after_its_attempts(queue, tmp_path):
    queue.enqueue_file(tmp_path / "poison.pdf", "c" * 64)
    for n in (1, 2, 3):
        assert queue.claim(f"host:{n}", 0).attempts == n  # each worker dies on it: its lease runs out
    assert queue.claim("host:4", 60) is None
    [failed] = queue.give_up()
    assert failed.state == "failed" and failed.name == "poison.pdf"
    assert said(failed.reason, "en") == "claimed 3 times and no worker finished it (the last: host:3): not tried again"
    assert said(failed.reason, "zh") == "认领3次都没有工作进程完成（最后一次：host:3）：不再重试"
    assert queue.give_up() == [] and not queue.active()


def _claim_all(url: str, out: Path, start) -> None:
    """A worker process: claim until nothing is left, writing down each job it got."""
    queue = JobQueue(Store(url).engine)
    start.wait()
    got = []
    while (job := queue.claim(f"host:{os.getpid()}", 60)) is not None:
        got.append(job.id)
        queue.finish(job, f"host:{os.getpid()}")
    out.write_text(json.dumps(got))


def test_processes_claiming_at_once_never_share_a_job_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    queue = JobQueue(Store(url).engine)
    ids = {queue.enqueue_file(tmp_path / f"{n}.pdf", f"{n:064d}").job.id for n in range(60)}
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_claim_all, args=(url, tmp_path / f"claims{i}.json", start)) for i in range(4)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    claims = [i for n in range(4) for i in json.loads((tmp_path / f"claims{n}.json").read_text())]
    assert sorted(claims) == sorted(ids)  # every job once, none twice
    assert queue.counts()["done"] == 60


def test_a_worker_takes_an_expired_claim_and_stores_nothing_once_its_own_is_lost(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    queue = JobQueue(Store(url).engine)
    queue.enqueue_file(tmp_path / "dead.pdf", "d" * 64)
    queue.claim("elsewhere:1", 0)  # a worker that died holding it
    queue.enqueue_file(tmp_path / "stolen.pdf", "e" * 64)
    worker = Worker(queue, owner="here:2", database_url=url, lease_s=60)
    seen = []

    def work(job, guard):
        if job.name == "stolen.pdf":  # stalled past its lease meanwhile: another worker took the file
            with queue.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE jobs SET lease_until = 0 WHERE id = ?", (job.id,))
            thief = queue.claim("thief:3", 60)
            assert thief.id == job.id and queue.finish(thief, "thief:3", report_id=9)  # …and indexed it
        with guard():  # where ingest_many writes: the claim is checked under the writer lock
            seen.append(job.name)
        return Outcome(Path(job.path), INDEXED)

    worked = worker.run(work, poll_s=0)
    assert [job.name for job, _ in worked.outcomes] == ["dead.pdf"] and seen == ["dead.pdf"]
    assert [job.name for job in worked.lost] == ["stolen.pdf"]
    dead, stolen = queue.jobs()
    assert (dead.state, dead.owner, dead.attempts) == (DONE, "here:2", 2)
    assert (stolen.state, stolen.owner, stolen.report_id) == (DONE, "thief:3", 9)


def test_the_queue_needs_a_chroma_server(tmp_path):
    report = render_txt(random_spec(1, agency=AGENCIES[0], year=2021), tmp_path / "a.txt")
    env = {**os.environ, "REPORTQA_DATA_DIR": str(tmp_path / "data"), "REPORTQA_LANGUAGE": "en"}
    env.pop("REPORTQA_DATABASE_URL", None)
    env.pop("REPORTQA_CHROMA_URL", None)
    for args in (["ingest", str(report), "--queue", "2"], ["work"]):
        result = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip() == ("several workers need a Chroma server (REPORTQA_CHROMA_URL): a Chroma folder "
                                         "belongs to one process; nothing was changed")
    assert not (tmp_path / "data").exists()


# --- PostgreSQL and a Chroma server, workers in processes of their own -----------------------------------------------

def cli(env: dict, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def servers(tmp_path_factory, postgres_url, chroma_url):  # noqa: F811
    data = tmp_path_factory.mktemp("workers")
    env = {**os.environ, "REPORTQA_DATA_DIR": str(data), "REPORTQA_DATABASE_URL": postgres_url,
           "REPORTQA_CHROMA_URL": chroma_url, "REPORTQA_LANGUAGE": "en", "REPORTQA_JOB_LEASE": "5"}
    return env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for i, agency in enumerate(AGENCIES[:6]):
        render = render_pdf if i % 2 else render_txt
        suffix = "pdf" if i % 2 else "txt"
        files.append(render(random_spec(400 + i, agency=agency, year=2021), folder / f"r{i}.{suffix}"))
    return files


def counted(env: dict) -> tuple[dict, dict, int]:
    """Chunks per report in PostgreSQL, vectors per report in Chroma, and every vector in Chroma."""
    from index.vectors import VectorStore

    store = Store(env["REPORTQA_DATABASE_URL"])
    vectors = VectorStore(url=env["REPORTQA_CHROMA_URL"])
    chunks = store.chunk_counts()
    store.engine.dispose()
    return chunks, vectors.report_counts(), vectors.count()


def test_three_workers_one_killed_mid_file_index_every_file_once(servers, corpus):
    held = corpus[3].name  # a PDF: its worker parses and embeds it, then holds it until it is killed
    env = {**servers, "REPORTQA_TEST_HOLD": held}
    ingest = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", *map(str, corpus), "--queue", "3"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    queue = JobQueue(Store(servers["REPORTQA_DATABASE_URL"]).engine)
    try:
        end = time.monotonic() + 600
        while not (holder := next((j for j in queue.jobs() if j.name == held and j.state == CLAIMED), None)):
            assert ingest.poll() is None, ingest.communicate()
            assert time.monotonic() < end, "no worker claimed the held file"
            time.sleep(0.2)  # the first claim holds the file until it is killed: no moment to miss
        host, _, pid = holder.owner.partition(":")
        assert host == socket.gethostname()
        os.kill(int(pid), signal.SIGKILL)
        out, err = ingest.communicate(timeout=900)
    finally:
        if ingest.poll() is None:
            ingest.kill()
        queue.engine.dispose()
    assert ingest.returncode == 0, out + err
    lines = out.splitlines()
    assert f"worker {pid} ended (SIGKILL): its file goes to another worker when its lease ends" in lines, out
    assert "6 file(s) queued for 3 worker(s)" in lines
    assert any(line.startswith("6 of 6 files indexed into") for line in lines)
    assert "Traceback" not in err
    # the killed worker's file was taken by another, on its second attempt; every job is done
    jobs = json.loads(cli(servers, "jobs", "--format", "json").stdout)
    assert jobs["counts"] == {"waiting": 0, "claimed": 0, "done": 6, "failed": 0}
    taken = next(j for j in jobs["jobs"] if j["name"] == held)
    assert taken["attempts"] == 2 and taken["owner"] != holder.owner
    # every file indexed exactly once: one report each, its chunks' vectors in Chroma and nothing else there
    reports = json.loads(cli(servers, "reports", "--format", "json").stdout)
    assert sorted(Path(r["path"]).name for r in reports) == sorted(p.name for p in corpus)
    assert sorted(r["agency"] for r in reports) == sorted(AGENCIES[:6])
    assert {j["report"] for j in jobs["jobs"]} == {r["id"] for r in reports}
    chunks, vectors, total = counted(servers)
    assert chunks == vectors and total == sum(chunks.values()) and len(chunks) == 6
    text = cli(servers, "jobs").stdout
    assert text.splitlines() == ["queue: 0 waiting, 0 claimed, 6 done, 0 failed"]


def test_bad_files_through_the_queue_are_one_line_and_change_nothing(servers, corpus, tmp_path):
    before = counted(servers)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    result = cli(servers, "ingest", str(corpus[0]), str(bad), str(tmp_path / "missing.txt"), "--queue", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"= {corpus[0].name}: ") and "unchanged" in line for line in lines), result.stdout
    assert "✗ missing.txt: no such file" in lines, result.stdout
    assert any(line.startswith("✗ broken.pdf: ") for line in lines), result.stdout
    assert "1 file(s) queued for 2 worker(s)" in lines and any(line.startswith("1 of 3 files indexed") for line in lines)
    assert "Traceback" not in result.stderr
    assert counted(servers) == before  # nothing indexed changed
    shown = cli(servers, "jobs").stdout.splitlines()
    assert shown[0] == "queue: 0 waiting, 0 claimed, 6 done, 1 failed"
    assert len(shown) == 2 and shown[1].startswith("  failed broken.pdf: ")
    zh = cli({**servers, "REPORTQA_LANGUAGE": "zh"}, "jobs").stdout.splitlines()
    assert zh[0] == "队列：等待0个，已认领0个，完成6个，失败1个" and zh[1].startswith("  失败 broken.pdf：")
    assert cli(servers, "jobs", "--clear").stdout.strip() == "7 finished jobs cleared"
    assert cli(servers, "jobs").stdout.strip() == "queue: 0 waiting, 0 claimed, 0 done, 0 failed"


def test_the_workers_bench_writes_its_section(postgres_url, tmp_path):  # noqa: F811
    from bench.workers import HEADING, render, run

    results = run(tmp_path, reports=2, counts=[1, 2], postgres=os.environ["REPORTQA_TEST_POSTGRES_URL"], rounds=1)
    assert [(row["workers"], row["done"], row["failed"]) for row in results["rows"]] == [(1, 2, 0), (2, 2, 0)]
    section = render(results)
    assert section.startswith(HEADING) and "| 2 | " in section and "cores" in section


def test_a_worker_from_another_machine_works_queued_urls_and_files(servers, tmp_path):
    """`work` alone, as on another machine: it fetches a queued URL itself, indexes a queued file, fails a page that
    is gone with its one-line reason, and ends when the queue is empty."""
    from assistant.build import build
    from assistant.config import Config
    from index.report import file_hash

    from .fetch_site import Page, Site

    parts = build(Config.from_env(servers), text=False)
    queue = parts.jobs
    report = render_txt(random_spec(450, agency=AGENCIES[7], year=2022), tmp_path / "late.txt")
    page = (ROOT / "tests" / "data" / "real" / "15-shuyang-fgj-2023.html").read_bytes()
    with Site() as site:
        site.pages["/2023/report.html"] = Page(page, "text/html; charset=utf-8")
        url, gone = site.url("/2023/report.html"), site.url("/2023/gone.html")
        queue.enqueue_file(report, file_hash(report))
        queue.enqueue_url(url)
        queue.enqueue_url(gone)
        result = cli(servers, "work")
    parts.store.engine.dispose()
    assert result.returncode == 1, result.stdout + result.stderr  # one failed
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"✓ late.txt: {AGENCIES[7]} 2022") for line in lines), result.stdout
    assert any(line.startswith(f"✓ {url}: 沭阳县发展和改革局 2023, format 2021") for line in lines), result.stdout
    assert f"✗ {gone}: no such page (HTTP 404)" in lines
    assert re.fullmatch(rf"worker {re.escape(socket.gethostname())}:\d+: 2 done, 1 failed", lines[-1]), lines[-1]
    reports = {r["agency_short"]: r for r in json.loads(cli(servers, "reports", "--format", "json").stdout)}
    assert reports["沭阳县发展和改革局"]["url"] == url
    shown = cli(servers, "jobs").stdout.splitlines()
    assert shown[0] == "queue: 0 waiting, 0 claimed, 2 done, 1 failed"  # (the test before cleared the queue)
    assert shown[1] == f"  failed {gone}: no such page (HTTP 404)"
    chunks, vectors, total = counted(servers)
    assert chunks == vectors and total == sum(chunks.values())


def test_a_stopped_worker_puts_its_file_back_at_once(servers, tmp_path):
    """SIGTERM (a service stopped) is Ctrl-C: the file waits again, its attempt uncounted, no lease to wait out."""
    from assistant.build import build
    from assistant.config import Config
    from index.report import file_hash

    report = render_txt(random_spec(460, agency="松梅县人民政府", year=2022), tmp_path / "stopped.txt")
    parts = build(Config.from_env(servers), text=False)
    queue = parts.jobs
    queued = queue.enqueue_file(report, file_hash(report)).job
    worker = subprocess.Popen([sys.executable, "-m", "assistant", "work"], cwd=ROOT,
                              env={**servers, "REPORTQA_TEST_HOLD": "stopped.txt"}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        end = time.monotonic() + 300
        while next(j for j in queue.jobs() if j.id == queued.id).state != CLAIMED:  # then held until stopped
            assert worker.poll() is None and time.monotonic() < end, worker.communicate()
            time.sleep(0.2)
        worker.terminate()
        _, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 130 and "Traceback" not in err, err
    job = next(j for j in queue.jobs() if j.id == queued.id)
    assert (job.state, job.owner, job.attempts) == (WAITING, None, 0)
    parts.store.engine.dispose()


def test_messages_print_the_database_without_its_password(tmp_path):
    from assistant.config import Config

    config = Config(data_dir=tmp_path, database_url="postgresql+psycopg://reportqa:s3cret@db.example:5432/reports",
                    embed_model=tmp_path)
    assert "s3cret" not in config.database_shown and "db.example:5432/reports" in config.database_shown
