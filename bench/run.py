"""The harness: `python -m bench [--profile full|quick]`, what `make bench` and `make bench-quick` run.

Seeds the databases, starts every stack pinned to the server core, runs the
matrix and the data-size sweep with wrk on the client core, then the
micro-benchmarks, and writes reports/bench/<timestamp>/: results.json (every
raw figure), summary.md and the charts. `--only sweep` runs the data-size sweep
alone (`bench.sweep_run`, `make bench-sweep`); `--sizes` replaces the profile's sizes;
`--only micro` runs the micro-benchmarks alone (on PostgreSQL when DATABASE_URL names it).
"""

from __future__ import annotations

import argparse
import dataclasses
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

from bench import (
    charts,
    databases,
    header,
    instructions,
    machine,
    matrix,
    progress,
    report,
    scaling,
    servers,
    sweep_run,
    trap,
)
from bench.plan import PROFILES, Profile, baseline_stacks, framework_stacks
from bench.servers import Running, Stack

ROOT = Path(__file__).resolve().parent.parent
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
    postgresql = os.environ.get("DATABASE_URL", "").startswith("postgresql")
    rounds = profile.micro_rounds_postgresql if postgresql else profile.micro_rounds
    seconds = profile.micro_round_seconds_postgresql if postgresql else profile.micro_round_seconds
    env = {
        **os.environ,
        "BENCH_MICRO_ARTICLES": str(profile.micro_articles),
        "BENCH_MICRO_ROUNDS": str(rounds),
        "BENCH_MICRO_ROUND_SECONDS": str(seconds),
    }
    with (folder / "micro.log").open("wb") as sink:
        subprocess.run(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, check=True)
    data = json.loads(output.read_text())
    for bench in data["benchmarks"]:
        bench["stats"].pop("data", None)
    return {"benchmarks": data["benchmarks"], "version": data.get("version")}


def measure_micro(profile: Profile, folder: Path, command: str) -> dict[str, Any]:
    """Only the micro-benchmarks, on the database DATABASE_URL names (else SQLite): results.json's
    keys with an empty matrix, no sweep and no instruction counts."""
    pins = machine.pinning()
    engine = "postgresql" if databases.postgres_url() else "sqlite"
    results = header.header(profile, engine, pins, command)
    results.update({"only": "micro", "matrix": {"workloads": [], "cells": []}, "instructions": None})
    results["scaling"] = []
    began = time.monotonic()
    results["micro"] = _micro(profile, folder, pins[0])
    results["seconds"] = round(time.monotonic() - began, 1)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


def _planned(profile: Profile, stacks: dict[Stack, Running], engines: list[str], engine: str) -> float:
    seeding = databases.seed_seconds(profile.matrix_articles, engine)
    micro_seconds = 60.0 if profile.name == "full" else 8.0
    counting = instructions.planned_seconds(profile.instructions_count, profile.instructions_warm)
    return (
        STARTUP_SECONDS
        + seeding
        + matrix.planned_seconds(profile, stacks, engine)
        + trap.planned_seconds(profile)
        + (counting if instructions.valgrind() else 0.0)
        + scaling.planned_seconds(profile, engines)  # its seeding included
        + micro_seconds
    )


def measure(profile: Profile, folder: Path, console: Console, command: str) -> dict[str, Any]:
    """Every phase, with a progress bar whose ETA counts the seconds still planned."""
    pins = machine.pinning()
    server_cpus, client_cpus = pins
    if client_cpus is not None:
        os.sched_setaffinity(0, {int(client_cpus)})  # the harness itself stays off the server's core
    stores = sweep_run.stores(folder)
    matrix_store = stores[-1]  # PostgreSQL when DATABASE_URL names it
    stacks_wanted = [*framework_stacks(matrix_store.engine), *baseline_stacks(matrix_store.engine)]
    results = header.header(profile, matrix_store.engine, pins, command)
    began = time.monotonic()
    env = {**os.environ, "BENCHMARK_ENDPOINTS": "1", "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"}
    (folder / "db").mkdir(parents=True, exist_ok=True)
    placeholder = dict.fromkeys(stacks_wanted)
    total = _planned(profile, placeholder, [store.engine for store in stores], matrix_store.engine)  # type: ignore[arg-type]
    with progress.bar(console, total) as advance:
        try:
            console.log(f"seeding {profile.matrix_articles:,} articles ({matrix_store.engine})")
            master = matrix_store.seeded(profile.matrix_articles, folder / "seed.log")
            advance(databases.seed_seconds(profile.matrix_articles, matrix_store.engine), "starting servers")
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


def _sizes(text: str) -> tuple[int, ...]:
    """`--sizes`: comma-separated article counts, each at least 1, e.g. `1000,10000`."""
    sizes = tuple(int(part) for part in text.split(",") if part.strip())
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are article counts of at least 1, e.g. 1000,10000")
    return sizes


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench", help="default reports/bench")
    parser.add_argument(
        "--render", type=Path, help="only re-render summary and charts from this results.json"
    )
    parser.add_argument(
        "--only", choices=["sweep", "micro"], help="only the data-size sweep, or only the micro-benchmarks"
    )
    parser.add_argument("--engine", choices=sweep_run.ENGINES, help="with --only sweep: this database alone")
    parser.add_argument(
        "--sizes", type=_sizes, help="the sweep's sizes in articles, e.g. 1000,10000 (default: the profile's)"
    )
    args = parser.parse_args(argv)
    if args.engine and args.only != "sweep":
        parser.error("--engine goes with --only sweep")
    profile = PROFILES[args.profile]
    if args.sizes:
        profile = dataclasses.replace(profile, scaling_sizes=args.sizes)
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
        command = " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])])
        if args.only == "micro":
            results = measure_micro(profile, folder, command)
        elif args.only:
            results = sweep_run.measure(profile, folder, console, args.engine, command)
        else:
            results = measure(profile, folder, console, command)
        paths = write(results, folder)
        for leftover in (folder / "db").glob("*.sqlite3*"):
            leftover.unlink()
    for path in paths:
        console.print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0
