"""bench/runs_diff.py: two runs' shared cells and counted cases side by side, with their ratios."""

from __future__ import annotations

import copy
from typing import Any

from bench import runs_diff
from tests.bench import fake


def _pair() -> tuple[dict[str, Any], dict[str, Any]]:
    before = fake.results()
    after = copy.deepcopy(before)
    after["versions"]["commit"] = "def5678"
    for cell in after["matrix"]["cells"]:
        for run in cell["runs"]:
            run["requests"] *= 2  # twice the requests in the same time and CPU: half the CPU per request
    after["instructions"]["drivers"]["fastapi"] = [
        {"case": "json", "instructions": 530_000.0},
        {"case": "article", "instructions": 2.6e6},
        {"case": "only after", "instructions": 1e6},
    ]
    return before, after


def _at(results: dict[str, Any], connections: int) -> int:
    return sum(cell["connections"] == connections for cell in results["matrix"]["cells"])


def test_each_shared_cell_is_compared_at_the_asked_levels() -> None:
    before, after = _pair()
    rows = runs_diff.cell_rows(before, after, {8})
    assert rows
    assert len(rows) == _at(after, 8)
    for row in rows:
        assert row["ratio"] == row["rps"][1] / row["rps"][0]
        assert 1.99 < row["ratio"] < 2.01
        assert row["cpu_ms"][1] < row["cpu_ms"][0]
    assert runs_diff.cell_rows(before, after, {3}) == []
    assert {row["connections"] for row in runs_diff.cell_rows(before, after, {8, 64})} == {8, 64}


def test_a_cell_only_one_run_has_is_left_out() -> None:
    before, after = _pair()
    dropped = before["matrix"]["cells"].pop()
    rows = runs_diff.cell_rows(before, after, {8})
    assert (dropped["workload"], dropped["stack"]) not in {(row["workload"], row["stack"]) for row in rows}
    assert len(rows) == _at(after, 8) - (dropped["connections"] == 8)


def test_instructions_are_compared_per_driver_and_case_both_runs_counted() -> None:
    before, after = _pair()
    rows = {(row["driver"], row["case"]): row for row in runs_diff.instruction_rows(before, after)}
    assert rows[("fastapi", "article")]["ratio"] == 0.5
    assert rows[("fastapi", "json")]["ratio"] == 1.0
    assert ("fastapi", "only after") not in rows
    assert ("shared", "article") in rows


def test_the_markdown_names_both_commits() -> None:
    text = runs_diff.render(*_pair(), {8})
    assert "`abc1234`" in text
    assert "`def5678`" in text
    assert "| fastapi | article | 5.20 | 2.60 | 0.50 |" in text
