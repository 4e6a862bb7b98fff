"""Names that must be unique in the database: article slugs, and the ids of tags by name."""

from __future__ import annotations

import random
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import slugs
from shared.models import Article, Tag
from shared.upsert import insert_ignoring_duplicates


class Slugs:
    """Slugs from titles, unique against the database's and each other (a suffix when taken).

    Suffixes draw from their own `rng`, so titles colliding with rows already in the
    database cannot shift the rest of the data.
    """

    def __init__(self, session: Session, rng: random.Random) -> None:
        self.taken = set(session.scalars(select(Article.slug)))
        self.rng = rng
        self._bases: dict[str, str] = {}

    def slug(self, title: str) -> str:
        """`slugs.base_slug(title)`, or that with `-<8 hex digits>` when taken or reserved."""
        base = self._bases.get(title)
        if base is None:
            # Titles repeat (a template and a topic), and slugify costs ~20 us: worth remembering.
            base = self._bases[title] = slugs.base_slug(title)
        slug = base
        while slug in self.taken or slugs.is_reserved(slug):
            slug = slugs.with_suffix(base, self.rng)
        self.taken.add(slug)
        return slug


class TagIds:
    """Tag ids by name; names not seen yet are inserted (a tag the database has is reused)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}

    def resolve(self, names: Iterable[str]) -> dict[str, int]:
        """Make sure every name has a row, new ones inserted in sorted order; out: all ids known so far."""
        new = sorted(set(names) - self.ids.keys())
        if new:
            insert_ignoring_duplicates(self.session, Tag, *({"name": name} for name in new))
            found = self.session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(new)))
            self.ids.update({row.name: row.id for row in found})
        return self.ids
