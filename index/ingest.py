"""Ingest files into the store: skip unchanged ones, replace changed ones, report conflicts.

Facts, checks and text chunks of a report are written in one SQL transaction; the chunk
vectors go to Chroma right after, under the chunk ids. Embeddings are computed before
anything is written, so a failure there leaves the index as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chunks import prose_chunks, table_chunks
from .embedding import Embedder
from .readers import SUPPORTED
from .report import ReportError, file_hash, parse_report
from .store import ReportInfo, Store
from .vectors import VectorStore

INDEXED, REPLACED, UNCHANGED, FAILED = "indexed", "replaced", "unchanged", "failed"


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
    message: str = ""
    conflicts: list[ReportInfo] = field(default_factory=list)
    chunks: int = 0


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            out.append(path)
    return out


def ingest_file(path: Path, store: Store, text: TextIndex | None = None) -> Outcome:
    """Parse and store one file; never raises for a bad file (the outcome says what went wrong)."""
    path = Path(path).resolve()
    if not path.exists():
        return Outcome(path, FAILED, message="no such file")
    try:
        sha = file_hash(path)
    except OSError as exc:
        return Outcome(path, FAILED, message=f"cannot read the file ({exc.strerror})")
    existing = store.by_path(path)
    if existing and existing.sha256 == sha:
        return Outcome(path, UNCHANGED, existing, "unchanged since the last ingest")
    same_content = store.by_hash(sha)
    if same_content and not existing:
        return Outcome(path, UNCHANGED, same_content, f"same content as {same_content.file}, already indexed")
    try:
        parsed = parse_report(path)
        chunks = prose_chunks(parsed.sections) + table_chunks(parsed.facts, parsed.agency.name, parsed.year)
        embeddings = (text.embedder.passages([c.embed_text(parsed.agency.name, parsed.year) for c in chunks])
                      if text else None)
    except ReportError as exc:
        return Outcome(path, FAILED, message=str(exc))
    except Exception as exc:  # a parser bug on an odd file must not take the batch down
        return Outcome(path, FAILED, message=f"could not parse the file ({type(exc).__name__}: {exc})")
    info = store.save(parsed, path, chunks)
    if text is not None:
        try:
            if existing:
                text.vectors.delete_report(existing.id)
            stored = store.chunks(info.id)
            text.vectors.add([str(c.id) for c in stored], embeddings, [c.embed_text for c in stored],
                             [c.metadata() for c in stored])
        except Exception as exc:
            store.remove(info.id)  # never leave facts without their chunks' vectors
            return Outcome(path, FAILED, message=f"could not store the text vectors ({type(exc).__name__}: {exc})")
    conflicts = [r for r in store.reports(year=info.year)
                 if r.agency.name == info.agency.name and r.id != info.id]
    message = ""
    if conflicts:
        message = (f"{info.agency.name} {info.year} is also indexed from "
                   f"{', '.join(r.file for r in conflicts)}; both are kept and answers will name both")
    return Outcome(path, REPLACED if existing else INDEXED, info, message, conflicts, len(chunks))
