"""The run's progress bar: its total is the seconds planned, and each phase advances it by its own plan."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Advance = Callable[[float, str], None]
"""`advance(seconds, label)`: `seconds` of the plan are done, and the bar now says `label`."""


@contextmanager
def bar(console: Console, total: float) -> Iterator[Advance]:
    """A bar over `total` planned seconds whose ETA counts the seconds still planned; without a
    terminal (CI's log) one line per phase (a label's first two words, e.g. `size 1000`) with the
    minutes still planned, scaled by the pace so far once 5 % of the plan is done."""
    began = time.monotonic()
    columns = (
        TextColumn("{task.description:<48}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("seeding", total=total)
        phase = [""]

        def advance(seconds: float, label: str) -> None:
            progress.update(task, advance=seconds, description=label)
            key = " ".join(label.split()[:2])
            if not console.is_terminal and key != phase[0]:
                phase[0] = key
                done = progress.tasks[0].completed
                console.log(
                    f"{done / total:4.0%} {label}; about {minutes_left(total, done, began):.0f} min left"
                )

        yield advance


def minutes_left(total: float, done: float, began: float, now: float | None = None) -> float:
    """Minutes still planned (`total - done` seconds of the plan), scaled by the pace so far
    (elapsed seconds per planned second) once `done` is at least 5 % of `total`; before that the
    pace of a first short phase (a seed of 1,000 articles) says little, so the plan stands alone."""
    left = max(total - done, 0.0)
    if total and done / total >= 0.05:
        left *= ((time.monotonic() if now is None else now) - began) / done
    return left / 60
