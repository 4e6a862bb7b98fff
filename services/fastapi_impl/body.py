"""The JSON-only rule for request bodies; twin of `flask_impl/body.py`.

FastAPI parses the body before dependencies run, so a malformed JSON body is
already a validation error (turned into a 400 in `errors.py`) and this
dependency only has to refuse bodies that are not JSON at all.
"""

from __future__ import annotations

from fastapi import Request

from shared import errors

JSON_TYPES = ("application/json",)


async def require_json(request: Request) -> None:
    """415 for any body that is not `application/json` (or `application/*+json`)."""
    mimetype = request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if mimetype in JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json")):
        return
    raise errors.unsupported_media_type()
