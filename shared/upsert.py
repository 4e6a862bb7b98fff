"""`INSERT ... ON CONFLICT DO NOTHING` for both databases: idempotent writes without races."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.models import Base


def insert_ignoring_duplicates(session: Session, model: type[Base], *rows: dict[str, Any]) -> int:
    """Insert rows, skipping any a concurrent request (or an earlier one) already inserted.

    Returns how many rows were inserted (the DB-API rowcount), so a caller can count only new ones.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = session.execute(insert(model).values(list(rows)).on_conflict_do_nothing())
    return int(getattr(result, "rowcount", 0))
