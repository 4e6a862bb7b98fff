"""The overview's answer on performance, from the benchmark runs' results.json.

Every figure is a FastAPI/Flask ratio of requests per second at a workload's
highest concurrency, as `bench.analysis.ratios` computes it for the Performance
pages' ratio table (`#ratios`: the median over the repetitions, with their min and
max), and links to that table on the run's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from sitegen import performance

NO_DATABASE = ("json", "validate")
"""Workloads that never touch the database."""
WAITING = ("wait", "slow")
"""Workloads whose requests wait (a sleep, a slow query) without using the CPU."""
NOT_MEASURED = Markup("No benchmark run is published or present here: performance is not measured yet.")


@dataclass(frozen=True)
class Ratio:
    """FastAPI's requests/s over Flask's for one pair of stacks, one workload, at its highest concurrency."""

    workload: str
    title: str
    pair: str
    connections: int
    median: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        """`FastAPI ahead` when every repetition's ratio is above 1, `Flask ahead` when every one is
        below, `a draw` when the repetitions' range spans 1."""
        if self.low > 1:
            return "FastAPI ahead"
        if self.high < 1:
            return "Flask ahead"
        return "a draw"


def ratios(results: Mapping[str, Any]) -> list[Ratio]:
    """Every pair's ratio at each workload's highest concurrency, in the run's pair and workload order."""
    from bench import analysis  # needed only once there is a run to read

    cells = analysis.matrix_cells(results)
    rows = {
        (row["pair"], row["workload"], row["connections"]): row for row in analysis.ratios(results, cells)
    }
    found = []
    for pair in results["settings"]["pairs"]:
        for workload in results["matrix"]["workloads"]:
            level = performance.top_level(workload, results["settings"])
            row = rows.get((pair["label"], workload["name"], level))
            if row is not None:
                found.append(
                    Ratio(
                        workload["name"],
                        workload["title"],
                        pair["label"],
                        level,
                        row["median"],
                        row["low"],
                        row["high"],
                    )
                )
    return found


def figure(value: float, href: str) -> Markup:
    """A ratio as the overview shows it (two decimals and "x"), linked to its evidence."""
    return Markup('<a href="{}">{:.2f}x</a>').format(href, value)


def _label(item: performance.Shown) -> str:
    return (
        f"the {item.title.removeprefix('Published run: ')} run"
        if item.origin == "published"
        else "the local run"
    )


def _verdicts(found: list[Ratio]) -> Markup:
    """`FastAPI ahead in N (titles), Flask ahead in N (titles), a draw in N`: the titles of the
    workloads where one side is ahead."""
    parts = []
    for verdict in ("FastAPI ahead", "Flask ahead", "a draw"):
        titles = [ratio.title for ratio in found if ratio.verdict == verdict]
        named = Markup(" ({})").format("; ".join(titles)) if titles and verdict != "a draw" else Markup("")
        parts.append(Markup("{} in {}{}").format(verdict, len(titles), named))
    return Markup(", ").join(parts)


def _database_clause(item: performance.Shown, pair: str, found: list[Ratio]) -> Markup:
    href = f"{item.page}#ratios"
    low = min(found, key=lambda ratio: ratio.median)
    high = max(found, key=lambda ratio: ratio.median)
    levels = sorted({ratio.connections for ratio in found})
    return Markup("on {}, {} at {} connections, between {} ({}) and {} ({}): {}").format(
        _label(item),
        pair,
        " or ".join(str(level) for level in levels),
        figure(low.median, href),
        low.title,
        figure(high.median, href),
        high.title,
        _verdicts(found),
    )


def sentences(shown: list[performance.Shown]) -> list[Markup]:
    """Two or three sentences: without a database, with it, and while waiting; or why there are none.

    The runs read are the published ones (`docs/bench/`), or the local run when nothing is published;
    the first and the waiting sentence come from the PostgreSQL run when there is one (it holds the
    async configuration), else from the first run.
    """
    runs = [item for item in shown if item.origin == "published"] or list(shown)
    if not runs:
        return [NOT_MEASURED]
    primary = next((item for item in runs if item.run.engine == "postgresql"), runs[0])
    by_run = {item.key: ratios(item.run.results) for item in runs}
    main_pair = primary.run.results["settings"]["pairs"][0]["label"]
    href = f"{primary.page}#ratios"
    found: list[Markup] = []

    plain = [
        ratio for ratio in by_run[primary.key] if ratio.pair == main_pair and ratio.workload in NO_DATABASE
    ]
    if plain:
        parts = Markup(" and ").join(
            Markup("{} on {} ({})").format(figure(ratio.median, href), ratio.title, ratio.verdict)
            for ratio in plain
        )
        found.append(
            Markup(
                "Without a database, the FastAPI/Flask ratio of requests per second is {} "
                "({}, at {} connections, {})."
            ).format(parts, main_pair, plain[0].connections, _label(primary))
        )
    clauses = []
    for item in runs:
        for pair in item.run.results["settings"]["pairs"][: 2 if item is primary else 1]:
            database = [
                ratio
                for ratio in by_run[item.key]
                if ratio.pair == pair["label"] and ratio.workload not in NO_DATABASE + WAITING
            ]
            if database:
                clauses.append(_database_clause(item, pair["label"], database))
    if clauses:
        found.append(
            Markup(
                "With the database (reads, writes and a mix, at each workload's highest concurrency; "
                "each run's page also shows the lower ones), the same ratio lies {}. A side is ahead "
                "when every repetition's ratio is on its side of 1, a draw when they range across 1."
            ).format(Markup("; ").join(clauses))
        )
    waiting = [ratio for ratio in by_run[primary.key] if ratio.workload == WAITING[0]]
    if waiting:
        parts = Markup(", ").join(
            Markup("{} ({}, {})").format(figure(ratio.median, href), ratio.pair, ratio.verdict)
            for ratio in waiting
        )
        found.append(
            Markup("Where each request waits ({}), the ratio is {} on {}.").format(
                waiting[0].title, parts, _label(primary)
            )
        )
    return found or [NOT_MEASURED]
