"""Profiles and follows. Following is idempotent: a second follow changes nothing."""

from __future__ import annotations

from sqlalchemy import delete, exists, literal, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from shared import db, errors, identity
from shared.limits import storable
from shared.models import Follow, User
from shared.upsert import insert_ignoring_duplicates
from shared.views import ProfileView


def following_clause(
    viewer: User | None, author_id: ColumnElement[int] | QueryableAttribute[int]
) -> ColumnElement[bool]:
    """SQL for "the viewer follows this author", false for anonymous callers."""
    if viewer is None:
        return literal(False)
    return exists().where(Follow.follower_id == viewer.id, Follow.followee_id == author_id)


def profile_view(user: User, following: bool) -> ProfileView:
    return ProfileView(username=user.username, bio=user.bio, image=user.image, following=bool(following))


def _find(session: Session, username: str) -> User:
    if not storable(username):
        raise errors.NotFound("profile")
    user = session.scalar(select(User).where(User.username == identity.username(username)))
    if user is None:
        raise errors.NotFound("profile")
    return user


def get_profile(session: Session, viewer: User | None, username: str) -> ProfileView:
    """The profile of a username written in any Unicode form (`shared.identity.username`)."""
    if not storable(username):
        raise errors.NotFound("profile")
    row = session.execute(
        select(User, following_clause(viewer, User.id)).where(User.username == identity.username(username))
    ).first()
    if row is None:
        raise errors.NotFound("profile")
    return profile_view(row[0], row[1])


def follow(session: Session, viewer: User, username: str) -> ProfileView:
    followee = _find(session, username)
    if followee.id == viewer.id:
        raise errors.ValidationFailed({"profile": [errors.CANNOT_FOLLOW_SELF]})
    with db.gone_if_deleted(session, "profile"):  # the user deleted meanwhile: as if never found
        insert_ignoring_duplicates(session, Follow, {"follower_id": viewer.id, "followee_id": followee.id})
        session.commit()
    return profile_view(followee, following=True)


def unfollow(session: Session, viewer: User, username: str) -> ProfileView:
    followee = _find(session, username)
    session.execute(delete(Follow).where(Follow.follower_id == viewer.id, Follow.followee_id == followee.id))
    session.commit()
    return profile_view(followee, following=False)
