"""HEAD, OPTIONS, CORS preflights and `Allow`, as RFC 9110 says; twin of `flask_impl/methods.py`.

A FastAPI route serves only the methods it declares, and listing HEAD and OPTIONS
on every route would put them in the API document. So `Methods`, ASGI middleware
outside Starlette's `CORSMiddleware`, answers HEAD as GET without the body; refuses
a preflight that asks for more than the API allows (`shared.cors`) in the error
envelope and empties the `OK` text of one it allows; and turns the router's 405 to
a plain OPTIONS, which already carries the path's `Allow`, into an empty 200.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.routing import Route, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import cors, errors, http
from shared.settings import Settings


def allowed_methods(connection: HTTPConnection) -> str | None:
    """The `Allow` of the most specific route template this path fits, or None when none fits.

    The templates are the API document's paths (FastAPI keeps included routers apart,
    so the document is the public list of them) and the app's own routes (the docs
    pages). `/api/articles/feed` also fits `/api/articles/{slug}`, whose methods do
    not belong to it: the template with the fewest parameters wins (Starlette's own
    `Allow` names only the first route that fits).
    """
    templates: dict[str, set[str]] = {
        template: {method.upper() for method in operations}
        for template, operations in connection.app.openapi()["paths"].items()
    }
    for route in connection.app.routes:
        if isinstance(route, Route) and route.methods:
            templates.setdefault(route.path, set()).update(route.methods)
    fitting = []
    for template, methods in templates.items():
        regex, _, convertors = compile_path(template)
        if regex.match(connection.scope["path"]):
            fitting.append((len(convertors), template, methods))
    return http.allow(min(fitting)[2]) if fitting else None


def check_preflight(scope: Scope, allowed_origins: tuple[str, ...]) -> bool:
    """Whether the request is a CORS preflight; one the API does not allow raises its 400."""
    headers = Headers(scope=scope)
    origin, request_method = headers.get(cors.ORIGIN), headers.get(cors.REQUEST_METHOD)
    if scope["method"] != "OPTIONS" or origin is None or request_method is None:
        return False  # a preflight is OPTIONS with both headers (Fetch standard, "CORS-preflight request")
    cors.check_preflight(
        origin,
        request_method,
        headers.get(cors.REQUEST_HEADERS),
        headers.get(cors.REQUEST_PRIVATE_NETWORK),
        allowed_origins,
    )
    return True


def answer_options(send: Send) -> Send:
    """`send` for a plain OPTIONS: the router's 405 (with `Allow`) becomes an empty 200 (RFC 9110 §9.3.7);
    any other answer (a 404 for a path no route serves) passes unchanged."""
    emptied = False

    async def send_options(message: Message) -> None:
        nonlocal emptied
        if message["type"] == "http.response.start" and message["status"] == 405:
            emptied = True
            message = {**message, "status": 200}
            headers = MutableHeaders(scope=message)
            del headers["content-type"]
            headers["content-length"] = "0"
        elif message["type"] == "http.response.body" and emptied:
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_options


def without_body(send: Send, allow: str | None = None) -> Send:
    """`send`, minus the body; with `allow`, also minus the Content-Type of the emptied body."""

    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.start" and allow is not None:
            headers = MutableHeaders(scope=message)
            del headers["content-type"]
            headers["content-length"] = "0"
            headers["allow"] = allow
        elif message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_headers_only


class Methods:
    """HEAD as GET without the body (RFC 9110 §9.3.2); CORS preflights refused or emptied (§9.3.7)."""

    def __init__(self, app: ASGIApp, allowed_origins: tuple[str, ...]) -> None:
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
        elif scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, without_body(send))
        else:
            await self.options(scope, receive, send)

    async def options(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            preflight = check_preflight(scope, self.allowed_origins)
            allow = allowed_methods(HTTPConnection(scope)) if preflight else None
            if preflight and allow is None:
                raise errors.route_not_found()
        except errors.ApiError as error:
            await JSONResponse(error.body(), status_code=error.status_code)(scope, receive, send)
            return
        if preflight:
            await self.app(scope, receive, without_body(send, allow))  # CORSMiddleware answers it
        else:
            await self.app(scope, receive, answer_options(send))  # the router answers 405 with `Allow`


def init_app(app: FastAPI, settings: Settings) -> None:
    """Add the middleware; call it right after adding `CORSMiddleware`, so it runs before it."""
    app.add_middleware(Methods, allowed_origins=settings.cors_origins)
