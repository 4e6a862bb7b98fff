"""A tiny results.json, shaped as the harness writes it, for the report and statistics tests."""

from __future__ import annotations

from typing import Any


def run(
    rps: float, *, seconds: float = 2.0, cpu: float = 1.0, errors: int = 0, p50_us: int = 1500
) -> dict[str, Any]:
    requests = round(rps * seconds)
    marks = {"50": p50_us, "90": 2500, "99": 4000, "99.9": 6000}
    return {
        "requests": requests,
        "duration_us": int(seconds * 1e6),
        "bytes": requests * 100,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": errors, "timeout": 0},
        "latency_us": {"min": 300, "max": 9000, "mean": 1600.0, "stdev": 500.0, "percentiles": marks},
        "server_cpu_s": cpu,
        "client_cpu_s": 0.4,
        "wall_s": seconds + 0.1,
    }


def cell(workload: str, stack: str, values: list[float], errors: int = 0) -> dict[str, Any]:
    return {
        "workload": workload,
        "stack": stack,
        "connections": 8,
        "identical": True,
        "runs": [run(value, errors=errors) for value in values],
    }


def results() -> dict[str, Any]:
    check = {"ok": True, "differing": [], "answers": {}}
    return {
        "schema": 1,
        "profile": "quick",
        "command": "make bench-quick",
        "started": "2026-01-01T00:00:00+00:00",
        "finished": "2026-01-01T00:02:00+00:00",
        "seconds": 120.0,
        "machine": {"cpu": "Test CPU", "cores": 2, "usable_cores": [0, 1], "memory_gib": 4.0},
        "versions": {"python": "3.11.7", "commit": "abc1234", "fastapi": "0.165.0", "flask": "3.1.3"},
        "settings": {
            "profile": {
                "matrix_articles": 200,
                "levels": [8],
                "db_levels": [8],
                "repetitions": 3,
                "seconds": 2,
                "warmup_seconds": 1,
                "scaling_connections": 1,
            },
            "database": "sqlite",
            "pinning": {"server": "0", "client": "1"},
            "stacks": ["fastapi@uvicorn", "flask@gunicorn-gthread", "raw-asgi@uvicorn"],
            "pairs": [
                {"label": "idiomatic", "fastapi": "fastapi@uvicorn", "flask": "flask@gunicorn-gthread"}
            ],
            "baselines": {"fastapi@uvicorn": "raw-asgi@uvicorn", "flask@gunicorn-gthread": "raw-wsgi@x"},
            "gthread_threads": 8,
            "database_pool": {"threads": 8, "pool_size": 8, "max_overflow": 2, "pool_timeout_s": 5.0},
        },
        "matrix": {
            "workloads": [
                {
                    "name": "json",
                    "title": "Trivial JSON",
                    "note": "",
                    "stacks": [],
                    "levels": [8],
                    "check": check,
                },
                {"name": "list", "title": "List", "note": "", "stacks": [], "levels": [8], "check": check},
            ],
            "cells": [
                cell("json", "fastapi@uvicorn", [3000, 3010, 2990]),
                cell("json", "flask@gunicorn-gthread", [2000, 2400, 2200]),
                cell("json", "raw-asgi@uvicorn", [15000, 15100, 14900]),
                cell("list", "fastapi@uvicorn", [200, 201, 199]),
                cell("list", "flask@gunicorn-gthread", [250, 251, 249], errors=2),
                {**cell("article", "fastapi@uvicorn", [900, 910, 890]), "connections": 64},
                {**cell("article", "flask@gunicorn-gthread", [800, 800, 800]), "connections": 64},
            ],
        },
        "trap": {
            "stack": "fastapi@uvicorn",
            "path": "/api/bench/tutorial/articles/{slug}",
            "cells": [
                {
                    "connections": 8,
                    "stack": "fastapi@uvicorn",
                    "runs": [run(600), run(610)],
                    "pool_idle": {"threads": {"total": 8, "borrowed": 0, "waiting": 0}, "pool": _pool(0)},
                    "pool_under_load": {
                        "threads": {"total": 8, "borrowed": 6, "waiting": 0},
                        "pool": _pool(7),
                    },
                    "stalled": False,
                },
                {
                    "connections": 64,
                    "stack": "fastapi@uvicorn",
                    "runs": [{**run(0), "requests": 0}],
                    "pool_idle": {"threads": {"total": 8, "borrowed": 0, "waiting": 0}, "pool": _pool(0)},
                    "pool_under_load": {
                        "threads": {"total": 8, "borrowed": 8, "waiting": 56},
                        "pool": _pool(10),
                    },
                    "stalled": True,
                },
            ],
        },
        "instructions": {
            "tool": "valgrind-3.19.0",
            "count": 50,
            "warm": 10,
            "drivers": {
                "fastapi": [
                    {"case": "json", "instructions": 530_000.0},
                    {"case": "article", "instructions": 5.2e6},
                ],
                "flask": [
                    {"case": "json", "instructions": 690_000.0},
                    {"case": "article", "instructions": 5.0e6},
                ],
                "shared": [{"case": "article", "instructions": 4.0e6}],
                "match-fastapi": [
                    {"case": "json", "instructions": 47_000.0},
                    {"case": "article", "instructions": 180_000.0},
                ],
                "match-flask": [
                    {"case": "json", "instructions": 32_000.0},
                    {"case": "article", "instructions": 50_000.0},
                ],
            },
        },
        "scaling": [sweep("sqlite", {100: (1500, 1500), 1000: (1500, 4000)})],
        "micro": {
            "benchmarks": [
                {"group": "validate", "name": "test_validate_pydantic", "stats": _micro(7e-6)},
                {"group": "validate", "name": "test_validate_marshmallow", "stats": _micro(28e-6)},
                {
                    "group": "shared layer: get article",
                    "name": "test_shared",
                    "stats": _micro(210e-6),
                    "extra_info": {"interleaved": INTERLEAVED},
                },
                {"group": "shared layer: get article", "name": "test_sql", "stats": _micro(100e-6)},
            ]
        },
    }


INTERLEAVED = {
    **{"ratio": 2.05, "low": 1.9, "high": 2.31, "rounds": 11},
    **{"calls": 95, "first_us": 205.0, "second_us": 100.0},
}
"""A shared read against its SQL in alternation (`bench.interleave.Interleaved` as a dict)."""

SWEEP_READS = (
    {"name": "list", "kind": "all", "subject": "all", "auth": False, "deep": False},
    {"name": "list deep", "kind": "all", "subject": "all", "auth": False, "deep": True},
)
"""Two reads of the sweep, as results.json records `sweep_reads.Read`."""


def sweep(engine: str, p50s: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """One engine's sweep: per size (articles), the p50 in µs of `list` and of `list deep` (both stacks).

    The deep page's offset is 0 at the smallest size; `list deep` sends one statement more at the
    largest, so its count is not fixed.
    """
    check = {"ok": True, "differing": [], "answers": {}}
    largest = max(p50s)
    sizes = []
    for size, (first, deep) in p50s.items():
        offsets = {"list": 0, "list deep": 0 if size == min(p50s) else 980}
        plans = {
            name: {
                "offset": offsets[name],
                "count": 3 if name == "list deep" and size == largest else 2,
                "statements": [
                    {
                        "sql": f"SELECT count FROM counters -- {name} at {size}",
                        "parameters": {"limit": 20},
                        "plan": ["SCAN articles"],
                        "execution_ms": 0.125 if engine == "postgresql" else None,
                        "planning_ms": 0.5 if engine == "postgresql" else None,
                    }
                ],
            }
            for name in offsets
        }
        sizes.append(
            {
                "articles": size,
                "subjects": {
                    "all": {"name": None, "articles": size},
                    "popular_tag": {"name": "python", "articles": size // 3},
                    "rare_tag": {"name": "sqlite", "articles": 2},
                    "author": {"name": "jane", "articles": size // 50},
                    "favorited": {"name": "demo", "articles": 7},
                    "feed": {"name": "demo", "articles": size // 10, "follows": 8},
                },
                "offsets": offsets,
                "plans": plans,
                "checks": {"list": check, "list deep": check},
                "cells": [
                    {
                        "endpoint": name,
                        "path": "/api/articles?limit=20",
                        "offset": offsets[name],
                        "stack": stack,
                        "runs": [run(400, p50_us=p50)] * 2,
                    }
                    for name, p50 in (("list", first), ("list deep", deep))
                    for stack in ("fastapi@uvicorn", "flask@gunicorn-gthread")
                ],
            }
        )
    return {"engine": engine, "connections": 1, "goal": 2.0, "reads": list(SWEEP_READS), "sizes": sizes}


def sweep_only() -> dict[str, Any]:
    """A `--only sweep` run on both databases: an empty matrix, no trap, instructions or micro."""
    found = results()
    for key in ("trap", "micro"):
        found.pop(key)
    found.update({"only": "sweep", "matrix": {"workloads": [], "cells": []}, "instructions": None})
    found["scaling"] = [
        sweep("sqlite", {1000: (1000, 1200), 10_000: (1100, 1500), 1_000_000: (1500, 2600)}),
        sweep("postgresql", {1000: (900, 1000), 10_000: (950, 1200), 1_000_000: (1700, 1900)}),
    ]
    return found


def _pool(checked_out: int) -> dict[str, int]:
    return {"size": 8, "checked_out": checked_out, "overflow": max(checked_out - 8, 0)}


def _micro(median: float) -> dict[str, float]:
    return {"median": median, "iqr": median / 10, "rounds": 100}


def postgres_results() -> dict[str, Any]:
    """A PostgreSQL run: FastAPI in its thread pool and async mode, Flask on gunicorn and Granian."""
    found = results()
    stacks = ["fastapi@uvicorn", "fastapi-async@uvicorn", "flask@gunicorn-gthread", "flask@granian-wsgi"]
    found["settings"] = {
        **found["settings"],
        "database": "postgresql",
        "stacks": stacks,
        "pairs": [
            {
                "label": "async vs gthread",
                "fastapi": "fastapi-async@uvicorn",
                "flask": "flask@gunicorn-gthread",
            }
        ],
        "baselines": {},
    }
    article = {"name": "article", "title": "GET article", "note": "", "stacks": stacks, "levels": [64]}
    found["matrix"] = {
        "workloads": [{**article, "check": {"ok": True, "differing": [], "answers": {}}}],
        "cells": [
            {**cell("article", stack, values), "connections": 64}
            for stack, values in zip(
                stacks, ([500, 500, 500], [600, 620, 610], [400, 400, 400], [300, 300, 300]), strict=True
            )
        ],
    }
    found["versions"] = {**found["versions"], "asyncpg": "0.32.0", "postgresql": "15.20"}
    found.pop("trap")
    found["instructions"] = None
    found["scaling"] = []
    return found


def micro_only() -> dict[str, Any]:
    """A `--only micro` run: an empty matrix, no trap, instructions or sweep; the micro-benchmarks."""
    found = results()
    found.pop("trap")
    found.update({"only": "micro", "matrix": {"workloads": [], "cells": []}, "instructions": None})
    found["scaling"] = []
    return found
