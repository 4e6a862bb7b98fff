"""What every phase of one seed shares: the session and its loader, the bars, the clock, the pools."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from rich.progress import Progress
from sqlalchemy.orm import Session

from shared.seed.loader import Loader
from shared.seed.prose import Writer
from shared.seed.timeline import Timeline


@dataclass
class Context:
    """One seed's shared state; `seed` names the random streams, one per phase."""

    session: Session
    loader: Loader
    bar: Progress
    timeline: Timeline
    writer: Writer
    password_hash: str
    seed: int

    def rng(self, phase: str) -> random.Random:
        """The phase's own stream: what one phase draws never shifts another's data."""
        return random.Random(f"{self.seed}-{phase}")


def chunks(total: int, size: int) -> Iterator[range]:
    """`range(total)` cut into consecutive ranges of at most `size` (> 0)."""
    for start in range(0, total, size):
        yield range(start, min(start + size, total))
