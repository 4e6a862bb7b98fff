"""The overview's answers: every figure equals the value in the results it links to; missing ones say so."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bench import analysis
from sitegen import code_facts, correctness, overview, pairs, performance, pysource, speed, testruns
from tests.sitegen.conftest import CASES, LIVE_CASES, MACHINE, write_suites

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "docs" / "bench"


def plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def headline_ratio(results: dict[str, Any], workload: str, pair: int = 0) -> dict[str, Any]:
    """The ratio row of a pair at a workload's highest concurrency, straight from results.json."""
    wanted = next(item for item in results["matrix"]["workloads"] if item["name"] == workload)
    level = max(wanted.get("levels") or results["settings"]["profile"]["levels"])
    label = results["settings"]["pairs"][pair]["label"]
    rows = analysis.ratios(results, analysis.matrix_cells(results))
    return next(
        row for row in rows if (row["pair"], row["workload"], row["connections"]) == (label, workload, level)
    )


@pytest.fixture(scope="module")
def published_runs() -> list[performance.Shown]:
    shown = performance.shown(ROOT / "no-reports-here", PUBLISHED)
    assert {item.key for item in shown} == {"sqlite", "postgresql"}, "the repository publishes both runs"
    return shown


def test_performance_figures_are_the_published_ratios(published_runs: list[performance.Shown]) -> None:
    sentences = speed.sentences(published_runs)
    assert len(sentences) == 3
    postgres = next(item for item in published_runs if item.key == "postgresql")
    results = json.loads((PUBLISHED / "postgresql" / "results.json").read_text())
    href = f'href="{postgres.page}#ratios"'
    for workload in speed.NO_DATABASE:
        value = headline_ratio(results, workload)["median"]
        assert f"{href}>{value:.2f}x</a>" in sentences[0], workload
    summary = (PUBLISHED / "postgresql" / "summary.md").read_text()
    (row,) = [line for line in summary.splitlines() if line.startswith("| Trivial JSON |")]
    json_ratio = headline_ratio(results, "json")["median"]
    assert f"| {json_ratio:.2f} [" in row, "the same figure as the harness's own summary"
    for pair in range(len(results["settings"]["pairs"])):
        value = headline_ratio(results, "wait", pair)["median"]
        assert f"{value:.2f}x" in plain(sentences[2])


def test_the_database_sentence_counts_wins_and_draws_from_the_repetitions(
    published_runs: list[performance.Shown],
) -> None:
    sentence = plain(speed.sentences(published_runs)[1])
    for item in published_runs:
        results = item.run.results
        pairs = results["settings"]["pairs"]
        for index in range(2 if item.key == "postgresql" else 1):
            medians, verdicts = [], {"FastAPI": [], "Flask": [], "draw": []}
            for workload in results["matrix"]["workloads"]:
                if workload["name"] in speed.NO_DATABASE + speed.WAITING:
                    continue
                row = headline_ratio(results, workload["name"], index)
                medians.append(row["median"])
                side = "FastAPI" if row["low"] > 1 else "Flask" if row["high"] < 1 else "draw"
                verdicts[side].append(workload["title"])
            engine = "SQLite" if item.key == "sqlite" else "PostgreSQL"
            clause = sentence.split(f"on the {engine} run, {pairs[index]['label']} at ", 1)[1]
            clause = clause.split("; on the ", 1)[0].split(". A side", 1)[0]
            assert f"between {min(medians):.2f}x" in clause
            assert f"and {max(medians):.2f}x" in clause
            for side in ("FastAPI", "Flask"):
                named = f" ({'; '.join(verdicts[side])})" if verdicts[side] else ""
                assert f"{side} ahead in {len(verdicts[side])}{named}," in clause
            assert clause.endswith(f"a draw in {len(verdicts['draw'])}")


def test_without_a_run_performance_is_not_measured() -> None:
    assert speed.sentences([]) == [speed.NOT_MEASURED]
    assert "not measured" in speed.NOT_MEASURED


def test_features_count_the_contract_suite_from_the_report(tmp_path: Path) -> None:
    reports = write_suites(tmp_path / "reports", {"tests": CASES, "live": LIVE_CASES})
    testruns.publish(reports, tmp_path / "report.json", "abc1234", MACHINE)
    (published,) = correctness.sets(testruns.load(tmp_path / "report.json"), [])
    first = overview.features(published, [], 11)[0]
    for backend in ("fastapi", "flask"):
        ran = [
            case
            for case in CASES
            if case[0].startswith("tests.contract.") and case[1].endswith(f"[{backend}]")
        ]
        passed = sum(1 for case in ran if not case[2])
        assert f'<a href="correctness.html#published-claims">{passed}/{len(ran)}</a> against' in first
    assert "(<code>make test</code>)" in first
    suites = plain(overview.features(published, [], 11)[1])
    failed = [case for case in CASES if case[2] == "failure"]
    assert f"{len(failed)} failed (test_users::test_login[flask])" in suites
    assert "not measured" in overview.features(None, [], 11)[0]


def test_features_and_ease_read_the_code() -> None:
    found = pairs.discover(ROOT)
    shared = [
        pysource.parse(ROOT, path.relative_to(ROOT).as_posix())
        for path in sorted((ROOT / "shared").glob("*.py"))
    ]
    totals, shared_total = code_facts.totals(found, shared)
    groups = code_facts.dependency_groups(ROOT)
    packages = plain(overview.features(None, groups, 11)[1])
    for group in groups[:2]:
        assert f"the {group['title']} imports {len(group['packages'])} (" in packages
        assert f"{len(group['closure'])} with their requirements" in packages
    lines = plain(overview.ease(totals, shared_total, None)[0])
    fastapi = sum(pair.lines("fastapi") for pair in found)
    assert f"the FastAPI side is {fastapi:,} lines" in lines
    gap = abs(totals["fastapi"]["code"] - totals["flask"]["code"])
    assert f"{gap:,} lines of code" in lines


def test_ease_figures_from_a_measurement() -> None:
    phases = {
        side: {
            name: SimpleNamespace(median=value) for name, value in (("import_ms", base), ("build_ms", 10.0))
        }
        for side, base in (("fastapi", 300.0), ("flask", 200.0))
    }
    hand = SimpleNamespace(
        documented={"fastapi": [], "flask": ["a"] * 19},
        error_types={"fastapi": ["t"] * 12, "flask": []},
        handlers={"fastapi": ["h"] * 4, "flask": ["h"] * 6},
    )
    measured = SimpleNamespace(
        totals={"fastapi": SimpleNamespace(lines=120, code=90), "flask": SimpleNamespace(lines=100, code=90)},
        hand_written=hand,
        needs={"fastapi": SimpleNamespace(bytes=12_300_000), "flask": SimpleNamespace(bytes=4_560_000)},
        cold_start=SimpleNamespace(
            phases=phases,
            rounds=20,
            date="2026-11-30T12:00:00+00:00",
            machine={"cores": 2, "load_average_before": [0.5, 0.4, 0.3]},
        ),
    )
    totals = {side: {"lines": 999, "code": 80} for side in ("fastapi", "flask")}
    sentences = [plain(found) for found in overview.ease(totals, {"lines": 50}, measured)]
    assert sentences[0].startswith(
        "For the same API (the files only the benchmark mounts left out) the FastAPI side is 120 lines "
        "(90 of code) and the Flask side 100"
    )
    assert "the same number of lines of code on both sides" in sentences[0]
    assert "the Flask side declares 19 documented(...) operations" in sentences[1]
    assert (
        "registers 6 error handlers; the FastAPI side maps 12 error types to messages and registers 4."
        in (sentences[1])
    )
    assert "take 12.3 MB (FastAPI side) and 4.6 MB (Flask side)" in sentences[2]
    assert (
        "importing the app takes 300.0 ms for FastAPI and 200.0 ms for Flask, building it 10.0 ms and "
        "10.0 ms (medians over 20 fresh processes each, 2026-11-30, load average 0.50 on 2 cores before it)"
        in (sentences[2])
    )
    measured.cold_start = None
    assert "not measured yet" in overview.ease(totals, {"lines": 50}, measured)[2]
    assert "not measured yet" in overview.ease(totals, {"lines": 50}, None)[1]


def test_community_figures_from_the_facts() -> None:
    def project(name: str, releases: int, first: str, latest: str) -> SimpleNamespace:
        facts = {
            "releases_24_months": SimpleNamespace(value=releases),
            "first_release": SimpleNamespace(value=first),
            "latest_release": SimpleNamespace(value=latest),
        }
        return SimpleNamespace(name=name, facts=facts)

    facts = SimpleNamespace(
        taken="2026-11-30",
        window_months=24,
        projects=[
            project("fastapi", 157, "2018-12-08", "0.165.0"),
            project("flask", 3, "2010-04-16", "3.1.3"),
            project("pydantic", 51, "2017-05-03", "2.14.4"),
        ],
    )
    sentences = [plain(found) for found in overview.community(facts)]
    assert sentences[0] == (
        "On 2026-11-30, FastAPI had 157 releases in the last 24 months and Flask 3; "
        "pydantic 51 and marshmallow not known."
    )
    assert (
        "flasgger, which the Flask side uses for its API documents, last released not known" in sentences[1]
    )
    assert "not measured" in overview.community(None)[0]


def test_absent_modules_give_not_measured_answers(
    monkeypatch: pytest.MonkeyPatch, published_runs: list[performance.Shown]
) -> None:
    assert overview.optional("no_such_module") is None
    monkeypatch.setattr(overview, "optional", lambda name: None)
    totals = {side: {"lines": 10, "code": 8} for side in ("fastapi", "flask")}
    code = {"totals": totals, "shared_total": {"lines": 5}, "groups": [], "topics": 3}
    answers = overview.answers(ROOT, published_runs, None, code)
    assert [answer.key for answer in answers] == ["performance", "features", "ease", "community"]
    by_key = {answer.key: " ".join(answer.sentences) for answer in answers}
    assert "not measured yet" in by_key["ease"]
    assert "not measured yet" in by_key["community"]
    assert "not measured yet" in by_key["features"], "no test report"
    assert "not measured" not in by_key["performance"]


def test_the_overview_page_states_the_answers(site: Path, bare_site: Path) -> None:
    page = (site / "index.html").read_text()
    for key, question in overview.QUESTIONS:
        assert f'id="answer-{key}"' in page
        assert question in page
    assert 'href="correctness.html#published-claims"' in page
    bare = plain((bare_site / "index.html").read_text())
    assert str(speed.NOT_MEASURED) in bare
    assert "No test report is published or present here" in bare
