"""Profiles and follows; twin of `fastapi_impl/routes/profiles.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import current_user, optional_user
from services.flask_impl.docs import documented
from services.flask_impl.schemas.profiles import ProfileResponse
from shared import profiles

router = Blueprint("profiles", __name__)
TAGS = ("Profile",)
profile_response = ProfileResponse()


@router.get("/profiles/<username>")
@documented("GetProfileByUsername", tags=TAGS, response=ProfileResponse, errors=(401, 404, 422))
def get_profile(username: str) -> ResponseReturnValue:
    return profile_response.dump({"profile": optional_user().run(profiles.get_profile, username)})


@router.post("/profiles/<username>/follow")
@documented("FollowUserByUsername", tags=TAGS, response=ProfileResponse, errors=(401, 404, 422), auth=True)
def follow(username: str) -> ResponseReturnValue:
    return profile_response.dump({"profile": current_user().run(profiles.follow, username)})


@router.delete("/profiles/<username>/follow")
@documented("UnfollowUserByUsername", tags=TAGS, response=ProfileResponse, errors=(401, 404, 422), auth=True)
def unfollow(username: str) -> ResponseReturnValue:
    return profile_response.dump({"profile": current_user().run(profiles.unfollow, username)})
