"""The sweep's verdicts from results.json: per read and stack, p50 against size and the 2x goal.

Pure functions over the `scaling` section (one entry per database engine, one per seeded
size in it), so the tests feed them a fake. A read meets the goal on a stack when its p50
at the largest size is at most `GOAL` times its p50 at the smallest; its statement count
should not change with the size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.analysis import summarize_runs
from bench.sweep_reads import GOAL


def scaling_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per engine, size, read (`endpoint`, also as `read`) and stack: latency at low load as the
    data grows, with the page's `offset` (None in runs recorded before the sweep's reads)."""
    rows = []
    for engine in results.get("scaling", []):
        for size in engine["sizes"]:
            for cell in size["cells"]:
                rows.append(
                    {
                        "engine": engine["engine"],
                        "articles": size["articles"],
                        "endpoint": cell["endpoint"],
                        "read": cell["endpoint"],
                        "offset": cell.get("offset"),
                        "stack": cell["stack"],
                        "identical": size["checks"][cell["endpoint"]]["ok"],
                        **summarize_runs(cell["runs"]),
                    }
                )
    return rows


def verdict(smallest_ms: float | None, largest_ms: float | None, goal: float = GOAL) -> dict[str, Any]:
    """`ratio` (largest / smallest p50, None without both) and `met` (ratio <= goal; None if no ratio)."""
    if smallest_ms is None or largest_ms is None or smallest_ms <= 0:
        return {"ratio": None, "met": None}
    ratio = largest_ms / smallest_ms
    return {"ratio": ratio, "met": ratio <= goal}


def _plan(entry: Any) -> dict[str, Any]:
    """A read's plans at one size; runs recorded before the sweep's reads kept only the statements."""
    if isinstance(entry, list):
        return {"offset": None, "count": len(entry), "statements": entry}
    return dict(entry)


def _reads(engine: Mapping[str, Any], sizes: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The reads as recorded (`sweep_reads.Read` fields); older runs kept only the cells' names."""
    if engine.get("reads"):
        return list(engine["reads"])
    names = dict.fromkeys(cell["endpoint"] for size in sizes for cell in size["cells"])
    return [{"name": name, "subject": None, "deep": False, "auth": False} for name in names]


def _series(sizes: Sequence[Mapping[str, Any]], name: str) -> dict[str, dict[str, list[float | None]]]:
    """Per stack: the read's `p50_ms` and `p99_ms` at each size (None where not measured)."""
    stacks: dict[str, dict[str, list[float | None]]] = {}
    for position, size in enumerate(sizes):
        for cell in size["cells"]:
            if cell["endpoint"] == name:
                figures = summarize_runs(cell["runs"])
                empty: list[float | None] = [None] * len(sizes)
                series = stacks.setdefault(cell["stack"], {"p50_ms": list(empty), "p99_ms": list(empty)})
                series["p50_ms"][position] = figures["p50_ms"]
                series["p99_ms"][position] = figures["p99_ms"]
    return stacks


def _ends(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    """The first and last of at least two values: what the verdict compares (None, None for fewer)."""
    return (values[0], values[-1]) if len(values) > 1 else (None, None)


def read_rows(
    engine: Mapping[str, Any], sizes: Sequence[Mapping[str, Any]], goal: float = GOAL
) -> list[dict[str, Any]]:
    """Per read of `engine` (its `sizes` in order): `offsets` and `statements` (one per size, None where
    not recorded), `fixed` (the same count at every size), `zero_offset` (the sizes where a deep page
    starts at 0), and `stacks`: each stack's `p50_ms` and `p99_ms` per size (ms, medians of the
    repetitions) with its `verdict` (largest size against smallest)."""
    rows = []
    for read in _reads(engine, sizes):
        name = read["name"]
        plans = [_plan(size["plans"][name]) if name in size.get("plans", {}) else None for size in sizes]
        offsets = [size.get("offsets", {}).get(name) for size in sizes]
        counts = [plan["count"] if plan else None for plan in plans]
        rows.append(
            {
                **read,
                "read": name,
                "offsets": offsets,
                "statements": counts,
                "fixed": None not in counts and len(set(counts)) == 1,
                "zero_offset": [
                    size["articles"]
                    for size, offset in zip(sizes, offsets, strict=True)
                    if read["deep"] and offset == 0
                ],
                "stacks": [
                    {"stack": stack, **series, **verdict(*_ends(series["p50_ms"]), goal)}
                    for stack, series in _series(sizes, name).items()
                ],
            }
        )
    return rows


def engine_section(engine: Mapping[str, Any], goal: float = GOAL) -> dict[str, Any]:
    """One engine's sweep as the summary shows it: sizes, subjects per size, read rows, how many reads
    have a verdict on every stack (`judged`), met the goal on every stack (`met`) and sent the same
    number of statements at every size (`fixed`), and the plans at the smallest and the largest size."""
    sizes = sorted(engine["sizes"], key=lambda size: size["articles"])
    rows = read_rows(engine, sizes, goal)
    judged = [row for row in rows if row["stacks"] and all(s["met"] is not None for s in row["stacks"])]
    shown = [sizes[0], sizes[-1]] if len(sizes) > 1 else sizes
    return {
        "engine": engine["engine"],
        "connections": engine.get("connections", 1),
        "sizes": [size["articles"] for size in sizes],
        "subjects": [{"articles": size["articles"], **size.get("subjects", {})} for size in sizes],
        "reads": rows,
        "judged": len(judged),
        "met": sum(all(stack["met"] for stack in row["stacks"]) for row in judged),
        "fixed": sum(row["fixed"] for row in rows),
        "plans": [
            {
                "articles": size["articles"],
                "reads": {name: _plan(entry) for name, entry in size.get("plans", {}).items()},
            }
            for size in shown
        ],
    }


def sweep(results: Mapping[str, Any], goal: float = GOAL) -> list[dict[str, Any]]:
    """`engine_section` of every engine the run swept (none for a run without a sweep)."""
    return [engine_section(engine, goal) for engine in results.get("scaling") or [] if engine["sizes"]]


def flags(sections: Sequence[Mapping[str, Any]]) -> list[str]:
    """A line per read of `sweep()`'s sections whose number of statements per page changed with the size."""
    return [
        f"{section['engine']} {row['read']}: statements per page changed with the size "
        f"({', '.join('-' if count is None else str(count) for count in row['statements'])})"
        for section in sections
        for row in section["reads"]
        if not row["fixed"]
    ]
