"""Tags: stored once, in one canonical form, attached to articles in the author's order."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

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


def replace_tags(session: Session, article_id: int, names: Sequence[str]) -> list[str]:
    """Make the article's tags exactly `names` (created if new), in the author's order, each once.

    The old links are deleted by article, not by the ones this request loaded,
    so two updates racing each other leave one author's list, never a mix.
    """
    ordered = unique_in_order(names)
    session.execute(delete(ArticleTag).where(ArticleTag.article_id == article_id))
    if ordered:
        insert_ignoring_duplicates(session, Tag, *({"name": name} for name in ordered))
        found = session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(ordered)))
        ids: dict[str, int] = dict(found.all())
        rows = [
            {"article_id": article_id, "tag_id": ids[name], "position": position}
            for position, name in enumerate(ordered)
        ]
        session.execute(insert(ArticleTag), rows)
    return ordered


def list_tags(session: Session) -> list[str]:
    """The distinct tags of existing articles, alphabetically; unused tags are not listed."""
    query = select(Tag.name).where(Tag.id.in_(select(ArticleTag.tag_id))).order_by(Tag.name)
    return list(session.scalars(query))
