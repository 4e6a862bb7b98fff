"""shared/users.py: login costs one password check whether or not the email exists, so timing tells an
attacker nothing; a read-only operation's caller is a record of its row, checked against the token's
claims on every read."""

from __future__ import annotations

import pytest

from shared import errors, reader, security, users
from shared.accounts import AccountRecord
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


def _read_caller(database: Database, token: str) -> AccountRecord:
    with reader.reading(database.engine) as read:
        caller = users.current_user(read, CHEAP, f"Token {token}")
    assert isinstance(caller, AccountRecord)
    return caller


def test_a_read_only_caller_is_a_record_of_its_row_as_it_is_now(database: Database) -> None:
    token = _token(database, "recorded")
    first = _read_caller(database, token)
    with database.sessions() as session:
        entity = session.get(User, first.id)
        assert entity is not None
        assert first == AccountRecord(entity.id, entity.username, entity.email, entity.bio, entity.image)
        users.update_user(
            session, users.current_user(session, CHEAP, f"Token {token}"), CHEAP, {"bio": "new"}, None
        )
    changed = _read_caller(database, token)
    assert changed.bio == "new"
    assert first.bio is None  # what an earlier request got is left as it was


def test_a_renamed_user_s_old_token_is_refused_on_both_paths(database: Database) -> None:
    token = _token(database, "before")
    assert _read_caller(database, token).username == "before"
    with database.sessions() as session:
        caller = users.current_user(session, CHEAP, f"Token {token}")
        renamed = users.update_user(session, caller, CHEAP, {"username": "after"}, None)
    with pytest.raises(errors.Unauthorized):
        _read_caller(database, token)
    with database.sessions() as session, pytest.raises(errors.Unauthorized):
        users.current_user(session, CHEAP, f"Token {token}")
    assert _read_caller(database, renamed.token).username == "after"


def test_an_update_given_a_read_s_record_changes_the_user_s_row(database: Database) -> None:
    """`update_user` acts on the session's `User` for the account (`shared.accounts.entity`), whichever
    form the caller came in; a user deleted since its token was read is an invalid token."""
    token = _token(database, "record")
    record = _read_caller(database, token)
    with database.sessions() as session:
        users.update_user(session, record, CHEAP, {"bio": "from a record"}, None)
    assert _read_caller(database, token).bio == "from a record"
    with database.sessions() as session:
        gone = session.get(User, record.id)
        session.delete(gone)
        session.commit()
    with database.sessions() as session, pytest.raises(errors.Unauthorized):
        users.update_user(session, record, CHEAP, {"bio": "too late"}, None)
