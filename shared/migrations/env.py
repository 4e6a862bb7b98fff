"""Alembic environment: the URL from the caller or DATABASE_URL, the metadata from shared.models."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from shared.db import make_engine
from shared.migrate import one_at_a_time
from shared.models import Base
from shared.settings import Settings

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url
with one_at_a_time(url):  # an SQLite file: one migrating process at a time
    engine = make_engine(url)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()
