"""Only the data-size sweep, without the matrix: `python -m bench --only sweep`.

    python -m bench --only sweep [--profile full|quick] [--engine sqlite|postgresql] [--sizes 1000,10000]

SQLite always, PostgreSQL too when DATABASE_URL names it (as `make bench` does); `--engine`
keeps one of them. results.json has the same shape as a full run's, with an empty matrix.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from bench import databases, header, machine, progress, scaling
from bench.plan import Profile

ENGINES = ("sqlite", "postgresql")


def stores(folder: Path, only: str | None = None) -> list[databases.Store]:
    """The stores a sweep runs on, SQLite first: PostgreSQL only when DATABASE_URL names it; `only`
    (`sqlite` or `postgresql`) keeps that one. SystemExit when `only` is postgresql without it."""
    pg_url = databases.postgres_url()
    found = []
    if only in (None, "sqlite"):
        found.append(databases.Store("sqlite", folder / "db"))
    if only in (None, "postgresql") and pg_url:
        found.append(databases.Store("postgresql", folder / "db", pg_url))
    if not found:
        raise SystemExit("--engine postgresql needs DATABASE_URL=postgresql+psycopg://... (a database name)")
    return found


def measure(
    profile: Profile, folder: Path, console: Console, only: str | None, command: str
) -> dict[str, Any]:
    """The sweep on every store of `stores(folder, only)`; results.json's keys, with an empty matrix."""
    pins = machine.pinning()
    if pins[1] is not None:
        os.sched_setaffinity(0, {int(pins[1])})  # the harness itself stays off the server's core
    chosen = stores(folder, only)
    results = header.header(profile, chosen[-1].engine, pins, command)
    results.update({"only": "sweep", "matrix": {"workloads": [], "cells": []}, "instructions": None})
    env = {**os.environ, "BENCHMARK_ENDPOINTS": "1", "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"}
    (folder / "db").mkdir(parents=True, exist_ok=True)
    results["scaling"] = []
    began = time.monotonic()
    try:
        with progress.bar(
            console, scaling.planned_seconds(profile, [store.engine for store in chosen])
        ) as advance:
            for store in chosen:
                console.log(f"data size on {store.engine}: {profile.scaling_sizes}")
                results["scaling"].append(scaling.run(profile, store, env, pins, folder, advance))
    finally:
        for store in chosen:
            store.cleanup()
    results["seconds"] = round(time.monotonic() - began, 1)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results
