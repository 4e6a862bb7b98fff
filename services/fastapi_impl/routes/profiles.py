"""Profiles and follows; twin of `flask_impl/routes/profiles.py`."""

from __future__ import annotations

from fastapi import APIRouter

from services.fastapi_impl.auth import CurrentUser, OptionalUser
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.profiles import ProfileResponse
from shared import profiles

router = APIRouter(tags=["Profile"])


@router.get(
    "/profiles/{username}",
    operation_id="GetProfileByUsername",
    responses=error_responses(401, 404, 422),
)
async def get_profile(username: str, viewer: OptionalUser) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": await viewer.run(profiles.get_profile, username)})


@router.post(
    "/profiles/{username}/follow",
    operation_id="FollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
async def follow(username: str, user: CurrentUser) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": await user.run(profiles.follow, username)})


@router.delete(
    "/profiles/{username}/follow",
    operation_id="UnfollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
async def unfollow(username: str, user: CurrentUser) -> ProfileResponse:
    return ProfileResponse.model_validate({"profile": await user.run(profiles.unfollow, username)})
