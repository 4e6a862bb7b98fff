"""User and authentication schemas; twin of `fastapi_impl/schemas/users.py`."""

from __future__ import annotations

from marshmallow import fields

from services.flask_impl.schemas.fields import (
    Bio,
    Email,
    Image,
    LoginEmail,
    LoginPassword,
    Password,
    RequestModel,
    ResponseModel,
    Username,
    nested,
    optional,
)


class LoginUser(RequestModel):
    """Checked for presence only: a wrong email or password is a 401, not a 422."""

    email = LoginEmail()
    password = LoginPassword()


class LoginUserRequest(RequestModel):
    user = nested(LoginUser)


class NewUser(RequestModel):
    username = Username()
    email = Email()
    password = Password()


class NewUserRequest(RequestModel):
    user = nested(NewUser)


class UpdateUser(RequestModel):
    """Every field optional: only the ones sent are changed."""

    email = optional(Email())
    username = optional(Username())
    password = optional(Password())
    bio = Bio()
    image = Image()


class UpdateUserRequest(RequestModel):
    user = nested(UpdateUser)


class User(ResponseModel):
    email = fields.String()
    token = fields.String()
    username = fields.String()
    bio = fields.String(allow_none=True)
    image = fields.String(allow_none=True)


class UserResponse(ResponseModel):
    user = fields.Nested(User)
