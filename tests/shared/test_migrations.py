"""The migrations build exactly the models' schema, with the constraints and indexes the queries rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Inspector, inspect

from shared.db import make_engine
from shared.migrate import alembic_config, upgrade, wait_for_head
from shared.models import Base
from tests.shared.conftest import Database

FOREIGN_KEYS = {
    ("articles", "author_id"),
    ("article_tags", "article_id"),
    ("article_tags", "tag_id"),
    ("comments", "article_id"),
    ("comments", "author_id"),
    ("favorites", "article_id"),
    ("favorites", "user_id"),
    ("follows", "followee_id"),
    ("follows", "follower_id"),
}


def _differences(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _unique_column_sets(inspector: Inspector, table: str) -> set[tuple[Any, ...]]:
    constraints = {tuple(c["column_names"]) for c in inspector.get_unique_constraints(table)}
    indexes = {tuple(i["column_names"]) for i in inspector.get_indexes(table) if i["unique"]}
    return constraints | indexes


def test_comparison_sees_a_missing_schema(empty_database_url: str) -> None:
    """Guards the next test: an empty database must differ from the models."""
    added = {diff[1].name for diff in _differences(empty_database_url) if diff[0] == "add_table"}
    assert added == set(Base.metadata.tables)


def test_upgrade_to_head_gives_exactly_the_models_schema(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    assert _differences(empty_database_url) == []


def test_downgrade_to_base_and_upgrade_again(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    command.downgrade(alembic_config(empty_database_url), "base")
    assert _table_names(empty_database_url) == {"alembic_version"}
    upgrade(empty_database_url)
    assert _table_names(empty_database_url) == {"alembic_version", *Base.metadata.tables}
    assert _differences(empty_database_url) == []


def test_upgrade_is_idempotent(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    assert _differences(empty_database_url) == []


def test_unique_constraints(database: Database) -> None:
    inspector = inspect(database.engine)
    assert {("username",), ("email",)} <= _unique_column_sets(inspector, "users")
    assert ("slug",) in _unique_column_sets(inspector, "articles")
    assert ("name",) in _unique_column_sets(inspector, "tags")
    assert set(inspector.get_pk_constraint("favorites")["constrained_columns"]) == {"user_id", "article_id"}
    assert set(inspector.get_pk_constraint("follows")["constrained_columns"]) == {
        "follower_id",
        "followee_id",
    }


def test_every_foreign_key_column_leads_an_index(database: Database) -> None:
    """Deleting a user or an article cascades; without these indexes each cascade scans a table."""
    inspector = inspect(database.engine)
    found: set[tuple[str, str]] = set()
    for table in inspector.get_table_names():
        leading = {columns[0] for columns in _unique_column_sets(inspector, table)}
        leading |= {i["column_names"][0] for i in inspector.get_indexes(table) if i["column_names"]}
        primary_key = inspector.get_pk_constraint(table)["constrained_columns"]
        if primary_key:
            leading.add(primary_key[0])
        for foreign_key in inspector.get_foreign_keys(table):
            column = foreign_key["constrained_columns"][0]
            found.add((table, column))
            assert column in leading, f"{table}.{column} is a foreign key without an index"
    assert found == FOREIGN_KEYS


def test_waiting_for_the_latest_schema_ends_when_the_migration_ran(empty_database_url: str) -> None:
    """`python -m shared.migrate --wait SECONDS`, what the Kubernetes Deployments run before serving."""
    command_line = [sys.executable, "-m", "shared.migrate", "--wait", "0"]
    env = {**os.environ, "DATABASE_URL": empty_database_url}
    assert wait_for_head(empty_database_url, None, seconds=0) is False
    assert subprocess.run(command_line, env=env, capture_output=True).returncode == 1
    upgrade(empty_database_url)
    assert wait_for_head(empty_database_url, None, seconds=0) is True
    assert subprocess.run(command_line, env=env, capture_output=True).returncode == 0
