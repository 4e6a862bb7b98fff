"""What the numbers were measured on: machine, versions and settings go into results.json."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic-core",
    "flask",
    "werkzeug",
    "marshmallow",
    "sqlalchemy",
    "psycopg",
    "asyncpg",
    "aiosqlite",
    "uvicorn",
    "uvloop",
    "httptools",
    "gunicorn",
    "granian",
    "pytest-benchmark",
    "matplotlib",
)


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else `platform.processor()`, else "unknown"."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def git_commit(root: Path) -> str:
    """The short hash of `root`'s checked-out commit, or "unknown" outside a git checkout."""
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip() or "unknown"


def version(package: str) -> str:
    """The installed version of the distribution `package`, or "not installed"."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(root: Path, wrk_version: str) -> dict[str, Any]:
    return {
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "usable_cores": sorted(os.sched_getaffinity(0)),
            "memory_gib": _memory_gib(),
            "kernel": platform.release(),
            "system": platform.platform(),
        },
        "versions": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "wrk": wrk_version,
            "commit": git_commit(root),
            **{package: version(package) for package in PACKAGES},
        },
    }


def pinning() -> tuple[str | None, str | None]:
    """(server cores, client cores) for taskset: core 0 and core 1 when two are usable, else none."""
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < 2:
        return None, None
    return str(usable[0]), str(usable[1])
