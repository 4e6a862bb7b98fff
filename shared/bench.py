"""What the benchmark-only routes share, so both backends do the same work (`bench/`).

Mounted only with `BENCHMARK_ENDPOINTS=1`: the routes that use it measure a
framework without the database (trivial JSON, validate and serialize a body)
and what async buys while a request waits.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, QueuePool, text
from sqlalchemy.orm import Session

from shared import errors
from shared.views import ArticleView, ProfileView

HELLO = {"message": "Hello, World!"}
"""The trivial JSON response, the same bytes the raw baselines in `bench/` send."""

WAIT_MS_DEFAULT = 10
WAIT_MS_MAX = 1000
"""A bound on the I/O-wait route, so no request can hold a worker for long."""

SLOW_QUERY_MS = 10
"""How long the slow-query route's statement waits inside PostgreSQL (`pg_sleep`)."""

SAMPLE_MOMENT = datetime(2026, 1, 1, tzinfo=UTC)
SAMPLE_AUTHOR = ProfileView(username="bench", bio=None, image=None, following=False)


def wait_seconds(ms: int) -> float:
    """The wait the I/O-wait route simulates, clamped to [0, WAIT_MS_MAX] milliseconds."""
    return min(max(ms, 0), WAIT_MS_MAX) / 1000


def sample_article(title: str, description: str, body: str, tag_list: list[str]) -> ArticleView:
    """The record a create would return, built without the database: fixed slug, author and times."""
    return ArticleView(
        slug="bench-sample",
        title=title,
        description=description,
        body=body,
        tag_list=list(dict.fromkeys(tag_list)),
        created_at=SAMPLE_MOMENT,
        updated_at=SAMPLE_MOMENT,
        favorited=False,
        favorites_count=0,
        author=SAMPLE_AUTHOR,
    )


def pool_status(engine: Engine) -> dict[str, int]:
    """The pool's connections now: `size` kept open at most, `checked_out` in use, `overflow` beyond size.

    SQLAlchemy's own counters (`QueuePool.size()`, `checkedout()`, `overflow()`); an
    in-memory SQLite pool, which is not a queue, reports zeros.
    """
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return {"size": 0, "checked_out": 0, "overflow": 0}
    return {"size": pool.size(), "checked_out": pool.checkedout(), "overflow": max(pool.overflow(), 0)}


def slow_query(session: Session) -> dict[str, int]:
    """`SELECT pg_sleep(0.01)` through the request's session: {"slept_ms": 10}.

    A statement that waits inside the database, to show what awaiting the driver buys
    (FastAPI's async mode) against a thread that blocks. PostgreSQL only: elsewhere the
    route is unknown (404 `route: not found`).
    """
    if session.get_bind().dialect.name != "postgresql":
        raise errors.NotFound("route")
    session.execute(text("SELECT pg_sleep(:seconds)"), {"seconds": SLOW_QUERY_MS / 1000})
    return {"slept_ms": SLOW_QUERY_MS}
