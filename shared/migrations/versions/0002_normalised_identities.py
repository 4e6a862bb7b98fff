"""Normalised identities: usernames NFKC, e-mails NFC in lower case, every username reachable in a path.

The API now stores and compares these forms (`shared.identity`), so the unique
constraints `uq_users_username` and `uq_users_email` hold them and decide alone,
even between concurrent registrations, that two spellings are one account. This
revision rewrites the rows that already exist:

- username: NFKC; each `/` (which no URL path segment can carry) becomes `-`;
  cut to 64 characters; a name that is then `.` or `..` gets `-<id>` appended.
- email: NFC, then lower case.

On a collision (accounts whose names or addresses become one), the oldest account
(lowest id) keeps the value; each later one gets another, never one an account
already holds: the username `<name>-<id>` (the name cut to fit 64 characters),
the e-mail `<local>+<id>@<domain>`, a sub-address of the same mailbox (cut to fit
255), with `-<n>` added if even that is taken. No row is deleted: every account
keeps its password, articles, comments, follows and favorites. Tokens issued
before stay valid (they are compared in normal form) except those of the renamed
accounts, which log in again, with the new address if theirs changed.

The rules are copied here, not imported, so this revision keeps doing what it
did when `shared.identity` changes. Downgrade leaves the rows as they are: the
original spellings are not kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 14:30:00.000000
"""

import unicodedata
import uuid
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USERNAME_MAX = 64
EMAIL_MAX = 255
users = sa.table("users", sa.column("id", sa.Integer), sa.column("username"), sa.column("email"))


def normal_username(raw: str, row_id: int) -> str:
    name = unicodedata.normalize("NFKC", raw).replace("/", "-")[:USERNAME_MAX]
    return f"{name}-{row_id}" if name in (".", "..") else name


def normal_email(raw: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", raw).lower())


def username_with(name: str, suffix: str) -> str:
    return name[: USERNAME_MAX - len(suffix)] + suffix


def email_with(address: str, suffix: str) -> str:
    local, _, domain = address.rpartition("@")
    return local[: EMAIL_MAX - len(domain) - 1 - len(suffix)] + suffix.replace("-", "+", 1) + "@" + domain


def settle(wanted: list[tuple[int, str]], with_suffix: Callable[[str, str], str]) -> dict[int, str]:
    """Each row's final value: the oldest row keeps what it wants, later ones get a suffixed one."""
    owners: dict[str, int] = {}
    for row_id, value in wanted:  # by id: the oldest account first
        owners.setdefault(value, row_id)
    taken = set(owners)
    final: dict[int, str] = {}
    for row_id, value in wanted:
        if owners[value] == row_id:
            final[row_id] = value
            continue
        candidate, count = with_suffix(value, f"-{row_id}"), 0
        while candidate in taken:
            count += 1
            candidate = with_suffix(value, f"-{row_id}-{count}")
        taken.add(candidate)
        final[row_id] = candidate
    return final


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.username, users.c.email).order_by(users.c.id)
    ).all()
    usernames = settle([(row.id, normal_username(row.username, row.id)) for row in rows], username_with)
    emails = settle([(row.id, normal_email(row.email)) for row in rows], email_with)
    changed = [row for row in rows if (usernames[row.id], emails[row.id]) != (row.username, row.email)]
    if not changed:
        return
    update = (
        users.update()
        .where(users.c.id == sa.bindparam("row_id"))
        .values(username=sa.bindparam("new_username"), email=sa.bindparam("new_email"))
    )
    # First out of the way, then into place: no row ever holds another's value, even for a moment.
    marker = uuid.uuid4().hex[:12]
    connection.execute(
        update,
        [
            {"row_id": row.id, "new_username": f"~{marker}~{row.id}", "new_email": f"~{marker}~{row.id}"}
            for row in changed
        ],
    )
    connection.execute(
        update,
        [
            {"row_id": row.id, "new_username": usernames[row.id], "new_email": emails[row.id]}
            for row in changed
        ],
    )


def downgrade() -> None:
    pass
