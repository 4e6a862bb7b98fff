"""bench/feed_walk.py: the feed's walk with a mask and with a list, timed on a small seeded SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import feed_walk
from shared import db
from shared.migrate import upgrade
from shared.seed import seed


def test_both_pages_are_timed_with_the_mask_and_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'walk.sqlite3'}"
    upgrade(url)
    engine = db.make_engine(url)
    seed(engine, articles=300, progress=False)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    out = tmp_path / "walk.md"
    feed_walk.main(["--offset", "40", "--rounds", "1", "--seconds", "0.001", "--out", str(out)])
    text = out.read_text()
    assert text.startswith("# The feed's walk on SQLite: authors in a mask or in a list, 300 articles")
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == ["0", "40"]
    for row in rows:
        cells = row.strip("|").split(" | ")
        assert int(cells[1].replace(",", "")) > 40
        assert float(cells[2].replace(",", "")) > 0
        assert float(cells[3].replace(",", "")) > 0


def test_it_needs_an_sqlite_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    with pytest.raises(SystemExit, match="SQLite"):
        feed_walk.main([])
