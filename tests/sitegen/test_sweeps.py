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
    """docs/bench as the repository holds it, with a sweep (of SQLite) beside the SQLite run."""
    folder = tmp_path / "published"
    run.write(fake.results(), folder / "sqlite")
    run.write({**fake.results(), "only": "sweep"}, folder / "sweep")
    return folder


def test_a_sweep_is_read_with_the_harness_analysis(published: Path) -> None:
    found = sweeps.published("sqlite", published / "sweep")
    assert found is not None
    (expected,) = sweep_analysis.sweep(fake.results())
    assert found["section"] == expected
    assert sweeps.published("postgresql", published / "sweep") is None, "the sweep did not cover it"
    assert sweeps.published("sqlite", published / "nothing-here") is None


def test_one_sweep_of_both_databases_serves_both_pages(tmp_path: Path) -> None:
    run.write(fake.sweep_only(), tmp_path / "sweep")
    for engine in ("sqlite", "postgresql"):
        found = sweeps.published(engine, tmp_path / "sweep")
        assert found is not None
        assert found["section"]["engine"] == engine


def _performance_page(published: Path, out: Path) -> str:
    """The site built into `out` from `published` (docs/bench) alone: its performance.html."""
    none = out.parent / "none"
    none.mkdir()
    build(Options(out=out, reports=none, published=published, published_tests=none / "report.json"))
    return (out / "performance.html").read_text(encoding="utf-8")


def test_the_engine_page_shows_every_read_and_its_verdict(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    page = _performance_page(published, out)
    assert 'id="sweep"' in page
    (section,) = sweep_analysis.sweep(fake.results())
    table = page.split('id="sweep"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td><code>(.*?)</code></td>", table)
    assert rows == [(row["read"], stack["stack"]) for row in section["reads"] for stack in row["stacks"]]
    for row in section["reads"]:
        for stack in row["stacks"]:
            if stack["met"] is False:
                assert "<strong>not met</strong>" in table
    assert (out / "performance" / "sweep" / "summary.md").is_file()
    assert 'href="performance/sweep/summary.md"' in page


def test_a_sweep_alone_is_no_performance_page(published: Path) -> None:
    from sitegen import performance

    run.write(fake.micro_only(), published / "micro-alone")
    assert [found.folder.name for found in performance.published(published)] == ["sqlite"]


def test_a_full_run_outside_its_database_s_folder_is_no_performance_page(published: Path) -> None:
    """docs/bench/postgresql-reads/ holds a second full PostgreSQL run: the site keeps one per database."""
    from sitegen import performance

    postgresql = {**fake.results(), "settings": {**fake.results()["settings"], "database": "postgresql"}}
    run.write(postgresql, published / "postgresql")
    run.write(postgresql, published / "postgresql-reads")
    assert [found.folder.name for found in performance.published(published)] == ["sqlite", "postgresql"]


def test_a_later_sweep_of_one_database_is_the_one_its_page_shows(published: Path, tmp_path: Path) -> None:
    assert sweeps.folder_for("sqlite", published) == published / "sweep"
    run.write({**fake.results(), "only": "sweep"}, published / "sweep-sqlite")
    assert sweeps.folder_for("sqlite", published) == published / "sweep-sqlite"
    assert sweeps.folder_for("postgresql", published) == published / "sweep", "it covers SQLite only"
    out = tmp_path / "site"
    page = _performance_page(published, out)
    assert 'href="performance/sweep-sqlite/summary.md"' in page
    assert (out / "performance" / "sweep-sqlite" / "summary.md").is_file()
