"""Hybrid retrieval over the prose chunks: vectors (Chroma) + BM25 over jieba tokens, fused by RRF.

Both retrievers are LlamaIndex retrievers returning the same nodes (built from the SQL chunk
records), and LlamaIndex's QueryFusionRetriever fuses them by reciprocal rank.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .embedding import Embedder
from .store import Store, StoredChunk
from .vectors import VectorStore, where_filter

_STOPWORDS = set("的 了 是 在 和 与 及 或 吗 呢 啊 吧 么 什么 多少 哪些 哪个 怎么 怎样 如何 有 为 对 把 被 其 中 年 年度 请问 "
                 "情况 工作 政府 信息 公开 报告 the a an of in on for to and or is are was were what how many "
                 "much which did does do".split())
_WORD = re.compile(r"\w")


def tokens(text: str) -> list[str]:
    """jieba search-mode tokens, lower-cased, without punctuation."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [t.lower() for t in jieba.lcut_for_search(text) if _WORD.search(t)]


def query_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in _STOPWORDS]


@dataclass
class Passage:
    chunk: StoredChunk
    score: float


def _nodes(chunks: list[StoredChunk]):
    from llama_index.core.schema import TextNode

    # identical nodes from both retrievers: the fusion step matches them by content hash
    return {c.id: TextNode(id_=str(c.id), text=c.embed_text, metadata={"chunk_id": c.id}) for c in chunks}


class _Retrievers:
    """LlamaIndex retrievers for one set of chunks (one filter)."""

    def __init__(self, chunks: list[StoredChunk], vectors: VectorStore, embedder: Embedder, k: int):
        import bm25s
        from llama_index.core.retrievers import BaseRetriever
        from llama_index.core.schema import NodeWithScore

        nodes = _nodes(chunks)
        ids = list(nodes)
        report_ids = sorted({c.report_id for c in chunks})
        bm25 = bm25s.BM25()
        bm25.index([tokens(c.embed_text) or ["_"] for c in chunks], show_progress=False)

        class VectorRetriever(BaseRetriever):
            def _retrieve(self, query_bundle):
                hits = vectors.query(embedder.query(query_bundle.query_str), k, where_filter(report_ids))
                return [NodeWithScore(node=nodes[int(i)], score=s) for i, s in hits if int(i) in nodes]

        class BM25Retriever(BaseRetriever):
            def _retrieve(self, query_bundle):
                q = query_tokens(query_bundle.query_str)
                if not q:
                    return []
                found, scores = bm25.retrieve([q], k=min(k, len(ids)), show_progress=False)
                return [NodeWithScore(node=nodes[ids[int(i)]], score=float(s))
                        for i, s in zip(found[0], scores[0]) if s > 0]

        self.vector = VectorRetriever()
        self.bm25 = BM25Retriever()


class HybridSearch:
    """search(question, report_ids) → the best passages, best first."""

    def __init__(self, store: Store, vectors: VectorStore, embedder: Embedder, candidates: int = 20):
        import contextlib
        import io

        from llama_index.core import Settings

        # LlamaIndex defaults to OpenAI for both; nothing here may reach the network. Setting
        # them prints a notice on stdout, which would corrupt `ask --json` output.
        with contextlib.redirect_stdout(io.StringIO()):
            Settings.llm = None
            Settings.embed_model = None
        self.store, self.vectors, self.embedder, self.candidates = store, vectors, embedder, candidates
        self.chunks = {c.id: c for c in store.chunks()}
        self._cache: OrderedDict[tuple, _Retrievers] = OrderedDict()
        self._lock = threading.Lock()
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()  # its lazy first load is not thread-safe

    def _retrievers(self, report_ids: list[int] | None) -> _Retrievers | None:
        key = tuple(sorted(report_ids)) if report_ids is not None else ("all",)
        with self._lock:  # requests arrive on many threads
            return self._cached(key, report_ids)

    def _cached(self, key: tuple, report_ids: list[int] | None) -> _Retrievers | None:
        if key not in self._cache:
            wanted = None if report_ids is None else set(report_ids)
            chunks = [c for c in self.chunks.values() if wanted is None or c.report_id in wanted]
            if not chunks:
                return None
            self._cache[key] = _Retrievers(chunks, self.vectors, self.embedder, self.candidates)
            while len(self._cache) > 64:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return self._cache[key]

    def search(self, question: str, report_ids: list[int] | None = None, k: int = 5) -> list[Passage]:
        from llama_index.core.retrievers import QueryFusionRetriever

        retrievers = self._retrievers(report_ids)
        if retrievers is None:
            return []
        fusion = QueryFusionRetriever([retrievers.vector, retrievers.bm25], mode="reciprocal_rerank",
                                      similarity_top_k=k, num_queries=1, use_async=False)
        return [Passage(self.chunks[n.node.metadata["chunk_id"]], float(n.score or 0.0))
                for n in fusion.retrieve(question)]
