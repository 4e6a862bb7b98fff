"""The caller, from the `Authorization: Token <jwt>` header; twin of `fastapi_impl/auth.py`."""

from __future__ import annotations

from flask import request

from services.flask_impl.database import get_session, get_settings
from shared import users
from shared.models import User


def current_user() -> User:
    """The caller of a protected route; documented as the `Token` security scheme."""
    return users.current_user(get_session(), get_settings(), authorization_header())


def optional_user() -> User | None:
    """The caller of a public route, or None when anonymous."""
    return users.optional_user(get_session(), get_settings(), authorization_header())


def authorization_header() -> str | None:
    return request.headers.get("Authorization")
