"""All Chroma access: one collection of chunk vectors that we compute ourselves.

A local folder (PersistentClient) by default; a Chroma server (HttpClient) when a URL is
configured. Chroma never embeds anything itself (embedding_function=None: its default
would download a model), and its telemetry is off.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import numpy as np

COLLECTION = "report_chunks"


class VectorStore:
    def __init__(self, path: Path | None = None, url: str | None = None, collection: str = COLLECTION):
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            client = chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                         ssl=parsed.scheme == "https", settings=settings)
        else:
            if path is None:
                raise ValueError("a Chroma folder or a Chroma server URL is needed")
            Path(path).mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.client = client
        self.collection = client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def add(self, ids: list[str], embeddings: np.ndarray, documents: list[str], metadatas: list[dict]) -> None:
        if ids:
            self.collection.upsert(ids=ids, embeddings=np.asarray(embeddings, dtype=np.float32).tolist(),
                                   documents=documents, metadatas=metadatas)

    def delete_report(self, report_id: int) -> None:
        self.collection.delete(where={"report_id": int(report_id)})

    def report_ids(self) -> set[int]:
        return set(self.report_counts())

    def report_counts(self) -> dict[int, int]:
        """Vectors per report id."""
        counts: dict[int, int] = {}
        got = self.collection.get(include=["metadatas"])
        for m in got["metadatas"] or []:
            counts[int(m["report_id"])] = counts.get(int(m["report_id"]), 0) + 1
        return counts

    def count(self) -> int:
        return self.collection.count()

    def query(self, embedding: np.ndarray, n: int, where: dict | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks, optionally filtered by metadata."""
        n = min(n, max(self.count(), 1))
        result = self.collection.query(query_embeddings=[np.asarray(embedding, dtype=np.float32).tolist()],
                                       n_results=n, where=where or None, include=["distances"])
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]


def where_filter(report_ids: list[int] | None) -> dict | None:
    """Chroma metadata filter for a set of reports (None: everything)."""
    if report_ids is None:
        return None
    if len(report_ids) == 1:
        return {"report_id": int(report_ids[0])}
    return {"report_id": {"$in": [int(r) for r in report_ids]}}
