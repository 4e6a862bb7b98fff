"""Login costs one password check whether or not the email exists, so timing tells an attacker nothing."""

from __future__ import annotations

import pytest

from shared import errors, security, users
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
