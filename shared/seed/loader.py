"""How rows reach the database: one interface, a loader per database, inside the seed's transaction.

A loader writes through the DBAPI connection under the session's transaction, so
everything it loads commits or rolls back with the seed. Rows are tuples in the
order of the `columns` named with them; timestamps are text from `timeline.Timeline`
with the loader's `zone`. Ids are chosen before rows go in (`new_ids`), so links can
name their article without reading anything back.

Foreign keys are not checked row by row where the database allows it to be switched
off for the seed alone: checking them was most of the load's cost (inserting 810,000
favorites took 23 s with the checks and 6 s without on PostgreSQL, 9 s and 4 s with
`executemany` on SQLite; measured here, rows sorted as `reactions.favorite` sorts
them). The seed only references rows it inserted itself, the demo account it reuses
(locked against deletion) and tags (which nothing deletes), so every reference holds
anyway; the tests check it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Row = Sequence[object]


class Loader(ABC):
    """Bulk writes for one seed on one connection.

    The order of calls: `setup()` before the transaction begins, `start(session)` as its
    first statement, the loads, then `restore()` once it has committed or rolled back.
    """

    zone: str
    """The suffix of stored timestamp text (`timeline.SQLITE_ZONE` or `POSTGRESQL_ZONE`)."""
    driver_error: type[Exception]
    """The base class of the driver's errors (PEP 249 `Error`)."""

    def __init__(self, connection: Connection) -> None:
        self.raw: Any = connection.connection.driver_connection
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The seed's session, bound to this loader's connection (after `start`)."""
        if self._session is None:
            raise RuntimeError("the loader has not started")
        return self._session

    def setup(self) -> None:  # noqa: B027 - a hook: only some databases need it
        """Connection settings that can only change outside a transaction."""

    def start(self, session: Session) -> None:
        """The transaction's first statements: lock out a concurrent seed, lift limits for this seed."""
        self._session = session

    def restore(self) -> None:  # noqa: B027 - a hook: only some databases need it
        """Undo `setup` once the transaction is over (also after a failure)."""

    @contextmanager
    def errors(self, statement: str) -> Iterator[None]:
        """The driver's errors inside, raised as SQLAlchemy's (`OperationalError`, `IntegrityError`, ...),
        as if the statement had gone through the session."""
        try:
            yield
        except self.driver_error as error:
            raise DBAPIError.instance(statement, None, error, self.driver_error) from error

    @abstractmethod
    def new_ids(self, table: str, count: int) -> list[int]:
        """`count` unused ids for `table`'s `id` column, ascending; no other writer can take them."""

    @abstractmethod
    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        """Insert `rows` (tuples in `columns` order; None is NULL) into `table`."""

    @abstractmethod
    def add(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[int]]) -> None:
        """For each row `(id, d1, d2, ...)`: `columns[i] += d(i+1)` on `table`'s row with that id.

        Increments rather than assignments, so counts a concurrent write added survive.
        """
