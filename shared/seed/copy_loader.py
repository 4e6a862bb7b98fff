"""PostgreSQL: rows stream in with `COPY ... FROM STDIN` (psycopg 3), ids come from the sequences.

COPY skips the per-statement work of `INSERT` (parse, plan, one round trip per batch).
Ids are taken with `nextval`, as the API's inserts take them, so a concurrent insert
never collides with a seeded row. For a role that may (a superuser), the transaction
sets `session_replication_role = replica`, which skips the foreign-key triggers for
this transaction only, as `pg_restore --disable-triggers` does; otherwise every row
is checked as usual, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import psycopg
from psycopg import sql
from sqlalchemy.orm import Session

from shared.seed.loader import Loader, Row
from shared.seed.timeline import POSTGRESQL_ZONE

SEED_LOCK = 0x5EED
"""The transaction-level advisory lock that makes concurrent seeds (`--if-empty` ones) wait in turn."""


class CopyLoader(Loader):
    zone = POSTGRESQL_ZONE
    driver_error = psycopg.Error

    def start(self, session: Session) -> None:
        """No statement timeout in this transaction (a COPY of millions of rows takes seconds); the lock;
        no row-by-row foreign-key checks when the role may switch them off."""
        super().start(session)
        with self.raw.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SEED_LOCK,))
            if self.may_skip_triggers():
                cursor.execute("SET LOCAL session_replication_role = replica")

    def may_skip_triggers(self) -> bool:
        """Whether the role may set `session_replication_role` (a superuser may)."""
        with self.raw.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            row = cursor.fetchone()
            return bool(row and row[0])

    def new_ids(self, table: str, count: int) -> list[int]:
        with self.raw.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table, count)
            )
            return sorted(int(row[0]) for row in cursor.fetchall())

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with self.errors(statement.as_string()), self.raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def add(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[int]]) -> None:
        """One `UPDATE ... FROM unnest(...)` for all rows, the arrays sent as parameters."""
        if not rows:
            return
        target = sql.Identifier(table)
        names = [sql.Identifier(column) for column in columns]
        statement = sql.SQL(
            "UPDATE {t} SET {sets} FROM unnest({arrays}) AS d(id, {names}) WHERE {t}.id = d.id"
        )
        query = statement.format(
            t=target,
            sets=sql.SQL(", ").join(
                sql.SQL("{c} = {t}.{c} + d.{c}").format(c=name, t=target) for name in names
            ),
            arrays=sql.SQL(", ").join(sql.SQL("%s::int[]") for _ in range(len(columns) + 1)),
            names=sql.SQL(", ").join(names),
        )
        with self.errors(query.as_string()), self.raw.cursor() as cursor:
            cursor.execute(query, [list(values) for values in zip(*rows, strict=True)])
