"""bench/feed_walk.py: the feed listed, masked and counted, timed on a small seeded SQLite file."""

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
    assert text.startswith("# The feed's walk on SQLite: authors in a mask or a list, counted or walked, 300")
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == ["0", "40", "1,000", "3,000"]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        size, entries = int(cells[1].replace(",", "")), float(cells[2].replace(",", ""))
        assert size > 40
        assert entries == pytest.approx((int(cells[0].replace(",", "")) + 20) * 300 / size, abs=0.5)
        for timed in (cells[3], cells[4], cells[6]):
            assert float(timed.replace(",", "")) > 0
        for ratio in (cells[5], cells[7]):
            assert float(ratio.split(" [")[0]) > 0


def test_it_needs_an_sqlite_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    with pytest.raises(SystemExit, match="SQLite"):
        feed_walk.main([])
