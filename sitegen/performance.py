"""The Performance pages' figures: the runs the project publishes and the newest local one.

The published runs are in the repository (`docs/bench/<database>/`: results.json,
summary.md, the charts), so a fresh clone shows them; a local run
(`reports/bench/<timestamp>/`, from `make bench` or `make bench-quick`) is shown
on a page of its own next to them, never instead of them. The harness's
`bench.analysis` turns raw runs into the figures its Markdown summary shows; the
site calls the same functions, so the two never disagree.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

CHARTS = ("matrix", "latency", "scaling")
"""The harness's charts, in the order the page shows them; any other SVG in the folder follows."""


PUBLISHED = Path(__file__).resolve().parent.parent / "docs" / "bench"
"""Where the published runs live in the repository: one folder per database."""
ENGINES = ("sqlite", "postgresql")
ANSWER = "### On PostgreSQL: is FastAPI faster than Flask, and does async help?"
"""The README's heading of the written answer the published PostgreSQL run's page shows."""
ALIGN = re.compile(r' style="text-align:(left|right|center)"')
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]+\)")


@dataclass(frozen=True)
class Run:
    folder: Path
    results: dict[str, Any]

    @property
    def engine(self) -> str:
        engine: str = self.results["settings"]["database"]
        return engine


@dataclass(frozen=True)
class Shown:
    """A run as the site shows it: its page, its title and where it came from."""

    key: str
    """`local`, or the database of a published run: the folder its assets are copied to."""
    page: str
    title: str
    origin: str
    """`published` (in the repository) or `local` (reports/bench/)."""
    run: Run


def latest(reports: Path) -> Run | None:
    """The newest run under `reports/bench` (folders are UTC timestamps, so names sort by time)."""
    found = sorted((reports / "bench").glob("*/results.json"))
    if not found:
        return None
    return Run(found[-1].parent, json.loads(found[-1].read_text(encoding="utf-8")))


def published(folder: Path) -> list[Run]:
    """The published full runs in `folder` (the repository's docs/bench), one per database, each in
    the folder its database names (`docs/bench/sqlite/`, `docs/bench/postgresql/`), SQLite first. A
    run of one part alone (`--only sweep`, `--only micro`) is left out (`sitegen.sweeps` reads the
    sweep), and so is a full run in another folder (`docs/bench/postgresql-reads/`): the README
    cites it, the site has one page per database."""
    found = [
        Run(path.parent, data)
        for path in sorted(folder.glob("*/results.json"))
        if path.parent.name in ENGINES
        and not (data := json.loads(path.read_text(encoding="utf-8"))).get("only")
    ]
    return sorted(found, key=lambda run: ENGINES.index(run.engine) if run.engine in ENGINES else len(ENGINES))


def shown(reports: Path, published_folder: Path) -> list[Shown]:
    """The local run (if any) and the published ones, each with its page; the first is performance.html."""
    found: list[tuple[str, str, str, Run]] = []
    local = latest(reports)
    if local is not None:
        found.append(("local", f"Local run ({local.engine})", "local", local))
    for run in published(published_folder):
        title = (
            "SQLite" if run.engine == "sqlite" else "PostgreSQL" if run.engine == "postgresql" else run.engine
        )
        found.append((run.engine, f"Published run: {title}", "published", run))
    return [
        Shown(key, "performance.html" if number == 0 else f"performance-{key}.html", title, origin, run)
        for number, (key, title, origin, run) in enumerate(found)
    ]


def answer(readme: Path) -> Markup | None:
    """The README's answer for the PostgreSQL run (`ANSWER` to the next heading) as HTML, or None.

    One text in the repository, shown on both: the README's Markdown (tables included) through
    markdown-it, its links reduced to their text (they point into the repository, which the
    site does not serve).
    """
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    if ANSWER not in text:
        return None
    section = text.split(ANSWER, 1)[1]
    section = re.split(r"^#{2,3} ", section, maxsplit=1, flags=re.MULTILINE)[0]
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(LINK.sub(r"\1", section))
    # The site's Content-Security-Policy allows no inline style: column alignment becomes a class.
    return Markup(ALIGN.sub(r' class="align-\1"', html))


def runs(reports: Path) -> list[str]:
    return sorted(path.parent.name for path in (reports / "bench").glob("*/results.json"))


def charts(folder: Path) -> list[str]:
    """Chart names present in a run's folder, as SVG (scalable and small enough for a page)."""
    present = {path.stem for path in folder.glob("*.svg")}
    return [name for name in CHARTS if name in present] + sorted(present - set(CHARTS))


def copy_assets(run: Run, target: Path) -> list[str]:
    """The run's charts (SVG and PNG), results.json and summary.md, copied next to the page."""
    return copy_files(run.folder, target)


def copy_files(source: Path, target: Path) -> list[str]:
    """The SVG, PNG, JSON and Markdown files of `source`, copied into `target` (made if missing)."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(source.iterdir()):
        if path.suffix in {".svg", ".png", ".json", ".md"} and path.is_file():
            shutil.copyfile(path, target / path.name)
            copied.append(path.name)
    return copied


MEASURED_CODE = ("shared", "services")
"""The folders whose code a benchmark run measures."""


def changes_since(commit: str, root: Path = PUBLISHED.parent.parent) -> int | None:
    """Commits after `commit` that changed `MEASURED_CODE` up to the checked-out one (git rev-list);
    None when git or the commit is not there (e.g. an archive without history)."""
    completed = subprocess.run(
        ["git", "rev-list", "--count", f"{commit}..HEAD", "--", *MEASURED_CODE],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return int(completed.stdout) if completed.returncode == 0 and completed.stdout.strip() else None


def top_level(workload: dict[str, Any], settings: dict[str, Any]) -> int:
    """A workload's highest concurrency, where the servers are saturated: what the headline shows.

    Newer runs record each workload's own levels; older ones have one list for all.
    """
    levels: list[int] = workload.get("levels") or settings["profile"]["levels"]
    return max(levels)


def context(run: Run) -> dict[str, Any]:
    """What the page shows of one run: tables from `bench.analysis`, settings and machine as recorded."""
    from bench import analysis, sweep_analysis  # the harness is only needed once there are results to read

    results = run.results
    settings = results["settings"]
    cells = analysis.matrix_cells(results)
    found = analysis.index(cells)
    stacks = [name for name in settings["stacks"] if not name.startswith("raw-")]
    baselines = [name for name in settings["stacks"] if name.startswith("raw-")]
    ratios = {
        (row["pair"], row["workload"], row["connections"]): row for row in analysis.ratios(results, cells)
    }
    headline = []
    for workload in results["matrix"]["workloads"]:
        level = top_level(workload, settings)
        values = {}
        for stack in [*stacks, *baselines]:
            cell = found.get((workload["name"], stack, level))
            values[stack] = cell["summary"] if cell else None
        pair_ratios = {
            pair["label"]: ratios.get((pair["label"], workload["name"], level)) for pair in settings["pairs"]
        }
        headline.append({"workload": workload, "level": level, "values": values, "ratios": pair_ratios})
    scaling = sweep_analysis.scaling_rows(results)
    return {
        "engine": run.engine,
        "results": results,
        "folder": run.folder.name,
        "stacks": stacks,
        "baselines": [name for name in baselines if any(row["values"].get(name) for row in headline)],
        "pairs": settings["pairs"],
        "headline": headline,
        "ceiling": analysis.ceiling(cells),
        "efficiency": analysis.efficiency(results, cells),
        "scaling": scaling,
        "micro": analysis.micro_rows(results),
        "trap": analysis.trap_rows(results, cells),
        "instructions": analysis.instruction_rows(results),
        "instructions_meta": results.get("instructions") or {},
        "async_rows": analysis.async_rows(results, cells),
        "flags": analysis.flags(cells, scaling),
        "cells": cells,
        "charts": charts(run.folder),
        "changes_since": changes_since(str(results.get("versions", {}).get("commit", ""))),
    }
