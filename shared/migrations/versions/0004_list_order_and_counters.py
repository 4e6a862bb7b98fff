"""Lists that stay flat as data grows: sort keys on the link tables, counters for `articlesCount`.

- `article_tags.article_created_at` and `favorites.article_created_at` copy their
  article's `created_at`, indexed as (tag_id | user_id, article_created_at, article_id):
  `?tag=` and `?favorited=` walk one index in list order and stop after
  `offset + limit` rows instead of gathering and sorting every match.
- `articles(author_id, created_at, id)` replaces `articles(author_id, created_at)`,
  so `?author=` and the feed end their index in the list's tie-break too.
- Counters, kept exact by the transactions that write what they count
  (`shared.counters`): `articles.favorites_count`, `users.articles_count`,
  `users.favorites_count`, `tags.articles_count`, and the `counters` row
  `articles` for the unfiltered list. They are backfilled here from `count(*)`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = (
    "UPDATE article_tags SET article_created_at = articles.created_at FROM articles"
    " WHERE articles.id = article_tags.article_id",
    "UPDATE favorites SET article_created_at = articles.created_at FROM articles"
    " WHERE articles.id = favorites.article_id",
    "UPDATE articles SET favorites_count = fresh.n FROM (SELECT articles.id, count(favorites.article_id) AS n"
    " FROM articles LEFT JOIN favorites ON favorites.article_id = articles.id GROUP BY articles.id) AS fresh"
    " WHERE fresh.id = articles.id AND articles.favorites_count <> fresh.n",
    "UPDATE users SET articles_count = fresh.n FROM (SELECT users.id, count(articles.id) AS n"
    " FROM users LEFT JOIN articles ON articles.author_id = users.id GROUP BY users.id) AS fresh"
    " WHERE fresh.id = users.id AND users.articles_count <> fresh.n",
    "UPDATE users SET favorites_count = fresh.n FROM (SELECT users.id, count(favorites.user_id) AS n"
    " FROM users LEFT JOIN favorites ON favorites.user_id = users.id GROUP BY users.id) AS fresh"
    " WHERE fresh.id = users.id AND users.favorites_count <> fresh.n",
    "UPDATE tags SET articles_count = fresh.n FROM (SELECT tags.id, count(article_tags.tag_id) AS n"
    " FROM tags LEFT JOIN article_tags ON article_tags.tag_id = tags.id GROUP BY tags.id) AS fresh"
    " WHERE fresh.id = tags.id AND tags.articles_count <> fresh.n",
    "INSERT INTO counters (name, value) SELECT 'articles', count(*) FROM articles",
)
"""Plain SQL that both databases run alike (`UPDATE ... FROM`: PostgreSQL, SQLite >= 3.33); the counts
are `shared.counters.recount`'s, copied so this revision keeps doing what it did."""


def _count_column() -> sa.Column[int]:
    return sa.Column("articles_count", sa.Integer(), server_default="0", nullable=False)


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.add_column("articles", sa.Column("favorites_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", _count_column())
    op.add_column("users", sa.Column("favorites_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("tags", _count_column())
    op.add_column("article_tags", sa.Column("article_created_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("favorites", sa.Column("article_created_at", sa.DateTime(timezone=True), nullable=True))
    for statement in BACKFILL:
        op.execute(statement)
    with op.batch_alter_table("article_tags") as batch_op:
        batch_op.alter_column("article_created_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_index("ix_article_tags_tag_id")
        batch_op.create_index(
            "ix_article_tags_tag_id_created_at", ["tag_id", "article_created_at", "article_id"], unique=False
        )
    with op.batch_alter_table("favorites") as batch_op:
        batch_op.alter_column("article_created_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index(
            "ix_favorites_user_id_created_at", ["user_id", "article_created_at", "article_id"], unique=False
        )
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_index("ix_articles_author_id_created_at")
        batch_op.create_index(
            "ix_articles_author_id_created_at_id", ["author_id", "created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_index("ix_articles_author_id_created_at_id")
        batch_op.create_index("ix_articles_author_id_created_at", ["author_id", "created_at"], unique=False)
    with op.batch_alter_table("favorites") as batch_op:
        batch_op.drop_index("ix_favorites_user_id_created_at")
        batch_op.drop_column("article_created_at")
    with op.batch_alter_table("article_tags") as batch_op:
        batch_op.drop_index("ix_article_tags_tag_id_created_at")
        batch_op.create_index("ix_article_tags_tag_id", ["tag_id"], unique=False)
        batch_op.drop_column("article_created_at")
    # Parent tables lose their columns in place (SQLite >= 3.35 has DROP COLUMN): rebuilding
    # them, as batch mode otherwise does, drops the old table, which with foreign keys on
    # deletes every row that references it.
    for table, column in (
        ("tags", "articles_count"),
        ("users", "favorites_count"),
        ("users", "articles_count"),
        ("articles", "favorites_count"),
    ):
        with op.batch_alter_table(table, recreate="never") as batch_op:
            batch_op.drop_column(column)
    op.drop_table("counters")
