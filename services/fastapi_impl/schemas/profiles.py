"""Profile schemas; twin of `flask_impl/schemas/profiles.py`."""

from __future__ import annotations

from services.fastapi_impl.schemas.fields import ResponseModel


class Profile(ResponseModel):
    username: str
    bio: str | None
    image: str | None
    following: bool


class ProfileResponse(ResponseModel):
    profile: Profile
