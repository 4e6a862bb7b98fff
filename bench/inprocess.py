"""Requests served in-process, between markers, for callgrind: `python -m bench.inprocess BACKEND URL`.

Run under `valgrind --tool=callgrind --dump-before=getppid` by `bench/instructions.py`.
The application is built in this process and called directly (an ASGI call on one
event loop for FastAPI, a WSGI call for Flask): no server, no socket, no HTTP parsing,
so what is counted is the framework, the schema library and the shared core. For each
case it sends `--warm` requests, calls `os.getppid()` (a marker: callgrind dumps its
counters before it), sends `--count` requests built beforehand, and marks again; the
dump between the two markers holds exactly those requests. Every answer's status is
checked; one line of JSON per case on stdout says which dump holds it.

Backends: `fastapi`, `flask`, `shared` (the domain call alone, as both backends make it)
and `match-fastapi` / `match-flask` (route matching alone: the framework finding the
route for each case's path, as it does before every request).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from bench.inprocess_cases import Case, cases, shared_calls
from shared import db
from shared.settings import Settings

MARK = os.getppid
"""The marker: a libc call nothing else in this process makes."""


Request = Callable[[Case, str], Any]
"""Sends one request of a case with a token: its status (FastAPI: awaitable)."""


async def fastapi_requests(settings: Settings, stack: contextlib.AsyncExitStack) -> Request:
    """An ASGI caller of the FastAPI app, its lifespan entered on `stack`.

    Everything runs inside one task of one event loop, as under uvicorn: anyio keeps its
    worker threads alive while that task runs, so no request pays for starting a thread.
    """
    from services.fastapi_impl.app import create_app

    app = create_app(settings)
    await stack.enter_async_context(app.router.lifespan_context(app))

    async def call(case: Case, token: str) -> int:
        path, _, query = case.path.partition("?")
        headers = [(b"host", b"bench"), (b"content-type", b"application/json")]
        if case.auth:
            headers.append((b"authorization", f"Token {token}".encode()))
        if case.body:
            headers.append((b"content-length", str(len(case.body)).encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": case.method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        sent: list[MutableMapping[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": case.body, "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        status: int = sent[0]["status"]
        return status

    return call


def flask_requests(settings: Settings, stack: contextlib.AsyncExitStack) -> Request:
    """A WSGI caller of the Flask app; its pool closed on `stack`.

    Each case's environ is built by werkzeug once and copied per request, as a server
    hands over a fresh one (the building is not counted, as FastAPI's scope is not).
    """
    from werkzeug.test import EnvironBuilder

    from services.flask_impl import database
    from services.flask_impl.app import create_app

    app = create_app(settings)
    stack.callback(database.dispose, app)
    built: dict[tuple[str, str], dict[str, Any]] = {}

    def environ_for(case: Case, token: str) -> dict[str, Any]:
        path, _, query = case.path.partition("?")
        headers = [("Content-Type", "application/json")]
        if case.auth:
            headers.append(("Authorization", f"Token {token}"))
        builder = EnvironBuilder(
            path=path, method=case.method, query_string=query, headers=headers, data=case.body or None
        )
        environ: dict[str, Any] = builder.get_environ()
        builder.close()
        return environ

    def request(case: Case, token: str) -> int:
        template = built.get((case.name, token))
        if template is None:
            template = built[(case.name, token)] = environ_for(case, token)
        environ = {**template, "wsgi.input": io.BytesIO(case.body)}
        statuses: list[str] = []

        def start_response(status: str, _headers: Any, _exc: Any = None) -> Callable[[bytes], object]:
            statuses.append(status)
            return lambda _chunk: None

        chunks = app(environ, start_response)
        for _ in chunks:
            pass
        getattr(chunks, "close", lambda: None)()
        return int(statuses[0].split()[0])

    return request


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "backend", choices=["fastapi", "fastapi-async", "flask", "shared", "match-fastapi", "match-flask"]
    )
    parser.add_argument("database_url")
    parser.add_argument("--slug", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--warm", type=int, default=10)
    args = parser.parse_args()
    url = db.async_url(args.database_url) if args.backend == "fastapi-async" else args.database_url
    settings = Settings(database_url=url, benchmark_endpoints=True, access_log=False)
    asyncio.run(_measure(args.backend, settings, args.slug, args.token, args.warm, args.count))
    return 0


async def _measure(backend: str, settings: Settings, slug: str, token: str, warm: int, count: int) -> None:
    """Warm-up, marker, `count` requests, marker, for each case; one JSON line per case."""
    async with contextlib.AsyncExitStack() as stack:
        dump = 0  # callgrind numbers its dumps from 1, one per marker
        for name, one in await _runs(backend, settings, slug, token, stack):
            await _repeat(one, warm)
            MARK()
            dump += 1
            await _repeat(one, count)
            MARK()
            dump += 1
            print(json.dumps({"case": name, "dump": dump, "count": count}), flush=True)


async def _repeat(one: Callable[[], Any], times: int) -> None:
    """Call `one` `times` times, awaiting it where it is a coroutine function's call."""
    for _ in range(times):
        result = one()
        if inspect.isawaitable(result):
            await result


async def _runs(
    backend: str, settings: Settings, slug: str, token: str, stack: contextlib.AsyncExitStack
) -> list[tuple[str, Callable[[], Any]]]:
    """(case name, one request of it) for each case the backend serves; each checks its status."""
    if backend.startswith("match-"):
        return list(_matches(backend.removeprefix("match-"), settings, slug))
    if backend == "shared":
        return list(shared_calls(settings, slug, token, stack))
    asgi = backend.startswith("fastapi")
    request = await fastapi_requests(settings, stack) if asgi else flask_requests(settings, stack)

    def checked(case: Case) -> Callable[[], Any]:
        def check(status: int) -> None:
            if status != case.expect:
                raise SystemExit(f"{backend} {case.name}: {status}, expected {case.expect}")

        async def one_async() -> None:
            check(await request(case, token))

        def one_sync() -> None:
            check(request(case, token))

        return one_async if asgi else one_sync

    return [
        (case.name, checked(case)) for case in cases(settings.database_url, slug) if backend in case.backends
    ]


def _matches(backend: str, settings: Settings, slug: str) -> Iterator[tuple[str, Callable[[], None]]]:
    """Finding each case's route, as the framework does first for every request."""
    if backend == "fastapi":
        from starlette.routing import Match

        from services.fastapi_impl.app import create_app

        app = create_app(settings)
        for case in cases(settings.database_url, slug):
            path = case.path.partition("?")[0]
            scope = {"type": "http", "method": case.method, "path": path, "root_path": "", "headers": []}

            def match(scope: dict[str, Any] = scope) -> None:
                for route in app.router.routes:
                    found, _ = route.matches(scope)
                    if found is Match.FULL:
                        return
                raise SystemExit(f"no route for {scope['path']}")

            yield case.name, match
        return
    from services.flask_impl.app import create_app as create_flask

    adapter = create_flask(settings).url_map.bind("bench")
    for case in cases(settings.database_url, slug):
        if "flask" in case.backends:

            def match_rule(path: str = case.path.partition("?")[0], method: str = case.method) -> None:
                adapter.match(path, method)

            yield case.name, match_rule


if __name__ == "__main__":
    sys.exit(main())
