"""Why async wins the slow query: how many requests may wait in PostgreSQL at once, varied on its own.

The full run's slow-query workload (`/api/bench/slow`, `SELECT pg_sleep(0.01)` through the
shared session) has FastAPI's async mode ahead of its thread-pool mode. Each mode bounds how
many requests wait in the database together: the thread pool by `THREADS` (each waiting
request blocks a worker thread), the async mode by its limiter of `DB_POOL_SIZE +
DB_MAX_OVERFLOW` connections. The defaults give 8 against 10. This run crosses the two: each
mode with 8 and with 10 waiting at once, on the same database, one worker each pinned to core
0, wrk pinned to core 1, repetitions interleaved between the servers. If the bound is the
cause, each mode's req/s follows its bound, not its mode.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/conduit_waiting \\
        .venv/bin/python -m bench.waiting

Writes `reports/bench/waiting/results.json` and `summary.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench import machine, servers, wrk
from bench.servers import Stack
from shared.migrate import upgrade
from tools import pg_database

ROOT = Path(__file__).resolve().parent.parent
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "thread pool, 8 threads (default)": ("fastapi", {"THREADS": "8"}),
    "thread pool, 10 threads": ("fastapi", {"THREADS": "10", "DB_POOL_SIZE": "8"}),
    "async, 8 connections": ("fastapi-async", {"THREADS": "8", "DB_POOL_SIZE": "6"}),
    "async, 10 connections (default)": ("fastapi-async", {"THREADS": "8"}),
}
"""Label → (application, environment). The pool is 8 + 2 (`DB_MAX_OVERFLOW`) connections
unless `DB_POOL_SIZE` says otherwise, so a thread-pool server never waits for a connection."""


def bound(variant: Mapping[str, str], async_mode: bool) -> int:
    """Requests that can wait in the database at once: connections in async mode, else threads."""
    connections = int(variant.get("DB_POOL_SIZE", variant["THREADS"])) + 2
    return connections if async_mode else min(int(variant["THREADS"]), connections)


def requests_per_second(run: Mapping[str, Any]) -> float:
    """One wrk run's completed requests per second of its measured duration."""
    return float(run["requests"]) / (float(run["duration_us"]) / 1e6)


def summary(results: Mapping[str, Any]) -> str:
    """The Markdown table of a run: per variant, its bound, median req/s with min and max, p50 ms."""
    lines = [
        "# How many requests wait in PostgreSQL at once, and the slow query's req/s",
        "",
        f"{results['started']} · commit `{results['versions']['commit']}` · "
        f"{results['connections']} connections, "
        f"{results['repetitions']} interleaved repetitions of {results['seconds']} s per server",
        "",
        "| Variant | waiting at once | req/s, median [min\N{EN DASH}max] | p50 ms "
        "| req/s per waiting request |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, row in results["variants"].items():
        rps = [requests_per_second(run) for run in row["runs"]]
        median = statistics.median(rps)
        p50 = statistics.median(run["latency_us"]["percentiles"]["50"] / 1000 for run in row["runs"])
        lines.append(
            f"| {label} | {row['bound']} | {median:,.0f} [{min(rps):,.0f}\N{EN DASH}{max(rps):,.0f}] "
            f"| {p50:.1f} | {median / row['bound']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench" / "waiting")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        parser.error("DATABASE_URL must name a PostgreSQL database (the slow query is pg_sleep)")
    pg_database.reset(url)
    upgrade(url)
    base = {**os.environ, "BENCHMARK_ENDPOINTS": "1", "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"}
    args.out.mkdir(parents=True, exist_ok=True)
    running = {
        label: servers.start(
            Stack(app, "uvicorn"), {**base, **variant}, "0", args.out / f"server-{number}.log"
        )
        for number, (label, (app, variant)) in enumerate(VARIANTS.items())
    }
    rows: dict[str, Any] = {
        label: {"bound": bound(variant, app == "fastapi-async"), "runs": []}
        for label, (app, variant) in VARIANTS.items()
    }
    try:
        for server in running.values():
            servers.wait_ready(server)
        load = wrk.Load(mode="get", path="/api/bench/slow")
        for server in running.values():  # warm-up, not kept
            wrk.run(
                server.url,
                load,
                connections=args.connections,
                seconds=1,
                server_pid=server.process.pid,
                client_cpus="1",
                server_cpus="0",
            )
        for repetition in range(args.repetitions):
            order = list(running.items())
            shift = repetition % len(order)
            for label, server in order[shift:] + order[:shift]:
                result = wrk.run(
                    server.url,
                    load,
                    connections=args.connections,
                    seconds=args.seconds,
                    server_pid=server.process.pid,
                    client_cpus="1",
                    server_cpus="0",
                )
                rows[label]["runs"].append(result)
    finally:
        for server in running.values():
            servers.stop(server)
    results = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **machine.describe(ROOT, wrk.version()),
        "connections": args.connections,
        "seconds": args.seconds,
        "repetitions": args.repetitions,
        "variants": rows,
    }
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / "summary.md").write_text(summary(results), encoding="utf-8")
    print(summary(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
