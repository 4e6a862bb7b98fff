"""The JSON-only rule for request bodies; twin of `fastapi_impl/body.py`.

Flask parses the body only when asked, so this one function refuses bodies
that are not JSON (415), answers an empty or `null` one as FastAPI does (422) and lets
a malformed one raise werkzeug's 400, which `errors.py` renders. (A body over
MAX_BODY_BYTES never gets here: werkzeug refuses it with 413 before reading it.)
The app parses JSON strictly (`StrictJsonProvider`, Flask's documented JSON
provider hook): `NaN` and `Infinity` are not JSON either (`shared.strict_json`).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask.json.provider import DefaultJSONProvider

from shared import errors, strict_json


def require_json() -> Any:
    """The parsed JSON body of an `application/json` (or `application/*+json`) request."""
    if not request.is_json:
        raise errors.unsupported_media_type()
    data = request.get_data(cache=True)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and limit is not None and len(data) >= limit:
        # werkzeug stops reading a streamed body at the limit without a word: refuse what reached it.
        raise errors.too_large()
    try:
        payload = request.get_json() if data else None
    except RecursionError:  # nested deeper than the parser goes: not JSON this API can read
        raise errors.bad_json() from None
    if payload is None:
        raise errors.ValidationFailed({"body": [errors.BLANK]})
    return payload


class StrictJsonProvider(DefaultJSONProvider):
    """Flask's JSON, reading RFC 8259's JSON only (werkzeug turns the error into a 400); keys keep
    the schemas' order."""

    sort_keys = False

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return strict_json.loads(s)
