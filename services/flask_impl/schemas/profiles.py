"""Profile schemas; twin of `fastapi_impl/schemas/profiles.py`."""

from __future__ import annotations

from marshmallow import fields

from services.flask_impl.schemas.fields import ResponseModel


class Profile(ResponseModel):
    username = fields.String()
    bio = fields.String(allow_none=True)
    image = fields.String(allow_none=True)
    following = fields.Boolean()


class ProfileResponse(ResponseModel):
    profile = fields.Nested(Profile)
