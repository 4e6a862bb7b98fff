"""The published sweeps: read with the harness's own analysis, shown on their engine's Performance page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import run, sweep_analysis
from sitegen import sweeps
from sitegen.build import Options, build
from tests.bench import fake


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """docs/bench as the repository holds it, with a sweep of SQLite beside the SQLite run."""
    folder = tmp_path / "published"
    run.write(fake.results(), folder / "sqlite")
    run.write(fake.results(), folder / "sweep" / "sqlite")
    return folder


def test_a_sweep_is_read_with_the_harness_analysis(published: Path) -> None:
    found = sweeps.published("sqlite", published / "sweep")
    assert found is not None
    (expected,) = sweep_analysis.sweep(fake.results())
    assert found["section"] == expected
    assert found["folder"] == "docs/bench/sweep/sqlite"
    assert sweeps.published("postgresql", published / "sweep") is None, "nothing published for it"


def test_a_file_without_the_engine_sweep_is_an_error(published: Path) -> None:
    run.write(fake.postgres_results(), published / "sweep" / "postgresql")
    with pytest.raises(ValueError, match="no sweep of postgresql"):
        sweeps.published("postgresql", published / "sweep")


def test_the_engine_page_shows_every_read_and_its_verdict(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    none = tmp_path / "none"
    none.mkdir()
    build(Options(out=out, reports=none, published=published, published_tests=none / "report.json"))
    page = (out / "performance.html").read_text(encoding="utf-8")
    assert 'id="sweep"' in page
    (section,) = sweep_analysis.sweep(fake.results())
    table = page.split('id="sweep"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td><code>(.*?)</code></td>", table)
    assert rows == [(row["read"], stack["stack"]) for row in section["reads"] for stack in row["stacks"]]
    for row in section["reads"]:
        for stack in row["stacks"]:
            if stack["met"] is False:
                assert "<strong>not met</strong>" in table
    assert (out / "performance" / "sweep" / "sqlite" / "summary.md").is_file()
    assert 'href="performance/sweep/sqlite/summary.md"' in page
