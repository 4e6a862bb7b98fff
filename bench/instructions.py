"""Instructions per request, counted by valgrind's callgrind: the cost ratio a noisy machine cannot move.

Each backend serves every case in-process (`bench/inprocess.py`) under
`valgrind --tool=callgrind --dump-before=getppid`; the dump between two markers
holds exactly `count` requests, so instructions / count is one request's cost:
the framework, its schema library and the shared core, without a server. The
same is counted for the shared domain call alone and for route matching alone.
Unlike seconds, instruction counts barely move with what else the machine does:
the summary shows the spread of repeated counts (`repeat`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DRIVERS = ("fastapi", "fastapi-async", "flask", "shared", "match-fastapi", "match-flask")
"""The in-process runs: each backend whole, the domain call alone, route matching alone."""


def valgrind() -> str | None:
    """The valgrind executable, or None when it is not installed (the phase is then skipped)."""
    return shutil.which("valgrind")


def version() -> str:
    found = valgrind()
    if found is None:
        return "not installed"
    return subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.strip()


def totals(dump: Path) -> int:
    """The instructions (`Ir`) a callgrind dump file counted: its `totals:` line."""
    for line in dump.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise ValueError(f"{dump} has no totals line")


def run_driver(
    driver: str, database_url: str, slug: str, token: str, count: int, warm: int, folder: Path
) -> list[dict[str, Any]]:
    """One driver under callgrind: [{case, instructions per request}], its dump files removed after."""
    found = valgrind()
    if found is None:
        raise RuntimeError("valgrind is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{driver}.callgrind"
    command = [
        found,
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        "--dump-before=getppid",
        sys.executable,
        "-m",
        "bench.inprocess",
        driver,
        database_url,
        f"--slug={slug}",
        f"--token={token}",
        f"--count={count}",
        f"--warm={warm}",
    ]
    # The same hash seed every time, so a dict's layout (and so its instruction count) repeats.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    log = folder / f"{driver}.log"
    with log.open("wb") as sink:
        completed = subprocess.run(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=sink, check=False
        )
    if completed.returncode != 0:
        raise RuntimeError(f"{driver} under callgrind failed: {log.read_text()[-1500:]}")
    rows = []
    for line in completed.stdout.decode().splitlines():
        marker = json.loads(line)
        counted = totals(Path(f"{out}.{marker['dump']}"))
        rows.append({"case": marker["case"], "instructions": counted / marker["count"]})
    for leftover in folder.glob(f"{driver}.callgrind*"):
        leftover.unlink()
    return rows


def token_for(database_url: str) -> str:
    """The seeded demo user's token, from the API's own login rules (not counted)."""
    from shared import db, startup, users
    from shared.seed import DEMO_EMAIL, DEMO_PASSWORD
    from shared.settings import Settings

    factory = startup.open_database(database_url)
    try:
        login = db.run(
            factory,
            users.login,
            Settings(database_url=database_url),
            email=DEMO_EMAIL,
            password=DEMO_PASSWORD,
        )
    finally:
        factory.kw["bind"].dispose()
    return login.token


def measure(
    fresh_database: Callable[[str], str],
    slug: str,
    count: int,
    warm: int,
    folder: Path,
    advance: Callable[[float, str], None],
) -> dict[str, Any]:
    """Every driver in turn, each on a fresh copy of the data (`fresh_database(label)` gives its URL).

    Returns the `instructions` section of results.json: the valgrind version, the counts,
    and per driver a list of {case, instructions per request}.
    """
    drivers: dict[str, list[dict[str, Any]]] = {}
    for driver in DRIVERS:
        url = fresh_database(f"instructions_{driver.replace('-', '_')}")
        rows = run_driver(driver, url, slug, token_for(url), count, warm, folder)
        drivers[driver] = rows
        advance(planned_seconds(count, warm) / len(DRIVERS), f"instructions {driver}")
    return {"tool": version(), "count": count, "warm": warm, "drivers": drivers}


def planned_seconds(count: int, warm: int) -> float:
    """For the estimate: about 20 s to start a driver under valgrind, 0.04 s per request."""
    requests = 14 * (count + warm)
    return len(DRIVERS) * (20.0 + 0.04 * requests)
