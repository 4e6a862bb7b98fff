"""Drop and recreate a PostgreSQL database for a test run: `python -m tools.pg_database reset URL`."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def reset(url: str) -> None:
    """A fresh, empty database named by `url`, created through the server's `postgres` database."""
    target = make_url(url)
    name = target.database
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing to reset database {name!r}: use a plain name such as conduit_test")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    print(f"database {name} is empty and ready")


def drop(url: str) -> None:
    """Drop the database named by `url` (if it exists), through the server's `postgres` database."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] != "reset":
        raise SystemExit("usage: python -m tools.pg_database reset postgresql+psycopg://USER@HOST:PORT/NAME")
    reset(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
