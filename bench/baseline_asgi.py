"""The raw ASGI baseline: no framework, the limit FastAPI's results are divided by.

Serves the same two paths as the backends, byte for byte: the trivial JSON
(`/api/bench/json`) and "get article" (`/api/articles/<slug>`), which runs the
same shared-layer call inline, with the JSON written by hand (`rawjson`).
Run with `uvicorn --factory bench.baseline_asgi:create_app` (or Granian, gunicorn's asgi worker).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bench import rawjson
from shared import articles, bench, db, errors, startup
from shared.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ARTICLE_PREFIX = "/api/articles/"
NOT_FOUND = rawjson.dumps({"errors": {"route": ["not found"]}})


def create_app(settings: Settings | None = None) -> ASGIApp:
    """An ASGI callable over the database in `settings` (the environment by default)."""
    settings = settings or Settings.from_env()
    session_factory = startup.open_database(settings.database_url)
    hello = rawjson.dumps(bench.HELLO)

    def get_article(slug: str) -> tuple[int, bytes]:
        # Inline, on the event loop: the cheapest way to run the call, so a true upper bound.
        try:  # the backends' call: `db.run`, so no transaction for this read, as theirs
            return 200, rawjson.dumps(
                rawjson.article(db.run(session_factory, articles.get_article, None, slug))
            )
        except errors.NotFound:
            return 404, rawjson.dumps({"errors": {"article": ["not found"]}})

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path: str = scope["path"]
        if path == "/api/bench/json":
            status, body = 200, hello
        elif path.startswith(ARTICLE_PREFIX) and "/" not in path[len(ARTICLE_PREFIX) :]:
            status, body = get_article(path[len(ARTICLE_PREFIX) :])
        else:
            status, body = 404, NOT_FOUND
        headers = [(b"content-type", rawjson.JSON_TYPE), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app
