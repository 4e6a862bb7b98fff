"""summary.md and the charts render from a tiny fake results.json."""

from __future__ import annotations

import json
from pathlib import Path

from bench import charts, report, run
from tests.bench import fake

DASH = "\N{EN DASH}"


def test_summary_has_every_table() -> None:
    text = report.render(fake.results())
    assert text.startswith("# Benchmark summary (quick profile)")
    assert "**Client ceiling:** The client had headroom" in text
    assert "· versions: fastapi 0.165.0, flask 3.1.3\n" in text
    assert f"| Trivial JSON | 8 | 3,000 | 2,200 ⚠ | 1.36 [1.25{DASH}1.50] |" in text
    assert f"| fastapi@uvicorn | json | 8 | 0.20 [0.20{DASH}0.20] |" in text
    row = f"| list | 8 | flask@gunicorn-gthread | 250 [249{DASH}251] | 0.8 % | 1.50 | 4.00 | 2.000 | {DASH} |"
    assert row in text
    assert "| sqlite | 1,000 | list | fastapi@uvicorn | 1.50 | 4.00 | 400 |" in text
    assert "SCAN articles" in text
    assert "| validate | validate_marshmallow | 28.0 | 2.8 | 100 | 4.00 |  |" in text
    shared = f"| shared layer: get article | shared | 210.0 | 21.0 | 100 | 2.10 | 2.05 [1.90{DASH}2.31] |"
    assert shared in text
    assert "| shared layer: get article | sql | 100.0 | 10.0 | 100 | 1.00 |  |" in text
    assert "\N{MULTIPLICATION SIGN} SQL, interleaved" in text
    assert "- list c=8 flask@gunicorn-gthread: 6 errors" in text
    assert "| 64 | 0 | 0 in 2 s | **yes** | 8/8, 56 waiting | 10 of 8 + 2 | 900 | 800 |" in text
    assert f"| 8 | 605 | 2,420 in 4 s | no | 6/8, 0 waiting | 7 of 8 + 2 | {DASH} | {DASH} |" in text
    assert f"| article | 5.20 | {DASH} | 5.00 | 1.04 | 4.00 | 180 | 50 |" in text
    assert f"| json | 0.53 | {DASH} | 0.69 | 0.77 | {DASH} | 47 | 32 |" in text


def test_summary_of_a_run_without_trap_or_instructions() -> None:
    """Runs recorded before these sections existed (or without valgrind) still render."""
    results = fake.results()
    del results["trap"]
    results["instructions"] = None
    text = report.render(results)
    assert "## The session trap" in text
    assert "Not measured in this run." in text
    assert "Not measured in this run (valgrind was not installed" in text


def test_write_produces_json_markdown_and_charts(tmp_path: Path) -> None:
    paths = run.write(fake.results(), tmp_path)
    names = sorted(path.name for path in paths)
    assert names == sorted(
        ["results.json", "summary.md"]
        + [f"{chart}.{kind}" for chart in ("matrix", "scaling", "latency") for kind in ("png", "svg")]
    )
    assert all(path.stat().st_size > 0 for path in paths)
    assert json.loads((tmp_path / "results.json").read_text())["profile"] == "quick"
    assert (tmp_path / "matrix.png").read_bytes().startswith(b"\x89PNG")


def test_charts_alone(tmp_path: Path) -> None:
    assert len(charts.draw_all(fake.results(), tmp_path)) == 6
