"""The data-size sweep's logic: deep offsets, the reads' requests, the 2x verdict, and the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import analysis, charts, report, run, scaling, sweep_analysis, sweep_reads, sweep_run
from bench.plan import FULL, QUICK
from bench.sweep_reads import READS, Read
from tests.bench import fake

DASH = "\N{EN DASH}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, 0),
        (20, 0),
        (39, 0),
        (40, 20),
        (57, 20),
        (1_000, 980),
        (10_019, 9_980),
        (10_020, 10_000),
        (1_000_000, 10_000),
    ],
)
def test_deep_offset_is_near_the_end_capped_and_a_multiple_of_the_page(count: int, expected: int) -> None:
    assert sweep_reads.deep_offset(count) == expected


def test_every_read_has_a_subject_and_a_bounded_list() -> None:
    assert 12 <= len(READS) <= 14
    assert len({read.name for read in READS}) == len(READS)
    assert {read.subject for read in READS} == set(sweep_reads.SUBJECTS)
    assert {read.kind for read in READS} == {"all", "tag", "author", "favorited", "feed"}
    assert all(read.auth for read in READS if read.kind in ("favorited", "feed"))
    kinds_with_deep = {read.kind for read in READS if read.deep}
    assert kinds_with_deep == {"all", "tag", "author", "favorited", "feed"}


def test_offset_follows_the_subject_count() -> None:
    found = {"all": {"name": None, "articles": 1_000_000}, "rare_tag": {"name": "x", "articles": 3}}
    assert sweep_reads.offset(Read("list deep", "all", "all", deep=True), found) == 10_000
    assert sweep_reads.offset(Read("list", "all", "all"), found) == 0
    assert sweep_reads.offset(Read("rare deep", "tag", "rare_tag", deep=True), found) == 0


def test_paths_and_filters_ask_for_the_same_page() -> None:
    tag = Read("popular tag deep", "tag", "popular_tag", deep=True)
    assert (
        sweep_reads.path(tag, "c++ & co", 9_980)
        == "/api/articles?limit=20&tag=c%2B%2B%20%26%20co&offset=9980"
    )
    assert sweep_reads.filters(tag, "c++ & co", 9_980) == sweep_reads.ArticleFilters(
        tag="c++ & co", limit=20, offset=9_980
    )
    feed = Read("feed", "feed", "feed", auth=True)
    assert sweep_reads.path(feed, "demo", 0) == "/api/articles/feed?limit=20"
    author = Read("author", "author", "author")
    assert sweep_reads.path(author, "jane", 40) == "/api/articles?limit=20&author=jane&offset=40"
    assert sweep_reads.filters(author, "jane", 40).author == "jane"
    assert sweep_reads.path(Read("list", "all", "all"), None, 0) == "/api/articles?limit=20"


@pytest.mark.parametrize(
    ("smallest", "largest", "ratio", "met"),
    [(1.0, 2.0, 2.0, True), (1.0, 2.01, 2.01, False), (2.0, 1.0, 0.5, True), (None, 1.0, None, None)],
)
def test_verdict_against_the_2x_goal(
    smallest: float | None, largest: float | None, ratio: float | None, met: bool | None
) -> None:
    found = sweep_analysis.verdict(smallest, largest)
    assert found["met"] is met
    assert found["ratio"] == (pytest.approx(ratio) if ratio is not None else None)


def test_engine_section_judges_each_read_and_stack() -> None:
    section = sweep_analysis.engine_section(
        fake.sweep("sqlite", {1_000_000: (1500, 2600), 1000: (1000, 1200), 10_000: (1100, 1500)})
    )
    assert section["sizes"] == [1000, 10_000, 1_000_000]
    rows = {row["read"]: row for row in section["reads"]}
    first = rows["list"]["stacks"][0]
    assert first["p50_ms"] == [1.0, 1.1, 1.5]
    assert (first["ratio"], first["met"]) == (pytest.approx(1.5), True)
    deep = rows["list deep"]
    assert [stack["met"] for stack in deep["stacks"]] == [False, False]
    assert deep["offsets"] == [0, 980, 980]
    assert deep["zero_offset"] == [1000]
    assert rows["list"]["zero_offset"] == []  # a first page, not a deep one
    assert (rows["list"]["fixed"], deep["statements"], deep["fixed"]) == (True, [2, 2, 3], False)
    assert (section["judged"], section["met"], section["fixed"]) == (2, 1, 1)
    assert [plan["articles"] for plan in section["plans"]] == [1000, 1_000_000]


def test_a_single_size_has_no_verdict() -> None:
    section = sweep_analysis.engine_section(fake.sweep("sqlite", {1000: (1000, 1200)}))
    assert section["judged"] == 0
    assert all(stack["met"] is None for row in section["reads"] for stack in row["stacks"])


def test_summary_states_the_verdicts_statements_and_plans() -> None:
    text = report.render(fake.sweep_only())
    assert "Only the data-size sweep ran (`--only sweep`)" in text
    assert "## Headline" not in text
    assert "· databases: sqlite, postgresql\n" in text
    assert "### sqlite: 1 of 2 reads met the 2x goal on both stacks (1,000 → 1,000,000 articles)" in text
    assert "### postgresql: 2 of 2 reads met the 2x goal" in text
    assert "| list deep | fastapi@uvicorn | 1.20 | 1.50 | 2.60 | 4.00 | 2.17 | **not met** |" in text
    assert "| list | flask@gunicorn-gthread | 0.90 | 0.95 | 1.70 | 4.00 | 1.89 | met |" in text
    assert "| list deep | 0 | 980 | 980 | 2 | 2 | 3 | **no** |" in text
    assert "- **list deep** starts at offset 0 at 1,000 articles" in text
    assert "| 1,000 | `python` (333) | `sqlite` (2) | `jane` (20) | 7 | 8 follows, 100 articles |" in text
    # Plans: every statement at the smallest and the largest size, none of the sizes between.
    assert "SELECT count FROM counters -- list deep at 1000\n" in text
    assert "SELECT count FROM counters -- list deep at 1000000\n" in text
    assert "-- list deep at 10000\n" not in text
    assert '-- parameters: {"limit": 20}' in text
    assert "Execution 0.125 ms, planning 0.500 ms" in text
    assert "<details><summary>postgresql, 1,000,000 articles</summary>" in text
    assert "- sqlite list deep: statements per page changed with the size (2, 2, 3)\n" in text


def test_summary_of_a_sweep_recorded_before_the_reads() -> None:
    """Published runs kept three reads, their plans as plain lists, and no subjects: still rendered."""
    results = fake.results()
    size = results["scaling"][0]["sizes"][0]
    for entry in results["scaling"][0]["sizes"]:
        entry["plans"] = {"list": [{"sql": "SELECT 1", "plan": ["SCAN articles"]}]}
        entry.pop("subjects")
        entry.pop("offsets")
    results["scaling"][0].pop("reads")
    text = report.render(results)
    assert size["articles"] == 100
    assert "**list**: 1 statement\n" in text
    assert f"| list | {DASH} | {DASH} | 1 | 1 | yes |" in text


def test_sweep_only_writes_the_scaling_chart_alone(tmp_path: Path) -> None:
    paths = run.write(fake.sweep_only(), tmp_path)
    assert sorted(path.name for path in paths) == [
        "results.json",
        "scaling.png",
        "scaling.svg",
        "summary.md",
    ]
    assert json.loads((tmp_path / "results.json").read_text())["only"] == "sweep"
    assert len(charts.scaling(fake.results(), tmp_path)) == 2


def test_estimate_counts_every_read_on_both_stacks_and_the_seeding() -> None:
    quick = scaling.planned_seconds(QUICK, ["sqlite"])
    assert quick >= 2 * len(READS) * len(QUICK.scaling_sizes) * (QUICK.seconds + scaling.WRK_OVERHEAD)
    both = scaling.planned_seconds(QUICK, ["sqlite", "postgresql"])
    assert both >= 2 * quick  # each database seeds and times every read
    assert FULL.scaling_sizes == (1_000, 10_000, 100_000, 1_000_000)
    seeding = sweep_run.databases.seed_seconds(1_111_000, "postgresql")
    assert scaling.planned_seconds(FULL, ["postgresql"]) > seeding


def test_only_postgresql_needs_its_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert [store.engine for store in sweep_run.stores(tmp_path)] == ["sqlite"]
    with pytest.raises(SystemExit):
        sweep_run.stores(tmp_path, "postgresql")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/sweep_x")
    assert [store.engine for store in sweep_run.stores(tmp_path)] == ["sqlite", "postgresql"]
    assert [store.engine for store in sweep_run.stores(tmp_path, "postgresql")] == ["postgresql"]


def test_sizes_option() -> None:
    assert run._sizes("1000,10000") == (1000, 10_000)
    with pytest.raises(Exception, match="article counts"):
        run._sizes("0")


def test_micro_only_renders_the_micro_benchmarks_alone(tmp_path: Path) -> None:
    results = fake.micro_only()
    text = report.render(results)
    assert "Only the micro-benchmarks ran (`--only micro`)" in text
    assert text.startswith("# Benchmark summary (full profile, `--only micro`)") or text.startswith(
        f"# Benchmark summary ({results['profile']} profile, `--only micro`)"
    )
    assert "None (the flags cover the matrix and the sweep; this run had neither)." in text
    assert f"database: {results['settings']['database']}" in text
    for row in analysis.micro_rows(results):
        assert f"| {row['group']} | {row['name']} | {row['median_us']:.1f} |" in text
    paths = run.write(results, tmp_path)
    assert {path.name for path in paths} >= {"results.json", "summary.md"}
