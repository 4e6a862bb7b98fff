"""SQLite reads on a connection each thread keeps, outside the engine's pool.

On SQLite a read's statement often costs less than taking a connection from SQLAlchemy's pool
and giving it back: in the micro-benchmarks (bench/micro/test_shared.py, docs/bench/micro/sqlite/,
commit 6247818) a checkout and return costs 5.4 µs, a profile's whole statement 4.7 µs on a raw
cursor, and a read with no statement 1.2 µs on a kept connection. So `shared.reader.reading`
reads an SQLite file on a connection its thread keeps: taken from the pool once and detached from
it (`PoolProxiedConnection.detach`), so it keeps what the pool's `connect` listeners set on it
(`shared.db.sqlite_pragmas`).

Why it is safe: Python's sqlite3 opens no transaction for a read, and every read fetches its
statements' rows to the end, which resets them (the thread's reader keeps its cursor:
`shared.reader.reading`), so a kept connection holds no lock and no snapshot between reads;
each statement sees what was committed before it, as on a pooled connection. Writes keep the
pool.

Each thread keeps one connection, for the last engine it read: another engine's read, or the
same engine's after `Engine.dispose` (a new pool), closes it and takes a new one. A thread's
connection is closed when the thread ends. A forked child leaves its parent's connection open
and untouched (as `Engine.dispose(close=False)` does) and takes its own. So a worker holds up to
one SQLite connection per thread that reads, beside its pool's, each with its own page cache
(SQLite's default `cache_size`, 2,000 KiB at most). PostgreSQL is not read this way: its
connections are the server's, and the pool bounds them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.pool import Pool, QueuePool


@dataclass
class _Kept:
    engine: Engine
    pool: Pool
    """The engine's pool when the connection was taken: `Engine.dispose` replaces it."""
    connection: Any
    """A `PoolProxiedConnection` detached from `pool`: closing it closes the DB-API connection."""
    companion: Any = None
    """What a caller keeps with this connection (`kept_with`: `shared.reader` keeps its reader and
    cursor), dropped with it."""


T = TypeVar("T")

_local = threading.local()
_forked_away: list[_Kept] = []
"""A forked child's inherited connections, kept referenced so they are never closed in the child."""


def applies(engine: Engine) -> bool:
    """Whether `engine`'s reads run on a kept connection: an SQLite file (SQLAlchemy's `QueuePool`);
    not an in-memory database, where every connection is a database of its own."""
    return engine.dialect.name == "sqlite" and isinstance(engine.pool, QueuePool)


def connection(engine: Engine) -> Any:
    """This thread's connection to `engine` (a detached `PoolProxiedConnection`), taken if it has none.

    Raises what `Engine.raw_connection` raises when a connection cannot be made.
    """
    kept: _Kept | None = getattr(_local, "kept", None)
    if kept is not None:
        if (
            kept.engine is engine
            and kept.pool is engine.pool
            and kept.connection.dbapi_connection is not None
        ):
            return kept.connection
        _local.kept = None
        kept.connection.close()
    taken = engine.raw_connection()
    taken.detach()
    _local.kept = _Kept(engine=engine, pool=engine.pool, connection=taken)
    return taken


def kept_with(engine: Engine, make: Callable[[Engine, Any], T]) -> T:
    """What `make(engine, connection)` made for this thread's connection to `engine` (`connection`),
    made once per connection: again when the thread takes another one. Raises what `connection`
    raises."""
    found: T | None = companion(engine)
    if found is not None:
        return found
    taken = connection(engine)
    kept: _Kept = _local.kept
    if kept.companion is None:
        kept.companion = make(engine, taken)
    made: T = kept.companion
    return made


def companion(engine: Engine) -> Any:
    """What `kept_with` made for this thread's connection to `engine`, if the thread keeps one it
    can still use (same engine, same pool, not closed); else None. Sends nothing and takes nothing:
    a read's fast path (`shared.reader.reading`), 2,000 instructions against 5,000 through
    `kept_with` (counted by hand under callgrind)."""
    kept: _Kept | None = getattr(_local, "kept", None)
    if (
        kept is None
        or kept.engine is not engine
        or kept.pool is not engine.pool
        or kept.connection.dbapi_connection is None
    ):
        return None
    return kept.companion


def release() -> None:
    """Close this thread's kept connection, if it has one (tests, a thread's own cleanup)."""
    kept: _Kept | None = getattr(_local, "kept", None)
    _local.kept = None
    if kept is not None:
        kept.connection.close()


def _forget_after_fork() -> None:
    kept: _Kept | None = getattr(_local, "kept", None)
    if kept is not None:
        _forked_away.append(kept)
    _local.kept = None


os.register_at_fork(after_in_child=_forget_after_fork)
