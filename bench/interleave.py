"""Two calls timed in alternation, so a shared machine's drift reaches both: their ratio per round.

pytest-benchmark times one benchmark after the other: on a noisy machine (or with a
database server whose round trip moves over minutes) the ratio of two of its medians
measures the moment as much as the code. Here both sides run in every round, their
order swapped each round, and the ratio is taken per round before the median.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

Call = Callable[[], object]
"""What is timed: a call without arguments."""


@dataclass(frozen=True)
class Interleaved:
    """`first`'s time over `second`'s, per round: the median and the range over the rounds."""

    ratio: float
    low: float
    high: float
    rounds: int
    calls: int
    """Calls of each side per round."""
    first_us: float
    """Median per call of `first` over the rounds, µs."""
    second_us: float


def calls_for(call: Call, seconds: float) -> int:
    """How many calls of `call` fill about `seconds` (at least 1), from two timed calls after one untimed."""
    call()
    start = time.perf_counter()
    call()
    call()
    each = (time.perf_counter() - start) / 2
    return max(1, round(seconds / each)) if each > 0 else 1


def _timed(call: Call, calls: int) -> float:
    """Seconds per call over `calls` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def ratio(first: Call, second: Call, rounds: int, seconds: float) -> Interleaved:
    """Time `first` and `second` alternately for `rounds` rounds; each side runs about `seconds` per round.

    Both sides run the same number of calls per round, sized on the slower one; even rounds run
    `first` then `second`, odd rounds the other way round. `rounds` must be at least 1.
    """
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    calls = min(calls_for(first, seconds), calls_for(second, seconds))
    ratios: list[float] = []
    first_times: list[float] = []
    second_times: list[float] = []
    for index in range(rounds):
        if index % 2 == 0:
            a = _timed(first, calls)
            b = _timed(second, calls)
        else:
            b = _timed(second, calls)
            a = _timed(first, calls)
        ratios.append(a / b)
        first_times.append(a)
        second_times.append(b)
    return Interleaved(
        ratio=statistics.median(ratios),
        low=min(ratios),
        high=max(ratios),
        rounds=rounds,
        calls=calls,
        first_us=statistics.median(first_times) * 1e6,
        second_us=statistics.median(second_times) * 1e6,
    )
