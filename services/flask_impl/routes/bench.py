"""Benchmark-only routes, mounted with BENCHMARK_ENDPOINTS=1; twin of `fastapi_impl/routes/bench.py`.

The framework alone first, and no `documented(...)`, so the routes stay out of
/openapi.json. The wait route blocks its thread, as any WSGI view does while it
waits on I/O: concurrency comes only from the server's threads. FastAPI's twin
also keeps its tutorial session pattern, to measure its trap; a Flask request runs
on one thread from start to end, where that pattern is safe, so it has no twin here.
"""

from __future__ import annotations

import time

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from services.flask_impl.body import require_json
from services.flask_impl.database import get_database
from services.flask_impl.schemas.articles import NewArticleRequest, SingleArticleResponse
from shared import bench

router = Blueprint("bench", __name__)
new_article_request, article_response = NewArticleRequest(), SingleArticleResponse()


@router.get("/bench/json")
def trivial_json() -> ResponseReturnValue:
    return bench.HELLO


@router.post("/bench/validate")
def validate() -> ResponseReturnValue:
    new = new_article_request.load(require_json())["article"]
    article = bench.sample_article(new["title"], new["description"], new["body"], new["tag_list"])
    return article_response.dump({"article": article}), 201


@router.get("/bench/wait")
def wait() -> ResponseReturnValue:
    seconds = bench.wait_seconds(request.args.get("ms", bench.WAIT_MS_DEFAULT, type=int))
    time.sleep(seconds)
    return {"waited": round(seconds * 1000)}


@router.get("/bench/slow")
def slow_query() -> ResponseReturnValue:
    """A 10 ms wait inside PostgreSQL: the worker thread blocks for it, as every WSGI view would."""
    return get_database().run(bench.slow_query)


@router.get("/bench/pool")
def pool_status() -> ResponseReturnValue:
    """The pool's connections now (`shared.bench.pool_status`); gunicorn's threads are not visible here."""
    return {"threads": None, "pool": bench.pool_status(get_database().engine)}
