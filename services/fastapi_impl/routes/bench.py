"""Benchmark-only routes, mounted with BENCHMARK_ENDPOINTS=1; twin of `flask_impl/routes/bench.py`.

Left out of the API document (`include_in_schema=False`). The framework alone
first: the two CPU-only routes never touch the database; the wait route awaits,
which is what async buys when a request waits on I/O.

Then FastAPI's tutorial session pattern, kept to measure its trap (`bench/trap.py`,
README "The FastAPI session trap"): a sync generator dependency yields the session,
another sync dependency reads the caller with it, and the route is a plain `def`.
`tutorial_session`, `tutorial_viewer` and `tutorial_get_article` have no Flask twin:
a Flask request runs on one thread from start to end, where that pattern is safe.
`pool_status` answers on the event loop, so it still answers while the pool is stuck.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from services.fastapi_impl.body import require_json
from services.fastapi_impl.database import AsyncDatabase, Db
from services.fastapi_impl.schemas.articles import NewArticleRequest, SingleArticleResponse
from shared import articles, bench, errors, users
from shared.accounts import Account

router = APIRouter(include_in_schema=False)


@router.get("/bench/json")
async def trivial_json() -> dict[str, str]:
    return bench.HELLO


@router.post("/bench/validate", status_code=201, dependencies=[Depends(require_json)])
async def validate(body: NewArticleRequest) -> SingleArticleResponse:
    new = body.article
    article = bench.sample_article(new.title, new.description, new.body, new.tag_list)
    return SingleArticleResponse.model_validate({"article": article})


@router.get("/bench/wait")
async def wait(ms: int = bench.WAIT_MS_DEFAULT) -> dict[str, int]:
    seconds = bench.wait_seconds(ms)
    await asyncio.sleep(seconds)
    return {"waited": round(seconds * 1000)}


@router.get("/bench/slow")
async def slow_query(db: Db) -> dict[str, int]:
    """A 10 ms wait inside PostgreSQL: a worker thread blocks in sync mode, the event loop awaits in async."""
    return await db.run(bench.slow_query)


def tutorial_session(request: Request) -> Iterator[Session]:
    """The tutorial's dependency, a sync generator: its enter is a hop, its exit runs after the response."""
    database = request.app.state.database
    if isinstance(database, AsyncDatabase):  # the pattern is the sync mode's: async mode has no threads
        raise errors.NotFound("route")
    with database.session_factory() as session:
        yield session


TutorialSession = Annotated[Session, Depends(tutorial_session)]


def tutorial_viewer(session: TutorialSession, request: Request) -> Account | None:
    """The caller, read with the request's session in a hop of its own (a plain `def` dependency)."""
    return users.optional_user(session, request.app.state.settings, request.headers.get("Authorization"))


@router.get("/bench/tutorial/articles/{slug}")
def tutorial_get_article(
    slug: str, viewer: Annotated[Account | None, Depends(tutorial_viewer)], session: TutorialSession
) -> SingleArticleResponse:
    """GET /api/articles/:slug the tutorial's way; FastAPI validates its return value in one more hop."""
    return SingleArticleResponse.model_validate({"article": articles.get_article(session, viewer, slug)})


@router.get("/bench/pool")
async def pool_status(request: Request) -> dict[str, Any]:
    """The thread limiter's tokens and the pool's connections now (`shared.bench.pool_status`)."""
    limiter = to_thread.current_default_thread_limiter()
    threads = {
        "total": int(limiter.total_tokens),
        "borrowed": limiter.borrowed_tokens,
        "waiting": limiter.statistics().tasks_waiting,
    }
    return {"threads": threads, "pool": bench.pool_status(request.app.state.database.engine)}
