"""Passwords, tokens and the Authorization header: every way in that must be refused is refused."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import jwt
import pytest

from shared import errors, security

PROFILE = "CHEAPEST"
SECRET = "test-secret-0123456789abcdef0123456789"
CLAIMS = security.TokenClaims(user_id=42, username="jake", email="jake@example.com")


def _assert_invalid(token: str, secret: str = SECRET) -> None:
    with pytest.raises(errors.Unauthorized) as raised:
        security.read_token(token, secret)
    assert raised.value.errors == {"token": ["is invalid"]}
    assert raised.value.status_code == 401


def _payload(**overrides: Any) -> dict[str, Any]:
    issued = datetime.now(UTC)
    payload: dict[str, Any] = {
        "sub": "42",
        "username": "jake",
        "email": "jake@example.com",
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(hours=1),
    }
    payload.update(overrides)
    return payload


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_hash_and_verify_round_trip() -> None:
    hashed = security.hash_password("correct horse battery", PROFILE)
    assert security.verify_password(hashed, "correct horse battery", PROFILE)


def test_wrong_password_is_refused() -> None:
    hashed = security.hash_password("correct horse battery", PROFILE)
    assert not security.verify_password(hashed, "correct horse batterY", PROFILE)
    assert not security.verify_password(hashed, "", PROFILE)


def test_a_hash_is_never_the_password_and_is_salted() -> None:
    first = security.hash_password("password123", PROFILE)
    second = security.hash_password("password123", PROFILE)
    assert "password123" not in first
    assert first.startswith("$argon2id$")
    assert first != second


def test_a_malformed_hash_verifies_nothing() -> None:
    assert not security.verify_password("not-a-hash", "not-a-hash", PROFILE)


def test_token_round_trip() -> None:
    token = security.issue_token(CLAIMS, SECRET, ttl_seconds=60)
    assert security.read_token(token, SECRET) == CLAIMS


def test_expired_token_is_invalid() -> None:
    _assert_invalid(security.issue_token(CLAIMS, SECRET, ttl_seconds=-10))


def test_token_signed_with_another_secret_is_invalid() -> None:
    _assert_invalid(security.issue_token(CLAIMS, "another-secret-0123456789abcdef0123", ttl_seconds=60))


def test_unsigned_token_is_invalid() -> None:
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "42", "username": "jake", "email": "jake@example.com", "iat": now, "exp": now + 3600}
    unsigned = f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."
    assert jwt.decode(unsigned, options={"verify_signature": False})["sub"] == "42"
    _assert_invalid(unsigned)


def test_token_not_valid_yet_is_invalid() -> None:
    later = datetime.now(UTC) + timedelta(minutes=10)
    _assert_invalid(jwt.encode(_payload(nbf=later), SECRET, algorithm="HS256"))


def test_token_without_a_required_claim_is_invalid() -> None:
    payload = _payload()
    del payload["sub"]
    _assert_invalid(jwt.encode(payload, SECRET, algorithm="HS256"))


def test_token_with_a_non_numeric_subject_is_invalid() -> None:
    _assert_invalid(jwt.encode(_payload(sub="jake"), SECRET, algorithm="HS256"))


@pytest.mark.parametrize("garbage", ["", "garbage", "a.b.c", "Token abc", "ey.ey.ey"])
def test_garbage_is_invalid(garbage: str) -> None:
    _assert_invalid(garbage)


def test_a_well_formed_handmade_token_is_accepted() -> None:
    """Guards the refusals above: the handmade payload itself is fine when signed properly."""
    token = jwt.encode(_payload(), SECRET, algorithm="HS256")
    assert security.read_token(token, SECRET) == CLAIMS


@pytest.fixture
def forgotten() -> Iterator[None]:
    """No token remembered before or after the test (`security.TOKENS_KEPT`)."""
    security._verify.cache_clear()
    yield
    security._verify.cache_clear()


def _clock_at(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(security, "time", SimpleNamespace(time=lambda: seconds))


@pytest.mark.usefixtures("forgotten")
def test_a_token_seen_before_is_not_verified_again(monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[str] = []
    decode = jwt.decode

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counted)
    token = security.issue_token(CLAIMS, SECRET, ttl_seconds=60)
    assert [security.read_token(token, SECRET) for _ in range(3)] == [CLAIMS] * 3
    assert decoded == [token]
    other = security.issue_token(CLAIMS, SECRET, ttl_seconds=61)
    assert security.read_token(other, SECRET) == CLAIMS
    assert decoded == [token, other]


@pytest.mark.usefixtures("forgotten")
def test_a_remembered_token_expires_on_time(monkeypatch: pytest.MonkeyPatch) -> None:
    issued = int(datetime.now(UTC).timestamp())
    token = jwt.encode(_payload(iat=issued, nbf=issued, exp=issued + 60), SECRET, algorithm="HS256")
    assert security.read_token(token, SECRET) == CLAIMS
    _clock_at(monkeypatch, issued + 59.9)
    assert security.read_token(token, SECRET) == CLAIMS
    _clock_at(monkeypatch, issued + 60)
    _assert_invalid(token)


@pytest.mark.usefixtures("forgotten")
@pytest.mark.parametrize("claim", ["iat", "nbf"])
def test_a_remembered_token_is_refused_before_its_start(monkeypatch: pytest.MonkeyPatch, claim: str) -> None:
    """A clock set back after the token was seen: PyJWT would refuse it again, and so does the cache."""
    issued = int(datetime.now(UTC).timestamp())
    other = "nbf" if claim == "iat" else "iat"
    token = jwt.encode(_payload(**{claim: issued - 10, other: issued - 20}), SECRET, algorithm="HS256")
    assert security.read_token(token, SECRET) == CLAIMS
    _clock_at(monkeypatch, issued - 10)
    assert security.read_token(token, SECRET) == CLAIMS
    _clock_at(monkeypatch, issued - 10.5)
    _assert_invalid(token)


@pytest.mark.usefixtures("forgotten")
def test_a_remembered_token_is_bound_to_its_secret() -> None:
    token = security.issue_token(CLAIMS, SECRET, ttl_seconds=60)
    assert security.read_token(token, SECRET) == CLAIMS
    _assert_invalid(token, "another-secret-0123456789abcdef0123")


@pytest.mark.usefixtures("forgotten")
def test_a_refused_token_is_not_remembered() -> None:
    token = security.issue_token(CLAIMS, SECRET, ttl_seconds=-10)
    _assert_invalid(token)
    assert security._verify.cache_info().currsize == 0


def test_no_header_means_no_token() -> None:
    assert security.token_from_header(None) is None


@pytest.mark.parametrize(
    "header", ["Token abc.def.ghi", "token abc.def.ghi", "TOKEN abc.def.ghi", "Token   abc.def.ghi"]
)
def test_token_scheme_gives_the_token(header: str) -> None:
    """RFC 9110 §11.1: the scheme is case-insensitive; §11.4: one or more spaces follow it."""
    assert security.token_from_header(header) == "abc.def.ghi"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer abc.def.ghi",
        "Token",
        "Token ",
        "abc.def.ghi",
        "Token a b",
        "Token a.b.c,Token a.b.c",  # two Authorization fields, joined by the server (RFC 9110 §5.3)
        "Token a.b.c, Token a.b.c",
        "Token a=b",  # `=` only pads the end of a token68
    ],
)
def test_other_headers_are_an_invalid_token(header: str) -> None:
    with pytest.raises(errors.Unauthorized) as raised:
        security.token_from_header(header)
    assert raised.value.errors == {"token": ["is invalid"]}
