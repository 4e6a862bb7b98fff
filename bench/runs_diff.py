"""Two full runs side by side: `python -m bench.runs_diff BEFORE/results.json AFTER/results.json`.

For every matrix cell the two runs share (workload, stack, connections): requests/s (median of the
repetitions), the server's and the database's CPU per request (ms), and the after/before ratio of
requests/s; then instructions per request of every case and driver, with their ratio. The two
runs may come from different days or machines: the trivial-JSON rows, which `shared/` never
reaches, say how far the machine alone moved the requests/s; the instruction counts do not
depend on it. Prints Markdown, or writes it to `--out`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench import analysis

DRIVERS = ("fastapi", "fastapi-async", "flask", "shared")


def cell_rows(before: Mapping[str, Any], after: Mapping[str, Any], levels: set[int]) -> list[dict[str, Any]]:
    """Per cell in both runs at one of `levels` connections, in the after run's order: requests/s,
    server and database CPU ms per request before and after, and requests/s after/before."""
    earlier = analysis.index(analysis.matrix_cells(before))
    rows = []
    for cell in analysis.matrix_cells(after):
        key = (cell["workload"], cell["stack"], cell["connections"])
        old = earlier.get(key)
        if old is None or cell["connections"] not in levels:
            continue
        new_summary, old_summary = cell["summary"], old["summary"]
        old_rps, new_rps = old_summary["rps"]["median"], new_summary["rps"]["median"]
        rows.append(
            {
                "workload": key[0],
                "stack": key[1],
                "connections": key[2],
                "rps": (old_rps, new_rps),
                "ratio": new_rps / old_rps if old_rps else None,
                "cpu_ms": (old_summary["cpu_ms_per_request"], new_summary["cpu_ms_per_request"]),
                "db_cpu_ms": (old_summary["db_cpu_ms_per_request"], new_summary["db_cpu_ms_per_request"]),
            }
        )
    return rows


def instruction_rows(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per driver (`DRIVERS`) and case counted in both runs: instructions per request before and
    after, and their ratio."""

    def counts(results: Mapping[str, Any]) -> dict[str, dict[str, float]]:
        drivers = (results.get("instructions") or {}).get("drivers", {})
        return {
            driver: {row["case"]: row["instructions"] for row in drivers.get(driver, [])}
            for driver in DRIVERS
        }

    old, new = counts(before), counts(after)
    rows = []
    for driver in DRIVERS:
        for case, count in new[driver].items():
            previous = old[driver].get(case)
            if previous:
                rows.append(
                    {
                        "driver": driver,
                        "case": case,
                        "instructions": (previous, count),
                        "ratio": count / previous,
                    }
                )
    return rows


def _label(results: Mapping[str, Any]) -> str:
    """The run's commit, as its header recorded it (`versions.commit`)."""
    return f"`{str(results.get('versions', {}).get('commit', '?'))[:7]}`"


def render(before: Mapping[str, Any], after: Mapping[str, Any], levels: set[int]) -> str:
    """The two tables as Markdown."""
    was, now = _label(before), _label(after)
    lines = [
        f"## Every cell both runs have, at {', '.join(str(level) for level in sorted(levels))} connections",
        "",
        f"| Workload | c | Stack | req/s {was} | req/s {now} | after / before "
        f"| server CPU ms/req {was} → {now} | database CPU ms/req {was} → {now} |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in cell_rows(before, after, levels):
        ratio = "n/a" if row["ratio"] is None else f"{row['ratio']:.2f}"
        lines.append(
            f"| {row['workload']} | {row['connections']} | {row['stack']} "
            f"| {row['rps'][0]:,.0f} | {row['rps'][1]:,.0f} | {ratio} "
            f"| {row['cpu_ms'][0]:.3f} → {row['cpu_ms'][1]:.3f} "
            f"| {row['db_cpu_ms'][0]:.3f} → {row['db_cpu_ms'][1]:.3f} |"
        )
    lines += [
        "",
        "## Instructions per request (callgrind, in-process)",
        "",
        f"| Driver | Case | {was} (M) | {now} (M) | after / before |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in instruction_rows(before, after):
        old, new = row["instructions"]
        lines.append(
            f"| {row['driver']} | {row['case']} | {old / 1e6:.2f} | {new / 1e6:.2f} | {row['ratio']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the earlier run's results.json")
    parser.add_argument("after", type=Path, help="the later run's results.json")
    parser.add_argument("--levels", default="1,64", help="connections to show, e.g. 1,64 (default)")
    parser.add_argument("--out", type=Path, help="write the Markdown here instead of printing it")
    args = parser.parse_args()
    levels = {int(part) for part in args.levels.split(",") if part.strip()}
    text = render(json.loads(args.before.read_text()), json.loads(args.after.read_text()), levels)
    if args.out:
        args.out.write_text(text)
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
