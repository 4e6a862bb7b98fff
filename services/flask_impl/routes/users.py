"""Registration, login and the current user; twin of `fastapi_impl/routes/users.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import authorization_header, current_user
from services.flask_impl.body import require_json
from services.flask_impl.database import get_session, get_settings
from services.flask_impl.schemas.users import (
    LoginUserRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserResponse,
)
from shared import users

router = Blueprint("users", __name__)
login_request, new_user_request = LoginUserRequest(), NewUserRequest()
update_user_request, user_response = UpdateUserRequest(), UserResponse()


@router.post("/users/login")
def login() -> ResponseReturnValue:
    body = login_request.load(require_json())
    user = users.login(
        get_session(), get_settings(), email=body["user"]["email"], password=body["user"]["password"]
    )
    return user_response.dump({"user": user})


@router.post("/users")
def register() -> ResponseReturnValue:
    body = new_user_request.load(require_json())
    user = users.register(
        get_session(),
        get_settings(),
        username=body["user"]["username"],
        email=body["user"]["email"],
        password=body["user"]["password"],
    )
    return user_response.dump({"user": user}), 201


@router.get("/user")
def get_current_user() -> ResponseReturnValue:
    user = users.me(current_user(), get_settings(), authorization_header())
    return user_response.dump({"user": user})


@router.put("/user")
def update_current_user() -> ResponseReturnValue:
    body = update_user_request.load(require_json())
    updated = users.update_user(
        get_session(), get_settings(), current_user(), body["user"], authorization_header()
    )
    return user_response.dump({"user": updated})
