"""The harness's statistics: medians, spread flags, ratios and the client-ceiling verdict."""

from __future__ import annotations

import pytest

from bench import analysis, stats, sweep_analysis
from tests.bench import fake


def test_summary_median_range_and_interval() -> None:
    summary = stats.summarize([100.0, 104.0, 98.0, 101.0, 250.0])
    assert summary.median == 101.0
    assert (summary.minimum, summary.maximum) == (98.0, 250.0)
    assert summary.spread == pytest.approx(152 / 101)
    assert summary.minimum <= summary.ci_low <= summary.median <= summary.ci_high <= summary.maximum
    assert summary.noisy


def test_spread_flag_at_five_percent() -> None:
    assert not stats.summarize([100.0, 102.0, 104.0]).noisy
    assert stats.summarize([100.0, 103.0, 106.0]).noisy
    assert not stats.summarize([42.0]).noisy


def test_bootstrap_is_reproducible() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert stats.bootstrap_median(values) == stats.bootstrap_median(values)


def test_ratio_interval_is_widest() -> None:
    value = stats.ratio(stats.summarize([90.0, 100.0, 110.0]), stats.summarize([45.0, 50.0, 55.0]))
    assert value == pytest.approx({"median": 2.0, "low": 90 / 55, "high": 110 / 45})


def test_ceiling_passes_with_headroom() -> None:
    verdict = stats.ceiling_check(baseline_rps=15000, framework_rps=3000, client_busiest=0.3)
    assert verdict.ok
    assert "headroom" in verdict.message


@pytest.mark.parametrize(
    ("baseline", "framework", "busy", "words"),
    [(4000, 3000, 0.3, "only 1.33x"), (15000, 3000, 0.95, "wrk used 95%")],
)
def test_ceiling_fails_when_the_client_may_limit(
    baseline: float, framework: float, busy: float, words: str
) -> None:
    verdict = stats.ceiling_check(baseline, framework, busy)
    assert not verdict.ok
    assert verdict.message.startswith("The client may have been the bottleneck")
    assert words in verdict.message


def test_per_run_figures() -> None:
    figures = analysis.per_run(fake.run(1000, seconds=2, cpu=1.0, errors=3))
    assert figures["rps"] == 1000
    assert figures["cpu_ms_per_request"] == pytest.approx(0.5)
    assert figures["requests_per_cpu_s"] == 2000
    assert figures["p50_ms"] == 1.5
    assert figures["p99_ms"] == 4.0
    assert figures["client_busy"] == pytest.approx(0.2)
    assert figures["errors"] == 3


def test_ratios_efficiency_and_flags() -> None:
    results = fake.results()
    cells = analysis.matrix_cells(results)
    ratios = {row["workload"]: row for row in analysis.ratios(results, cells)}
    assert ratios["json"]["median"] == pytest.approx(3000 / 2200)
    assert ratios["list"]["median"] == pytest.approx(200 / 250)
    efficiency = analysis.efficiency(results, cells)
    assert [(row["stack"], row["workload"]) for row in efficiency] == [("fastapi@uvicorn", "json")]
    assert efficiency[0]["median"] == pytest.approx(0.2)
    flags = analysis.flags(cells, sweep_analysis.scaling_rows(results))
    assert any("json c=8 flask@gunicorn-gthread: spread 18.2%" in flag for flag in flags)
    assert any("list c=8 flask@gunicorn-gthread: 6 errors" in flag for flag in flags)
    assert analysis.ceiling(cells).ok


def test_other_load_on_the_server_core_is_flagged() -> None:
    busy = {**fake.run(1000, seconds=2, cpu=1.0), "server_core_busy_s": 1.6}
    assert analysis.per_run(busy)["other_load"] == pytest.approx(0.3)
    cell = {**fake.cell("json", "fastapi@uvicorn", [1000]), "runs": [busy]}
    cells = [{**cell, "summary": analysis.summarize_runs(cell["runs"])}]
    assert analysis.flags(cells, []) == [
        "json c=8 fastapi@uvicorn: other processes took up to 30% of the server's core"
    ]
