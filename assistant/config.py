"""All configuration in one place: environment variables with the REPORTQA_ prefix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_REPORTS = PROJECT_ROOT / "data" / "reports"
DEFAULT_MODEL = PROJECT_ROOT / ".models" / "multilingual-e5-small"
LANGUAGES = ("zh", "en")
FETCH_POLICIES = ("public", "all", "off")  # which addresses the app and the API fetch (the command line: any)
EMBED_BACKENDS = ("onnx", "torch")  # as index.embedding.BACKENDS (kept apart: `--help` imports no numpy)


def _language(env: dict[str, str]) -> str:
    """REPORTQA_LANGUAGE (zh or en); unset: zh when the locale (LC_ALL, LC_MESSAGES or LANG, the first set) is
    Chinese, else en."""
    chosen = (env.get("REPORTQA_LANGUAGE") or "").strip().lower()
    if chosen:
        if chosen not in LANGUAGES:
            raise ValueError(f"REPORTQA_LANGUAGE must be zh or en, not {chosen!r}")
        return chosen
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    return "zh" if locale.lower().startswith("zh") else "en"


def _fetch_urls(env: dict[str, str]) -> str:
    """REPORTQA_FETCH_URLS: public (default), all or off."""
    chosen = (env.get("REPORTQA_FETCH_URLS") or "public").strip().lower()
    if chosen not in FETCH_POLICIES:
        raise ValueError(f"REPORTQA_FETCH_URLS must be public, all or off, not {chosen!r}")
    return chosen


def _embed_cache(env: dict[str, str], data_dir: Path) -> Path | None:
    """REPORTQA_EMBED_CACHE: a file, or "off"; by default embeddings.sqlite3 in the data directory."""
    chosen = (env.get("REPORTQA_EMBED_CACHE") or "").strip()
    if chosen.lower() == "off":
        return None
    return Path(chosen).expanduser().resolve() if chosen else data_dir / "embeddings.sqlite3"


def _embed_backend(env: dict[str, str]) -> str:
    """REPORTQA_EMBED_BACKEND: onnx (default: the model's int8 ONNX export when build-model made one, else torch) or
    torch (always)."""
    chosen = (env.get("REPORTQA_EMBED_BACKEND") or "onnx").strip().lower()
    if chosen not in EMBED_BACKENDS:
        raise ValueError(f"REPORTQA_EMBED_BACKEND must be onnx or torch, not {chosen!r}")
    return chosen


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    embed_model: Path
    chroma_url: str | None = None
    max_file_mb: int = 50
    api_token: str | None = None  # with a token, nothing but /api/health answers without it
    cors_origins: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 7860
    writer_wait_s: float = 600.0  # how long ingest, remove, verify and uploads wait for another writer
    parse_timeout_s: float = 60.0  # per file, in a parsing worker (index/worker.py)
    parse_memory_mb: int = 2048  # address space of a parsing worker
    # an OpenAI-compatible chat endpoint (optional): prose answers and unsure readings (assistant/llm.py), and the
    # benchmark's baseline; unset, no model is asked anything
    llm_url: str | None = None
    llm_model: str = "local"
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0  # one call to the model; past it the answer is the extractive one
    language: str = "en"  # of the command line's and the service's own lines (the API and the app: per request)
    allow_prose: bool = False  # keep a document that is no annual report as prose (else it is refused)
    fetch_timeout_s: float = 30.0  # one URL: connecting, waiting and the whole download (index/fetch.py)
    # the URLs the app and the API fetch: "public" addresses only, "all" (loopback and private too), or "off"
    fetch_urls: str = "public"
    # a cited PDF value's page in the source view (assistant/source_view.py): pixels per point (2.0: 144 dpi)
    source_scale: float = 2.0
    # vectors already computed, by text (index/embedding_cache.py); None: every text is embedded each time
    embed_cache: Path | None = None
    # how vectors are computed: "onnx" (the model's int8 export when there is one, else torch) or "torch"
    embed_backend: str = "onnx"
    # the jobs queue (index/jobs.py): a worker's claim on a file lasts this long unless renewed (every third of it);
    # a worker that dies leaves its file to another when it ends
    job_lease_s: float = 60.0
    job_attempts: int = 3  # claims of one file before it is failed (a file that kills its workers)
    test_hold: str | None = None  # tests only: the file a worker's first claim holds, never stored, until killed

    @property
    def database_shown(self) -> str:
        """The database URL as messages print it: without its password."""
        from sqlalchemy.engine import make_url

        return make_url(self.database_url).render_as_string(hide_password=True)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def agencies_file(self) -> Path:
        """Names the user joins or keeps apart (index.identity.agency_rules)."""
        return self.data_dir / "agencies.toml"

    @property
    def builds_default_model(self) -> bool:
        return self.embed_model == DEFAULT_MODEL

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        """Read REPORTQA_* variables (see README, Configuration)."""
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("REPORTQA_DATA_DIR") or ".report-qa").expanduser().resolve()
        database_url = env.get("REPORTQA_DATABASE_URL") or f"sqlite:///{data_dir / 'reportqa.sqlite3'}"
        model = Path(env.get("REPORTQA_EMBED_MODEL") or DEFAULT_MODEL).expanduser().resolve()
        return cls(data_dir=data_dir, database_url=database_url, embed_model=model,
                   chroma_url=env.get("REPORTQA_CHROMA_URL") or None,
                   max_file_mb=int(env.get("REPORTQA_MAX_FILE_MB") or 50),
                   api_token=env.get("REPORTQA_API_TOKEN") or None,
                   cors_origins=tuple(o.strip() for o in env.get("REPORTQA_CORS_ORIGINS", "").split(",") if o.strip()),
                   host=env.get("REPORTQA_HOST") or "127.0.0.1", port=int(env.get("REPORTQA_PORT") or 7860),
                   writer_wait_s=float(env.get("REPORTQA_WRITER_WAIT") or 600.0),
                   parse_timeout_s=float(env.get("REPORTQA_PARSE_TIMEOUT") or 60.0),
                   parse_memory_mb=int(env.get("REPORTQA_PARSE_MEMORY_MB") or 2048),
                   llm_url=env.get("REPORTQA_LLM_URL") or None, llm_model=env.get("REPORTQA_LLM_MODEL") or "local",
                   llm_api_key=env.get("REPORTQA_LLM_API_KEY") or None,
                   llm_timeout_s=float(env.get("REPORTQA_LLM_TIMEOUT") or 20.0), language=_language(env),
                   allow_prose=(env.get("REPORTQA_ALLOW_PROSE") or "").strip().lower() in ("1", "true", "yes"),
                   fetch_timeout_s=float(env.get("REPORTQA_FETCH_TIMEOUT") or 30.0), fetch_urls=_fetch_urls(env),
                   source_scale=float(env.get("REPORTQA_SOURCE_SCALE") or 2.0),
                   embed_cache=_embed_cache(env, data_dir), embed_backend=_embed_backend(env),
                   job_lease_s=float(env.get("REPORTQA_JOB_LEASE") or 60.0),
                   job_attempts=int(env.get("REPORTQA_JOB_ATTEMPTS") or 3),
                   test_hold=env.get("REPORTQA_TEST_HOLD") or None)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024
