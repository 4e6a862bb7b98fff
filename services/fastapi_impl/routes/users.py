"""Registration, login and the current user; twin of `flask_impl/routes/users.py`."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter, Depends

from services.fastapi_impl.auth import Authorization, CurrentUser
from services.fastapi_impl.body import StrictJsonRoute, require_json
from services.fastapi_impl.database import AppSettings, Db
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.users import (
    LoginUserRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserResponse,
)
from shared import users

router = APIRouter(tags=["User and Authentication"], route_class=StrictJsonRoute)


@router.post(
    "/users/login",
    operation_id="Login",
    responses=error_responses(400, 401, 415, 422),
    dependencies=[Depends(require_json)],
)
async def login(body: LoginUserRequest, db: Db, settings: AppSettings) -> UserResponse:
    user = await db.run(users.login, settings, email=body.user.email, password=body.user.password)
    return UserResponse.model_validate({"user": user})


@router.post(
    "/users",
    status_code=201,
    operation_id="CreateUser",
    responses=error_responses(400, 409, 415, 422),
    dependencies=[Depends(require_json)],
)
async def register(body: NewUserRequest, db: Db, settings: AppSettings) -> UserResponse:
    user = await db.run(
        users.register,
        settings,
        username=body.user.username,
        email=body.user.email,
        password=body.user.password,
    )
    return UserResponse.model_validate({"user": user})


@router.get(
    "/user",
    operation_id="GetCurrentUser",
    responses=error_responses(401),
)
async def get_current_user(
    user: CurrentUser, settings: AppSettings, authorization: Authorization
) -> UserResponse:
    return UserResponse.model_validate({"user": await user.run(users.me, settings, authorization)})


@router.put(
    "/user",
    operation_id="UpdateCurrentUser",
    responses=error_responses(400, 401, 409, 415, 422),
    dependencies=[Depends(require_json)],
)
async def update_current_user(
    body: UpdateUserRequest, user: CurrentUser, settings: AppSettings, authorization: Authorization
) -> UserResponse:
    changes = cast(users.UserChanges, body.user.model_dump(exclude_unset=True))
    updated = await user.run(users.update_user, settings, changes, authorization)
    return UserResponse.model_validate({"user": updated})
