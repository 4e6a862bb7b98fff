"""The caller, from the `Authorization: Token <jwt>` header; twin of `fastapi_impl/auth.py`.

These functions only read the header: checking the token needs the user's row,
so it happens inside the request's database work (`Caller.run`), in the same
session as the domain operation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Concatenate, Generic, ParamSpec, TypeVar

from flask import request
from sqlalchemy.orm import Session

from services.flask_impl.database import Database, get_database, get_settings
from shared import reader, users
from shared.accounts import Account

P = ParamSpec("P")
T = TypeVar("T")
UserT = TypeVar("UserT", Account, Account | None)
SourceT = TypeVar("SourceT", Session, reader.Source)


class Caller(Generic[UserT]):
    """Who sent the request: `run` resolves it to an `Account` (`shared.accounts`; or None) and acts as it."""

    def __init__(self, database: Database, resolve: Callable[[reader.Source], UserT]) -> None:
        self.database = database
        self.resolve: Callable[[reader.Source], UserT] = resolve

    def run(
        self, operation: Callable[Concatenate[SourceT, UserT, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`operation(session, caller, *args, **kwargs)`, the token checked in the same session
        (a `shared.reader.Reader` in place of the session for a read-only operation: `shared.db.run`)."""

        @wraps(operation)  # keeps its `read_only` mark (shared.db)
        def as_caller(source: SourceT) -> T:
            return operation(source, self.resolve(source), *args, **kwargs)

        return self.database.run(as_caller)


def current_user() -> Caller[Account]:
    """The caller of a protected route (401 unless the token is good); documented as the `Token` scheme."""
    authorization = authorization_header()
    return Caller(
        get_database(), partial(users.current_user, settings=get_settings(), authorization=authorization)
    )


def optional_user() -> Caller[Account | None]:
    """The caller of a public route: None when anonymous, 401 for a bad token."""
    authorization = authorization_header()
    return Caller(
        get_database(), partial(users.optional_user, settings=get_settings(), authorization=authorization)
    )


def authorization_header() -> str | None:
    """The header's value; the WSGI server has joined repeated fields with "," (RFC 9110 §5.3),
    so `shared.security` refuses them alike on both backends."""
    return request.headers.get("Authorization")
