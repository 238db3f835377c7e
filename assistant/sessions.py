"""Where conversations are kept: each session's context by its name, in memory and, for the command line's
`--session`, on disk (one JSON file per session, replaced whole)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import asdict
from pathlib import Path

from .context import Context


class SessionStore:
    """Contexts by session name; in memory, and also on disk when given a directory (CLI --session)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._memory: dict[str, Context] = {}
        self._lock = threading.Lock()

    def _path(self, name: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:40]
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        return self.directory / f"{safe}-{digest}.json"

    def get(self, name: str) -> Context | None:
        with self._lock:
            if name in self._memory:
                return self._memory[name]
            if self.directory is not None and self._path(name).exists():
                try:
                    return Context(**json.loads(self._path(name).read_text(encoding="utf-8")))
                except (ValueError, TypeError):
                    return None
            return None

    def put(self, name: str, context: Context) -> None:
        with self._lock:
            self._memory[name] = context
            if self.directory is not None:
                self.directory.mkdir(parents=True, exist_ok=True)
                tmp = self._path(name).with_suffix(".tmp")
                tmp.write_text(json.dumps(asdict(context), ensure_ascii=False), encoding="utf-8")
                tmp.replace(self._path(name))

    def clear(self, name: str) -> None:
        with self._lock:
            self._memory.pop(name, None)
            if self.directory is not None:
                self._path(name).unlink(missing_ok=True)
