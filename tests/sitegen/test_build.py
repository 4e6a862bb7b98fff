"""The built site: every page, numbers from the sources and reports, and what a fresh clone sees."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from sitegen import pairs, performance, topics
from sitegen.build import MARKER, NAV, Options, build
from tests.sitegen.conftest import BENCH_FOLDER

ROOT = Path(__file__).resolve().parents[2]


def text(site: Path, page: str) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    html = (site / page).read_text()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_section_and_pair_has_a_page(site: Path) -> None:
    for href, _ in NAV:
        assert (site / href).is_file(), href
    for pair in pairs.discover(ROOT):
        assert (site / "source" / f"{pair.slug}.html").is_file()
    assert (site / "shared" / "articles.html").is_file()
    assert (site / "static" / "pygments.css").read_text().count(".highlight") > 10
    assert (site / MARKER).is_file()


def test_paired_source_counts_lines_from_the_files(site: Path) -> None:
    found = pairs.discover(ROOT)
    total = sum(pair.lines("fastapi") for pair in found)
    page = text(site, "source/index.html")
    assert f"Total ({len(found)} pairs) {total:,}" in page
    articles = (site / "source" / "routes-articles.html").read_text()
    assert 'id="row-create_article"' in articles
    assert 'href="../shared/articles.html#L-' in articles, "calls into the shared core are linked"
    assert 'id="flask-L-1"' in articles
    assert 'id="fastapi-L-1"' in articles


def test_features_show_each_topic_with_code_from_the_source(site: Path) -> None:
    page = text(site, "features.html")
    loaded = topics.load(ROOT)
    assert len(loaded) >= 11
    for topic in loaded:
        assert topic.title in page
        assert topic.snippets["fastapi"], topic.id
        assert topic.snippets["flask"], topic.id
    assert "services/flask_impl/database.py · Database · lines" in page
    assert re.search(r"marshmallow \d+\.\d+(\.\d+)? \(MIT\)", page), "name, version and licence"


def test_prose_is_escaped_and_marks_code() -> None:
    assert (
        str(topics.prose("a `<b>` and *c*\n\nnext"))
        == "<p>a <code>&lt;b&gt;</code> and <em>c</em></p>\n<p>next</p>"
    )


def test_performance_shows_the_latest_run(site: Path) -> None:
    page = text(site, "performance.html")
    assert f"Local run reports/bench/{BENCH_FOLDER}/" in page
    assert "Trivial JSON 8 3,000 2,200 ⚠ 15,000" in page
    assert "Trivial JSON 8 1.36 [1.25\N{EN DASH}1.50]" in page
    assert "quick run" in page
    for chart in ("matrix", "latency", "scaling"):
        assert (site / "performance" / "local" / f"{chart}.svg").is_file()
    assert json.loads((site / "performance" / "local" / "results.json").read_text())["profile"] == "quick"
    assert "64 0 yes 8 / 8, 56 10 / 8 900 800" in page, "the session trap, beside the one-hop route"
    assert "article 5.20 \N{EN DASH} 5.00 1.04 4.00 180 50" in page, "instructions per request"


def test_the_sessions_topic_shows_the_trap_from_the_run(site: Path, bare_site: Path) -> None:
    heading = "Database session handling How does each request"
    topic = text(site, "features.html").split(heading, 1)[1].split("Error handling")[0]
    assert "64 0 yes 8 / 8, 56 10 / 8 900 800" in topic
    assert "From the Local run (sqlite) (2026-01-01, commit abc1234" in topic
    assert "tutorial_session" in topic, "the tutorial pattern's code is shown"
    bare = text(bare_site, "features.html").split(heading, 1)[1]
    assert "No benchmark run with this measurement yet" in bare


def test_correctness_counts_each_claim_in_each_published_suite(site: Path) -> None:
    page = text(site, "correctness.html")
    published = page.split("Published report", 2)[2].split("Local report (reports/)")[0]
    assert "suites run from 2026-02-01 10:00 UTC at commit f00d123" in published
    assert "on Test CPU (2 cores, 8.0 GiB, Python 3.11.7)" in published
    missing = "make test-pg , make test-hardening , make test-compose , make test-scale"
    assert f"Not in this report: {missing} . 20 tests" in published
    assert (
        "make test-live the contract suite over HTTP against the servers 2026-02-02 10:00 12 passed 3 0 0 0"
        in (published)
    )
    fastapi = "Contract suite against FastAPI tests/contract/, every test parametrized [fastapi]"
    assert f"{fastapi} passed 2/2 passed 1/1" in published
    assert (
        "Contract suite against Flask tests/contract/, every test parametrized [flask] failed 2/3 passed 2/2"
        in (published)
    )
    assert (
        "Failures make test tests/contract/test_users.py::test_login[flask] : boom: expected 200" in published
    )
    index = text(site, "index.html")
    assert "In the published report ( make test ): contract suite FastAPI 2/2 passed" in index
    assert "FastAPI 2/2 passed, FastAPI, async mode 1/1 passed, Flask 2/3 passed" in index


def test_correctness_shows_the_local_report_beside_the_published_one(site: Path) -> None:
    page = text(site, "correctness.html")
    local = page.split("Local report (reports/)", 2)[2]
    assert "Read from reports/<suite>/junit.xml in this checkout. 17 tests" in local
    fastapi = "Contract suite against FastAPI tests/contract/, every test parametrized [fastapi]"
    one_column = f"{fastapi} passed 2/2 Contract suite against FastAPI, async"
    assert one_column in local, "one column: the local reports hold make test alone"
    raw = (site / "correctness.html").read_text()
    assert 'id="published-claims"' in raw
    assert 'id="local-claims"' in raw


def test_local_and_published_runs_each_have_a_page(site: Path) -> None:
    """The local run first (performance.html), then each published one, linked from every run page."""
    local = text(site, "performance.html")
    assert (
        "Runs on this site: Local run (sqlite) · Published run: SQLite · Published run: PostgreSQL" in local
    )
    assert f"Local run reports/bench/{BENCH_FOLDER}/" in local
    published = text(site, "performance-postgresql.html")
    assert "Published run, in the repository at docs/bench/postgresql/" in published
    assert "Versions: fastapi 0.165.0, flask 3.1.3, asyncpg 0.32.0, postgresql 15.20." in published
    assert (site / "performance" / "postgresql" / "results.json").is_file()
    assert (site / "performance" / "sqlite" / "matrix.svg").is_file()


def test_the_postgresql_run_answers_whether_async_helps(site: Path) -> None:
    page = text(site, "performance-postgresql.html")
    assert "Is FastAPI faster than Flask on PostgreSQL, and does async help?" in page
    dash = "\N{EN DASH}"
    assert f"GET article 64 500 610 400 300 1.22 [1.20{dash}1.24] 1.52 [1.50{dash}1.55] 2.03" in page
    assert "Is FastAPI faster than Flask on PostgreSQL" not in text(site, "performance-sqlite.html")
    assert "The answer, as the README states it from this run" in page
    assert "Async does not make database work faster." in page, "the README's own words"
    raw = (site / "performance-postgresql.html").read_text()
    assert "<table>" in raw.split('id="async"', 1)[1], "the README's tables render as tables"
    assert 'href="bench/waiting.py"' not in raw, "links into the repository become plain text"


def test_no_answer_without_the_readme_heading(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Title\n\n### Something else\n\ntext\n")
    assert performance.answer(tmp_path / "README.md") is None
    assert performance.answer(tmp_path / "missing.md") is None


def test_a_fresh_clone_shows_the_published_runs(fresh_clone_site: Path) -> None:
    page = text(fresh_clone_site, "performance.html")
    assert "Published run, in the repository at docs/bench/sqlite/" in page
    assert "No benchmark results yet" not in page
    assert "Published run: PostgreSQL" in page
    correctness = text(fresh_clone_site, "correctness.html")
    assert "In the repository at docs/tests/report.json" in correctness
    assert "No local test report yet" in correctness
    assert "Local report (reports/)" not in correctness


def test_a_fresh_clone_is_told_how_to_produce_the_reports(bare_site: Path) -> None:
    performance = text(bare_site, "performance.html")
    assert "No benchmark results yet" in performance
    assert "make bench-quick" in performance
    correctness = text(bare_site, "correctness.html")
    assert "No published test report" in correctness
    assert "No local test report yet" in correctness
    assert "make test" in correctness
    assert not (bare_site / "performance").exists()
    assert not list(bare_site.glob("performance-*.html"))


def test_a_folder_not_made_by_the_generator_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit, match="not made by sitegen"):
        build(Options(out=tmp_path, reports=tmp_path / "none"))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_changes_since_counts_commits_to_the_measured_code() -> None:
    import subprocess

    from sitegen import performance

    assert performance.changes_since("0000000000000000000000000000000000000bad") is None
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=performance.PUBLISHED.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if shallow == "true":
        pytest.skip("needs the whole git history; this is a shallow clone")
    newest = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--", *performance.MEASURED_CODE],
        cwd=performance.PUBLISHED.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert performance.changes_since(newest) == 0, "no later commit touches shared/ or services/"
    assert (performance.changes_since(f"{newest}~1") or 0) >= 1, "at least the newest such commit itself"
