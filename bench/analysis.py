"""From raw runs to the report's figures: pure functions over results.json, so tests can feed them fakes."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from bench import stats

Run = Mapping[str, Any]
OTHER_LOAD_LIMIT = 0.1
"""Share of the server's core other processes may use during a run before the cell is flagged."""
SETTLE_LIMIT = 1.0
"""Seconds a server may take to answer a read after a run before the cell is flagged (backlog)."""


def per_run(run: Run) -> dict[str, float]:
    """One wrk run's figures: throughput, closed-loop latency (ms), server CPU per request, client load."""
    seconds = run["duration_us"] / 1e6
    requests = run["requests"]
    cpu = run["server_cpu_s"]
    percentiles = run["latency_us"]["percentiles"]
    return {
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": percentiles["50"] / 1000,
        "p99_ms": percentiles["99"] / 1000,
        "cpu_ms_per_request": cpu * 1000 / requests if requests else 0.0,
        "db_cpu_ms_per_request": run.get("db_cpu_s", 0.0) * 1000 / requests if requests else 0.0,
        "requests_per_cpu_s": requests / cpu if cpu else 0.0,
        "client_busy": run.get("client_cpu_s", 0.0) / seconds if seconds else 0.0,
        "errors": float(sum(run["errors"].values())),
        "settle_s": run.get("settle_s", 0.0),
        "other_load": max(run.get("server_core_busy_s", cpu) - cpu, 0.0) / seconds if seconds else 0.0,
    }


def summarize_runs(runs: Iterable[Run]) -> dict[str, Any]:
    """A cell: median and spread of throughput, medians of the rest, errors summed, flags raised."""
    figures = [per_run(run) for run in runs]
    throughput = stats.summarize([figure["rps"] for figure in figures])

    def median(key: str) -> float:
        return statistics.median(figure[key] for figure in figures)

    return {
        "rps": throughput.as_dict(),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "cpu_ms_per_request": median("cpu_ms_per_request"),
        "db_cpu_ms_per_request": median("db_cpu_ms_per_request"),
        "requests_per_cpu_s": median("requests_per_cpu_s"),
        "client_busy": max(figure["client_busy"] for figure in figures),
        "errors": int(sum(figure["errors"] for figure in figures)),
        "settle_s": max(figure["settle_s"] for figure in figures),
        "other_load": max(figure["other_load"] for figure in figures),
        "noisy": throughput.noisy,
    }


def _summary(cell: Mapping[str, Any]) -> stats.Summary:
    rps = cell["summary"]["rps"]
    return stats.Summary(
        rps["n"], rps["median"], rps["minimum"], rps["maximum"], rps["spread"], rps["ci_low"], rps["ci_high"]
    )


def matrix_cells(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every matrix cell with its summary attached, in run order."""
    return [{**cell, "summary": summarize_runs(cell["runs"])} for cell in results["matrix"]["cells"]]


def index(cells: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, int], Mapping[str, Any]]:
    return {(cell["workload"], cell["stack"], cell["connections"]): cell for cell in cells}


def top_level(workload: Mapping[str, Any]) -> int:
    """A workload's highest concurrency: where the servers are saturated, what the headline shows."""
    levels: list[int] = workload["levels"]
    return max(levels)


def ratios(results: Mapping[str, Any], cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI / Flask per server pair, workload and concurrency, with the min/max interval."""
    found = index(cells)
    rows = []
    for pair in results["settings"]["pairs"]:
        for workload in results["matrix"]["workloads"]:
            for level in workload["levels"]:
                fast = found.get((workload["name"], pair["fastapi"], level))
                slow = found.get((workload["name"], pair["flask"], level))
                if fast and slow:
                    value = stats.ratio(_summary(fast), _summary(slow))
                    rows.append(
                        {"pair": pair["label"], "workload": workload["name"], "connections": level, **value}
                    )
    return rows


def efficiency(results: Mapping[str, Any], cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each framework cell divided by the raw baseline on the same server (where one serves the workload)."""
    found = index(cells)
    rows = []
    for cell in cells:
        baseline_name = results["settings"]["baselines"].get(cell["stack"])
        base = found.get((cell["workload"], baseline_name or "", cell["connections"]))
        if base is not None:
            value = stats.ratio(_summary(cell), _summary(base))
            rows.append(
                {
                    "stack": cell["stack"],
                    "baseline": baseline_name,
                    "workload": cell["workload"],
                    "connections": cell["connections"],
                    **value,
                }
            )
    return rows


def ceiling(cells: list[dict[str, Any]]) -> stats.Ceiling:
    """The client-ceiling verdict over the whole matrix."""
    baselines = [cell["summary"]["rps"]["median"] for cell in cells if cell["stack"].startswith("raw-")]
    frameworks = [cell for cell in cells if not cell["stack"].startswith("raw-")]
    return stats.ceiling_check(
        max(baselines, default=0.0),
        max((cell["summary"]["rps"]["median"] for cell in frameworks), default=0.0),
        max((cell["summary"]["client_busy"] for cell in frameworks), default=0.0),
    )


def micro_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """pytest-benchmark's medians (µs) per group, each against the group's fastest.

    `interleaved` is the shared side's ratio to its SQL timed in alternation
    (`bench.interleave.Interleaved` as a dict: `ratio`, `low`, `high`, `rounds`, ...), None for
    the other rows and for runs made before it was measured.
    """
    benches = results.get("micro", {}).get("benchmarks", [])
    fastest: dict[str, float] = {}
    for bench in benches:
        fastest[bench["group"]] = min(fastest.get(bench["group"], float("inf")), bench["stats"]["median"])
    return [
        {
            "group": bench["group"],
            "name": bench["name"].removeprefix("test_"),
            "median_us": bench["stats"]["median"] * 1e6,
            "iqr_us": bench["stats"]["iqr"] * 1e6,
            "rounds": bench["stats"]["rounds"],
            "relative": bench["stats"]["median"] / fastest[bench["group"]],
            "interleaved": (bench.get("extra_info") or {}).get("interleaved"),
        }
        for bench in benches
    ]


def flags(cells: list[dict[str, Any]], scaling: list[dict[str, Any]]) -> list[str]:
    """Every cell the reader should not take at face value."""
    found = []
    for cell in cells:
        name = f"{cell['workload']} c={cell['connections']} {cell['stack']}"
        summary = cell["summary"]
        if summary["noisy"]:
            found.append(f"{name}: spread {summary['rps']['spread']:.1%} (over 5 %)")
        if summary["errors"]:
            found.append(f"{name}: {summary['errors']} errors (non-2xx/3xx, timeouts or socket errors)")
        if not cell.get("identical", True):
            found.append(f"{name}: responses differ between stacks (status or length)")
        if summary["other_load"] > OTHER_LOAD_LIMIT:
            found.append(
                f"{name}: other processes took up to {summary['other_load']:.0%} of the server's core"
            )
        if summary["settle_s"] > SETTLE_LIMIT:
            found.append(f"{name}: the server was still busy {summary['settle_s']:.1f} s after a run")
    for row in scaling:
        name = f"{row['engine']} {row['articles']} articles {row['endpoint']} {row['stack']}"
        if row["noisy"]:
            found.append(f"{name}: spread {row['rps']['spread']:.1%} (over 5 %)")
        if row["errors"]:
            found.append(f"{name}: {row['errors']} errors")
        if not row["identical"]:
            found.append(f"{name}: responses differ between stacks (status or length)")
    return found


TRAP_REFERENCES = {"one_hop": "fastapi@uvicorn", "flask": "flask@gunicorn-gthread"}
"""The matrix cells the session trap is set beside: the same GET article on the API's own route."""


def trap_rows(results: Mapping[str, Any], cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per concurrency: FastAPI's tutorial session pattern against the one-hop route and Flask.

    `tutorial` summarizes the trap's runs (a stalled level has one run); `threads` and `pool`
    are what `/api/bench/pool` read halfway through its first run; `one_hop` and `flask`
    are the matrix's `article` cells at the same concurrency (None where not measured).
    """
    found = index(cells)
    rows = []
    for cell in (results.get("trap") or {}).get("cells", []):
        level = cell["connections"]
        runs = cell["runs"]
        under_load = cell.get("pool_under_load") or {}
        references = {key: found.get(("article", stack, level)) for key, stack in TRAP_REFERENCES.items()}
        rows.append(
            {
                "connections": level,
                "stalled": cell["stalled"],
                "tutorial": summarize_runs(runs) if runs else None,
                "requests": sum(run["requests"] for run in runs),
                "seconds": sum(run["duration_us"] for run in runs) / 1e6,
                "threads": under_load.get("threads"),
                "pool": under_load.get("pool"),
                **{key: (ref["summary"] if ref else None) for key, ref in references.items()},
            }
        )
    return rows


def instruction_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per case: instructions per request on each backend, their ratio, the shared call and route matching.

    From the `instructions` section (None when valgrind was not installed: then no rows).
    """
    section = results.get("instructions") or {}
    drivers: Mapping[str, list[dict[str, Any]]] = section.get("drivers", {})

    def of(driver: str) -> dict[str, float]:
        return {row["case"]: row["instructions"] for row in drivers.get(driver, [])}

    fastapi, fastapi_async, flask, shared = of("fastapi"), of("fastapi-async"), of("flask"), of("shared")
    match_fastapi, match_flask = of("match-fastapi"), of("match-flask")
    rows = []
    for case in dict.fromkeys([*fastapi, *flask]):
        fast, slow = fastapi.get(case), flask.get(case)
        rows.append(
            {
                "case": case,
                "fastapi": fast,
                "fastapi_async": fastapi_async.get(case),
                "flask": slow,
                "ratio": fast / slow if fast and slow else None,
                "shared": shared.get(case),
                "match_fastapi": match_fastapi.get(case),
                "match_flask": match_flask.get(case),
            }
        )
    return rows


ASYNC_STACKS = {
    "sync": "fastapi@uvicorn",
    "async": "fastapi-async@uvicorn",
    "gthread": "flask@gunicorn-gthread",
    "granian": "flask@granian-wsgi",
}
"""The four stacks of a PostgreSQL run: FastAPI in its thread pool and async mode, Flask on two servers."""
ASYNC_RATIOS = (("async", "sync"), ("async", "gthread"), ("async", "granian"), ("sync", "gthread"))


def async_rows(results: Mapping[str, Any], cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per workload and concurrency of a run with FastAPI's async mode: the four stacks' req/s and ratios.

    `rps[name]` is a stack's median req/s (None where it did not run); `ratios["async/sync"]` and
    the others divide two of them with the widest interval the repetitions allow (`stats.ratio`).
    Empty for a run without the async stack (SQLite runs).
    """
    found = index(cells)
    if not any(cell["stack"] == ASYNC_STACKS["async"] for cell in cells):
        return []
    rows = []
    for workload in results["matrix"]["workloads"]:
        for level in workload["levels"]:
            here = {name: found.get((workload["name"], stack, level)) for name, stack in ASYNC_STACKS.items()}
            if here["async"] is None:
                continue
            ratios = {}
            for top, bottom in ASYNC_RATIOS:
                if here[top] is not None and here[bottom] is not None:
                    ratios[f"{top}/{bottom}"] = stats.ratio(_summary(here[top]), _summary(here[bottom]))  # type: ignore[arg-type]
            rows.append(
                {
                    "workload": workload["name"],
                    "title": workload["title"],
                    "connections": level,
                    "rps": {
                        name: cell["summary"]["rps"]["median"] if cell else None
                        for name, cell in here.items()
                    },
                    "cpu_ms": {
                        name: cell["summary"]["cpu_ms_per_request"] if cell else None
                        for name, cell in here.items()
                    },
                    "ratios": ratios,
                }
            )
    return rows
