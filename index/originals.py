"""The original of every indexed file, kept in the data directory by content hash.

When the parser or the rules change, a report is parsed again from its original (index/ingest.py,
`reparse_outdated`), even after the file it was indexed from has moved, changed or gone. Files already
inside the data directory (uploads, stored under their hash) are their own original; a page fetched by URL
(`fetched/`, index/fetch.py) is rewritten when its URL is fetched again, so it is copied like any file.

    originals/ab/ab12…ef/洛宁县2020年政府信息公开工作年度报告.pdf
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .report import file_hash


class Originals:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir).resolve()
        self.folder = self.data_dir / "originals"
        self.fetched = self.data_dir / "fetched"  # where index/fetch.py writes what it fetches (one folder per URL)

    def _place(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def keep(self, path: Path, sha256: str) -> None:
        """Copy `path` in under its hash (once; the copy keeps the file's name, which parsing may read)."""
        path = Path(path).resolve()
        if (self.data_dir in path.parents and self.fetched not in path.parents) or self.find(sha256):
            return
        place = self._place(sha256)
        place.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=place.parent, prefix=".incoming-"))
        try:
            shutil.copyfile(path, staging / path.name)
            os.replace(staging, place)  # whole or not at all: a crash mid-copy leaves only a staging folder
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not self.find(sha256):  # (another writer may have put it there first)
                raise

    def find(self, sha256: str) -> Path | None:
        place = self._place(sha256)
        return next((p for p in place.iterdir() if p.is_file()), None) if place.is_dir() else None

    def source(self, path: str | Path, sha256: str) -> Path | None:
        """Where the file indexed from `path` with this content can be read now: the kept copy, else the
        file itself if it still has that content; None when neither is left."""
        kept = self.find(sha256)
        if kept:
            return kept
        path = Path(path)
        try:
            return path if path.is_file() and file_hash(path) == sha256 else None
        except OSError:
            return None

    def drop(self, sha256: str) -> None:
        """Forget a file's original (its report was removed)."""
        shutil.rmtree(self._place(sha256), ignore_errors=True)
