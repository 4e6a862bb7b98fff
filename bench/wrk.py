"""One wrk run, pinned to the client core, with the server's CPU time and wrk's own around it."""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import procstat

SCRIPT = Path(__file__).resolve().parent / "lua" / "conduit.lua"
MARKER = "BENCHJSON "
SETTLE_TIMEOUT = 60.0


@dataclass(frozen=True)
class Load:
    """What wrk sends: the script's mode and its parameters (see lua/conduit.lua)."""

    mode: str
    path: str = "/"
    body: str | None = None
    token: str | None = None
    slug: str | None = None


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (Debian) and run again")
    return found


def version() -> str:
    completed = subprocess.run([wrk_binary(), "--version"], capture_output=True, text=True, check=False)
    return (completed.stdout + completed.stderr).strip().splitlines()[0]


def settle(url: str, timeout: float = SETTLE_TIMEOUT) -> float:
    """Seconds until the server answers a database read after a run: its leftover backlog.

    A server may still be working through requests wrk gave up on; the next run
    starts only once they are done, and a long wait is flagged in the report.
    """
    began = time.perf_counter()
    try:
        httpx.get(f"{url}/api/tags", timeout=timeout)
    except httpx.HTTPError:
        return round(timeout, 3)
    return round(time.perf_counter() - began, 3)


def _children_cpu() -> float:
    """CPU seconds of this process's finished children: wrk's, measured around one run."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    url: str,
    load: Load,
    *,
    connections: int,
    seconds: int,
    server_pid: int,
    client_cpus: str | None,
    server_cpus: str | None = None,
    database_process: str | None = None,
) -> dict[str, Any]:
    """Run wrk once; wrk's summary plus the server's and the client's CPU seconds during the run.

    With `database_process` (`postgres`), also the CPU seconds every process of that name used
    during the run (`db_cpu_s`): the database server's share of the work.
    """
    env = dict(os.environ)
    env.update(
        BENCH_MODE=load.mode,
        BENCH_PATH=load.path,
        BENCH_BODY=load.body or "",
        BENCH_TOKEN=load.token or "",
        BENCH_SLUG=load.slug or "",
        BENCH_NONCE=secrets.token_hex(4),
        BENCH_LAG=str(4 * connections + 16),
    )
    command = [
        wrk_binary(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        str(SCRIPT),
        url,
    ]
    if client_cpus is not None:
        command = ["taskset", "--cpu-list", client_cpus, *command]
    core = int(server_cpus.split(",")[0]) if server_cpus else None
    core_before = procstat.core_busy_seconds(core) if core is not None else 0.0
    cpu_before = procstat.cpu_seconds(server_pid)
    db_before = procstat.named_cpu_seconds(database_process) if database_process else 0.0
    client_before = _children_cpu()
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeError(f"wrk did not finish within {seconds + 60} s") from None
    wall = time.perf_counter() - began
    cpu_after = procstat.cpu_seconds(server_pid)
    db_after = procstat.named_cpu_seconds(database_process) if database_process else 0.0
    core_after = procstat.core_busy_seconds(core) if core is not None else 0.0
    client_cpu = _children_cpu() - client_before
    line = next((row for row in stdout.splitlines() if row.startswith(MARKER)), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}): {stderr.strip() or stdout.strip()}")
    result: dict[str, Any] = json.loads(line[len(MARKER) :])
    result["server_cpu_s"] = round(cpu_after - cpu_before, 3)
    if database_process:
        result["db_cpu_s"] = round(db_after - db_before, 3)
    result["client_cpu_s"] = round(client_cpu, 3)
    result["server_core_busy_s"] = round(core_after - core_before, 3)
    result["wall_s"] = round(wall, 3)
    return result
