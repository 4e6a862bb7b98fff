"""Tags: stored once by name, attached to articles in the author's order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import ArticleTag, Tag
from shared.upsert import insert_ignoring_duplicates


def unique_in_order(names: Sequence[str]) -> list[str]:
    """The tags as the author ordered them, each once."""
    return list(dict.fromkeys(names))


def tag_links(session: Session, names: Sequence[str]) -> list[ArticleTag]:
    """Links to the named tags (created if new), positioned in the author's order."""
    ordered = unique_in_order(names)
    if not ordered:
        return []
    insert_ignoring_duplicates(session, Tag, *({"name": name} for name in ordered))
    by_name = {tag.name: tag for tag in session.scalars(select(Tag).where(Tag.name.in_(ordered)))}
    return [ArticleTag(tag=by_name[name], position=position) for position, name in enumerate(ordered)]


def list_tags(session: Session) -> list[str]:
    """The distinct tags of existing articles, alphabetically; unused tags are not listed."""
    query = select(Tag.name).where(Tag.id.in_(select(ArticleTag.tag_id))).order_by(Tag.name)
    return list(session.scalars(query))
