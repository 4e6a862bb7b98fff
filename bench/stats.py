"""Statistics over repetitions: median, spread, a bootstrap interval, and the flags the report raises."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

SPREAD_LIMIT = 0.05
"""A cell whose (max - min) / median exceeds this is flagged as noisy."""
CEILING_FACTOR = 1.5
"""The fastest raw baseline must beat the fastest framework cell this many times over."""
CLIENT_BUSY = 0.9
"""wrk using more than this share of its core means the client, not the server, may be the limit."""
BOOTSTRAP_SAMPLES = 2000


@dataclass(frozen=True)
class Summary:
    """Median and spread of one cell's repetitions."""

    n: int
    median: float
    minimum: float
    maximum: float
    spread: float
    """(max - min) / median: the whole range, relative."""
    ci_low: float
    ci_high: float
    """95 % bootstrap interval of the median."""

    @property
    def noisy(self) -> bool:
        return self.spread > SPREAD_LIMIT

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "noisy": self.noisy}


def bootstrap_median(
    values: Sequence[float], samples: int = BOOTSTRAP_SAMPLES, seed: int = 0
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of resampled medians; seeded, so a report is reproducible."""
    if len(values) < 2:
        return values[0], values[0]
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(samples))
    return medians[int(0.025 * (samples - 1))], medians[int(0.975 * (samples - 1))]


def summarize(values: Sequence[float]) -> Summary:
    if not values:
        raise ValueError("no values to summarize")
    median = statistics.median(values)
    low, high = bootstrap_median(values)
    spread = (max(values) - min(values)) / median if median else 0.0
    return Summary(len(values), median, min(values), max(values), spread, low, high)


def ratio(numerator: Summary, denominator: Summary) -> dict[str, float]:
    """Median over median, with the widest interval the repetitions allow (min/max against max/min)."""

    def divide(top: float, bottom: float) -> float:
        return top / bottom if bottom else float("inf")

    return {
        "median": divide(numerator.median, denominator.median),
        "low": divide(numerator.minimum, denominator.maximum),
        "high": divide(numerator.maximum, denominator.minimum),
    }


@dataclass(frozen=True)
class Ceiling:
    """Whether the load generator had headroom: the verdict the report prints first."""

    baseline_rps: float
    framework_rps: float
    factor: float
    client_busiest: float
    ok: bool
    message: str


def ceiling_check(baseline_rps: float, framework_rps: float, client_busiest: float) -> Ceiling:
    """The raw baseline must run far above every framework cell, and wrk must not saturate its core."""
    factor = baseline_rps / framework_rps if framework_rps else float("inf")
    problems = []
    if factor < CEILING_FACTOR:
        problems.append(
            f"the fastest raw baseline ({baseline_rps:,.0f} req/s) is only {factor:.2f}x the fastest "
            f"framework cell ({framework_rps:,.0f} req/s), under {CEILING_FACTOR}x"
        )
    if client_busiest > CLIENT_BUSY:
        problems.append(f"wrk used {client_busiest:.0%} of its core in a framework cell")
    if problems:
        message = "The client may have been the bottleneck: " + "; ".join(problems) + "."
    else:
        message = (
            f"The client had headroom: the fastest raw baseline ran {factor:.1f}x the fastest framework "
            f"cell, and wrk used at most {client_busiest:.0%} of its core in any framework cell."
        )
    return Ceiling(baseline_rps, framework_rps, factor, client_busiest, not problems, message)
