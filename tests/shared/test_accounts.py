"""shared/accounts.py: a write acts on the session's own `User` for its caller, loaded only when the
caller came as a record, and a caller deleted meanwhile is an invalid token."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from shared import errors, reader, users
from shared.accounts import AccountRecord, entity
from shared.models import User
from tests.shared.conftest import CHEAP, Database


@contextmanager
def _statements(database: Database) -> Iterator[list[str]]:
    sent: list[str] = []

    def seen(*arguments: Any) -> None:
        sent.append(arguments[2])

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)


def _header(database: Database) -> str:
    with database.sessions() as session:
        token = users.register(
            session, CHEAP, username="account", email="account@example.com", password="password123"
        ).token
    return f"Token {token}"


def test_the_session_s_caller_is_its_own_entity_without_a_statement(database: Database) -> None:
    header = _header(database)
    with database.sessions() as session:
        caller = users.current_user(session, CHEAP, header)
        with _statements(database) as sent:
            found = entity(session, caller)
        assert found is caller
        assert sent == []


def test_a_record_s_entity_is_loaded_by_its_id(database: Database) -> None:
    header = _header(database)
    with reader.reading(database.engine) as read:
        record = users.current_user(read, CHEAP, header)
    assert isinstance(record, AccountRecord)
    with database.sessions() as session, _statements(database) as sent:
        found = entity(session, record)
        assert isinstance(found, User)
        assert (found.id, found.username, found.email) == (record.id, record.username, record.email)
        assert len(sent) == 1


def test_a_caller_deleted_meanwhile_is_an_invalid_token(database: Database) -> None:
    header = _header(database)
    with reader.reading(database.engine) as read:
        record = users.current_user(read, CHEAP, header)
    with database.sessions() as session:
        session.delete(session.get(User, record.id))
        session.commit()
    with database.sessions() as session, pytest.raises(errors.Unauthorized):
        entity(session, record)
