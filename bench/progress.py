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
    terminal (CI's log) one line per phase (a label's first word) with the minutes still planned."""
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
            if not console.is_terminal and label.split()[0] != phase[0]:
                phase[0] = label.split()[0]
                done = progress.tasks[0].completed
                left = max(total - done, 0) * (time.monotonic() - began) / done if done else total
                console.log(f"{done / total:4.0%} {label}; about {left / 60:.0f} min left")

        yield advance
