"""The progress bar's log lines without a terminal: one per phase, minutes from the plan, then the pace."""

from __future__ import annotations

import io

from rich.console import Console

from bench import progress


def test_minutes_left_is_the_plan_until_five_percent_is_done() -> None:
    # A seed of 1,000 articles planned at 0.14 s that took 1 s must not turn 60 planned minutes into hours.
    assert progress.minutes_left(3600.0, 0.14, began=0.0, now=1.0) == (3600.0 - 0.14) / 60
    # From 5 % on, the planned seconds left are scaled by the pace so far (here twice the plan).
    assert progress.minutes_left(3600.0, 360.0, began=0.0, now=720.0) == 3240.0 * 2 / 60
    assert progress.minutes_left(100.0, 150.0, began=0.0, now=10.0) == 0.0


def test_without_a_terminal_one_line_per_phase() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    with progress.bar(console, 100.0) as advance:
        advance(1, "size 1000: seeded in 1 s")
        advance(1, "size 1000: servers up")
        advance(1, "size 10000: seeded in 2 s")
        advance(1, "json c=64 warm-up uvicorn")
        advance(1, "json c=64 #1 uvicorn")
    lines = [line for line in out.getvalue().splitlines() if "min left" in line]
    assert [line.split("%", 1)[1].split(";")[0].strip() for line in lines] == [
        "size 1000: seeded in 1 s",
        "size 10000: seeded in 2 s",
        "json c=64 warm-up uvicorn",
    ]
