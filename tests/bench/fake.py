"""A tiny results.json, shaped as the harness writes it, for the report and statistics tests."""

from __future__ import annotations

from typing import Any


def run(rps: float, *, seconds: float = 2.0, cpu: float = 1.0, errors: int = 0) -> dict[str, Any]:
    requests = round(rps * seconds)
    marks = {"50": 1500, "90": 2500, "99": 4000, "99.9": 6000}
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
        "scaling": [
            {
                "engine": "sqlite",
                "connections": 1,
                "sizes": [
                    {
                        "articles": size,
                        "sample": {"slug": "a", "tag": "python"},
                        "plans": {"list": [{"sql": "SELECT 1", "plan": ["SCAN articles"]}]},
                        "checks": {"list": check},
                        "cells": [
                            {
                                "endpoint": "list",
                                "path": "/",
                                "stack": "fastapi@uvicorn",
                                "runs": [run(400)] * 2,
                            }
                        ],
                    }
                    for size in (100, 1000)
                ],
            }
        ],
        "micro": {
            "benchmarks": [
                {"group": "validate", "name": "test_validate_pydantic", "stats": _micro(7e-6)},
                {"group": "validate", "name": "test_validate_marshmallow", "stats": _micro(28e-6)},
            ]
        },
    }


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
