"""The data-size sweep: every read of `bench.sweep_reads` at each seeded size, at 1 connection, with plans.

At each size: seed the master once (`databases.Store.seeded`), read the reads' subjects
from its counters, capture and explain the statements each read sends (`sweep_plans`),
then start both idiomatic stacks on the master itself (the sweep only reads: logging in
writes nothing, so no copy per server) and time each read with wrk.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from bench import check, databases, servers, sweep_plans, sweep_reads, wrk
from bench.plan import IDIOMATIC, Profile
from bench.servers import Running, Stack
from bench.sweep_reads import READS, Read
from shared import db

Advance = Callable[[float, str], None]
WRK_OVERHEAD = 0.3
STARTUP = 4.0
"""Seconds to start the two servers at one size: for the estimate only."""
PLANS_PER_READ = 0.3
"""Seconds to capture and explain one read's statements, roughly: for the estimate only."""


def cell_seconds(profile: Profile) -> float:
    """Seconds one read takes on one stack: the warm-up (if any) and the repetitions, wrk's overhead in."""
    warmup = profile.warmup_seconds + WRK_OVERHEAD if profile.warmup_seconds else 0.0
    return warmup + profile.repetitions * (profile.seconds + WRK_OVERHEAD)


def planned_seconds(profile: Profile, engines: Sequence[str], reads: int = len(READS)) -> float:
    """Seconds the sweep takes on each of `engines` (`sqlite`, `postgresql`) in turn, roughly: every
    read on both stacks at every size, plans, server starts, and seeding (`databases.seed_seconds`)."""
    per_size = len(IDIOMATIC) * reads * cell_seconds(profile) + STARTUP + reads * PLANS_PER_READ
    seeding = sum(
        databases.seed_seconds(size, engine) for size in profile.scaling_sizes for engine in engines
    )
    return len(engines) * len(profile.scaling_sizes) * per_size + seeding


def login(url: str) -> str:
    """A token for the seeded demo user, from POST /api/users/login as any client gets one."""
    from shared.seed import DEMO_EMAIL, DEMO_PASSWORD

    body = {"user": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}}
    response = httpx.post(f"{url}/api/users/login", json=body, timeout=30)
    response.raise_for_status()
    token: str = response.json()["user"]["token"]
    return token


def subjects(url: str) -> dict[str, dict[str, Any]]:
    """`sweep_reads.subjects` of the database at `url`."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return sweep_reads.subjects(connection)
    finally:
        engine.dispose()


def _time_read(
    profile: Profile,
    running: Mapping[Stack, Running],
    load: wrk.Load,
    pins: tuple[str | None, str | None],
    advance: Advance,
    label: str,
) -> dict[Stack, list[dict[str, Any]]]:
    """The read's warm-up and repetitions on every stack, interleaved: wrk results per stack;
    `advance` is told each run's planned seconds under `label`."""
    server_cpus, client_cpus = pins
    members = list(running)
    results: dict[Stack, list[dict[str, Any]]] = {stack: [] for stack in members}

    def timed(stack: Stack, seconds: int) -> dict[str, Any]:
        server = running[stack]
        result = wrk.run(
            server.url,
            load,
            connections=profile.scaling_connections,
            seconds=seconds,
            server_pid=server.process.pid,
            client_cpus=client_cpus,
            server_cpus=server_cpus,
        )
        result["settle_s"] = wrk.settle(server.url)
        return result

    if profile.warmup_seconds:
        for stack in members:
            timed(stack, profile.warmup_seconds)
            advance(profile.warmup_seconds + WRK_OVERHEAD, label)
    for repetition in range(profile.repetitions):
        shift = repetition % len(members)
        for stack in members[shift:] + members[:shift]:
            results[stack].append(timed(stack, profile.seconds))
            advance(profile.seconds + WRK_OVERHEAD, label)
    return results


def measure_size(
    profile: Profile,
    master: str,
    env: Mapping[str, str],
    pins: tuple[str | None, str | None],
    folder: Path,
    advance: Advance,
    reads: Sequence[Read] = READS,
) -> dict[str, Any]:
    """One size: `subjects`, `offsets` and `paths` per read, `plans` (`sweep_plans.plans`), the
    stacks' `checks` (same status and length) and a `cells` entry per read and stack with wrk's runs."""
    found = subjects(master)
    offsets = {read.name: sweep_reads.offset(read, found) for read in reads}
    paths = {
        read.name: sweep_reads.path(read, found[read.subject]["name"], offsets[read.name]) for read in reads
    }
    size = found["all"]["articles"]
    began = time.monotonic()
    plans = sweep_plans.plans(master, found, reads)
    advance(len(reads) * PLANS_PER_READ, f"size {size}: plans in {time.monotonic() - began:.1f} s")
    running: dict[Stack, Running] = {}
    try:
        for stack in IDIOMATIC:
            log = folder / "logs" / f"scale-{size}-{stack.name}.log"
            running[stack] = servers.start(stack, {**env, "DATABASE_URL": master}, pins[0], log)
        for server in running.values():
            servers.wait_ready(server)
        advance(STARTUP, f"size {size}: servers up")
        token = login(next(iter(running.values())).url)
        cells: list[dict[str, Any]] = []
        checks: dict[str, Any] = {}
        for read in reads:
            path = paths[read.name]
            headers = {"Authorization": f"Token {token}"} if read.auth else {}
            checks[read.name] = check.compare(
                {
                    stack.name: [check.answer(httpx.get(server.url + path, headers=headers, timeout=30))]
                    for stack, server in running.items()
                }
            )
            load = wrk.Load(mode="get", path=path, token=token if read.auth else None)
            label = f"size {size} {read.name}"
            runs = _time_read(profile, running, load, pins, advance, label)
            for stack, stack_runs in runs.items():
                cells.append(
                    {
                        "endpoint": read.name,
                        "path": path,
                        "offset": offsets[read.name],
                        "stack": stack.name,
                        "runs": stack_runs,
                    }
                )
    finally:
        for server in running.values():
            servers.stop(server)
    return {
        "articles": size,
        "subjects": found,
        "offsets": offsets,
        "paths": paths,
        "plans": plans,
        "checks": checks,
        "cells": cells,
    }


def run(
    profile: Profile,
    store: databases.Store,
    env: Mapping[str, str],
    pins: tuple[str | None, str | None],
    folder: Path,
    advance: Advance,
    sizes: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Each size in turn (the profile's unless `sizes`): seed (or reuse) the master, then `measure_size`.

    Returns the engine's section of results.json: `engine`, `connections`, the `goal`, the
    `reads` (their `sweep_reads.Read` fields) and `sizes` (one `measure_size` each, with `seed_s`,
    the seconds the seed and its VACUUM ANALYZE took, 0 for a master seeded earlier in the run).
    """
    measured: list[dict[str, Any]] = []
    for size in sizes or profile.scaling_sizes:
        began = time.monotonic()
        master = store.seeded(size, folder / "seed.log")
        seed_s = round(time.monotonic() - began, 1)
        advance(databases.seed_seconds(size, store.engine), f"size {size}: seeded in {seed_s:.0f} s")
        measured.append(
            {**measure_size(profile, master, env, pins, folder, advance), "requested": size, "seed_s": seed_s}
        )
    return {
        "engine": store.engine,
        "connections": profile.scaling_connections,
        "goal": sweep_reads.GOAL,
        "limit": sweep_reads.LIMIT,
        "deep_cap": sweep_reads.DEEP_CAP,
        "reads": [asdict(read) for read in READS],
        "sizes": measured,
    }
