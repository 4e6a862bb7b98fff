"""`shared.startup`: a server's database, opened for serving."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from shared import db, migrate, startup


def _tables(url: str) -> set[str]:
    engine = db.make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_opening_an_sqlite_file_migrates_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'conduit.sqlite3'}"
    factory = startup.open_database(url)
    factory.kw["bind"].dispose()
    assert migrate.at_head(url)
    assert {"users", "articles", "counters"} <= _tables(url)
