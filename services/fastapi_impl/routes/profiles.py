"""Profiles and follows; twin of `flask_impl/routes/profiles.py`."""

from __future__ import annotations

from fastapi import APIRouter

from services.fastapi_impl.auth import CurrentUser, OptionalUser
from services.fastapi_impl.database import DbSession
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.profiles import ProfileResponse
from shared import profiles

router = APIRouter(tags=["Profile"])


@router.get(
    "/profiles/{username}",
    operation_id="GetProfileByUsername",
    responses=error_responses(401, 404, 422),
)
def get_profile(username: str, viewer: OptionalUser, session: DbSession) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": profiles.get_profile(session, viewer, username)})


@router.post(
    "/profiles/{username}/follow",
    operation_id="FollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
def follow(username: str, user: CurrentUser, session: DbSession) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": profiles.follow(session, user, username)})


@router.delete(
    "/profiles/{username}/follow",
    operation_id="UnfollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
def unfollow(username: str, user: CurrentUser, session: DbSession) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": profiles.unfollow(session, user, username)})
