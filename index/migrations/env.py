"""Alembic environment: migrations run by the app itself (index/store.py), never by hand."""

from alembic import context
from sqlalchemy import create_engine, text

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    if connection.dialect.name == "postgresql":
        # several app processes may start at once: one migrates, the others wait
        connection.execute(text("SELECT pg_advisory_xact_lock(7412101)"))
    context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
