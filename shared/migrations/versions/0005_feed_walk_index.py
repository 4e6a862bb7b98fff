"""The feed's walk: `articles(created_at, id, author_id)` replaces `articles(created_at, id)`.

A feed that holds a large share of all articles is read by walking every article
newest first and keeping the followed authors' (`shared.feed`); with `author_id` in
the index the walk reads no table row. The plain list walks the same index in the
same order, as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_articles_created_at_id_author_id", "articles", ["created_at", "id", "author_id"])
    op.drop_index("ix_articles_created_at_id", table_name="articles")


def downgrade() -> None:
    op.create_index("ix_articles_created_at_id", "articles", ["created_at", "id"])
    op.drop_index("ix_articles_created_at_id_author_id", table_name="articles")
