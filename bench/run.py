"""The harness: `python -m bench [--profile full|quick]`, what `make bench` and `make bench-quick` run.

Seeds the databases, starts every stack pinned to the server core, runs the
matrix and the data-size sweep with wrk on the client core, then the
micro-benchmarks, and writes reports/bench/<timestamp>/: results.json (every
raw figure), summary.md and the charts.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bench import charts, databases, instructions, machine, matrix, report, scaling, servers, trap, wrk
from bench.plan import MIXED, PROFILES, Profile, baseline_stacks, framework_stacks, pairs
from bench.servers import Running, Stack
from shared.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_RATE = 3000.0
"""Articles seeded per second, roughly: for the time estimate only."""
STARTUP_SECONDS = 15.0


def _micro(profile: Profile, folder: Path, server_cpus: str | None) -> dict[str, Any]:
    """pytest-benchmark on the server core; its JSON less the raw timings."""
    output = folder / "micro.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "bench/micro",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--benchmark-json={output}",
        *profile.micro_args,
    ]
    if server_cpus is not None:
        command = ["taskset", "--cpu-list", server_cpus, *command]
    env = {**os.environ, "BENCH_MICRO_ARTICLES": str(profile.micro_articles)}
    with (folder / "micro.log").open("wb") as sink:
        subprocess.run(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, check=True)
    data = json.loads(output.read_text())
    for bench in data["benchmarks"]:
        bench["stats"].pop("data", None)
    return {"benchmarks": data["benchmarks"], "version": data.get("version")}


def _settings(profile: Profile, engine: str, pins: tuple[str | None, str | None]) -> dict[str, Any]:
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
        "database_pool": _pool_settings(),
        "mixed": MIXED,
        "wrk": "1 thread, closed loop, keep-alive, --timeout 10s",
    }


def _pool_settings() -> dict[str, Any]:
    """THREADS and the pool every server of the run gets from the environment (`shared.settings`)."""
    settings = Settings.from_env()
    limits = settings.limits
    return {
        "threads": settings.threads,
        "pool_size": limits.pool_size,
        "max_overflow": limits.max_overflow,
        "pool_timeout_s": limits.pool_timeout,
    }


def _planned(profile: Profile, stacks: dict[Stack, Running], engines: int, engine: str) -> float:
    seeding = (profile.matrix_articles + engines * sum(profile.scaling_sizes)) / SEED_RATE
    micro_seconds = 60.0 if profile.name == "full" else 8.0
    counting = instructions.planned_seconds(profile.instructions_count, profile.instructions_warm)
    return (
        STARTUP_SECONDS
        + seeding
        + matrix.planned_seconds(profile, stacks, engine)
        + trap.planned_seconds(profile)
        + (counting if instructions.valgrind() else 0.0)
        + scaling.planned_seconds(profile, engines)
        + micro_seconds
    )


def measure(profile: Profile, folder: Path, console: Console) -> dict[str, Any]:
    """Every phase, with a progress bar whose ETA counts the seconds still planned."""
    pins = machine.pinning()
    server_cpus, client_cpus = pins
    if client_cpus is not None:
        os.sched_setaffinity(0, {int(client_cpus)})  # the harness itself stays off the server's core
    pg_url = databases.postgres_url()
    sqlite_store = databases.Store("sqlite", folder / "db")
    pg_store = databases.Store("postgresql", folder / "db", pg_url) if pg_url else None
    matrix_store = pg_store or sqlite_store
    stores = [sqlite_store, *([pg_store] if pg_store else [])]
    stacks_wanted = [*framework_stacks(matrix_store.engine), *baseline_stacks(matrix_store.engine)]
    results: dict[str, Any] = {
        "schema": 1,
        "profile": profile.name,
        "command": "make bench" if profile.name == "full" else "make bench-quick",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        **machine.describe(ROOT, wrk.version()),
        "settings": _settings(profile, matrix_store.engine, pins),
    }
    if pg_url:
        results["versions"]["postgresql"] = databases.server_version(pg_url)
    began = time.monotonic()
    env = {**os.environ, "BENCHMARK_ENDPOINTS": "1", "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"}
    (folder / "db").mkdir(parents=True, exist_ok=True)
    columns = (
        TextColumn("{task.description:<48}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    placeholder = dict.fromkeys(stacks_wanted)
    total = _planned(profile, placeholder, len(stores), matrix_store.engine)  # type: ignore[arg-type]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("seeding", total=total)

        phase = [""]

        def advance(seconds: float, label: str) -> None:
            progress.update(task, advance=seconds, description=label)
            if not console.is_terminal and label.split()[0] != phase[0]:
                # No live bar in a log (CI): one line per phase, with the time still planned.
                phase[0] = label.split()[0]
                done = progress.tasks[0].completed
                left = max(total - done, 0) * (time.monotonic() - began) / done if done else total
                console.log(f"{done / total:4.0%} {label}; about {left / 60:.0f} min left")

        try:
            console.log(f"seeding {profile.matrix_articles:,} articles ({matrix_store.engine})")
            master = matrix_store.seeded(profile.matrix_articles, folder / "seed.log")
            advance(profile.matrix_articles / SEED_RATE, "starting servers")
            running: dict[Stack, Running] = {}
            try:
                for number, stack in enumerate(stacks_wanted):
                    url = matrix_store.copy(master, f"matrix_{number}")
                    log = folder / "logs" / f"{stack.name}.log"
                    running[stack] = servers.start(stack, {**env, "DATABASE_URL": url}, server_cpus, log)
                for server in running.values():
                    servers.wait_ready(server)
                advance(STARTUP_SECONDS, "servers ready")
                levels = f"{profile.levels} connections, {profile.db_levels} with the database"
                console.log(f"{len(running)} servers up; matrix at {levels}")
                token = scaling.login(running[stacks_wanted[0]].url)
                sample = databases.sample(master)
                results["matrix"] = matrix.run(
                    profile, running, token, sample["slug"], pins, advance, matrix_store.engine
                )
                results["matrix"]["sample"] = sample
            finally:
                for server in running.values():
                    servers.stop(server)
            console.log(f"the session trap: FastAPI's tutorial pattern at {profile.trap_levels} connections")
            slug = results["matrix"]["sample"]["slug"]
            results["trap"] = trap.run(profile, matrix_store, master, slug, env, pins, folder, advance)
            if instructions.valgrind():
                console.log("instructions per request, in-process under callgrind")
                results["instructions"] = instructions.measure(
                    lambda label: matrix_store.copy(master, label),
                    slug,
                    profile.instructions_count,
                    profile.instructions_warm,
                    folder / "callgrind",
                    advance,
                )
            else:
                console.log("valgrind is not installed (apt-get install valgrind): no instruction counts")
                results["instructions"] = None
            results["scaling"] = []
            for store in stores:
                console.log(f"data size on {store.engine}: {profile.scaling_sizes}")
                results["scaling"].append(scaling.run(profile, store, env, pins, folder, advance))
            console.log("micro-benchmarks")
            results["micro"] = _micro(profile, folder, server_cpus)
            advance(0, "micro-benchmarks done")
        finally:
            for store in stores:
                store.cleanup()
    results["seconds"] = round(time.monotonic() - began, 1)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


def write(results: dict[str, Any], folder: Path) -> list[Path]:
    """results.json, summary.md and the charts, all in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "results.json", folder / "summary.md"]
    written[0].write_text(json.dumps(results, indent=1) + "\n")
    written[1].write_text(report.render(results))
    return [*written, *charts.draw_all(results, folder)]


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench", help="default reports/bench")
    parser.add_argument(
        "--render", type=Path, help="only re-render summary and charts from this results.json"
    )
    args = parser.parse_args(argv)
    # Ctrl-C or a SIGTERM still stops every server started (the `finally` blocks run),
    # even when a shell started this in the background with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    console = Console(stderr=True)
    if args.render:
        results = json.loads(args.render.read_text())
        paths = write(results, args.render.parent)
    else:
        folder = args.out / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder.mkdir(parents=True, exist_ok=True)
        results = measure(PROFILES[args.profile], folder, console)
        paths = write(results, folder)
        for leftover in (folder / "db").glob("*.sqlite3*"):
            leftover.unlink()
    for path in paths:
        console.print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0
