"""User and authentication schemas; twin of `flask_impl/schemas/users.py`."""

from __future__ import annotations

from services.fastapi_impl.schemas.fields import (
    Bio,
    Email,
    Image,
    LoginEmail,
    LoginPassword,
    Password,
    RequestModel,
    ResponseModel,
    Username,
    optional,
)


class LoginUser(RequestModel):
    """Checked for presence only: a wrong email or password is a 401, not a 422."""

    email: LoginEmail
    password: LoginPassword


class LoginUserRequest(RequestModel):
    user: LoginUser


class NewUser(RequestModel):
    username: Username
    email: Email
    password: Password


class NewUserRequest(RequestModel):
    user: NewUser


class UpdateUser(RequestModel):
    """Every field optional: only the ones sent are changed."""

    email: Email = optional()
    username: Username = optional()
    password: Password = optional()
    bio: Bio = None
    image: Image = None


class UpdateUserRequest(RequestModel):
    user: UpdateUser


class User(ResponseModel):
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class UserResponse(ResponseModel):
    user: User
