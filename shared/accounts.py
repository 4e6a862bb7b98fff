"""Who an operation acts for: the signed-in user's account, as an ORM entity or as a record.

An operation's caller (`user` or `viewer`, from `shared.users.current_user`) is an `Account`:
what every operation reads of it. In a session it is the session's `User` entity, which a
write may change (`entity`); a read-only operation (`shared.db.read_only`) gets an
`AccountRecord` built from its row, in no session. Why a record: a read reads its caller's
attributes, and an ORM entity's attribute goes through SQLAlchemy's `InstrumentedAttribute`,
a descriptor written in Python: about 3,000 instructions a read against 300 for a named tuple's
field (counted by hand under callgrind, Python 3.11, four fields read), where `GET /api/user`'s
statement costs about 26,000 on SQLite; `bench/micro/test_records.py` times the caller built and
read both ways (docs/bench/micro/).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from sqlalchemy.orm import Session

from shared import errors
from shared.models import User


class Account(Protocol):
    """What an operation reads of the user it acts for: a `User` entity or an `AccountRecord`."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def email(self) -> str: ...

    @property
    def bio(self) -> str | None: ...

    @property
    def image(self) -> str | None: ...


class AccountRecord(NamedTuple):
    """A user's row (`users.id, username, email, bio, image`) as a read-only operation's caller.

    Immutable; `AccountRecord._make(row)` builds one from a driver's row.
    """

    id: int
    username: str
    email: str
    bio: str | None
    image: str | None


def entity(session: Session, account: Account) -> User:
    """`account`'s `User` in `session`, for a write that changes it or links to it: the entity itself
    when `account` is one of the session's (no statement), else loaded by its primary key; raises
    `errors.token_invalid()` when the user is gone (deleted since the token was checked)."""
    user = session.get(User, account.id)
    if user is None:
        raise errors.token_invalid()
    return user
