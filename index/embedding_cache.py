"""Vectors already computed, by what was embedded: a text embeds to the same vector every time with the same model,
so a passage indexed again (a report re-parsed after a parser upgrade, replaced by a corrected version, ingested
into another data directory) or a question asked again is not embedded again.

One SQLite file (REPORTQA_EMBED_CACHE; by default `embeddings.sqlite3` in the data directory), keyed by the sha256
of the model's identity and the text with its prompt; several processes may read and write it at once. It is only a
cache: a file that cannot be opened, read or written costs the embedding again, never an answer.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"


def model_identity(model_path: Path, onnx_file: Path | None = None) -> str:
    """What makes a model's vectors its own: its folder, and the size and time of each of its weight files (a model
    rebuilt in the same folder is another model); run through an ONNX export (int8: other vectors), that file too."""
    files = sorted(p for p in Path(model_path).glob("*") if p.suffix in (".safetensors", ".bin", ".json"))
    parts = [str(Path(model_path).resolve())] + [_stamp(p) for p in files]
    return "|".join(parts + ([f"onnx:{_stamp(Path(onnx_file))}"] if onnx_file else []))


def _stamp(path: Path) -> str:
    return f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}"


class VectorCache:
    def __init__(self, path: Path, model_path: Path, onnx_file: Path | None = None):
        self.path = Path(path)
        self._model = model_identity(model_path, onnx_file)
        self._local = threading.local()

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model}\0{text}".encode()).hexdigest()

    def _db(self) -> sqlite3.Connection | None:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
                db.commit()
            except (OSError, sqlite3.Error) as error:
                log.warning("embedding cache %s: %s", self.path, error)
                return None
            self._local.db = db
        return db

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors known of these texts (prompt included), by text."""
        db = self._db()
        if db is None or not texts:
            return {}
        keys = {self.key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        try:
            listed = list(keys)
            for start in range(0, len(listed), 500):
                chunk = listed[start:start + 500]
                rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall()
                for key, blob in rows:
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as error:
            log.warning("embedding cache %s: %s", self.path, error)
            return {}
        return found

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        db = self._db()
        if db is None or not texts:
            return
        try:
            with db:
                db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
                               [(self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)])
        except sqlite3.Error as error:
            log.warning("embedding cache %s: %s", self.path, error)
