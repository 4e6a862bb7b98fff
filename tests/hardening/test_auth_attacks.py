"""Forged, expired and orphaned tokens against both backends served for real: all 401 `is invalid`."""

from __future__ import annotations

import base64
import json
import time
import uuid
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import delete

from shared import db
from shared.models import User

from .conftest import Live

INVALID = {"errors": {"token": ["is invalid"]}}


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _claims(user: dict[str, Any], **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": user["id"],
        "username": user["username"],
        "email": user["email"],
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _hs512(claims: dict[str, Any], secret: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyJWT warns that the key is short for SHA-512: that is the point
        return jwt.encode(claims, secret, algorithm="HS512")


Forge = Callable[[dict[str, Any], str], str]
FORGERIES: dict[str, Forge] = {
    "alg none": lambda user, _: (
        f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(user, iat=1, nbf=1, exp=4e9))}."
    ),
    "alg none, signature kept": lambda user, secret: ".".join(
        [_b64({"alg": "none"}), *jwt.encode(_claims(user), secret, algorithm="HS256").split(".")[1:]]
    ),
    "HS512 with the right secret": lambda user, secret: _hs512(_claims(user), secret),
    "HS256 with another secret": lambda user, _: jwt.encode(
        _claims(user), "another-secret" * 4, algorithm="HS256"
    ),
    "signature flipped": lambda user, secret: (
        jwt.encode(_claims(user), secret, algorithm="HS256")[:-4] + "AAAA"
    ),
    "payload swapped, signature kept": lambda user, secret: ".".join(
        [
            jwt.encode(_claims(user), secret, algorithm="HS256").split(".")[0],
            _b64(_claims(user, username="admin")),
            jwt.encode(_claims(user), secret, algorithm="HS256").split(".")[2],
        ]
    ),
    "expired": lambda user, secret: jwt.encode(
        _claims(user, exp=int(time.time()) - 5), secret, algorithm="HS256"
    ),
    "not yet valid (nbf)": lambda user, secret: jwt.encode(
        _claims(user, nbf=int(time.time()) + 3600), secret, algorithm="HS256"
    ),
    "no subject": lambda user, secret: jwt.encode(_claims(user, sub=None), secret, algorithm="HS256"),
    "no expiry": lambda user, secret: jwt.encode(_claims(user, exp=None), secret, algorithm="HS256"),
    "unknown subject": lambda user, secret: jwt.encode(
        _claims(user, sub="999999999"), secret, algorithm="HS256"
    ),
    "subject not a number": lambda user, secret: jwt.encode(
        _claims(user, sub="admin"), secret, algorithm="HS256"
    ),
    "someone else's name": lambda user, secret: jwt.encode(
        _claims(user, username="admin"), secret, algorithm="HS256"
    ),
    "garbage": lambda *_: "garbage",
    "three empty parts": lambda *_: "..",
    "base64 noise": lambda *_: "eyJ" + "A" * 300 + ".eyJ" + "B" * 300 + ".sig",
}


def _register(client: httpx.Client) -> dict[str, Any]:
    name = f"attack{uuid.uuid4().hex[:8]}"
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
    user: dict[str, Any] = client.post("/api/users", json=body).json()["user"]
    user["id"] = jwt.decode(user["token"], options={"verify_signature": False})["sub"]
    return user


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forged_tokens_are_invalid(live: Live, backend: str, forgery: str, record: Any) -> None:
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        user = _register(client)
        token = FORGERIES[forgery](user, live.jwt_secret)
        answers = [
            client.get("/api/user", headers={"Authorization": f"Token {token}"}),
            client.get("/api/articles", headers={"Authorization": f"Token {token}"}),
        ]
    record("auth attacks", len(answers), sum(1 for r in answers if r.status_code != 401))
    for response in answers:
        assert response.status_code == 401, (forgery, response.text)
        assert response.json() == INVALID


def test_a_deleted_users_token_is_invalid(live: Live, backend: str, record: Any) -> None:
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        user = _register(client)
        assert client.get("/api/user", headers={"Authorization": f"Token {user['token']}"}).status_code == 200
        engine = db.make_engine(live.database_url)
        with engine.begin() as connection:
            connection.execute(delete(User).where(User.id == int(user["id"])))
        engine.dispose()
        response = client.get("/api/user", headers={"Authorization": f"Token {user['token']}"})
    record("auth attacks", 1, 0 if response.status_code == 401 else 1)
    assert response.status_code == 401
    assert response.json() == INVALID


def test_a_renamed_users_old_token_is_invalid(live: Live, backend: str, record: Any) -> None:
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        user = _register(client)
        old = {"Authorization": f"Token {user['token']}"}
        renamed = client.put("/api/user", json={"user": {"username": user["username"] + "x"}}, headers=old)
        assert renamed.status_code == 200
        response = client.get("/api/user", headers=old)
        fresh = client.get("/api/user", headers={"Authorization": f"Token {renamed.json()['user']['token']}"})
    record("auth attacks", 1, 0 if response.status_code == 401 else 1)
    assert response.status_code == 401
    assert response.json() == INVALID
    assert fresh.status_code == 200


def test_no_password_or_hash_reaches_a_response_or_a_log_line(live: Live, backend: str, record: Any) -> None:
    """Register, log in, fail to log in, update the password: then grep every answer and the logs."""
    secret = f"pw-{uuid.uuid4().hex}"
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        name = f"secret{uuid.uuid4().hex[:8]}"
        user = {"username": name, "email": f"{name}@example.com", "password": secret}
        answers = [client.post("/api/users", json={"user": user})]
        token = answers[0].json()["user"]["token"]
        answers.append(
            client.post("/api/users/login", json={"user": {"email": user["email"], "password": secret}})
        )
        answers.append(
            client.post(
                "/api/users/login", json={"user": {"email": user["email"], "password": "wrong-" + secret}}
            )
        )
        answers.append(
            client.put(
                "/api/user",
                json={"user": {"password": secret + "2"}},
                headers={"Authorization": f"Token {token}"},
            )
        )
        answers.append(client.post("/api/users", json={"user": user}))
    texts = [response.text for response in answers] + [live.log_text()]
    leaks = [text for text in texts if secret in text or "$argon2" in text]
    record("secrets in responses and logs", len(texts), len(leaks))
    assert [response.status_code for response in answers] == [201, 200, 401, 200, 409]
    assert not leaks
