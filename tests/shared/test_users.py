"""shared/users.py: login costs one password check whether or not the email exists, so timing tells an
attacker nothing; a read-only operation's caller is remembered per row and token claims."""

from __future__ import annotations

import pytest

from shared import errors, reader, security, users
from shared.models import User
from tests.shared.conftest import CHEAP, Database


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hash `verify_password` is asked to check."""
    seen: list[str] = []
    real = security.verify_password

    def spy(password_hash: str, password: str, profile: str) -> bool:
        seen.append(password_hash)
        return real(password_hash, password, profile)

    monkeypatch.setattr(security, "verify_password", spy)
    return seen


@pytest.mark.parametrize("email", ["nobody@example.com", "known@example.com"])
def test_a_failed_login_checks_one_hash_whether_or_not_the_email_exists(
    database: Database, checks: list[str], email: str
) -> None:
    with database.sessions() as session:
        users.register(session, CHEAP, username="known", email="known@example.com", password="password123")
    with database.sessions() as session, pytest.raises(errors.Unauthorized) as raised:
        users.login(session, CHEAP, email=email, password="wrong-password")
    assert raised.value.errors == {"credentials": ["invalid"]}
    assert len(checks) == 1
    assert checks[0].startswith("$argon2")


def test_a_successful_login_checks_one_hash(database: Database, checks: list[str]) -> None:
    with database.sessions() as session:
        users.register(session, CHEAP, username="known", email="known@example.com", password="password123")
    with database.sessions() as session:
        assert (
            users.login(session, CHEAP, email="known@example.com", password="password123").username == "known"
        )
    assert len(checks) == 1


def _token(database: Database, name: str) -> str:
    with database.sessions() as session:
        return users.register(
            session, CHEAP, username=name, email=f"{name}@example.com", password="password123"
        ).token


def _read_caller(database: Database, token: str) -> User:
    with reader.reading(database.engine) as read:
        return users.current_user(read, CHEAP, f"Token {token}")


def test_a_read_only_caller_is_remembered_per_row_and_claims(database: Database) -> None:
    token = _token(database, "remembered")
    first = _read_caller(database, token)
    assert _read_caller(database, token) is first
    with database.sessions() as session:
        users.update_user(
            session, users.current_user(session, CHEAP, f"Token {token}"), CHEAP, {"bio": "new"}, None
        )
    changed = _read_caller(database, token)
    assert changed is not first
    assert changed.bio == "new"
    assert first.bio is None  # what an earlier request got is left as it was


def test_a_renamed_user_s_old_token_is_refused_though_its_caller_was_remembered(database: Database) -> None:
    token = _token(database, "before")
    assert _read_caller(database, token).username == "before"
    with database.sessions() as session:
        caller = users.current_user(session, CHEAP, f"Token {token}")
        renamed = users.update_user(session, caller, CHEAP, {"username": "after"}, None)
    for _ in range(2):  # the second refusal comes from the remembered check of the claims
        with pytest.raises(errors.Unauthorized):
            _read_caller(database, token)
        with database.sessions() as session, pytest.raises(errors.Unauthorized):
            users.current_user(session, CHEAP, f"Token {token}")
    assert _read_caller(database, renamed.token).username == "after"
