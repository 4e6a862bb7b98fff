"""The caller, from the `Authorization: Token <jwt>` header; twin of `flask_impl/auth.py`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from services.fastapi_impl.database import AppSettings, DbSession
from shared import users
from shared.models import User

token_header = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>`, the token that registering or logging in returned.",
    auto_error=False,
)


def current_user(
    session: DbSession,
    settings: AppSettings,
    authorization: Annotated[str | None, Security(token_header)],
) -> User:
    """The caller of a protected route; documented as the `Token` security scheme."""
    return users.current_user(session, settings, authorization)


def optional_user(session: DbSession, settings: AppSettings, request: Request) -> User | None:
    """The caller of a public route, or None when anonymous."""
    return users.optional_user(session, settings, request.headers.get("Authorization"))


def authorization_header(request: Request) -> str | None:
    return request.headers.get("Authorization")


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
Authorization = Annotated[str | None, Depends(authorization_header)]
