"""The jobs queue on the command line (issue #17): `ingest PATHS --queue N`, `work` and `jobs`.

`ingest --queue N` queues the files (and URLs) in the database's jobs table (index/jobs.py) and starts N `work`
processes here; `work` on any other machine with the same REPORTQA_DATABASE_URL and REPORTQA_CHROMA_URL joins them.
Each worker claims a file, parses and embeds it, stores it under the writer lock, and goes on until the queue is empty
(index/job_runner.py). `jobs` shows the queue.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from index.messages import Sentence, said, say

from .config import Config
from .listing import built


def _print(lines: list[str]) -> None:
    """Whole lines at once: several workers share one terminal."""
    if lines:
        print("\n".join(lines), flush=True)


def _queue_parts(config: Config):
    """The running parts a queue worker needs, or None (said in one line) without a Chroma server: a Chroma folder
    belongs to one process."""
    if not config.chroma_url:
        print(say("jobs.needs_server", config.language), file=sys.stderr)
        return None
    return built(config)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def cmd_work(args, config: Config) -> int:
    """Claim and index queued files until no file waits and none is claimed."""
    import signal
    import socket

    from index.fetch import FetchError
    from index.ingest import FAILED, Outcome, drop_unindexed, ingest_many
    from index.job_runner import Worker
    from index.store import OWNER
    from index.worker import ParsePool
    from index.writer import WriterBusy, writer_lock

    from .cli import _text, outcome_lines, repaired_lines

    lang = config.language
    parts = _queue_parts(config)
    if parts is None:
        return 1
    store, text = parts.store, _text(parts)
    fetcher = parts.fetcher(remote=False)  # as `ingest URL`: whoever runs a worker could fetch the address anyway
    allow_prose = args.allow_prose or config.allow_prose
    parser = ParsePool(workers=1, timeout_s=config.parse_timeout_s, memory_mb=config.parse_memory_mb)

    def work(job, guard) -> Outcome:
        fetched = None
        if job.url:
            try:
                fetched = fetcher.fetch(job.url)
            except FetchError as exc:
                return Outcome(Path(job.name), FAILED, message=Sentence(exc.message))
            path, urls = fetched.path, {fetched.path: fetched.url}
        else:
            path, urls = Path(job.path), None
            if not path.is_file():
                return Outcome(path, FAILED, message=Sentence("jobs.not_here", host=socket.gethostname()))
        [outcome], _ = ingest_many([path], store, text, parser=parser, originals=parts.originals,
                                   allow_prose=allow_prose, max_bytes=config.max_file_bytes, urls=urls, guard=guard,
                                   repair=False)
        if fetched:
            drop_unindexed([fetched], [outcome])
        return outcome

    def show(job, outcome) -> None:
        _print([said(outcome, lang)] if isinstance(outcome, str) else outcome_lines(outcome, job.name, lang))

    def repair() -> None:
        """What a worker that died left half-written (other workers write only under the lock)."""
        with writer_lock(config.database_url, wait_s=config.writer_wait_s):
            _print(repaired_lines(store, text, lang))

    signal.signal(signal.SIGTERM, _interrupt)  # stopped (systemd, kill): its file goes back at once, as on Ctrl-C
    worker = Worker(parts.jobs, owner=OWNER, database_url=config.database_url,
                    lease_s=config.job_lease_s, writer_wait_s=config.writer_wait_s, hold=config.test_hold)
    try:
        with parser:
            repair()
            worked = worker.run(work, show)
            repair()
    except WriterBusy as exc:
        print(exc.say(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # its file is back in the queue (Worker.one)
        return 130
    failed = sum(o.status == FAILED for _, o in worked.outcomes) + len(worked.gave_up)
    _print([say("jobs.worked", lang, owner=OWNER, done=len(worked.outcomes) + len(worked.gave_up) - failed,
                failed=failed)])
    return 1 if failed else 0


def ingest_queued(args, config: Config, files: list[Path], urls: list[str]) -> int:
    """`ingest PATHS --queue N`: what a plain ingest does first (repair, parse outdated reports again), then queue
    what is not indexed yet and start N `work` processes; one line per file, as a plain ingest prints."""
    import os
    import signal
    import subprocess

    from index.ingest import FAILED, reparse_outdated, triage
    from index.report import file_hash
    from index.schema import CLAIMED, WAITING
    from index.schema import FAILED as JOB_FAILED
    from index.worker import ParsePool
    from index.writer import WriterBusy, writer_lock

    from .cli import _text, outcome_lines, repaired_lines, shown_name

    lang = config.language
    parts = _queue_parts(config)
    if parts is None:
        return 1
    store, text = parts.store, _text(parts)
    queue = parts.jobs
    failures = 0
    try:
        with writer_lock(config.database_url, wait_s=config.writer_wait_s,
                         on_wait=lambda: print(say("ingest.waiting", lang), file=sys.stderr, flush=True)):
            _print(repaired_lines(store, text, lang))
            with ParsePool(workers=args.workers or min(2, os.cpu_count() or 1), timeout_s=config.parse_timeout_s,
                           memory_mb=config.parse_memory_mb) as parser:
                again = reparse_outdated(store, text, parts.originals, parser, force=args.reparse,
                                         progress=lambda o: _print(outcome_lines(o, shown_name(o), lang)))
    except WriterBusy as exc:
        print(exc.say(lang), file=sys.stderr)
        return 1
    not_again = sum(o.status == FAILED for o in again)
    keys: list[str] = []
    seen: dict[str, Path] = {}
    for path in [Path(f).resolve() for f in files]:
        outcome, _ = triage(path, store, seen, config.max_file_bytes)  # missing, empty, too large, unchanged
        if outcome is not None:
            failures += outcome.status == FAILED
            _print(outcome_lines(outcome, path.name, lang))
            continue
        keys.append(queue.enqueue_file(path, file_hash(path)).job.key)
    keys += [queue.enqueue_url(url).job.key for url in urls]
    if again:
        _print([say("cli.reparsed", lang, done=len(again) - not_again, count=len(again))])
    if keys:
        _print([say("jobs.queued", lang, count=len(keys), workers=args.queue)])
        command = [sys.executable, "-m", "assistant", "work"] + (["--allow-prose"] if args.allow_prose else [])
        workers = [subprocess.Popen(command) for _ in range(max(1, args.queue))]
        try:
            for process in workers:
                code = process.wait()
                if code < 0:
                    _print([say("jobs.worker_died", lang, pid=process.pid, reason=signal.Signals(-code).name)])
        except KeyboardInterrupt:  # Ctrl-C reached the workers too: each puts its file back in the queue and ends
            for process in workers:
                process.wait()
            return 130
    jobs = queue.jobs(keys)
    failures += sum(j.state == JOB_FAILED for j in jobs)
    unfinished = sum(j.state in (WAITING, CLAIMED) for j in jobs)
    if unfinished:
        _print([say("jobs.unfinished", lang, count=unfinished)])
    count = len(files) + len(urls)
    if count:
        _print([say("cli.indexed", lang, done=count - failures - unfinished, count=count,
                    database=config.database_shown)])
    return 1 if failures or unfinished or (args.reparse and not_again) else 0


def cmd_jobs(args, config: Config) -> int:
    """The queue: counts by state, then each claimed job (its worker, its lease) and each failed one (its reason)."""
    from index.schema import CLAIMED, FAILED

    lang = config.language
    queue = built(config, text=False).jobs
    if args.clear:
        print(say("jobs.cleared", lang, count=queue.clear()))
        return 0
    jobs, counts = queue.jobs(), queue.counts()
    if args.format == "json":
        rows = [{"name": j.name, "path": j.path, "url": j.url, "state": j.state, "owner": j.owner,
                 "attempts": j.attempts, "lease_left": j.lease_left, "reason": said(j.reason, lang) or None,
                 "report": j.report_id} for j in jobs]
        print(json.dumps({"counts": counts, "jobs": rows}, ensure_ascii=False, indent=2))
        return 0
    lines = [say("jobs.counts", lang, **counts)]
    for j in jobs:
        if j.state == CLAIMED:
            left = j.lease_left or 0.0
            lines.append(say("jobs.claimed" if left >= 0 else "jobs.expired", lang, name=j.name, owner=j.owner,
                             attempts=j.attempts, left=round(abs(left))))
        elif j.state == FAILED:
            lines.append(say("jobs.failed_line", lang, name=j.name, reason=said(j.reason, lang)))
    _print(lines)
    return 0
