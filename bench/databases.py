"""Seeded databases for the runs: one seeded master per size, a fresh copy for every server.

SQLite by default (files under the run's folder); PostgreSQL when DATABASE_URL
names one, as databases `<name>_seed_<size>` and `<name>_<label>` copied with
`CREATE DATABASE ... TEMPLATE`, all dropped at the end. A run that only reads
(the data-size sweep) uses the master itself.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from shared import db
from tools import pg_database

ROOT = Path(__file__).resolve().parent.parent


SEED_RATE = {"sqlite": 7000.0, "postgresql": 7000.0}
"""Articles per second `python -m shared.seed` adds (and, on PostgreSQL, the VACUUM ANALYZE after
it), roughly: 1,000,000 articles took 136 s on SQLite and 97 s on PostgreSQL 15 (before its
VACUUM ANALYZE) on this project's 2-core machine, busy with other work. For the time estimate only."""


def seed_seconds(articles_count: int, engine: str) -> float:
    """Seconds to seed `articles_count` articles on `engine` (`sqlite` or `postgresql`), roughly
    (`SEED_RATE`): for the progress bar's estimate only."""
    return articles_count / SEED_RATE.get(engine, min(SEED_RATE.values()))


def postgres_url(environ: dict[str, str] | None = None) -> str | None:
    """DATABASE_URL when it names a PostgreSQL database, else None."""
    url = (os.environ if environ is None else environ).get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


class Store:
    """Where one engine's databases live, and the cleanup of what this run created."""

    def __init__(self, engine: str, workdir: Path, base_url: str | None = None) -> None:
        self.engine = engine
        self.workdir = workdir
        self.base: URL | None = make_url(base_url) if base_url else None
        self.created: list[str] = []
        self.masters: dict[int, str] = {}

    def _url(self, suffix: str) -> str:
        if self.base is None:
            return f"sqlite:///{self.workdir / f'{suffix}.sqlite3'}"
        name = f"{self.base.database}_{suffix}"
        self.created.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def seeded(self, articles_count: int, log: Path) -> str:
        """A database seeded with `articles_count` articles by the seed command, made once per size."""
        if articles_count in self.masters:
            return self.masters[articles_count]
        url = self._url(f"seed_{articles_count}")
        if self.base is not None:
            pg_database.reset(url)
        else:
            Path(make_url(url).database or "").unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": url}
        with log.open("ab") as sink:
            subprocess.run(
                [sys.executable, "-m", "shared.seed", "--articles", str(articles_count)],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                check=True,
            )
        if self.base is not None:
            _vacuum_analyze(url)
        self.masters[articles_count] = url
        return url

    def copy(self, master: str, label: str) -> str:
        """A fresh copy of `master` for one server, so writes on one stack never reach another."""
        url = self._url(label)
        if self.base is None:
            target = Path(make_url(url).database or "")
            target.unlink(missing_ok=True)
            with sqlite3.connect(make_url(master).database or "") as source, sqlite3.connect(target) as copy:
                source.backup(copy)
            return url
        name, template = make_url(url).database, make_url(master).database
        with _admin(url) as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return url

    def cleanup(self) -> None:
        """Drop every PostgreSQL database this run created (SQLite files stay in the run's folder)."""
        if self.base is None or not self.created:
            return
        with _admin(self.base.render_as_string(hide_password=False)) as connection:
            for name in dict.fromkeys(self.created):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.clear()


class _admin:  # noqa: N801 (used as a context manager, like a function)
    """An AUTOCOMMIT connection to the server's `postgres` database."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")

    def __enter__(self) -> Any:
        self.connection = self.engine.connect()
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.close()
        self.engine.dispose()


def _vacuum_analyze(url: str) -> None:
    """After a bulk seed, what autovacuum would give a live database: fresh planner statistics, and
    the visibility map that lets an index-only scan skip the table's pages."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def server_version(url: str) -> str:
    """The PostgreSQL server's version string (`SHOW server_version`), e.g. `15.20 (Debian ...)`.

    Read on the server's `postgres` database, like every database the run creates: the database
    `url` names need not exist (the run only makes `<name>_<suffix>` databases beside it).
    """
    with _admin(url) as connection:
        return str(connection.execute(text("SHOW server_version")).scalar_one())


def sample(url: str) -> dict[str, str]:
    """An article slug from the middle of the table and the most used tag: what the reads ask for."""
    engine = db.make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        slug = connection.execute(
            text("SELECT slug FROM articles ORDER BY id LIMIT 1 OFFSET :middle"), {"middle": count // 2}
        ).scalar_one()
        tag = connection.execute(
            text(
                "SELECT t.name FROM tags t JOIN article_tags a ON a.tag_id = t.id "
                "GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return {"slug": slug, "tag": tag}
