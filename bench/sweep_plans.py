"""The statements each read of the sweep sends, and each statement's plan, captured in-process.

The harness calls the shared function the servers call (`shared.articles.list_articles`,
`shared.articles.feed`) through `shared.db.run`, as a request does, with the read's
arguments, and records every statement the engine sends (a `before_cursor_execute`
listener). Each statement is then explained with the parameters it was sent with:
PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)` (it runs the statement and reports its
execution and planning time), SQLite `EXPLAIN QUERY PLAN` (no time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from bench.sweep_reads import LIMIT, READS, Read, filters, offset
from shared import articles, db
from shared.models import User
from shared.seed import DEMO_USERNAME
from shared.views import ArticlePage

Statement = tuple[str, Any]
"""(SQL as sent to the driver, its parameters)."""
TIMES = re.compile(r"^(Planning|Execution) Time: ([0-9.]+) ms$")


def captured(engine: Engine, call: Callable[[], object]) -> list[Statement]:
    """The statements (and parameters) `call` sends through `engine`, in order."""
    seen: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def jsonable(parameters: Any) -> Any:
    """Parameters as results.json keeps them: a dict or a list of numbers, strings and None; bytes
    (the feed's mask of followed ids, up to 256 KiB) as their length, `"<49,377 bytes>"`."""
    if isinstance(parameters, bytes | bytearray | memoryview):
        return f"<{len(parameters):,} bytes>"
    if isinstance(parameters, Mapping):
        return {str(key): jsonable(value) for key, value in parameters.items()}
    if isinstance(parameters, Sequence) and not isinstance(parameters, str | bytes):
        return [jsonable(value) for value in parameters]
    return parameters if isinstance(parameters, int | float | str | type(None)) else str(parameters)


def timings(plan: Sequence[str]) -> dict[str, float | None]:
    """`execution_ms` and `planning_ms` from the last lines of an `EXPLAIN ANALYZE` (None if absent)."""
    found: dict[str, float | None] = {"execution_ms": None, "planning_ms": None}
    for line in plan:
        match = TIMES.match(line.strip())
        if match:
            found[f"{match.group(1).lower()}_ms"] = float(match.group(2))
    return found


def explained(engine: Engine, statements: Sequence[Statement]) -> list[dict[str, Any]]:
    """Each statement with its plan (lines of text) and, on PostgreSQL, its execution and planning ms."""
    sqlite = engine.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
    shown = []
    with engine.connect().execution_options(**db.AUTOCOMMIT) as connection:
        for statement, parameters in statements:
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            plan = [str(row[-1]) if sqlite else str(row[0]) for row in rows]
            shown.append(
                {
                    "sql": " ".join(statement.split()),
                    "parameters": jsonable(parameters),
                    "plan": plan,
                    **timings(plan),
                }
            )
    return shown


def request(
    factory: sessionmaker[Session], read: Read, name: str | None, page_offset: int, viewer: User
) -> ArticlePage:
    """The shared call a server makes for the read's request, as a request makes it (`shared.db.run`:
    a session of its own, no transaction for a read); `viewer` is the demo account, sent where `read.auth`."""
    if read.kind == "feed":
        return db.run(factory, articles.feed, viewer, LIMIT, page_offset)
    who = viewer if read.auth else None
    return db.run(factory, articles.list_articles, who, filters(read, name, page_offset))


def plans(url: str, found: dict[str, dict[str, Any]], reads: Sequence[Read] = READS) -> dict[str, Any]:
    """Per read (by name): its `offset`, the `count` of statements it sends, and those `statements`
    with their plans (`explained`); `found` is `sweep_reads.subjects()` of the same database."""
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    with factory() as session:
        viewer = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        session.expunge(viewer)
    result: dict[str, Any] = {}
    try:
        for read in reads:
            page_offset = offset(read, found)
            name = found[read.subject]["name"]
            sent = captured(engine, partial(request, factory, read, name, page_offset, viewer))
            result[read.name] = {
                "offset": page_offset,
                "count": len(sent),
                "statements": explained(engine, sent),
            }
    finally:
        engine.dispose()
    return result
