"""Tags: stored once, in one canonical form, attached to articles in the author's order."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shared import db, reader
from shared.models import ArticleTag, Tag
from shared.upsert import insert_ignoring_duplicates


def canonical(name: str) -> str:
    """The one form a tag is stored, listed and looked up in: trimmed, NFKC, lower case.

    `dragons`, ` dragons ` and `Dragons` (and `DRAGONS` in fullwidth letters) are one tag, so
    `?tag=Dragons` finds what was tagged `dragons`. NFKC first (UAX #15), so a no-break
    or ideographic space is a space and is trimmed; a tag empty once trimmed is blank.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).strip().lower())


def unique_in_order(names: Sequence[str]) -> list[str]:
    """The tags as the author ordered them, in canonical form, each once (the first spelling's place)."""
    return list(dict.fromkeys(canonical(name) for name in names))


@dataclass(frozen=True)
class TagChange:
    """What `replace_tags` did: the article's tags now, and which tag ids it lost and gained."""

    names: list[str]
    removed: set[int]
    added: set[int]


def add_tags(session: Session, article_id: int, created_at: datetime, names: Sequence[str]) -> TagChange:
    """Link a new article (one with no tags yet) to `names` (created if new), in the author's order,
    each once. `created_at` is the article's, copied into each link for the `?tag=` index."""
    return _link(session, article_id, created_at, unique_in_order(names), removed=set())


def replace_tags(session: Session, article_id: int, created_at: datetime, names: Sequence[str]) -> TagChange:
    """Make the article's tags exactly `names`, as `add_tags` does, replacing the old ones.

    The old links are deleted by article, not by the ones this request loaded, so two
    updates racing each other leave one author's list, never a mix. The counters are the
    caller's (`shared.counters`), which locks rows in its global order.
    """
    old = session.scalars(
        delete(ArticleTag).where(ArticleTag.article_id == article_id).returning(ArticleTag.tag_id)
    )
    return _link(session, article_id, created_at, unique_in_order(names), removed=set(old))


def _link(
    session: Session, article_id: int, created_at: datetime, ordered: list[str], removed: set[int]
) -> TagChange:
    ids: dict[str, int] = {}
    if ordered:
        insert_ignoring_duplicates(session, Tag, *({"name": name} for name in ordered))
        found = session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(ordered)))
        ids = dict(found.all())
        rows = [
            {
                "article_id": article_id,
                "tag_id": ids[name],
                "position": position,
                "article_created_at": created_at,
            }
            for position, name in enumerate(ordered)
        ]
        session.execute(insert(ArticleTag), rows)
    kept = set(ids.values())
    return TagChange(names=ordered, removed=removed - kept, added=kept - removed)


_USED_TAGS = (
    select(Tag.__table__.c.name).where(Tag.__table__.c.articles_count > 0).order_by(Tag.__table__.c.name)
)


@db.read_only
def list_tags(source: reader.Source) -> list[str]:
    """The distinct tags of existing articles, alphabetically; unused tags are not listed.

    A tag's `articles_count` (`shared.counters`) says whether any article carries it,
    so this reads the tags table alone, however many articles there are.
    """
    return [name for (name,) in reader.of(source).rows(_USED_TAGS)]
