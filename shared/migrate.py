"""Bring a database to the latest schema with Alembic: `python -m shared.migrate`.

`python -m shared.migrate --wait SECONDS` migrates nothing: it waits until the database is at
the latest schema (exit 0) or SECONDS pass (exit 1). The Kubernetes Deployments run it before
their server starts (deploy/kubernetes/), so a new version never serves before its migration
Job has finished.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from shared.db import is_outage, is_sqlite, make_engine
from shared.settings import DatabaseLimits, Settings

try:  # POSIX; elsewhere SQLite files are migrated without the lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Apply every migration `url`'s database lacks (Alembic's `upgrade head`); none if it has them all.

    An SQLite file is migrated by one process at a time (`one_at_a_time`, taken by the
    migration environment, so `alembic upgrade head` takes it too): a call waits, with no
    deadline, while another process migrates the same file. Raises what Alembic and
    SQLAlchemy raise (`sqlalchemy.exc.OperationalError` for a database it cannot reach).
    """
    command.upgrade(alembic_config(url), "head")


@contextmanager
def one_at_a_time(url: str) -> Iterator[None]:
    """Hold an exclusive `flock` on `<database file>.migrate-lock` while inside, for an SQLite file.

    Each server process migrates its SQLite file when it starts (`shared.startup`): two that
    both found it empty would both create its tables, the later failing with "table ...
    already exists" (seen with four processes upgrading one new file at once). A process
    that enters waits, with no deadline, until the one inside leaves (or exits: the kernel
    drops its lock), then finds nothing left to apply. Nothing is held for a server database
    (PostgreSQL, migrated by one separate step), an in-memory database, a `file:` URI, or where
    `fcntl` does not exist (Windows). Raises `OSError` if the lock file cannot be created.
    """
    database = make_url(url).database if is_sqlite(url) else None
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f"{path.name}.migrate-lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process ends
        yield


def at_head(url: str, limits: DatabaseLimits | None = None) -> bool:
    """Whether the database at `url` has every migration applied (False when it cannot be reached)."""
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url, limits)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    except Exception as exc:
        if is_outage(exc):
            return False
        raise
    finally:
        engine.dispose()


def wait_for_head(url: str, limits: DatabaseLimits | None, seconds: float, interval: float = 2.0) -> bool:
    """True as soon as `at_head`, False once `seconds` have passed without it."""
    deadline = time.monotonic() + seconds
    while not at_head(url, limits):
        if time.monotonic() + interval > deadline:
            return False
        time.sleep(interval)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wait", type=float, metavar="SECONDS", help="only wait for the latest schema")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.wait is None:
        upgrade(settings.database_url)
    elif not wait_for_head(settings.database_url, settings.limits, args.wait):
        raise SystemExit(f"the database is not at the latest schema after {args.wait:g} s")


if __name__ == "__main__":
    main()
