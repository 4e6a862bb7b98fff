"""The JSON-only rule for request bodies; twin of `flask_impl/body.py`.

FastAPI parses the body before dependencies run, so a malformed JSON body is
already a validation error (turned into a 400 in `errors.py`) and this
dependency only has to refuse bodies that are not JSON at all. The routers that
read bodies parse them strictly (`StrictJsonRoute`, FastAPI's documented custom
route class): `NaN` and `Infinity` are not JSON either (`shared.strict_json`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from shared import errors, strict_json

JSON_TYPES = ("application/json",)


async def require_json(request: Request) -> None:
    """415 for any body that is not `application/json` (or `application/*+json`)."""
    mimetype = request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if mimetype in JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json")):
        return
    raise errors.unsupported_media_type()


class StrictJsonRequest(Request):
    """A request whose `json()` is RFC 8259's JSON: FastAPI turns the `JSONDecodeError` into a 400."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json.loads(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """Routes that hand FastAPI a `StrictJsonRequest`, so it parses their bodies strictly."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_handler
