"""Cold start: the time to import each backend and build its app, in fresh processes.

`python -m sitegen.cold_start` measures it and writes `docs/ease/cold_start.json`
(the date, the commit, the machine, the method and every sample); the site reads
that file with `load`. Each sample is one new Python process that imports
`services.<side>_impl.app` and calls `create_app()` on an SQLite database
migrated beforehand; the two sides alternate within every round (FastAPI first
in even rounds, Flask first in odd ones), so a slow spell of a shared machine
falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import machine

ROOT = Path(__file__).resolve().parent.parent
RESULT = Path("docs") / "ease" / "cold_start.json"
"""Where the measurement is kept, relative to the repository root."""
SIDES = ("fastapi", "flask")
PACKAGES = ("fastapi", "starlette", "pydantic", "flask", "werkzeug", "marshmallow", "flasgger", "sqlalchemy")
PHASES = ("process_ms", "import_ms", "build_ms")
COLLECTED = re.compile(r"Collected : (\d+)")
"""callgrind's summary line: the instructions the whole process executed."""
CHILD = """
import json, sys, time
start = time.perf_counter()
import importlib
module = importlib.import_module(f"services.{sys.argv[1]}_impl.app")
imported = time.perf_counter()
module.create_app()
built = time.perf_counter()
print(json.dumps({"import_ms": (imported - start) * 1e3, "build_ms": (built - imported) * 1e3}))
"""
METHOD = (
    "Each sample is a new `python -c` process that imports `services.<side>_impl.app` and calls "
    "`create_app()` on an SQLite database migrated beforehand (one unrecorded run per side first, "
    "which also writes the bytecode caches). import_ms and build_ms are timed inside the process "
    "with time.perf_counter; process_ms is the whole process as the parent sees it, interpreter "
    "start and exit included. The sides alternate within each round, the order swapped every round."
)

INSTRUCTIONS_METHOD = (
    " instructions: one more process per side under valgrind --tool=callgrind, the instructions it "
    "executed from interpreter start to exit (independent of the machine's load)."
)


@dataclass(frozen=True)
class Phase:
    """One phase's samples for one side, in milliseconds, and their median."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


@dataclass(frozen=True)
class ColdStart:
    """A measurement as `docs/ease/cold_start.json` holds it.

    `phases[side][phase]`: side in SIDES, phase in PHASES; every figure is in
    milliseconds, measured on the machine described in `machine`.
    """

    date: str
    commit: str
    machine: dict[str, Any]
    versions: dict[str, str]
    method: str
    rounds: int
    phases: dict[str, dict[str, Phase]]
    path: str
    instructions: dict[str, int] | None
    """Per side, the instructions one whole process executed under callgrind; None when not counted."""

    def ratio(self, phase: str) -> float:
        """FastAPI's median over Flask's for one phase (above 1: FastAPI takes longer)."""
        return self.phases["fastapi"][phase].median / self.phases["flask"][phase].median


def load(path: Path) -> ColdStart | None:
    """The measurement at `path`; None when there is none yet.

    Raises ValueError naming the file and the key when the file lacks a field or
    a side's samples are empty.
    """
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        phases = {
            side: {
                phase: Phase(tuple(float(value) for value in data["samples"][side][phase]))
                for phase in PHASES
            }
            for side in SIDES
        }
        found = ColdStart(
            date=str(data["date"]),
            commit=str(data["commit"]),
            machine=dict(data["machine"]),
            versions=dict(data["versions"]),
            method=str(data["method"]),
            rounds=int(data["rounds"]),
            phases=phases,
            path=path.name,
            instructions={side: int(data["instructions"][side]) for side in SIDES}
            if "instructions" in data
            else None,
        )
    except KeyError as missing:
        raise ValueError(f"{path}: missing key {missing}") from None
    for side, by_phase in phases.items():
        for phase, values in by_phase.items():
            if len(values.samples) != found.rounds:
                raise ValueError(
                    f"{path}: samples.{side}.{phase} holds {len(values.samples)} of {found.rounds}"
                )
    return found


def sample(side: str, environment: dict[str, str], root: Path) -> dict[str, float]:
    """One fresh process for `side`: {phase: milliseconds} for every phase in PHASES.

    Raises RuntimeError with the child's error output when it fails.
    """
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, side],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1e3
    if completed.returncode:
        raise RuntimeError(f"{side}: cold start failed\n{completed.stderr}")
    inside: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return {"process_ms": elapsed, **inside}


def instructions(side: str, environment: dict[str, str], root: Path) -> int:
    """The instructions one process for `side` executes (interpreter start to exit), counted by callgrind.

    Needs `valgrind` on PATH; about 100 s per side on a 2-core VM. Raises
    RuntimeError with valgrind's output when the count is not in it.
    """
    completed = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", CHILD, side],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    found = COLLECTED.search(completed.stderr)
    if completed.returncode or found is None:
        raise RuntimeError(f"{side}: callgrind failed\n{completed.stderr[-2000:]}")
    return int(found.group(1))


def measure(rounds: int, root: Path = ROOT, *, count: bool = False) -> dict[str, Any]:
    """`rounds` interleaved samples per side, with the date, commit, machine and method: the file's content.

    With `count`, also each side's instructions under callgrind (`instructions`).
    """
    with tempfile.TemporaryDirectory(prefix="cold-start-") as folder:
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'cold.sqlite3'}",
            "ACCESS_LOG": "0",
            "LOG_LEVEL": "WARNING",
            "APP_ENV": "development",
        }
        for side in SIDES:  # migrate the database and write the bytecode caches: not recorded
            sample(side, environment, root)
        samples: dict[str, dict[str, list[float]]] = {side: {phase: [] for phase in PHASES} for side in SIDES}
        load_before = os.getloadavg()
        for index in range(rounds):
            for side in SIDES if index % 2 == 0 else tuple(reversed(SIDES)):
                for phase, value in sample(side, environment, root).items():
                    samples[side][phase].append(round(value, 3))
        load_after = os.getloadavg()
        counted = {side: instructions(side, environment, root) for side in SIDES} if count else None
    data: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": machine.git_commit(root),
        "machine": {
            "cpu": machine.cpu_model(),
            "cores": os.cpu_count(),
            "system": platform.platform(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in load_after],
        },
        "versions": {
            "python": platform.python_version(),
            **{name: machine.version(name) for name in PACKAGES},
        },
        "method": METHOD,
        "rounds": rounds,
        "samples": samples,
    }
    if counted is not None:
        data["instructions"] = counted
        data["method"] += INSTRUCTIONS_METHOD
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.cold_start", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="samples per side (default 21)")
    parser.add_argument("--out", type=Path, default=ROOT / RESULT, help=f"where to write (default {RESULT})")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = parser.parse_args(argv)
    data = measure(args.rounds, count=args.instructions)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    found = load(args.out)
    assert found is not None
    for phase in PHASES:
        medians = ", ".join(f"{side} {found.phases[side][phase].median:.1f}" for side in SIDES)
        print(f"{phase}: median {medians}; FastAPI/Flask {found.ratio(phase):.2f}")
    if found.instructions:
        counts = ", ".join(f"{side} {count:,}" for side, count in found.instructions.items())
        print(f"instructions: {counts}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
