"""Reads on a DB-API connection: SQLAlchemy Core builds the SQL, the driver runs it.

`shared.db.run` hands a read-only operation (`shared.db.read_only`) a `Reader` instead of a
session: a connection checked out of the engine's pool (on SQLite, the one its thread keeps:
`shared.held`), outside any transaction, with no
`Session`, `Connection` or execution context around it. Each query, a SQLAlchemy Core
`Select` built once per shape, is compiled once per database (`statement`); a read sends its
SQL text and parameters to the driver's cursor and converts the rows with the columns' own
result processors (SQLite's timestamps, PostgreSQL's arrays), as SQLAlchemy would.

Why: the session and SQLAlchemy's execution cost more than many reads' statements. In the
micro-benchmarks' floor (bench/micro/test_shared.py, docs/bench/micro/, commit 6247818) a read with
no statement costs 1.2 µs on SQLite (on its thread's kept connection, `shared.held`) and 8.3 µs on
PostgreSQL through a `Reader`, against 92 and 125 µs in a session before it (commit ff28fc0); one
`SELECT 1` costs 3.86 and 1.33 times a raw cursor's through a `Reader`, 47 and 2.17 times through
SQLAlchemy's `Connection.execute` (interleaved ratios).

What stays SQLAlchemy's: the pool (checkout, reset, invalidation; on SQLite, the connection each
thread keeps is taken from it once), the dialect's SQL and
parameter style, and its exceptions: a driver error is raised as the `sqlalchemy.exc.DBAPIError`
subclass SQLAlchemy raises, the connection invalidated when the dialect says it is gone, so
`shared.db.is_outage` and the read's retry in `shared.db.run` see the same errors on every path.
Every statement reaches the engine's `before_cursor_execute` listeners (with `conn` and
`context` None), so statement counts and the benchmark's captures see reads too.

Outside `shared.db.run` (tests, the async mode's `run_sync`), a read-only operation may be
given a `Session`; `of` wraps it in a `SessionReader`, which runs the same queries through
the session's connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from shared import held

Row = Sequence[Any]
Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Statement:
    """One query compiled for one database: the SQL the driver gets, and how its rows are converted."""

    compiled: SQLCompiler
    names: tuple[str, ...]
    """The bound parameters' names, in the SQL's order for a positional style (SQLite's `?`)."""
    positional: bool
    fixed: dict[str, Any]
    """Values the query binds itself (a literal compared in its WHERE clause)."""
    binders: tuple[tuple[str, Convert], ...]
    expanding: bool
    """Whether a parameter is a list expanded into the SQL per call (`IN (...)`)."""
    converters: tuple[tuple[int, Convert], ...]
    """(column index, result processor) for the columns that need one."""
    pick: Callable[[Mapping[str, Any]], Any]
    """The driver's parameters from the values by name: a tuple in `names` order, or a dict."""
    plain: bool
    """Whether the driver takes the compiled SQL and `pick(params)` as they are: no list to expand,
    no value the query binds itself, no bind processor (most reads; `DriverReader.rows` skips
    `parameters` for them)."""
    sql: str
    """The compiled SQL (for a `plain` statement, the SQL the driver gets)."""

    def parameters(self, params: Mapping[str, Any]) -> tuple[str, Any]:
        """The SQL and the driver's parameters (a dict, or a tuple for a positional style) for `params`."""
        if self.expanding:
            state = self.compiled.construct_expanded_state(params)
            values = dict(state.parameters)
            for name, expanded in state.processors.items():
                if name in values:
                    values[name] = expanded(values[name])
            if state.positiontup is not None:
                return state.statement, tuple(values[name] for name in state.positiontup)
            return state.statement, values
        if not (self.fixed or self.binders):
            return self.compiled.string, self.pick(params)
        bound = {**self.fixed, **params}
        for name, process in self.binders:
            bound[name] = process(bound[name])
        return self.compiled.string, self.pick(bound)

    def convert(self, rows: list[Any]) -> list[Row]:
        """The driver's rows with each column's result processor applied."""
        if not self.converters:
            return rows
        converted: list[Row] = []
        for fetched in rows:
            row = list(fetched)
            for index, process in self.converters:
                row[index] = process(row[index])
            converted.append(row)
        return converted


_STATEMENTS: dict[str, dict[Select[Any], Statement]] = {}
"""Per database name, each query's `Statement`: keyed by the query object itself (a `Select` hashes
and compares by identity), so the query stays alive as long as its compiled form."""


def statement(query: Select[Any], dialect: Dialect) -> Statement:
    """`query` compiled for `dialect`, once per query object and database (kept for the process)."""
    compiled_for = _STATEMENTS.setdefault(dialect.name, {})
    found = compiled_for.get(query)
    if found is not None:
        return found
    compiled = query.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    positional = compiled.positiontup is not None
    names = tuple(compiled.positiontup or compiled.binds)
    binders: list[tuple[str, Convert]] = []
    fixed: dict[str, Any] = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binders.append((name, process))
        if not bind.required:
            fixed[name] = bind.effective_value
    converters = tuple(
        (index, process)
        for index, column in enumerate(query.selected_columns)
        if (process := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None
    )
    expanding = bool(compiled.post_compile_params or compiled.literal_execute_params)
    pick = _picker(names, positional)
    plain = not (expanding or fixed or binders)
    compiled_statement = Statement(
        compiled,
        names,
        positional,
        fixed,
        tuple(binders),
        expanding,
        converters,
        pick,
        plain,
        compiled.string,
    )
    compiled_for[query] = compiled_statement
    return compiled_statement


def _picker(names: tuple[str, ...], positional: bool) -> Callable[[Mapping[str, Any]], Any]:
    """What `Statement.pick` does for `names`; `operator.itemgetter` for two names or more."""
    if not positional:
        return lambda values: {name: values[name] for name in names}
    if not names:
        return lambda _values: ()
    if len(names) == 1:
        (only,) = names
        return lambda values: (values[only],)
    return itemgetter(*names)


class Reader:
    """What a read-only operation reads through: `rows`, `first` and `scalar` of a Core query."""

    dialect: str
    """The database's name in SQLAlchemy (`postgresql`, `sqlite`)."""

    def rows(self, query: Select[Any], params: Mapping[str, Any] | None = None) -> list[Row]:
        """Every row of `query` with the bound parameters `params`, as tuples in column order."""
        raise NotImplementedError

    def first(self, query: Select[Any], params: Mapping[str, Any] | None = None) -> Row | None:
        """The first row of `query`, or None."""
        rows = self.rows(query, params)
        return rows[0] if rows else None

    def scalar(self, query: Select[Any], params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row of `query`, or None when it returns no row."""
        row = self.first(query, params)
        return None if row is None else row[0]

    @property
    def dbapi_connection(self) -> Any:
        """The driver's connection the statements run on."""
        raise NotImplementedError


class DriverReader(Reader):
    """A `Reader` on one of the pool's connections, sending compiled SQL to the driver's cursor."""

    def __init__(self, engine: Engine, pooled: Any, *, kept: bool = False) -> None:
        self.engine = engine
        self.pooled = pooled
        """A `PoolProxiedConnection`: checked out of the pool, or kept by the thread (`kept`)."""
        self.dialect = engine.dialect.name
        self._statements = _STATEMENTS.setdefault(self.dialect, {})
        """This database's compiled queries (`statement`), looked up without a call."""
        self._cursor: Any = None
        self._kept = kept
        self._autocommit = False
        """Whether psycopg's autocommit was set for this read, to be reset before the pool gets it back."""

    def __enter__(self) -> DriverReader:
        return self

    def __exit__(self, *_exception: object) -> None:
        """A pooled connection's cursor closed, the connection set back and given back; a kept
        connection's reader and cursor kept for the thread's next read (`reading`)."""
        if self._kept:
            return
        try:
            self.close()
            if self._autocommit and self.pooled.dbapi_connection is not None:
                self.pooled.driver_connection.autocommit = False
        except Exception as error:  # a connection that broke meanwhile is not given back as it is
            self.pooled.invalidate(error)
        finally:
            self.pooled.close()

    @property
    def dbapi_connection(self) -> Any:
        return self.pooled.dbapi_connection

    def rows(self, query: Select[Any], params: Mapping[str, Any] | None = None) -> list[Row]:
        dialect = self.engine.dialect
        compiled = self._statements.get(query) or statement(query, dialect)
        if compiled.plain:
            sql, parameters = compiled.sql, compiled.pick(params or {})
        else:
            sql, parameters = compiled.parameters(params or {})
        if self._cursor is None:
            self._cursor = self.pooled.dbapi_connection.cursor()
        cursor = self._cursor
        # SQLAlchemy's own flag, set by `event.listen` for any connection event on this engine (or
        # every engine) and read by its `Connection` before each statement; True if a version lacks
        # it. Asking the listeners themselves (`if dispatch.before_cursor_execute`) took 1,500
        # instructions a statement with none (counted by hand under callgrind).
        if getattr(self.engine, "_has_events", True):
            listeners = self.engine.dispatch.before_cursor_execute
            if listeners:
                listeners(None, cursor, sql, parameters, None, False)
        try:
            cursor.execute(sql, parameters)
            fetched = cursor.fetchall()
        except dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, sql, parameters) from error
        return compiled.convert(fetched) if compiled.converters else fetched

    def _wrapped(self, error: Any, sql: str, parameters: Any) -> Exception:
        """The driver's `error` as SQLAlchemy raises it; a connection found gone is invalidated."""
        dialect = self.engine.dialect
        gone = dialect.is_disconnect(error, self.pooled.dbapi_connection, self._cursor)
        if gone:
            self._cursor = None
            self.pooled.invalidate(error)
        wrapped: Exception = DBAPIError.instance(
            sql, parameters, error, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
        )
        return wrapped

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None


class SessionReader(Reader):
    """A `Reader` on a session's connection, through SQLAlchemy's execution (`Connection.execute`)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    @property
    def dbapi_connection(self) -> Any:
        return self.session.connection().connection.dbapi_connection

    def rows(self, query: Select[Any], params: Mapping[str, Any] | None = None) -> list[Row]:
        return list(self.session.connection().execute(query, dict(params or {})).all())


Source = Session | Reader
"""What a read-only operation's first parameter takes."""


def of(source: Source) -> Reader:
    """`source` itself, or a `SessionReader` on it when it is a session."""
    return source if isinstance(source, Reader) else SessionReader(source)


def reading(engine: Engine) -> DriverReader:
    """A `DriverReader` on a connection to `engine`, for a `with` block: a pooled connection's
    cursor is closed and the connection given back when the block ends.

    An SQLite file is read on the connection the thread keeps (`shared.held`), by the reader the
    thread keeps on it, cursor and all (`_kept_reader`): making and closing them each read cost
    0.7 µs of a 1.6 µs read with no statement (timed by hand with `timeit`); other databases on
    one from the pool, given back at the end. A connection that cannot be made raises
    SQLAlchemy's `DBAPIError` (an `OperationalError` for a server that is down), as
    `Engine.connect` would. On PostgreSQL the connection runs in autocommit while it reads
    (no `BEGIN`, no `ROLLBACK`: `shared.db.read_options` says why) and is set back before it
    returns to the pool; SQLite's driver opens no transaction for a read. A class rather than a
    generator's context manager: entering and leaving one cost about 1 µs (timed by hand), a quarter
    of a one-row statement on SQLite.
    """
    kept: DriverReader | None = held.companion(engine)
    if kept is not None:
        return kept
    if held.applies(engine):
        return _kept_reader(engine)
    pooled = _connected(engine, Engine.raw_connection)
    read = DriverReader(engine, pooled)
    driver: Any = pooled.driver_connection
    if engine.dialect.name == "postgresql" and hasattr(driver, "autocommit"):
        try:
            driver.autocommit = True
        except BaseException:
            pooled.close()
            raise
        read._autocommit = True
    return read


def _kept_reader(engine: Engine) -> DriverReader:
    """This thread's reader on its kept SQLite connection, with its cursor (`shared.held.kept_with`):
    made again with the connection (another engine, a new pool, a connection invalidated). Its
    statements' rows are always fetched to the end, and sqlite3 resets a statement it has stepped
    to its end, so the kept cursor holds no snapshot between reads (tests/shared/test_held.py
    checkpoints the file between two reads)."""
    return _connected(engine, _held_reader)  # type: ignore[no-any-return]


def _held_reader(engine: Engine) -> DriverReader:
    return held.kept_with(engine, _new_kept_reader)


def _new_kept_reader(engine: Engine, connection: Any) -> DriverReader:
    return DriverReader(engine, connection, kept=True)


def _connected(engine: Engine, take: Callable[[Engine], Any]) -> Any:
    """`take(engine)`, a driver error raised as `Engine.connect` raises it: unreachable is an outage."""
    dialect = engine.dialect
    try:
        return take(engine)
    except dialect.loaded_dbapi.Error as error:
        gone = dialect.is_disconnect(error, None, None)
        raise DBAPIError.instance(
            None, None, error, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
        ) from error
