"""Seeded databases for the runs: one seeded master per size, a fresh copy for every server.

SQLite by default (files under the run's folder); PostgreSQL when DATABASE_URL
names one, as databases `<name>_seed_<size>` and `<name>_<label>` copied with
`CREATE DATABASE ... TEMPLATE`, all dropped at the end.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url

from shared import articles, db
from shared.models import User
from tools import pg_database

ROOT = Path(__file__).resolve().parent.parent


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
            _analyze(url)
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


def _analyze(url: str) -> None:
    """Fresh planner statistics after a bulk seed, as autovacuum would give a live database."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def server_version(url: str) -> str:
    """The PostgreSQL server's version string (`SHOW server_version`), e.g. `15.20 (Debian ...)`."""
    engine = create_engine(url)
    with engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar_one())
    engine.dispose()
    return version


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


def _captured(engine: Engine, call: Callable[[], object]) -> list[tuple[str, Any]]:
    """The statements (and parameters) a shared-layer call sends, in order."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def explain(url: str, tag: str) -> dict[str, list[dict[str, Any]]]:
    """EXPLAIN of every statement the list, tag filter and feed send, as the shared layer sends them."""
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    sqlite = db.is_sqlite(url)
    plans: dict[str, list[dict[str, Any]]] = {}
    with factory() as session:
        demo = session.scalars(select(User).where(User.username == "demo")).one()
        calls: dict[str, Callable[[], object]] = {
            "list": lambda: articles.list_articles(session, None, articles.ArticleFilters()),
            "tag filter": lambda: articles.list_articles(session, None, articles.ArticleFilters(tag=tag)),
            "feed": lambda: articles.feed(session, demo, 20, 0),
        }
        for name, call in calls.items():
            plans[name] = []
            for statement, parameters in _captured(engine, call):
                prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
                rows = session.connection().exec_driver_sql(prefix + statement, parameters).all()
                plan = [" | ".join(str(part) for part in row[-1:]) if sqlite else str(row[0]) for row in rows]
                plans[name].append({"sql": " ".join(statement.split()), "plan": plan})
    engine.dispose()
    return plans
