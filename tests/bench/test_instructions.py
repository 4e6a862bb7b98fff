"""Instructions per request: the in-process driver serves every case, callgrind's dumps are read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import instructions
from shared import migrate
from shared.db import make_engine
from shared.seed import seed
from tests.bench.fake_callgrind import DUMP

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """A small seeded SQLite database: its URL, an article's slug and the demo user's token."""
    url = f"sqlite:///{tmp_path_factory.mktemp('instructions') / 'seeded.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    seed(engine, articles=20, progress=False)
    engine.dispose()
    from bench.databases import sample

    return url, sample(url)["slug"], instructions.token_for(url)


@pytest.mark.parametrize("driver", instructions.DRIVERS)
def test_each_driver_serves_every_case_in_process(driver: str, seeded: tuple[str, str, str]) -> None:
    """Without valgrind: the same command, each case's requests answered with the expected status."""
    url, slug, token = seeded
    command = [sys.executable, "-m", "bench.inprocess", driver, url, f"--slug={slug}", f"--token={token}"]
    completed = subprocess.run(
        [*command, "--count=2", "--warm=1"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    cases = [line["case"] for line in lines]
    assert "article" in cases
    assert [line["dump"] for line in lines] == [2 * (number + 1) for number in range(len(lines))]
    if driver in ("fastapi", "match-fastapi"):
        assert "article (tutorial pattern)" in cases
    if driver == "shared":
        assert cases == [
            "article",
            "list",
            "feed",
            "tag",
            "author",
            "favorited",
            "tags",
            "comments",
            "profile",
            "current user",
        ]


def test_totals_are_read_from_a_dump(tmp_path: Path) -> None:
    dump = tmp_path / "case.callgrind.2"
    dump.write_text(DUMP)
    assert instructions.totals(dump) == 5_246_810
    (tmp_path / "empty").write_text("events: Ir\n")
    with pytest.raises(ValueError, match="no totals"):
        instructions.totals(tmp_path / "empty")


@pytest.mark.skipif(
    shutil.which("valgrind") is None and not os.environ.get("CONDUIT_REQUIRE_VALGRIND"),
    reason="needs Debian's valgrind (apt-get install valgrind); CI requires it",
)
def test_callgrind_counts_route_matching(seeded: tuple[str, str, str], tmp_path: Path) -> None:
    """The real thing, on the cheapest driver: a count per case, and no dump files left behind."""
    url, slug, token = seeded
    rows = instructions.run_driver("match-flask", url, slug, token, count=20, warm=2, folder=tmp_path)
    assert [row["case"] for row in rows][:3] == ["json", "validate", "article"]
    assert all(1_000 < row["instructions"] < 1_000_000 for row in rows), rows
    assert not list(tmp_path.glob("*.callgrind*"))
