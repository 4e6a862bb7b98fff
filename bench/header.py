"""What a run records about itself before measuring: command, machine, versions and settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import databases, machine, servers, wrk
from bench.plan import MIXED, Profile, baseline_stacks, framework_stacks, pairs
from shared.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def pool_settings() -> dict[str, Any]:
    """THREADS and the pool every server of the run gets from the environment (`shared.settings`)."""
    settings = Settings.from_env()
    limits = settings.limits
    return {
        "threads": settings.threads,
        "pool_size": limits.pool_size,
        "max_overflow": limits.max_overflow,
        "pool_timeout_s": limits.pool_timeout,
    }


def settings(profile: Profile, engine: str, pins: tuple[str | None, str | None]) -> dict[str, Any]:
    """The profile, the database of the matrix, the pinning, every stack's command and the pool."""
    stacks = [*framework_stacks(engine), *baseline_stacks(engine)]
    return {
        "profile": profile.as_dict(),
        "database": engine,
        "pinning": {"server": pins[0], "client": pins[1]},
        "stacks": [stack.name for stack in stacks],
        "commands": {stack.name: " ".join(servers.command(stack, 0)) for stack in stacks},
        "pairs": [{"label": label, "fastapi": a.name, "flask": b.name} for label, a, b in pairs(engine)],
        "baselines": {stack.name: stack.baseline.name for stack in framework_stacks(engine)},
        "gthread_threads": servers.GTHREAD_THREADS,
        "database_pool": pool_settings(),
        "mixed": MIXED,
        "wrk": "1 thread, closed loop, keep-alive, --timeout 10s",
    }


def header(
    profile: Profile, engine: str, pins: tuple[str | None, str | None], command: str
) -> dict[str, Any]:
    """The first keys of results.json: schema, profile, `command`, start time (UTC), machine, versions
    (with the PostgreSQL server's when DATABASE_URL names one) and `settings`."""
    found: dict[str, Any] = {
        "schema": 1,
        "profile": profile.name,
        "command": command,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        **machine.describe(ROOT, wrk.version()),
        "settings": settings(profile, engine, pins),
    }
    pg_url = databases.postgres_url()
    if pg_url:
        found["versions"]["postgresql"] = databases.server_version(pg_url)
    return found
