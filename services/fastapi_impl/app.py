"""The FastAPI application factory; twin of `flask_impl/app.py`.

Serve with `uvicorn --factory services.fastapi_impl.app:create_app`.
`lifespan` has no twin: an ASGI server sends startup and shutdown events, a WSGI
server sends none, so the Flask app sizes nothing at start (gunicorn's `threads`
is its thread pool).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from services.fastapi_impl import database, methods, middleware
from services.fastapi_impl.docs import mount_docs
from services.fastapi_impl.errors import register_error_handlers
from services.fastapi_impl.routes import articles, comments, favorites, health, profiles, tags, users
from shared import cors, logs
from shared.settings import Settings

API_PREFIX = "/api"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool `Database.run` hops to (`THREADS` tokens); close the pool at shutdown.

    Flask has no such events: gunicorn's `threads` sizes it (see `database.dispose` for the rest).
    """
    to_thread.current_default_thread_limiter().total_tokens = app.state.settings.threads
    yield
    await database.dispose(app)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (the environment by default), migrating an SQLite database."""
    settings = (settings or Settings.from_env()).ensure_safe()
    app = FastAPI(
        lifespan=lifespan,
        title="Conduit API (FastAPI)",
        version="2.0.0",
        description="The RealWorld Conduit API, built with FastAPI and pydantic.",
        redirect_slashes=False,
        docs_url=None,
        redoc_url=None,
    )
    database.init_app(app, settings)

    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=list(cors.ALLOW_METHODS),
        allow_headers=list(cors.ALLOW_HEADERS),
        expose_headers=[logs.REQUEST_ID_HEADER],
        max_age=cors.MAX_AGE_SECONDS,
    )
    methods.init_app(app, settings)  # HEAD, OPTIONS and refused preflights, before CORSMiddleware sees them
    register_error_handlers(app)
    middleware.init_app(app, settings)
    # Routers in the order requests are matched against them: the benchmark's cheap routes, then
    # the most requested resources, the probes last (README, "Performance": route matching).
    if settings.benchmark_endpoints:  # benchmark-only routes (bench/), never in a normal deployment
        from services.fastapi_impl.routes import bench

        app.include_router(bench.router, prefix=API_PREFIX)
    for module in (articles, comments, favorites, profiles, tags, users):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(health.router)
    mount_docs(app)
    return app
