"""All configuration in one place: environment variables with the REPORTQA_ prefix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_REPORTS = PROJECT_ROOT / "data" / "reports"


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        """REPORTQA_DATA_DIR (default ./.report-qa), REPORTQA_DATABASE_URL (default SQLite in it)."""
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("REPORTQA_DATA_DIR") or ".report-qa").expanduser().resolve()
        database_url = env.get("REPORTQA_DATABASE_URL") or f"sqlite:///{data_dir / 'reportqa.sqlite3'}"
        return cls(data_dir=data_dir, database_url=database_url)
