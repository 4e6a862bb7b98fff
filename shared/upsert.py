"""`INSERT ... ON CONFLICT DO NOTHING` for both databases: idempotent writes without races."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.models import Base


def insert_ignoring_duplicates(session: Session, model: type[Base], *rows: dict[str, Any]) -> None:
    """Insert rows, skipping any a concurrent request (or an earlier one) already inserted."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(model).values(list(rows)).on_conflict_do_nothing())
