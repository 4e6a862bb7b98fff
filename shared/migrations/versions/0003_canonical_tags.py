"""Canonical tags: every tag trimmed, NFKC, in lower case; spellings of one tag merged into one row.

The API now stores, lists and looks tags up in that form (`shared.tags.canonical`),
so `dragons`, ` dragons ` and `Dragons` are one tag and the unique constraint
`uq_tags_name` holds the canonical names. This revision brings existing rows there:

- Tags whose canonical forms are equal are merged into the oldest of them (lowest
  id), which takes the canonical name (cut to 64 characters, the column's size);
  the others are deleted after their articles are moved to it.
- An article that carried several spellings keeps the tag once, at the place of
  the first of them in its author's order.
- A tag empty once trimmed (the API never accepted one) is deleted with its links.

No article is changed otherwise. The rule is copied here, not imported, so this
revision keeps doing what it did when `shared.tags` changes. Downgrade leaves the
merged tags as they are: the original spellings are not kept.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 15:00:00.000000
"""

import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAG_MAX = 64
tags = sa.table("tags", sa.column("id", sa.Integer), sa.column("name"))
links = sa.table(
    "article_tags",
    sa.column("article_id", sa.Integer),
    sa.column("tag_id", sa.Integer),
    sa.column("position", sa.Integer),
)


def canonical(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).strip().lower())[
        :TAG_MAX
    ].rstrip()


def upgrade() -> None:
    connection = op.get_bind()
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in connection.execute(sa.select(tags.c.id, tags.c.name).order_by(tags.c.id)):
        groups[canonical(row.name)].append((row.id, row.name))

    empty = [tag_id for tag_id, _ in groups.pop("", [])]
    if empty:
        connection.execute(links.delete().where(links.c.tag_id.in_(empty)))
        connection.execute(tags.delete().where(tags.c.id.in_(empty)))

    renames: list[dict[str, object]] = []
    for name, members in groups.items():
        keeper, *merged = [tag_id for tag_id, _ in members]
        if merged:
            merge(connection, keeper, merged)
        if members[0][1] != name:
            renames.append({"tag_id": keeper, "new_name": name})
    if renames:
        # Every other spelling of these names is deleted by now, so no rename meets a taken name.
        connection.execute(
            tags.update().where(tags.c.id == sa.bindparam("tag_id")).values(name=sa.bindparam("new_name")),
            renames,
        )


def merge(connection: sa.Connection, keeper: int, merged: list[int]) -> None:
    """Move the `merged` tags' links to `keeper`, one per article at its first place; delete them."""
    group = [keeper, *merged]
    found = connection.execute(
        sa.select(links.c.article_id, links.c.tag_id, links.c.position).where(links.c.tag_id.in_(group))
    ).all()
    by_article: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for link in found:
        by_article[link.article_id].append((link.position, link.tag_id))
    connection.execute(links.delete().where(links.c.tag_id.in_(merged)))
    connection.execute(links.delete().where(links.c.tag_id == keeper))
    kept = [
        {"article_id": article_id, "tag_id": keeper, "position": min(places)[0]}
        for article_id, places in by_article.items()
    ]
    if kept:
        connection.execute(links.insert(), kept)
    connection.execute(tags.delete().where(tags.c.id.in_(merged)))


def downgrade() -> None:
    pass
