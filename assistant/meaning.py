"""The template's rows read by meaning: the embedding model over what each row counts, beside the word lists.

Every row and group of both formats is described by its printed label, its English name and a gloss of
what it counts in each language (index.glosses). A question — its agency names and years taken out — is
embedded once and scored against every description; a row's score is its best description's cosine.
understand.py fuses these scores with its exact word matches (`resolve`): the words decide when they name
a specific row, the meaning decides when they only name the default ("申请", "requests"), when a group was
named and the question describes one of its rows, or when the meaning of another row is clearly closer.
"""

from __future__ import annotations

import threading

import numpy as np

from index.glosses import GLOSSES
from index.template import TABLES

Key = tuple[str, str, str]  # table, "row" | "group", id


def descriptions() -> list[tuple[Key, str]]:
    """(row or group, text) for every description: label, English name, and both glosses."""
    out: list[tuple[Key, str]] = []
    for t in TABLES:
        named: dict[Key, set[str]] = {}
        for r in t.rows:
            named.setdefault((t.id, "row", r.id), set()).update((r.label, r.en))
        for g in t.groups:
            named.setdefault((t.id, "group", g.id), set()).update((g.label, g.en))
        for key, texts in named.items():
            if key in GLOSSES:  # groups that are only headings (第二十条第（一）项) are never asked about
                out += [(key, text) for text in sorted(texts | set(GLOSSES[key]))]
    return out


class Meaning:
    """Scores of every template row and group for one question, from an `index.embedding.Embedder`."""

    def __init__(self, embedder):
        self.embedder = embedder
        self._keys: list[Key] = []
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def _load(self) -> np.ndarray:
        with self._lock:
            if self._matrix is None:
                described = descriptions()
                self._keys = [key for key, _ in described]
                self._matrix = self.embedder.passages([text for _, text in described])
            return self._matrix

    def scores(self, text: str) -> dict[Key, float]:
        """Cosine of the question with each row's closest description (the vectors are normalised)."""
        matrix = self._load()
        similarity = matrix @ self.embedder.query(text)
        best: dict[Key, float] = {}
        for key, value in zip(self._keys, similarity):
            best[key] = max(best.get(key, -1.0), float(value))
        return best
