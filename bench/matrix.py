"""The framework-by-server matrix: every workload on every stack, repetitions interleaved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from bench import check, wrk
from bench.plan import CREATE_BODY, WORKLOADS, Profile, Workload
from bench.servers import Running, Stack

Advance = Callable[[float, str], None]
WRK_OVERHEAD = 0.3
"""Seconds a wrk run costs beyond its duration (start, connect, CPU snapshots): for the estimate."""


def stacks_for(workload: Workload, stacks: Mapping[Stack, Running]) -> list[Stack]:
    """Framework stacks always; the raw baselines only where they serve the workload."""
    return [stack for stack in stacks if stack.framework or workload.baseline]


def workloads_for(engine: str) -> list[Workload]:
    return [workload for workload in WORKLOADS if engine in workload.engines]


def planned_seconds(profile: Profile, stacks: Mapping[Stack, Running], engine: str) -> float:
    per_run = profile.seconds + WRK_OVERHEAD
    warm = profile.warmup_seconds + WRK_OVERHEAD if profile.warmup_seconds else 0.0
    cells = sum(
        len(stacks_for(workload, stacks)) * len(levels_for(profile, workload))
        for workload in workloads_for(engine)
    )
    return cells * (warm + profile.repetitions * per_run)


def levels_for(profile: Profile, workload: Workload) -> tuple[int, ...]:
    return profile.db_levels if workload.database else profile.levels


def load_for(workload: Workload, token: str, slug: str) -> wrk.Load:
    return wrk.Load(
        mode=workload.mode,
        path=workload.path.format(slug=slug),
        body=CREATE_BODY if workload.mode == "post" else None,
        token=token if workload.auth else None,
        slug=slug,
    )


def run(
    profile: Profile,
    stacks: Mapping[Stack, Running],
    token: str,
    slug: str,
    pins: tuple[str | None, str | None],
    advance: Advance,
    engine: str = "sqlite",
) -> dict[str, Any]:
    """Check, warm up, then time each (workload, concurrency) with the stacks in rotating order."""
    workloads: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for workload in workloads_for(engine):
        members = stacks_for(workload, stacks)
        answers = {}
        for stack in members:
            with httpx.Client(base_url=stacks[stack].url, timeout=30) as client:
                answers[stack.name] = check.probe(client, workload, token, slug)
        verdict = check.compare(answers)
        workloads.append(
            {
                "name": workload.name,
                "title": workload.title,
                "note": workload.note,
                "stacks": [stack.name for stack in members],
                "levels": list(levels_for(profile, workload)),
                "check": verdict,
            }
        )
        load = load_for(workload, token, slug)
        for connections in levels_for(profile, workload):
            runs: dict[Stack, list[dict[str, Any]]] = {stack: [] for stack in members}

            def timed(
                stack: Stack, seconds: int, connections: int = connections, load: wrk.Load = load
            ) -> dict[str, Any]:
                server = stacks[stack]
                result = wrk.run(
                    server.url,
                    load,
                    connections=connections,
                    seconds=seconds,
                    server_pid=server.process.pid,
                    client_cpus=pins[1],
                    server_cpus=pins[0],
                    database_process="postgres" if engine == "postgresql" else None,
                )
                result["settle_s"] = wrk.settle(server.url)
                return result

            label = f"{workload.name} c={connections}"
            if profile.warmup_seconds:
                for stack in members:
                    timed(stack, profile.warmup_seconds)
                    advance(profile.warmup_seconds + WRK_OVERHEAD, f"{label} warm-up {stack.name}")
            for repetition in range(profile.repetitions):
                shift = repetition % len(members)
                for stack in members[shift:] + members[:shift]:
                    runs[stack].append(timed(stack, profile.seconds))
                    advance(profile.seconds + WRK_OVERHEAD, f"{label} #{repetition + 1} {stack.name}")
            for stack in members:
                cells.append(
                    {
                        "workload": workload.name,
                        "stack": stack.name,
                        "connections": connections,
                        "identical": verdict["ok"],
                        "runs": runs[stack],
                    }
                )
    return {"workloads": workloads, "cells": cells}
