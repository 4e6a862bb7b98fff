"""Cold start: the file's shape, the medians and ratio read from it, the interleaving, one real sample."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sitegen import cold_start

ROOT = Path(__file__).resolve().parents[2]


def content(rounds: int = 3) -> dict[str, Any]:
    return {
        "date": "2026-11-30T12:00:00Z",
        "commit": "abc1234",
        "machine": {"cpu": "test", "cores": 2},
        "versions": {"python": "3.11"},
        "method": "fresh processes",
        "rounds": rounds,
        "samples": {
            "fastapi": {"process_ms": [300, 100, 200], "import_ms": [90, 80, 70], "build_ms": [9, 10, 11]},
            "flask": {"process_ms": [100, 50, 400], "import_ms": [40, 45, 35], "build_ms": [20, 21, 22]},
        },
    }


def saved(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "cold_start.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_medians_and_ratios_come_from_the_samples(tmp_path: Path) -> None:
    found = cold_start.load(saved(tmp_path, content()))
    assert found is not None
    assert found.phases["fastapi"]["process_ms"].median == 200
    assert found.phases["flask"]["process_ms"].median == 100
    assert found.ratio("process_ms") == 2
    assert found.ratio("build_ms") == pytest.approx(10 / 21)
    assert found.instructions is None


def test_instruction_counts_are_read_when_present(tmp_path: Path) -> None:
    found = cold_start.load(saved(tmp_path, {**content(), "instructions": {"fastapi": 30, "flask": 20}}))
    assert found is not None
    assert found.instructions == {"fastapi": 30, "flask": 20}


def test_no_file_is_no_measurement(tmp_path: Path) -> None:
    assert cold_start.load(tmp_path / "absent.json") is None


def test_a_missing_key_or_short_sample_names_the_file(tmp_path: Path) -> None:
    data = content()
    del data["samples"]["flask"]["build_ms"]
    with pytest.raises(ValueError, match=r"cold_start\.json: missing key 'build_ms'"):
        cold_start.load(saved(tmp_path, data))
    with pytest.raises(ValueError, match=r"samples\.fastapi\.process_ms holds 3 of 4"):
        cold_start.load(saved(tmp_path, content(rounds=4)))


def test_the_sides_alternate_and_swap_order_every_round(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []

    def fake(side: str, environment: dict[str, str], root: Path) -> dict[str, float]:
        calls.append(side)
        assert environment["DATABASE_URL"].startswith("sqlite:///")
        return {"process_ms": 3.0, "import_ms": 1.0, "build_ms": 2.0}

    monkeypatch.setattr(cold_start, "sample", fake)
    data = cold_start.measure(3, ROOT)
    # one unrecorded warm-up per side, then FastAPI first in even rounds and Flask first in odd ones
    assert calls == ["fastapi", "flask", "fastapi", "flask", "flask", "fastapi", "fastapi", "flask"]
    assert data["samples"]["flask"]["build_ms"] == [2.0, 2.0, 2.0]
    assert data["rounds"] == 3
    assert "instructions" not in data
    found = cold_start.load(saved(tmp_path, data))
    assert found is not None
    assert found.ratio("import_ms") == 1


def test_one_real_sample_of_the_flask_side(tmp_path: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}", "ACCESS_LOG": "0"}
    found = cold_start.sample("flask", environment, ROOT)
    assert set(found) == set(cold_start.PHASES)
    assert found["process_ms"] > found["import_ms"] + found["build_ms"] > 0


def test_a_failing_child_raises_with_its_output(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="ModuleNotFoundError"):
        cold_start.sample("no_such", dict(os.environ), ROOT)


def test_the_repository_file_is_complete() -> None:
    found = cold_start.load(ROOT / cold_start.RESULT)
    assert found is not None
    assert found.rounds >= 5
    assert all(found.phases[side]["import_ms"].median > 0 for side in cold_start.SIDES)
