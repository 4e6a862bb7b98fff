"""Profiles and follows. Following is idempotent: a second follow changes nothing."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, exists, false, select
from sqlalchemy.orm import Session

from shared import db, errors, identity, reader
from shared.accounts import Account
from shared.limits import storable
from shared.models import Follow, User
from shared.upsert import insert_ignoring_duplicates
from shared.views import ProfileView


def profile_view(user: Account, following: bool) -> ProfileView:
    return ProfileView(username=user.username, bio=user.bio, image=user.image, following=bool(following))


def _find(session: Session, username: str) -> User:
    if not storable(username):
        raise errors.NotFound("profile")
    user = session.scalar(select(User).where(User.username == identity.username(username)))
    if user is None:
        raise errors.NotFound("profile")
    return user


users = User.__table__
follows = Follow.__table__


def followed_by_viewer(viewer: bool, author_id: ColumnElement[int]) -> ColumnElement[bool]:
    """SQL for "the user whose id is the bound parameter `viewer` follows `author_id`"; false when
    there is no viewer (anonymous). Every read that shows a profile uses it."""
    if not viewer:
        return false()
    return exists().where(follows.c.follower_id == bindparam("viewer"), follows.c.followee_id == author_id)


@cache
def _profile_query(viewer: bool) -> Select[Any]:
    return select(users.c.username, users.c.bio, users.c.image, followed_by_viewer(viewer, users.c.id)).where(
        users.c.username == bindparam("username")
    )


@db.read_only
def get_profile(source: reader.Source, viewer: Account | None, username: str) -> ProfileView:
    """The profile of a username written in any Unicode form (`shared.identity.username`), relative to
    `viewer`; `errors.NotFound` if no one has it. One statement, built once (SQLAlchemy Core)."""
    if not storable(username):
        raise errors.NotFound("profile")
    params = {"username": identity.username(username), "viewer": viewer.id if viewer is not None else None}
    row = reader.of(source).first(_profile_query(viewer is not None), params)
    if row is None:
        raise errors.NotFound("profile")
    name, bio, image, following = row
    return ProfileView(username=name, bio=bio, image=image, following=bool(following))


def follow(session: Session, viewer: Account, username: str) -> ProfileView:
    followee = _find(session, username)
    if followee.id == viewer.id:
        raise errors.ValidationFailed({"profile": [errors.CANNOT_FOLLOW_SELF]})
    with db.gone_if_deleted(session, "profile"):  # the user deleted meanwhile: as if never found
        insert_ignoring_duplicates(session, Follow, {"follower_id": viewer.id, "followee_id": followee.id})
        session.commit()
    return profile_view(followee, following=True)


def unfollow(session: Session, viewer: Account, username: str) -> ProfileView:
    followee = _find(session, username)
    session.execute(delete(Follow).where(Follow.follower_id == viewer.id, Follow.followee_id == followee.id))
    session.commit()
    return profile_view(followee, following=False)
