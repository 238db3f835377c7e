"""The long-running service behind the app and the API: one index, many sessions, safe uploads."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.messages import Message, MessageError, Sentence, message_of, say

from .build import build
from .config import BUNDLED_REPORTS, Config
from .engine import Assistant

REFRESH_SECONDS = 2.0  # how often a process looks for reports indexed elsewhere


class UploadError(MessageError):
    """An upload the service refuses: `UploadError("read.empty")`, said in any language (`str()`: English)."""


class QueryError(MessageError, ValueError):
    """A query the service cannot answer (an unknown table): said in any language (`str()`: English)."""


@dataclass
class UploadResult:
    ok: bool
    message: str  # a `Sentence`: English as a str, `said(result.message, language)` in any language
    report: dict | None = None


class Service:
    """Owns the store, the text index and the assistant; reloads them after every ingest."""

    def __init__(self, config: Config, max_upload_bytes: int | None = None):
        from index.ingest import reconcile
        from index.worker import ParsePool
        from index.writer import WriterBusy, writer_lock

        self.config = config
        self.max_upload_bytes = max_upload_bytes or config.max_file_bytes
        self.parts = build(config)
        self.store, self.text, self.sessions = self.parts.store, self.parts.text, self.parts.sessions
        self._ingest_lock = threading.Lock()
        # uploads are parsed in a bounded worker: a decompression bomb costs its time limit, not the server
        self.parser = ParsePool(timeout_s=config.parse_timeout_s, memory_mb=config.parse_memory_mb)
        self.repaired: list[str] = []
        try:
            # only if no one is writing: a writer reconciles itself, and the app must not wait to start
            with writer_lock(config.database_url, wait_s=0):
                self.repaired = reconcile(self.store, self.text.vectors)  # after a crash mid-ingest
        except WriterBusy:
            pass
        self._checked = time.monotonic()
        self.assistant = self._build_assistant()
        # reports an older parser or rules version made are parsed again in the background; the old records
        # answer until each new one is complete
        self.reparsed: list = []
        self.upgraded = threading.Event()
        threading.Thread(target=self._reparse_outdated, name="reparse", daemon=True).start()

    def _reparse_outdated(self) -> None:
        from index.ingest import reparse_outdated
        from index.writer import WriterBusy, writer_lock

        try:
            with self._ingest_lock:
                try:
                    with writer_lock(self.config.database_url, wait_s=0):
                        self.reparsed = reparse_outdated(self.store, self.text, self.parts.originals, self.parser)
                except WriterBusy:
                    return  # another process is writing: its ingest parses them again
                if self.reparsed:
                    self.reload()
        finally:
            self.upgraded.set()

    def _build_assistant(self) -> Assistant:
        self._version = self.store.version()
        return self.parts.assistant()

    def reload(self) -> None:
        # a new assistant object is swapped in whole: requests in flight keep the old one
        self.assistant = self._build_assistant()

    def refresh(self) -> None:
        """Pick up reports another process indexed (several app processes may share one database)."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS:
            return
        self._checked = now
        if self.store.version() != self._version and self._ingest_lock.acquire(blocking=False):
            try:
                self.reload()
            finally:
                self._ingest_lock.release()

    # --- questions ---------------------------------------------------------------------------

    def ask(self, question: str, session: str | None = None) -> dict:
        self.refresh()
        return self.assistant.ask(question, session).to_json()

    def ask_stream(self, question: str, session: str | None = None) -> Iterator[tuple[str, dict]]:
        """`ask` told as it happens: ("text", {"text": the words so far}) while an optional model writes them, then
        ("answer", the same object as `ask`), which has the last word."""
        from .answer import as_data

        self.refresh()
        for kind, value in self.assistant.ask_stream(question, session):
            yield (kind, {"text": as_data(value)}) if kind == "text" else (kind, value.to_json())

    def clear(self, session: str) -> None:
        self.sessions.clear(session)

    def close(self) -> None:
        """Stop the parsing workers (on shutdown: a file being parsed must not keep the process up)."""
        self.parser.close()

    # --- index -------------------------------------------------------------------------------

    def reports(self, language: str = "en") -> list[dict]:
        from .answer import as_data, report_dict

        # names and file names come from reports and clients
        return as_data([report_dict(r, language) for r in self.store.reports()])

    def checks(self, agency: str | None = None, year: int | None = None, failed_only: bool = False,
               language: str = "en") -> list[dict]:
        from .answer import as_data, stored_checks

        # evidence quotes report sentences
        return as_data(stored_checks(self.store, agency, year, failed_only, language))

    def facts(self, agency: str | None = None, year: int | None = None, table: str | None = None) -> list[dict]:
        from index.template import find_table

        from .answer import as_data, fact_dict

        table_id = None
        if table:
            found = find_table(table)
            if found is None:
                raise QueryError("query.unknown_table", table=table)
            table_id = found.id
        return as_data([fact_dict(f) for f in self.store.facts(agency, year, table_id)])

    def source(self, fact_id: int, language: str = "en"):
        """A cited record shown in its report's original (assistant/source_view.py): a PNG of its PDF page with the
        cell boxed, or HTML of its table with the cell highlighted. Raises SourceError for an unknown record or an
        original that is gone."""
        from .source_view import SourceError, render_source

        found = self.store.source_fact(fact_id)
        if found is None:
            raise SourceError("source.unknown_fact", fact=fact_id)
        original = self.parts.originals.source(found.path, found.sha256)
        if original is None:
            raise SourceError("source.no_original", file=found.url or found.file)
        return render_source(found, original, scale=self.config.source_scale, language=language)

    def ingest_paths(self, paths: list[Path], progress: Callable[[float, str], None] | None = None,
                     urls: dict[Path, str] | None = None) -> list:
        """Ingest files (one at a time across the whole service), then make them answerable (`urls`: the address
        each file fetched by URL came from)."""
        from index.ingest import FAILED, Outcome, ingest_file
        from index.writer import WAITING, WriterBusy, writer_lock

        outcomes = []
        with self._ingest_lock:
            try:
                # other processes (the CLI, other app processes) may write to the same index
                with writer_lock(self.config.database_url, wait_s=self.config.writer_wait_s,
                                 on_wait=(lambda: progress(0.0, WAITING.say(self.config.language)))
                                 if progress else None):
                    for i, path in enumerate(paths):
                        if progress:
                            progress(i / max(len(paths), 1), say("upload.indexing", self.config.language, name=path.name))
                        outcomes.append(ingest_file(path, self.store, self.text, parser=self.parser,
                                                    originals=self.parts.originals,
                                                    allow_prose=self.config.allow_prose,
                                                    url=(urls or {}).get(path)))
            except WriterBusy as exc:
                return [Outcome(Path(path), FAILED, message=Sentence(exc.message)) for path in paths]
            self.reload()
        if progress:
            progress(1.0, say("upload.done", self.config.language))
        return outcomes

    def ingest_bundled_if_empty(self, progress: Callable[[float, str], None] | None = None) -> list:
        """On first start (nothing indexed) index the bundled sample reports."""
        if self.store.reports():
            return []
        from index.ingest import expand

        return self.ingest_paths(expand([BUNDLED_REPORTS]), progress)

    def upload(self, filename: str, data: bytes) -> UploadResult:
        """Store an uploaded report under a name of our own and ingest it."""
        from index.ingest import FAILED
        from index.readers import READERS, content_mismatch, format_names

        suffix = Path(filename or "").suffix.lower()
        if suffix not in READERS:
            raise UploadError("upload.unsupported", suffix=suffix or filename, formats=format_names())
        if len(data) > self.max_upload_bytes:
            raise UploadError("upload.too_large", limit=self.max_upload_bytes // (1024 * 1024))
        if not data:
            raise UploadError("read.empty")
        mismatch = content_mismatch(suffix, data)
        if mismatch:
            raise UploadError(message_of(mismatch))  # a reader's own sentence, if it has no message: as it is
        digest = hashlib.sha256(data).hexdigest()
        # the client's file name is never used as a path: only a cleaned copy for display
        shown = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", Path(filename).name)[:80]
        folder = self.config.data_dir / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{digest[:16]}-{shown}"
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        path.write_bytes(data)
        [outcome] = self.ingest_paths([path])
        if outcome.status == FAILED:
            path.unlink(missing_ok=True)
        return _result(outcome, shown)

    def ingest_url(self, url: str) -> UploadResult:
        """Fetch a report given by URL (the addresses REPORTQA_FETCH_URLS allows: public ones by default) and ingest
        it as an upload is; its report cites the URL. Raises UploadError for a URL that cannot be fetched."""
        from index.fetch import FetchError
        from index.ingest import drop_unindexed

        if self.config.fetch_urls == "off":
            raise UploadError("fetch.disabled")
        if not url.strip():
            raise UploadError("fetch.no_url")
        try:
            fetched = self.parts.fetcher(remote=True).fetch(url)
        except FetchError as exc:
            raise UploadError(exc.message) from None
        outcomes = self.ingest_paths([fetched.path], urls={fetched.path: fetched.url})
        drop_unindexed([fetched], outcomes)  # refused, or the same content as a report indexed from elsewhere
        return _result(outcomes[0], fetched.asked)


def _result(outcome, shown: str) -> UploadResult:
    """An upload's or a URL's outcome as one line (and the report it indexed)."""
    from index.ingest import FAILED

    if outcome.status == FAILED:
        return UploadResult(False, Sentence("upload.failed", name=shown, reason=message_of(outcome.message)))
    r = outcome.report
    summary = {"id": r.id, "agency": r.agency.name, "year": r.year, "format": r.format, "facts": r.facts,
               "failed_checks": r.failed_checks, "file": r.file, "url": r.url, "status": outcome.status}
    message = Message("upload.indexed", name=shown, agency=r.agency.name, year=r.year, facts=r.facts,
                      failed=r.failed_checks)
    if outcome.message:
        message = Message("upload.with_note", line=message, note=message_of(outcome.message))
    return UploadResult(True, Sentence(message), summary)
