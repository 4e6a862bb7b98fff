"""The raw WSGI baseline: no framework, the limit Flask's results are divided by.

The twin of `baseline_asgi.py` for WSGI servers: the same paths, the same
bytes, the same shared-layer call for "get article".
Run with `gunicorn 'bench.baseline_wsgi:create_app()'` or `granian --interface wsgi --factory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from bench import rawjson
from bench.baseline_asgi import ARTICLE_PREFIX, NOT_FOUND
from shared import articles, bench, db, errors, startup
from shared.settings import Settings

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
REASONS = {200: "200 OK", 404: "404 Not Found"}


def create_app(settings: Settings | None = None) -> WSGIApp:
    """A WSGI callable over the database in `settings` (the environment by default)."""
    settings = settings or Settings.from_env()
    session_factory = startup.open_database(settings.database_url)
    hello = rawjson.dumps(bench.HELLO)

    def get_article(slug: str) -> tuple[int, bytes]:
        try:  # the backends' call: `db.run`, so no transaction for this read, as theirs
            return 200, rawjson.dumps(
                rawjson.article(db.run(session_factory, articles.get_article, None, slug))
            )
        except errors.NotFound:
            return 404, rawjson.dumps({"errors": {"article": ["not found"]}})

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if path == "/api/bench/json":
            status, body = 200, hello
        elif path.startswith(ARTICLE_PREFIX) and "/" not in path[len(ARTICLE_PREFIX) :]:
            status, body = get_article(path[len(ARTICLE_PREFIX) :])
        else:
            status, body = 404, NOT_FOUND
        start_response(
            REASONS[status], [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return app
