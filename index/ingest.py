"""Ingest files into the store: skip unchanged ones, replace changed ones, report conflicts.

Facts, checks and text chunks of a report are written in one SQL transaction; the chunk
vectors go to Chroma right after, under the chunk ids. Embeddings are computed before
anything is written, so a failure there leaves the index as it was.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .checks import RULES, YEARS
from .chunks import prose_chunks, table_chunks
from .embedding import Embedder
from .identity import canonical_agencies
from .messages import Message, Sentence
from .readers import READERS
from .originals import Originals
from .report import PROSE_ONLY, ReportError, file_hash, parse_report, records_version
from .store import ReportInfo, Store
from .template import APPLICATIONS
from .vectors import VectorStore
from .worker import ParsePool

INDEXED, REPLACED, REPARSED, UNCHANGED, FAILED = "indexed", "replaced", "reparsed", "unchanged", "failed"


@dataclass
class TextIndex:
    """Where chunk vectors go, and the model that makes them."""

    embedder: Embedder
    vectors: VectorStore


@dataclass
class Outcome:
    path: Path
    status: str
    report: ReportInfo | None = None
    message: str = ""  # a `Sentence`: English as a str, `said(outcome.message, language)` in any language
    conflicts: list[ReportInfo] = field(default_factory=list)
    chunks: int = 0


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS))
        else:
            out.append(path)
    return out


@dataclass
class Prepared:
    """A parsed file ready to store: its report, chunks and how long each stage took."""

    path: Path
    parsed: object = None
    chunks: list = field(default_factory=list)
    error: str | None = None  # a `Sentence`
    timings: dict[str, float] = field(default_factory=dict)


def prepare(path: Path) -> Prepared:
    """Read, parse and chunk one file (no store, no model: what a `ParsePool` worker runs).

    Raises MemoryError when one is behind the failure, even wrapped by a reader: the pool's
    memory limit then names the cause.
    """
    timings: dict[str, float] = {}
    try:
        parsed = parse_report(path, timings, rules=False)  # the rules run in the ingesting process (_store)
        started = time.perf_counter()
        chunks = prose_chunks(parsed.sections) + table_chunks(parsed.facts, parsed.agency.name, parsed.year)
        timings["chunks"] = time.perf_counter() - started
    except Exception as exc:  # a parser bug on an odd file must not take the batch down
        if _out_of_memory(exc):
            raise MemoryError from None
        error = (Sentence(exc.message) if isinstance(exc, ReportError)
                 else Sentence("ingest.parse_failed", error=f"{type(exc).__name__}: {exc}"))
        return Prepared(path, error=error, timings=timings)
    return Prepared(path, parsed, chunks, timings=timings)


def _out_of_memory(exc: BaseException | None) -> bool:
    """A MemoryError is `exc` or behind it (readers turn every failure into a ReadError)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def reconcile(store: Store, vectors: VectorStore) -> list[str]:
    """Make the records and the vectors agree after a crash; returns what was repaired (`Sentence`s).

    Half-written (pending) reports and vectors without a report are removed; a complete report
    whose vectors are incomplete is removed too, so the next ingest indexes it again.
    """
    repaired = []
    pending = set(store.pending_ids())
    for report_id in store.abandoned_ids():
        pending.discard(report_id)
        vectors.delete_report(report_id)
        store.remove(report_id)
        repaired.append(Sentence("ingest.removed_pending", report=report_id))
    chunks = store.chunk_counts()
    in_chroma = vectors.report_counts()
    for report_id in set(in_chroma) - set(chunks) - pending:  # a pending report's writer is still at work
        vectors.delete_report(report_id)
        repaired.append(Sentence("ingest.removed_vectors", count=in_chroma[report_id], report=report_id))
    for report_id, n in chunks.items():
        if in_chroma.get(report_id, 0) != n:
            vectors.delete_report(report_id)
            store.remove(report_id)
            repaired.append(Sentence("ingest.removed_incomplete", report=report_id, stored=in_chroma.get(report_id, 0),
                                     total=n))
    recheck_years(store, None if repaired else ())
    return repaired


def recheck_years(store: Store, agencies: Iterable[str] | None = None) -> None:
    """Recompute the rules across years (rule 5) for these agencies (None: every agency), and for any
    agency with a report that has none of a rule stored yet (indexed before that rule existed)."""
    reports = None
    for rule in (r for r in RULES.values() if r.scope == YEARS):
        names = set(agencies or ()) | set(store.agencies_without_rule(rule.id))
        if not names and agencies is not None:
            continue  # nothing to recompute: no report is loaded (reconcile calls this on every ingest)
        reports = reports if reports is not None else store.reports()
        if agencies is None:
            names |= {r.agency.name for r in reports}
        # one agency under several printed names (洪泽区人民政府 2023, 淮安市洪泽区人民政府 2024) is one series of years
        one = canonical_agencies(list({r.agency.name: r.agency for r in reports}.values()))
        for agency in dict.fromkeys(one[name] for name in sorted(names) if name in one):
            mine = [r for r in reports if one[r.agency.name] == agency]
            store.replace_checks(rule.id, rule.run(
                [(r.id, r.year, store.report_facts(r.id, APPLICATIONS.id)) for r in mine]))


def reparse_outdated(store: Store, text: TextIndex | None, originals: Originals, parser: ParsePool,
                     force: bool = False, progress: Callable[[Outcome], None] | None = None,
                     batch: int = 16) -> list[Outcome]:
    """Parse again, from its original, every report an older parser or rules version made (`force`: every
    report). Each is replaced the way a changed file is: the old records answer until the new ones are
    complete, so a crash leaves the old report, parsed again on the next start. A report whose original is
    gone keeps its records and is named in a failed outcome."""
    version = records_version()
    todo = store.reports() if force else store.outdated(version)
    outcomes = []
    for start in range(0, len(todo), batch):
        group = todo[start:start + batch]
        sources = [originals.source(r.path, r.sha256) for r in group]
        found = [(r, s) for r, s in zip(group, sources) if s is not None]
        prepared = parser.map([s for _, s in found]) if found else []
        for p, (report, _) in zip(prepared, found):
            p.path = Path(report.path)  # parsed from the kept copy, stored under the path it was indexed from
        embeddings = _embed(prepared, text, {})
        for (report, source), p, vectors in zip(found, prepared, embeddings):
            if p.parsed:
                originals.keep(source, report.sha256)  # (indexed before originals were kept: from now on)
            outcome = _store(p, report, store, text, vectors, version, report.url)
            if outcome.status == REPLACED:
                outcome.status = REPARSED
                outcome.message = Sentence("ingest.reparsed", old=report.version or Message("ingest.no_version"),
                                           new=version)
            outcomes.append(outcome)
        outcomes += [Outcome(Path(r.path), FAILED, r, Sentence("ingest.cannot_reparse"))
                     for r, s in zip(group, sources) if s is None]
        for o in outcomes[-len(group):]:
            if progress:
                progress(o)
    recheck_years(store, {o.report.agency.name for o in outcomes if o.report})
    return outcomes


def ingest_file(path: Path, store: Store, text: TextIndex | None = None, parser: ParsePool | None = None,
                originals: Originals | None = None, allow_prose: bool = False, url: str | None = None) -> Outcome:
    """Parse and store one file (`url`: the address it was fetched from); never raises for a bad file (the outcome
    says what went wrong)."""
    return ingest_many([path], store, text, parser=parser, originals=originals, allow_prose=allow_prose,
                       urls={path: url} if url else None)[0][0]


def ingest_many(paths: Iterable[Path], store: Store, text: TextIndex | None = None, workers: int = 1,
                batch: int = 16, progress: Callable[[Outcome], None] | None = None,
                max_bytes: int | None = None, parser: ParsePool | None = None,
                originals: Originals | None = None, allow_prose: bool = False,
                urls: dict[Path, str] | None = None, guard: Callable[[], AbstractContextManager] = nullcontext,
                repair: bool = True) -> tuple[list[Outcome], dict[str, float]]:
    """Ingest many files: parsed in `parser`'s worker processes, embeddings computed a batch at a time.

    A document that is no annual report (no agency and year in its title, no template tables) is refused
    with a one-line reason; with `allow_prose` it is kept as prose only (searchable text, no records).

    Without `parser`, a pool of `workers` processes (default limits) is made for this call and
    closed at its end; files are never parsed in this process. With `originals`, each file indexed is
    kept there (so it can be parsed again when the parser or the rules change). `urls`: the address each file
    fetched by URL came from (index/fetch.py), stored with its report and cited. Returns the outcomes in
    input order and the seconds spent per stage (read, parse, facts, chunks, embed, store; parse
    stages summed over workers). `guard` wraps every write (a worker of the jobs queue, index/job_runner.py: the
    writer lock for that file alone, and its claim still held); `repair`: reconcile records and vectors first.
    """
    timings: dict[str, float] = {}
    outcomes: dict[int, Outcome] = {}
    if text is not None and repair:
        with guard():
            reconcile(store, text.vectors)
    todo: list[tuple[int, Path, ReportInfo | None]] = []
    seen: dict[str, Path] = {}
    paths = [Path(p).resolve() for p in paths]
    urls = {Path(p).resolve(): url for p, url in (urls or {}).items()}
    for i, path in enumerate(paths):
        outcome, existing = triage(path, store, seen, max_bytes)
        if outcome is not None:
            outcomes[i] = outcome
            if progress:
                progress(outcome)
        else:
            todo.append((i, path, existing))
    version = records_version()
    # a pool made here is closed here; one passed in (the service's, the CLI's) outlives the call
    pool = parser or (ParsePool(workers=workers) if todo else None)
    try:
        for start in range(0, len(todo), batch):
            group = todo[start:start + batch]
            prepared = pool.map([p for _, p, _ in group])
            if not allow_prose:
                prepared = [_refused_if_no_report(p) for p in prepared]
            for p in prepared:
                for stage, seconds in p.timings.items():
                    timings[stage] = timings.get(stage, 0.0) + seconds
            embeddings = _embed(prepared, text, timings)
            for (i, path, existing), p, vectors in zip(group, prepared, embeddings):
                started = time.perf_counter()
                if originals is not None and p.parsed:
                    originals.keep(path, p.parsed.sha256)  # before the records: a stored report has its original
                with guard():
                    outcomes[i] = _store(p, existing, store, text, vectors, version, urls.get(path))
                timings["store"] = timings.get("store", 0.0) + time.perf_counter() - started
                if progress:
                    progress(outcomes[i])
    finally:
        if pool is not None and pool is not parser:
            pool.close()
    done = [o for o in outcomes.values() if o.status in (INDEXED, REPLACED)]
    with guard():
        recheck_years(store, {o.report.agency.name for o in done} | {e.agency.name for _, _, e in todo if e})
    return [outcomes[i] for i in range(len(paths))], timings


def drop_unindexed(fetched: Iterable, outcomes: Iterable[Outcome]) -> None:
    """Delete each file fetched by URL (index/fetch.Fetched) that no report was indexed from: refused, or the same
    content as a report indexed from elsewhere (a report it replaced keeps its original, index/originals.py)."""
    kept = {o.report.path for o in outcomes if o.report}
    for f in fetched:
        if str(f.path) not in kept:
            f.discard()


def triage(path: Path, store: Store, seen: dict[str, Path],
            max_bytes: int | None = None) -> tuple[Outcome | None, ReportInfo | None]:
    """An outcome for files that need no parsing (missing, unreadable, too big, unchanged), else None."""
    if not path.is_file():
        return Outcome(path, FAILED, message=Sentence("ingest.no_file")), None
    if path.stat().st_size == 0:
        return Outcome(path, FAILED, message=Sentence("read.empty")), None
    if max_bytes is not None and path.stat().st_size > max_bytes:
        return Outcome(path, FAILED, message=Sentence("ingest.too_large", limit=max_bytes // (1024 * 1024))), None
    try:
        sha = file_hash(path)
    except OSError as exc:
        return Outcome(path, FAILED, message=Sentence("ingest.cannot_read", error=exc.strerror)), None
    existing = store.by_path(path)
    if existing and existing.sha256 == sha:
        return Outcome(path, UNCHANGED, existing, Sentence("ingest.unchanged")), None
    same_content = store.by_hash(sha)
    if same_content and not existing:
        return Outcome(path, UNCHANGED, same_content, Sentence("ingest.same_content", file=same_content.file)), None
    if sha in seen:
        return Outcome(path, UNCHANGED, None, Sentence("ingest.same_in_batch", file=seen[sha].name)), None
    seen[sha] = path
    return None, existing


_REPORT_TITLE = re.compile(r"年度报告|年报|工作报告")


def _refused_if_no_report(p: Prepared) -> Prepared:
    """A document with neither an annual report's title nor its tables, as a refusal (never stored under an
    agency made of its first line and year 0, nor under "召开" 2021 from "关于召开2021年政务公开工作推进会的通知")."""
    if p.parsed is None or p.parsed.format != PROSE_ONLY:
        return p
    titled = _REPORT_TITLE.search(p.parsed.title) and not any(
        getattr(Message.decode(note), "key", None) == "note.not_annual" for note in p.parsed.notes)
    if titled:  # an annual report whose tables could not be read: its text is still the report's
        return p
    return Prepared(p.path, error=Sentence("ingest.not_report"), timings=p.timings)


def _embed(prepared: list[Prepared], text: TextIndex | None, timings: dict[str, float]) -> list:
    """One embedding call for the whole batch; split back per file."""
    if text is None:
        return [None] * len(prepared)
    started = time.perf_counter()
    texts = [c.embed_text(p.parsed.agency.name, p.parsed.year) for p in prepared if p.parsed for c in p.chunks]
    vectors = text.embedder.passages(texts) if texts else []
    timings["embed"] = timings.get("embed", 0.0) + time.perf_counter() - started
    out, at = [], 0
    for p in prepared:
        n = len(p.chunks) if p.parsed else 0
        out.append(vectors[at:at + n] if p.parsed else None)
        at += n
    return out


def _store(p: Prepared, existing: ReportInfo | None, store: Store, text: TextIndex | None, vectors,
           version: str, url: str | None = None) -> Outcome:
    if p.error:
        return Outcome(p.path, FAILED, message=p.error)
    p.parsed.apply_rules()  # here, not in the parsing worker: the rules registered in this process apply
    # records first, invisible ("pending") until the vectors are in Chroma too; the report they replace
    # answers until then: a crash in between leaves a pending report that `reconcile` removes, never half one
    info = store.save(p.parsed, p.path, p.chunks, pending=text is not None, version=version, url=url)
    if text is not None:
        try:
            stored = store.chunks(info.id)
            text.vectors.add([str(c.id) for c in stored], vectors, [c.embed_text for c in stored],
                             [c.metadata() for c in stored])
            replaced = store.complete(info.id)
        except Exception as exc:
            text.vectors.delete_report(info.id)
            store.remove(info.id)  # never leave facts without their chunks' vectors
            return Outcome(p.path, FAILED, message=Sentence("ingest.vectors_failed", error=f"{type(exc).__name__}: {exc}"))
        for report_id in replaced:
            text.vectors.delete_report(report_id)
        info = store.by_path(p.path)
    conflicts = [r for r in store.same_agency_year(info.agency.name, info.year) if r.id != info.id]
    message = ""
    if conflicts:
        message = Sentence("ingest.also_indexed", agency=info.agency.name, year=info.year,
                           files=[r.file for r in conflicts])
    return Outcome(p.path, REPLACED if existing else INDEXED, info, message, conflicts, len(p.chunks))
