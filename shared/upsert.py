"""`INSERT ... ON CONFLICT DO NOTHING` for both databases: idempotent writes without races."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.models import Base


def insert_ignoring_duplicates(session: Session, model: type[Base], *rows: dict[str, Any]) -> int:
    """Insert rows, skipping any a concurrent request (or an earlier one) already inserted.

    Returns how many rows were inserted, so a caller can count only new ones. They are
    counted from `RETURNING` (PostgreSQL >= 9.5, SQLite >= 3.35): psycopg reports a
    rowcount of -1 for this statement.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    key = inspect(model).primary_key[0]
    statement = insert(model).values(list(rows)).on_conflict_do_nothing().returning(key)
    return len(session.execute(statement).all())
