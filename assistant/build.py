"""The one place a `Config` becomes the running parts: the record store, the text index, the search and the
assistant. The CLI, the service behind the app and the API, the benches and the tests all build through here.

    parts = build(config)           # nothing heavy yet: the embedding model loads on first use
    parts.store                     # records (SQLite or PostgreSQL)
    parts.text                      # the embedding model and the Chroma collection (index/ingest.TextIndex)
    parts.originals                 # the indexed files, kept by hash (parsed again when the parser changes)
    parts.jobs                      # the jobs queue: files claimed by `work` processes on any machine
    parts.fetcher()                 # reports given by URL, fetched into the data directory (index/fetch.py)
    parts.assistant()               # an assistant over the records as they are now (rebuild after an ingest)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index import offline_environment

from .config import Config
from .engine import Assistant
from .records import Catalog
from .sessions import SessionStore


@dataclass
class Parts:
    config: Config
    store: object  # index.store.Store
    sessions: SessionStore
    embedder: object | None = None  # index.embedding.Embedder, loaded on first use unless given
    with_text: bool = True  # False: numbers only, no embedding model (the table route needs none)
    _text: object | None = field(default=None, repr=False)

    @property
    def text(self):
        """The embedding model and the Chroma collection (raises index.embedding.ModelError without a model)."""
        if self._text is None:
            from index.ingest import TextIndex
            from index.vectors import VectorStore

            if self.embedder is None:
                self.embedder = load_embedder(self.config)
            self._text = TextIndex(self.embedder, VectorStore(self.config.chroma_path, self.config.chroma_url))
        return self._text

    @property
    def jobs(self):
        """The jobs queue in the records database (index/jobs.py): files claimed by workers on any machine."""
        from index.jobs import JobQueue

        return JobQueue(self.store.engine, attempts=self.config.job_attempts)

    @property
    def originals(self):
        from index.originals import Originals

        return Originals(self.config.data_dir)

    def fetcher(self, remote: bool = True):
        """What fetches reports given by URL (index/fetch.py), into the data directory. `remote`: for a request
        from someone else (the app, the API), which fetches what REPORTQA_FETCH_URLS allows (public addresses only
        by default); the command line fetches any address (whoever runs it could fetch it anyway)."""
        from index.fetch import Fetcher

        return Fetcher(self.originals.fetched, max_bytes=self.config.max_file_bytes,
                       timeout_s=self.config.fetch_timeout_s,
                       public_only=remote and self.config.fetch_urls != "all")

    def search_factory(self) -> Callable[[], object] | None:
        """The text search, made when the assistant first needs it (the model takes seconds to load)."""
        if not self.with_text:
            return None
        made: list = []

        def search():
            if not made:
                from index.search import HybridSearch

                made.append(HybridSearch(self.store, self.text.vectors, self.text.embedder))
            return made[0]

        return search

    def agency_rules(self) -> tuple[dict[str, str], tuple[str, ...]]:
        """The user's word on agency names (<data dir>/agencies.toml: `same` and `apart`; index.identity).
        Raises index.identity.AgencyFileError with a one-line reason for a file that cannot be read."""
        from index.identity import agency_rules

        return agency_rules(self.config.agencies_file)

    def assistant(self) -> Assistant:
        """An assistant over the records as stored now; the sessions are kept across rebuilds. An agencies file
        that cannot be read is left out (`agencies` says why), never a reason not to answer."""
        from index.identity import AgencyFileError

        try:
            same, apart = self.agency_rules()
        except AgencyFileError:
            same, apart = {}, ()
        catalog = Catalog.load(self.store, same, apart)
        return Assistant(catalog, self.sessions, self.search_factory(), self.language_model(catalog))

    def language_model(self, catalog: Catalog):
        """The optional language model (assistant/language.py): an OpenAI-compatible server when REPORTQA_LLM_URL
        is set (assistant/llm.py), else none: the rules read and word everything."""
        from .language import NoModel

        if not self.config.llm_url:
            return NoModel()
        from .llm import ChatClient, ChatModel

        client = ChatClient(self.config.llm_url, self.config.llm_model, self.config.llm_api_key,
                            self.config.llm_timeout_s)
        return ChatModel(client, catalog)


def load_embedder(config: Config, onnx_file: Path | None = None):
    """The embedding model alone (to share one between several built indexes: benches, tests); `onnx_file`: another
    export than build-model's (bench/embedding.py compares them)."""
    from index.embedding import Embedder

    return Embedder(config.embed_model, cache=config.embed_cache, backend=config.embed_backend, onnx_file=onnx_file)


def build(config: Config, *, embedder=None, text: bool = True, persist_sessions: bool = False) -> Parts:
    """The running parts for `config`. Pass an `embedder` already loaded to share it (tests, benches)."""
    from index.store import Store

    from .agencies import named

    offline_environment()
    sessions = SessionStore(config.data_dir / "sessions" if persist_sessions else None)
    return Parts(config, Store(config.database_url, names=named), sessions, embedder, text)
