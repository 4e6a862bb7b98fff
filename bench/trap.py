"""The session trap: FastAPI's tutorial pattern for a database session, timed where it stalls.

GET article through the benchmark-only tutorial route (`/api/bench/tutorial/articles/:slug`:
a sync generator dependency yields the session, plain `def` dependency and route) on a fresh
FastAPI server (uvicorn, one worker) per concurrency level: after a stall a server is not
reused. Halfway through the first timed run, `/api/bench/pool` (answered on the event
loop) reports the thread limiter's tokens and the pool's connections, which show the
deadlock as it happens. The same workload through the API's own route, one hop per request,
is the matrix's `article` cell on the same server and data: the report sets them side by side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from bench import databases, servers, wrk
from bench.plan import Profile
from bench.servers import Stack

Advance = Callable[[float, str], None]
STACK = Stack("fastapi", "uvicorn")
PATH = "/api/bench/tutorial/articles/{slug}"
STARTUP = 4.0
"""Seconds to copy the database and start a server: for the estimate only."""
STOP_TIMEOUT = 5.0
"""Seconds a stalled server gets to exit on SIGTERM before it is killed (its own process group)."""
SETTLE_TIMEOUT = 10.0
"""Seconds to wait for a database read after a run: a stalled server is not waited for longer."""


def planned_seconds(profile: Profile) -> float:
    per_run = profile.seconds + 1.0
    return len(profile.trap_levels) * (STARTUP + profile.warmup_seconds + profile.repetitions * per_run)


def _snapshot_later(url: str, delay: float, into: dict[str, Any]) -> threading.Thread:
    """Read `/api/bench/pool` after `delay` seconds, in the background, into `into`."""

    def read() -> None:
        time.sleep(delay)
        try:
            into.update(httpx.get(f"{url}/api/bench/pool", timeout=2.0).json())
        except (httpx.HTTPError, ValueError) as exc:
            into["error"] = type(exc).__name__

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def stalled(run: Mapping[str, Any]) -> bool:
    """A run stalled when no request finished in it, or requests waited past wrk's timeout."""
    return bool(run["requests"] == 0 or run["errors"].get("timeout", 0) > 0)


def run(
    profile: Profile,
    store: databases.Store,
    master: str,
    slug: str,
    env: Mapping[str, str],
    pins: tuple[str | None, str | None],
    folder: Path,
    advance: Advance,
) -> dict[str, Any]:
    """Each of the profile's database concurrency levels on a fresh server; the `trap` results section.

    Warm-up and repetitions as in the matrix, but after a stalled run the level's
    remaining repetitions are skipped: a deadlocked server does not recover within them.
    """
    server_cpus = pins[0]
    load = wrk.Load(mode="get", path=PATH.format(slug=slug))
    per_run = profile.seconds + 1.0
    cells: list[dict[str, Any]] = []
    for connections in profile.trap_levels:
        url = store.copy(master, f"trap_{connections}")
        log = folder / "logs" / f"trap-{connections}.log"
        server = servers.start(STACK, {**env, "DATABASE_URL": url}, server_cpus, log)
        runs: list[dict[str, Any]] = []
        under_load: dict[str, Any] = {}
        try:
            servers.wait_ready(server)
            idle = httpx.get(f"{server.url}/api/bench/pool", timeout=5).json()
            if profile.warmup_seconds:
                _timed(server, load, connections, profile.warmup_seconds, pins)
            advance(STARTUP + profile.warmup_seconds, f"trap c={connections} warm-up")
            for repetition in range(profile.repetitions):
                watch = under_load if repetition == 0 else None
                runs.append(_timed(server, load, connections, profile.seconds, pins, watch))
                advance(per_run, f"trap c={connections} #{repetition + 1}")
                if stalled(runs[-1]):
                    left = profile.repetitions - repetition - 1
                    advance(left * per_run, f"trap c={connections} stalled")
                    break
        finally:
            servers.stop(server, timeout=STOP_TIMEOUT)
        cells.append(
            {
                "connections": connections,
                "stack": STACK.name,
                "path": PATH,
                "runs": runs,
                "pool_idle": idle,
                "pool_under_load": under_load,
                "stalled": any(stalled(one) for one in runs),
            }
        )
    return {"stack": STACK.name, "path": PATH, "cells": cells}


def _timed(
    server: servers.Running,
    load: wrk.Load,
    connections: int,
    seconds: int,
    pins: tuple[str | None, str | None],
    watch: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One wrk run; with `watch`, the pool and limiter read halfway through it, into `watch`."""
    watcher = _snapshot_later(server.url, seconds / 2, watch) if watch is not None else None
    result = wrk.run(
        server.url,
        load,
        connections=connections,
        seconds=seconds,
        server_pid=server.process.pid,
        client_cpus=pins[1],
        server_cpus=pins[0],
    )
    if watcher is not None:
        watcher.join()
    result["settle_s"] = wrk.settle(server.url, timeout=SETTLE_TIMEOUT)
    return result
