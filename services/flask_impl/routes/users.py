"""Registration, login and the current user; twin of `fastapi_impl/routes/users.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import authorization_header, current_user
from services.flask_impl.body import require_json
from services.flask_impl.database import get_database, get_settings
from services.flask_impl.docs import documented
from services.flask_impl.schemas.users import (
    LoginUserRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserResponse,
)
from shared import users

router = Blueprint("users", __name__)
TAGS = ("User and Authentication",)
login_request, new_user_request = LoginUserRequest(), NewUserRequest()
update_user_request, user_response = UpdateUserRequest(), UserResponse()


@router.post("/users/login")
@documented("Login", tags=TAGS, body=LoginUserRequest, response=UserResponse, errors=(400, 401, 415, 422))
def login() -> ResponseReturnValue:
    body = login_request.load(require_json())
    user = get_database().run(
        users.login, get_settings(), email=body["user"]["email"], password=body["user"]["password"]
    )
    return user_response.dump({"user": user})


@router.post("/users")
@documented(
    "CreateUser",
    tags=TAGS,
    status=201,
    body=NewUserRequest,
    response=UserResponse,
    errors=(400, 409, 415, 422),
)
def register() -> ResponseReturnValue:
    body = new_user_request.load(require_json())
    user = get_database().run(
        users.register,
        get_settings(),
        username=body["user"]["username"],
        email=body["user"]["email"],
        password=body["user"]["password"],
    )
    return user_response.dump({"user": user}), 201


@router.get("/user")
@documented("GetCurrentUser", tags=TAGS, response=UserResponse, errors=(401,), auth=True)
def get_current_user() -> ResponseReturnValue:
    user = current_user().run(users.me, get_settings(), authorization_header())
    return user_response.dump({"user": user})


@router.put("/user")
@documented(
    "UpdateCurrentUser",
    tags=TAGS,
    body=UpdateUserRequest,
    response=UserResponse,
    errors=(400, 401, 409, 415, 422),
    auth=True,
)
def update_current_user() -> ResponseReturnValue:
    body = update_user_request.load(require_json())
    updated = current_user().run(users.update_user, get_settings(), body["user"], authorization_header())
    return user_response.dump({"user": updated})
