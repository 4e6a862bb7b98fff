"""CORS: what browsers on other origins may ask for, and the refusal of a preflight that asks for more.

Both backends keep their well-known CORS library (Starlette's `CORSMiddleware`,
flask-cors) for the headers of allowed requests, configured from the lists below.
A preflight those lists refuse is answered here, the same way on both, as the
API's error envelope: the libraries would answer it with plain text (Starlette,
400 `Disallowed CORS headers`) or with a 200 that only lacks the headers (flask-cors).
The checks are Starlette's, so no preflight that passes here is refused there.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared import errors

ALLOW_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT")
ALLOW_HEADERS = ("Authorization", "Content-Type")
SAFELISTED_HEADERS = ("Accept", "Accept-Language", "Content-Language", "Content-Type")
"""The Fetch standard's CORS-safelisted request headers, which every preflight may name."""
ORIGIN = "Origin"
REQUEST_METHOD = "Access-Control-Request-Method"
REQUEST_HEADERS = "Access-Control-Request-Headers"
REQUEST_PRIVATE_NETWORK = "Access-Control-Request-Private-Network"
MAX_AGE_SECONDS = 600
"""How long a browser may cache a preflight's answer (Starlette's default)."""

_ALLOWED_HEADER_NAMES = tuple(sorted({name.lower() for name in (*ALLOW_HEADERS, *SAFELISTED_HEADERS)}))


def check_preflight(
    origin: str,
    request_method: str,
    request_headers: str | None,
    private_network: str | None,
    allowed_origins: Sequence[str],
) -> None:
    """Nothing for a preflight the API allows; otherwise 400 naming the first part it does not.

    In: the preflight's `Origin`, `Access-Control-Request-Method`, and the optional
    `Access-Control-Request-Headers` and `Access-Control-Request-Private-Network`
    (never allowed: the API is not on a private network), and the configured origins
    (`CORS_ORIGINS`). Methods are case-sensitive (RFC 9110 §9.1), header names are not (§5.1).
    """
    if "*" not in allowed_origins and origin not in allowed_origins:
        raise errors.BadRequest({ORIGIN: [errors.NOT_ALLOWED]})
    if request_method not in ALLOW_METHODS:
        raise errors.BadRequest({REQUEST_METHOD: [errors.one_of(ALLOW_METHODS)]})
    if request_headers is not None and any(
        name.strip().lower() not in _ALLOWED_HEADER_NAMES for name in request_headers.split(",")
    ):
        raise errors.BadRequest({REQUEST_HEADERS: [errors.may_only_list(_ALLOWED_HEADER_NAMES)]})
    if private_network is not None:
        raise errors.BadRequest({REQUEST_PRIVATE_NETWORK: [errors.NOT_ALLOWED]})
