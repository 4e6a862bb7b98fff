"""SQLite: rows go in with `executemany` on the raw cursor, in the seed's one write transaction.

pysqlite steps one prepared `INSERT` over the rows in C, without SQLAlchemy's
per-row parameter processing. The transaction takes the write lock first (an
`UPDATE` that changes nothing), so no other writer can insert, or delete, between
choosing ids and using them; SQLite gives a new row `max(id) + 1` anyway. Before the
transaction (`PRAGMA foreign_keys` cannot change inside one) foreign keys are switched
off for this connection, and the page cache raised (indexes of millions of rows
otherwise spill to disk over and over); both are put back once it is over.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from shared.seed.loader import Loader, Row
from shared.seed.timeline import SQLITE_ZONE

CACHE_KIB = 512 * 1024
"""Page cache of the seeding connection, in KiB (`PRAGMA cache_size` takes it negated)."""


class SqliteLoader(Loader):
    zone = SQLITE_ZONE
    driver_error = sqlite3.Error
    _saved: tuple[int, int] | None = None
    _next: dict[str, int]

    def setup(self) -> None:
        cache_size = int(self.raw.execute("PRAGMA cache_size").fetchone()[0])
        foreign_keys = int(self.raw.execute("PRAGMA foreign_keys").fetchone()[0])
        self._saved = (cache_size, foreign_keys)
        self.raw.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        self.raw.execute("PRAGMA foreign_keys = OFF")

    def start(self, session: Session) -> None:
        """Take the write lock now."""
        super().start(session)
        self._next = {}
        self.raw.execute("UPDATE counters SET value = value WHERE name = 'articles'")

    def restore(self) -> None:
        if self._saved is not None:
            cache_size, foreign_keys = self._saved
            self.raw.execute(f"PRAGMA cache_size = {cache_size}")
            self.raw.execute(f"PRAGMA foreign_keys = {foreign_keys}")

    def new_ids(self, table: str, count: int) -> list[int]:
        if table not in self._next:
            found = self.raw.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
            self._next[table] = int(found) + 1
        start = self._next[table]
        self._next[table] = start + count
        return list(range(start, start + count))

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        statement = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        with self.errors(statement):
            self.raw.executemany(statement, rows)

    def add(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[int]]) -> None:
        sets = ", ".join(f'"{column}" = "{column}" + ?' for column in columns)
        statement = f'UPDATE "{table}" SET {sets} WHERE id = ?'
        with self.errors(statement):
            self.raw.executemany(statement, ((*row[1:], row[0]) for row in rows))
