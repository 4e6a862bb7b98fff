"""Request ids, access lines and request limits, as ASGI middleware; twin of `flask_impl/middleware.py`.

Written as plain ASGI rather than `BaseHTTPMiddleware`, which would wrap every
response in a stream and cost each request more than the rest of this module.
Flask's twin also has `target_length`: ASGI hands over the raw path in the scope, WSGI does not.
"""

from __future__ import annotations

from time import perf_counter

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import errors, headers, http, logs
from shared.settings import Settings


class RequestContext:
    """Tags the request with an id (logged, returned as `X-Request-ID`), adds the security headers
    and logs the access line."""

    def __init__(self, app: ASGIApp, access_log: bool) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = logs.new_request_id(Headers(scope=scope).get(logs.REQUEST_ID_HEADER))
        token = logs.request_id.set(request_id)
        started, status = perf_counter(), 500

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = MutableHeaders(scope=message)
                response_headers.append(logs.REQUEST_ID_HEADER, request_id)
                policy = response_headers.get(headers.CONTENT_SECURITY_POLICY)
                response_headers.update(headers.security_headers(policy))
            await send(message)

        try:
            await self.app(scope, receive, send_tagged)
        finally:
            if self.access_log:
                logs.log_access(scope["method"], scope["path"], status, (perf_counter() - started) * 1000)
            logs.request_id.reset(token)


class RequestLimits:
    """The API's own request limits, in the error envelope, before any route runs.

    The URL and the headers (`shared.http.check_request_size`: 414, 431), then the body:
    413 for a body over `max_bytes`. FastAPI's own `max_body_size` answers in plain
    text, from outside the app's exception handlers; this one refuses a declared length
    up front and stops a streamed body as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        target = len(scope.get("raw_path") or scope["path"].encode()) + (len(query) + 1 if query else 0)
        try:
            http.check_request_size(
                target, [(name.decode("latin-1"), len(value)) for name, value in scope["headers"]]
            )
        except errors.ApiError as refused:
            await JSONResponse(refused.body(), status_code=refused.status_code)(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            error = errors.too_large()
            await JSONResponse(error.body(), status_code=error.status_code)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # An HTTPException, as FastAPI turns any other error while reading a body into a 400.
                raise HTTPException(status_code=413)
            return message

        await self.app(scope, counted, send)


def init_app(app: FastAPI, settings: Settings) -> None:
    logs.configure(settings.log_level)
    app.add_middleware(RequestLimits, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContext, access_log=settings.access_log)
