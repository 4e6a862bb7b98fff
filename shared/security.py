"""Password hashing (argon2) and the API's JWTs (PyJWT), with the rules for the Authorization header."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from shared import errors

ALGORITHM = "HS256"
SCHEME = "Token"
TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
"""RFC 9110 §11.2: the form a token takes in an Authorization header (a JWT is one)."""


@lru_cache(maxsize=4)
def hasher(profile: str) -> PasswordHasher:
    """An argon2 hasher for a named argon2-cffi profile (tests use the cheap one)."""
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def hash_password(password: str, profile: str) -> str:
    return hasher(profile).hash(password)


def verify_password(password_hash: str, password: str, profile: str) -> bool:
    try:
        return hasher(profile).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def dummy_hash(profile: str) -> str:
    """A hash to verify against when the email is unknown, so login takes the same time."""
    return hash_password("not-a-real-password", profile)


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    username: str
    email: str


def issue_token(claims: TokenClaims, secret: str, ttl_seconds: int) -> str:
    """A signed token that stays valid only while the user keeps this username and email."""
    issued = datetime.now(UTC)
    payload = {
        "sub": str(claims.user_id),
        "username": claims.username,
        "email": claims.email,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=ttl_seconds),
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


TOKENS_KEPT = 4096
"""Verified tokens each process remembers (least recently used first out): a few MB at most.

The micro-benchmarks (`bench/micro/test_shared.py`, docs/bench/micro/) time PyJWT's check of one
token at 26-27 µs ("token check alone, first seen"), against 4.6 µs for the statement that loads
its user on SQLite; at commit 23e0a21, before tokens were remembered, it was most of what
`GET /api/user` cost in `shared/`. A client sends the same token with every
request, so the check runs once per token and process; a token seen before costs a lookup."""


@dataclass(frozen=True, slots=True)
class _Verified:
    claims: TokenClaims
    not_before: int
    """Seconds since the epoch: the later of `nbf` and `iat` (PyJWT refuses a token before either)."""
    expires: int
    """Seconds since the epoch: `exp`; the token is refused from that second on, as PyJWT does."""


@lru_cache(maxsize=TOKENS_KEPT)
def _verify(token: str, secret: str) -> _Verified:
    """PyJWT's full check of `token` (signature, algorithm, required claims, times); its
    exceptions propagate, and a token that fails is not remembered."""
    payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "iat"]})
    claims = TokenClaims(
        user_id=int(payload["sub"]), username=str(payload["username"]), email=str(payload["email"])
    )
    not_before = max(int(payload["iat"]), int(payload.get("nbf", payload["iat"])))
    return _Verified(claims=claims, not_before=not_before, expires=int(payload["exp"]))


def read_token(token: str, secret: str) -> TokenClaims:
    """The claims of a valid token; anything else is `errors.token_invalid()`.

    The signature and claims are checked by PyJWT the first time this process sees `token` with
    `secret` (`TOKENS_KEPT`); every time, the token must be within its times: from `nbf`/`iat`
    until `exp` (RFC 7519 §4.1.4-4.1.6, with PyJWT's rules and no leeway).
    """
    try:
        verified = _verify(token, secret)
    except (jwt.PyJWTError, KeyError, ValueError, TypeError, OverflowError) as exc:
        raise errors.token_invalid() from exc
    now = time.time()
    if verified.not_before > now or verified.expires <= now:
        raise errors.token_invalid()
    return verified.claims


@lru_cache(maxsize=TOKENS_KEPT)
def token_from_header(authorization: str | None) -> str | None:
    """The token of an `Authorization: Token <jwt>` header; None when there is no header.

    Remembered per header (`TOKENS_KEPT`, a header that fails is not): `GET /api/user` reads
    it twice, and parsing it took about 1 µs, a quarter of the request's SQL on SQLite.

    The scheme is case-insensitive (`token <jwt>` works too, RFC 9110 §11.1) and may be
    followed by several spaces (§11.4, `1*SP`); the token must be a token68 (§11.2).
    A header that is present but not of that form is an invalid token, not a missing
    one: the client tried to authenticate and got it wrong. That includes a request
    with two Authorization fields, which the servers hand over joined with "," (§5.3):
    the header is not a list, and picking one would mean guessing which one was meant.
    """
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip(" ")
    if scheme.lower() != SCHEME.lower() or not TOKEN68.fullmatch(token):
        raise errors.token_invalid()
    return token
