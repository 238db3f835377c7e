"""The structure the code keeps: every setting read in `Config`, the running parts built in one place."""

import ast
from pathlib import Path

import pytest

from assistant.config import Config

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("assistant", "index", "bench") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]


def test_every_setting_comes_from_the_environment_through_config(tmp_path):
    env = {"REPORTQA_DATA_DIR": str(tmp_path), "REPORTQA_API_TOKEN": "t0k", "REPORTQA_CORS_ORIGINS": "https://a, https://b",
           "REPORTQA_HOST": "0.0.0.0", "REPORTQA_PORT": "9000", "REPORTQA_MAX_FILE_MB": "7",
           "REPORTQA_WRITER_WAIT": "3", "REPORTQA_PARSE_TIMEOUT": "9", "REPORTQA_PARSE_MEMORY_MB": "512",
           "REPORTQA_LLM_URL": "http://127.0.0.1:8080/v1", "REPORTQA_LLM_MODEL": "qwen", "REPORTQA_LLM_API_KEY": "k",
           "REPORTQA_LLM_TIMEOUT": "7", "REPORTQA_FETCH_TIMEOUT": "4", "REPORTQA_FETCH_URLS": "ALL",
           "REPORTQA_SOURCE_SCALE": "1.5"}
    config = Config.from_env(env)
    assert (config.fetch_timeout_s, config.fetch_urls, config.source_scale) == (4.0, "all", 1.5)
    assert (config.data_dir, config.api_token, config.cors_origins) == (tmp_path, "t0k", ("https://a", "https://b"))
    assert (config.host, config.port, config.max_file_mb, config.writer_wait_s) == ("0.0.0.0", 9000, 7, 3.0)
    assert (config.parse_timeout_s, config.parse_memory_mb) == (9.0, 512)
    assert (config.llm_url, config.llm_model, config.llm_api_key) == ("http://127.0.0.1:8080/v1", "qwen", "k")
    assert config.llm_timeout_s == 7.0
    assert config.database_url == f"sqlite:///{tmp_path / 'reportqa.sqlite3'}"
    defaults = Config.from_env({"REPORTQA_DATA_DIR": str(tmp_path)})
    assert defaults.llm_url is None and (defaults.fetch_timeout_s, defaults.fetch_urls) == (30.0, "public")
    assert defaults.source_scale == 2.0
    with pytest.raises(ValueError, match="REPORTQA_FETCH_URLS"):
        Config.from_env({"REPORTQA_FETCH_URLS": "everything"})


def test_the_migrations_make_the_tables_the_models_declare(tmp_path):
    """index/schema.py and index/migrations are kept in step: a database the migrations made differs in nothing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from index.schema import Base
    from index.store import Store

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Store(url)  # migrates to the newest revision
    with create_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def _reads_environment(tree: ast.AST) -> bool:
    """os.environ[...], os.environ.get(...) or os.getenv(...) used as a read (setdefault, a write, is not one)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "getenv":
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and ast.unparse(node.value) == "os.environ":
            return True
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.environ.items",
                                                                      "dict(os.environ)"):
            return True
    return False


def test_nothing_but_config_reads_the_environment():
    readers = {str(p.relative_to(ROOT)) for p in SOURCES if _reads_environment(ast.parse(p.read_text(encoding="utf-8")))}
    # bench/load.py hands the environment to the app processes it starts (minus their database settings)
    assert readers == {"bench/load.py"}, readers
    assert "os.environ" in (ROOT / "assistant" / "config.py").read_text(encoding="utf-8")


def test_the_running_parts_are_built_in_one_place():
    built = {str(p.relative_to(ROOT)) for p in SOURCES
             if any(isinstance(n, ast.Call) and ast.unparse(n.func) in ("Store", "VectorStore", "Embedder", "Assistant")
                    for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))}
    assert built == {"assistant/build.py"}, built


class Rephrasing:
    """A stand-in language model: keeps the rules' reading, says every answer its own way."""

    def __init__(self):
        self.read_calls = []

    def read(self, question, rules):
        self.read_calls.append((question, rules.table))
        return None

    def rewrite(self, question, intent, context):
        return None  # (the rules' words for a prose follow-up)

    def phrase(self, answer):
        from assistant.language import Phrasing

        return Phrasing("（换个说法）" + answer.answer)


def test_a_language_model_plugs_in_behind_one_interface_and_the_default_does_nothing(tmp_path):
    from bench.synth import random_spec, render_txt
    from index.ingest import ingest_many

    from .conftest import built

    parts = built(tmp_path)
    spec = random_spec(7, agency="宝丰县人民政府", year=2021)
    ingest_many([render_txt(spec, tmp_path / "宝丰县2021.txt")], parts.store)
    question = "宝丰县2021年收到多少申请？"
    plain = parts.assistant().ask(question)
    assert type(parts.language_model(None)).__name__ == "NoModel" and not plain.generated
    model = Rephrasing()
    parts.language_model = lambda catalog: model
    said = parts.assistant().ask(question)
    assert said.answer == "（换个说法）" + plain.answer and said.values == plain.values and said.generated
    assert model.read_calls == [(question, "applications")]
    assert said.values[0]["value"] == spec.values[("applications", "new", "total")]
