"""The caller, from the `Authorization: Token <jwt>` header; twin of `flask_impl/auth.py`.

The dependencies only read the header: checking the token needs the user's row,
so it happens inside the request's one database call (`Caller.run`), in the same
session as the domain operation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Annotated, Concatenate, Generic, ParamSpec, TypeVar

from fastapi import Depends, Request, Security
from fastapi.requests import HTTPConnection
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from services.fastapi_impl.database import Database
from shared import reader, users
from shared.accounts import Account

P = ParamSpec("P")
T = TypeVar("T")
UserT = TypeVar("UserT", Account, Account | None)
SourceT = TypeVar("SourceT", Session, reader.Source)


class TokenHeader(APIKeyHeader):
    """The `Authorization` header, documented as the `Token` scheme, read by `authorization_header`."""

    async def __call__(self, request: HTTPConnection) -> str | None:
        return await authorization_header(request)


token_header = TokenHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>`, the token that registering or logging in returned.",
    auto_error=False,
)


class Caller(Generic[UserT]):
    """Who sent the request: `run` resolves it to an `Account` (`shared.accounts`; or None) and acts as it."""

    def __init__(self, database: Database, resolve: Callable[[reader.Source], UserT]) -> None:
        self.database = database
        self.resolve: Callable[[reader.Source], UserT] = resolve

    async def run(
        self, operation: Callable[Concatenate[SourceT, UserT, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`operation(session, caller, *args, **kwargs)`, the token checked in the same hop and session
        (a `shared.reader.Reader` in place of the session for a read-only operation: `shared.db.run`)."""

        @wraps(operation)  # keeps its `read_only` mark (shared.db)
        def as_caller(source: SourceT) -> T:
            return operation(source, self.resolve(source), *args, **kwargs)

        return await self.database.run(as_caller)


async def current_user(
    request: Request, authorization: Annotated[str | None, Security(token_header)]
) -> Caller[Account]:
    """The caller of a protected route (401 unless the token is good); documented as the `Token` scheme.

    It reads the database and settings from the app's state rather than through the `Db` and
    `AppSettings` dependencies: FastAPI's dependency resolution is the largest part of its cost
    per request after the thread hop (README, "Performance": instructions per request).
    """
    state = request.app.state
    return Caller(
        state.database, partial(users.current_user, settings=state.settings, authorization=authorization)
    )


async def optional_user(request: Request) -> Caller[Account | None]:
    """The caller of a public route: None when anonymous, 401 for a bad token."""
    state = request.app.state
    authorization = await authorization_header(request)
    return Caller(
        state.database, partial(users.optional_user, settings=state.settings, authorization=authorization)
    )


async def authorization_header(request: HTTPConnection) -> str | None:
    """The header's value; repeated fields joined with "," as a WSGI server joins them (RFC 9110 §5.3),
    so `shared.security` refuses them alike on both backends."""
    values = request.headers.getlist("Authorization")
    return ",".join(values) if values else None


CurrentUser = Annotated[Caller[Account], Depends(current_user)]
OptionalUser = Annotated[Caller[Account | None], Depends(optional_user)]
Authorization = Annotated[str | None, Depends(authorization_header)]
