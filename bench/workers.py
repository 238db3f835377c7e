"""Workers of the jobs queue (issue #17): files indexed a second by 1, 2 and 3 workers (PostgreSQL, a Chroma server).

    python -m bench.workers --postgres "$(bash scripts/postgres.sh)"    # 24 reports; 1, 2, 3 workers twice, ~7 min
    python -m bench.workers --postgres URL --reports 12 --workers 1 2

The same generated corpus (PDF, DOCX and TXT, both template editions) is indexed by `ingest --queue N` into a fresh
database on the PostgreSQL server (--postgres: scripts/postgres.sh starts one and prints its URL) and a fresh Chroma
server started here, once for each N. The clock runs from the command's start to its end: queueing, each
worker loading the embedding model, parsing, embedding and storing — what someone running it waits. The embedding cache
is off, so every run embeds every passage. Writes the section "Workers (issue #17)" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from index.ingest import expand

from .load import free_port
from .make_corpus import make_corpus
from .results import write_section
from .run import machine

HEADING = "## Workers (issue #17)"
ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fresh_database(postgres: str):
    """A new database on the server at `postgres` (a SQLAlchemy URL), dropped afterwards."""
    import psycopg

    admin = postgres.replace("postgresql+psycopg://", "postgresql://")
    name = f"reportqa_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def chroma_server(folder: Path):
    """`chroma run` on loopback over an empty folder, as a deployment runs it."""
    import chromadb

    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:
                if process.poll() is not None:
                    raise RuntimeError("the Chroma server (`chroma run`) exited at start") from None
                time.sleep(0.5)
        else:
            raise RuntimeError("the Chroma server did not answer within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def one_run(corpus: Path, workers: int, postgres: str, workdir: Path) -> dict:
    """`ingest CORPUS --queue workers` into fresh servers: seconds, files indexed, each worker's share."""
    tag = f"{workers}-{uuid.uuid4().hex[:6]}"
    with fresh_database(postgres) as database, chroma_server(workdir / f"chroma-{tag}") as chroma:
        env = {**os.environ, "REPORTQA_DATA_DIR": str(workdir / f"data-{tag}"), "REPORTQA_DATABASE_URL": database,
               "REPORTQA_CHROMA_URL": chroma, "REPORTQA_EMBED_CACHE": "off", "REPORTQA_LANGUAGE": "en"}
        env.pop("REPORTQA_TEST_HOLD", None)
        started, used = time.perf_counter(), _cpu()
        result = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(corpus), "--queue", str(workers)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - started, _cpu() - used
        if result.returncode != 0:
            raise RuntimeError(f"ingest --queue {workers} failed:\n{result.stdout}\n{result.stderr}")
        jobs = json.loads(subprocess.run([sys.executable, "-m", "assistant", "jobs", "--format", "json"], cwd=ROOT,
                                         env=env, capture_output=True, text=True, check=True).stdout)
    shares: dict[str, int] = {}
    for job in jobs["jobs"]:
        shares[job["owner"]] = shares.get(job["owner"], 0) + 1
    return {"workers": workers, "seconds": seconds, "cpu": cpu, "done": jobs["counts"]["done"],
            "failed": jobs["counts"]["failed"], "shares": sorted(shares.values(), reverse=True)}


def _cpu() -> float:
    """CPU seconds of this process's children that have ended (the ingest, its workers and their parsers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(workdir: Path, reports: int, counts: list[int], postgres: str, rounds: int = 2) -> dict:
    """Each worker count `rounds` times, the counts taking turns (a busy machine slows them alike); a count's row is
    its fastest run (the least disturbed), with every run's seconds."""
    corpus = workdir / "corpus"
    make_corpus(corpus, reports, seed=1, breaks=0.0)
    files = len(expand([corpus]))
    load = os.getloadavg()
    runs = [one_run(corpus, n, postgres, workdir) for _ in range(rounds) for n in counts]
    rows = []
    for n in counts:
        mine = [r for r in runs if r["workers"] == n]
        rows.append({**min(mine, key=lambda r: r["seconds"]), "all": [r["seconds"] for r in mine]})
    return {"rows": rows, "files": files, "load": (load, os.getloadavg()), "rounds": rounds}


def render(r: dict) -> str:
    rows = r["rows"]
    first = next((row for row in rows if row["workers"] == 1), rows[0])
    base = r["files"] / first["seconds"]
    best = min(rows, key=lambda row: row["seconds"])
    before, after = r["load"]
    lines = [
        HEADING, "",
        f"Written by `python -m bench.workers` on {datetime.datetime.now():%Y-%m-%d %H:%M}; {machine()}. Load average "
        f"{before[0]:.1f} when it started, {after[0]:.1f} when it ended. **This machine has {os.cpu_count()} cores**, "
        "and every worker wants them all (it parses in a process of its own and embeds with ONNX Runtime, a thread "
        "per core): workers on one machine share its cores, so what a worker adds here is the overlap of one's "
        "parsing with another's embedding and waiting; workers on more machines (`work`) bring their own cores. "
        f"Fastest here: {best['workers']} worker{'s' if best['workers'] > 1 else ''}"
        + (" — a worker already keeps both cores busy, so each more one on the same machine adds only what it costs "
           "(its start and its model, CPU seconds below) and a share of the same cores: add machines, not workers."
           if best["workers"] == 1 else "."), "",
        f"{r['files']} generated reports (PDF, DOCX and TXT; both template editions) indexed by `ingest --queue N` "
        "into "
        "a fresh database on PostgreSQL and a fresh Chroma server, the embedding cache off. Seconds from the command's "
        "start to its end: queueing, each worker loading the model, parsing, embedding and storing; CPU seconds: of "
        "the command and every process it started (workers, their parsers). Each count ran "
        f"{r['rounds']} time{'s' if r['rounds'] > 1 else ''}, the counts taking turns; a row is its fastest run "
        "(every run's seconds in the last column).", "",
        f"| workers | seconds | files/s | × {first['workers']} worker{'s' if first['workers'] > 1 else ''} "
        "| CPU seconds | files done / failed | files per worker | every run (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        rate = r["files"] / row["seconds"]
        lines.append(f"| {row['workers']} | {row['seconds']:.1f} | {rate:.2f} | {rate / base:.2f}× | {row['cpu']:.0f} | "
                     f"{row['done']} / {row['failed']} | {', '.join(map(str, row['shares']))} | "
                     f"{', '.join(f'{t:.1f}' for t in row['all'])} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="files indexed a second by 1, 2 and 3 queue workers")
    parser.add_argument("--reports", type=int, default=24, help="generated reports (default 24)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3], help="worker counts (default 1 2 3)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each count, taking turns (default 2)")
    parser.add_argument("--postgres", required=True,
                        help="a PostgreSQL server's URL whose role may create databases (`bash scripts/postgres.sh` "
                             "starts one and prints it)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the corpus and the servers' folders here (default: a temp dir)")
    parser.add_argument("--out", type=Path, help="where to write the section (default bench/RESULTS.md)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="report-qa-workers-"))
    section = render(run(workdir, args.reports, args.workers, args.postgres, args.rounds))
    write_section(section, *([args.out] if args.out else []))
    print(section)


if __name__ == "__main__":
    main()
