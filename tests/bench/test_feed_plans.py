"""bench/feed_plans.py: the feed's two plans timed on a small seeded SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import feed_plans, interleave


def test_every_reader_and_page_is_timed_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    out = tmp_path / "feed.md"
    feed_plans.main(["--articles", "300", "--rounds", "1", "--seconds", "0.001", "--out", str(out)])
    text = out.read_text()
    assert text.startswith("# The feed's plans on sqlite, 300 articles")
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]  # after the header and rule
    readers = {row.split(" | ")[0].removeprefix("| ") for row in rows}
    assert readers == {"demo", *(f"follows{count}" for count in feed_plans.FOLLOWING)}
    for row in rows:
        cells = row.strip("|").split(" | ")
        assert float(cells[3].replace(",", "")) > 0
        assert float(cells[4].replace(",", "")) > 0
        assert cells[6].strip() in {"walked", "gathered"}
    assert f"of {len(rows)} pages." in text


def test_the_markdown_counts_a_near_tie_as_right() -> None:
    timed = interleave.Interleaved(
        ratio=1.05, low=1.0, high=1.1, rounds=1, calls=1, first_us=105.0, second_us=100.0
    )
    row = feed_plans.Row("demo", 100, 0, 105.0, 100.0, timed, rule_walks=True)
    text = feed_plans.markdown([row], "sqlite", 100)
    assert "| demo | 100 | 0 | 105 | 100 | 1.05 [1.00\N{EN DASH}1.10] | walked | gathered |" in text
    assert "for 1 of 1 pages." in text
