"""Data size: list, tag-filtered list and feed latency at each seeded size, with the query plans."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from bench import check, databases, servers, wrk
from bench.plan import IDIOMATIC, SCALING_ENDPOINTS, Profile
from bench.servers import Running, Stack

Advance = Callable[[float, str], None]
WRK_OVERHEAD = 0.3
STARTUP = 4.0
"""Seconds to seed-copy and start the two servers at one size: for the estimate only."""


def planned_seconds(profile: Profile, engines: int) -> float:
    per_size = (
        len(IDIOMATIC)
        * len(SCALING_ENDPOINTS)
        * (
            (profile.warmup_seconds + WRK_OVERHEAD if profile.warmup_seconds else 0)
            + profile.repetitions * (profile.seconds + WRK_OVERHEAD)
        )
    )
    return engines * len(profile.scaling_sizes) * (per_size + STARTUP)


def login(url: str) -> str:
    """A token for the seeded demo user, from POST /api/users/login as any client gets one."""
    from shared.seed import DEMO_EMAIL, DEMO_PASSWORD

    body = {"user": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}}
    response = httpx.post(f"{url}/api/users/login", json=body, timeout=30)
    response.raise_for_status()
    token: str = response.json()["user"]["token"]
    return token


def run(
    profile: Profile,
    store: databases.Store,
    env: Mapping[str, str],
    pins: tuple[str | None, str | None],
    folder: Path,
    advance: Advance,
) -> dict[str, Any]:
    """Each size in turn: seed (or reuse) the master, copy it per stack, time the three reads at low load."""
    server_cpus, client_cpus = pins
    sizes: list[dict[str, Any]] = []
    for size in profile.scaling_sizes:
        master = store.seeded(size, folder / "seed.log")
        facts = databases.sample(master)
        plans = databases.explain(master, facts["tag"])
        running: dict[Stack, Running] = {}
        try:
            for stack in IDIOMATIC:
                url = store.copy(master, f"scale_{size}_{stack.app}")
                stack_env = {**env, "DATABASE_URL": url}
                log = folder / "logs" / f"scale-{size}-{stack.name}.log"
                running[stack] = servers.start(stack, stack_env, server_cpus, log)
            for server in running.values():
                servers.wait_ready(server)
            advance(STARTUP, f"size {size}: servers up")
            token = login(next(iter(running.values())).url)
            cells: list[dict[str, Any]] = []
            checks: dict[str, Any] = {}
            for name, template, auth in SCALING_ENDPOINTS:
                path = template.format(tag=facts["tag"])
                load = wrk.Load(mode="get", path=path, token=token if auth else None)
                answers = {}
                for stack, server in running.items():
                    headers = {"Authorization": f"Token {token}"} if auth else {}
                    answers[stack.name] = [
                        check.answer(httpx.get(server.url + path, headers=headers, timeout=30))
                    ]
                checks[name] = check.compare(answers)
                results: dict[Stack, list[dict[str, Any]]] = {stack: [] for stack in running}
                members = list(running)

                def timed(stack: Stack, seconds: int, load: wrk.Load = load) -> dict[str, Any]:
                    server = running[stack]  # noqa: B023 (called within this iteration only)
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
                        advance(profile.warmup_seconds + WRK_OVERHEAD, f"size {size} {name} warm-up")
                for repetition in range(profile.repetitions):
                    shift = repetition % len(members)
                    for stack in members[shift:] + members[:shift]:
                        results[stack].append(timed(stack, profile.seconds))
                        advance(profile.seconds + WRK_OVERHEAD, f"size {size} {name} #{repetition + 1}")
                for stack in members:
                    cells.append(
                        {"endpoint": name, "path": path, "stack": stack.name, "runs": results[stack]}
                    )
            sizes.append(
                {"articles": size, "sample": facts, "plans": plans, "checks": checks, "cells": cells}
            )
        finally:
            for server in running.values():
                servers.stop(server)
    return {"engine": store.engine, "connections": profile.scaling_connections, "sizes": sizes}
