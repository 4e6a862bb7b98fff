"""The published data-size sweeps (`docs/bench/sweep/<engine>/`) as each engine's Performance page shows them.

A sweep is a `python -m bench --only sweep` run (`make bench-sweep`): results.json
with an empty matrix and the `scaling` section, summary.md with every statement's
plan. Its figures are read with the harness's own `bench.sweep_analysis`, as the
summary is, so the page and the summary never disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitegen.performance import PUBLISHED, changes_since, copy_files

FOLDER = PUBLISHED / "sweep"
"""One folder per engine: `sqlite/`, `postgresql/`."""


def published(engine: str, folder: Path = FOLDER) -> dict[str, Any] | None:
    """The published sweep of `engine` (`sqlite` or `postgresql`) for its page, or None when there is none:
    `results` (results.json), `section` (`bench.sweep_analysis.engine_section` of that engine),
    `folder` (its folder in the repository) and `changes_since` (see `performance.changes_since`).

    Raises ValueError naming the file when it holds no sweep of `engine`.
    """
    path = folder / engine / "results.json"
    if not path.is_file():
        return None
    from bench import sweep_analysis  # the harness is only needed once there is a sweep to read

    results = json.loads(path.read_text(encoding="utf-8"))
    sections = [section for section in sweep_analysis.sweep(results) if section["engine"] == engine]
    if not sections:
        raise ValueError(f"{path}: no sweep of {engine} in it")
    return {
        "results": results,
        "section": sections[0],
        "folder": f"docs/bench/sweep/{engine}",
        "changes_since": changes_since(str(results.get("versions", {}).get("commit", ""))),
    }


def copy_assets(engine: str, target: Path, folder: Path = FOLDER) -> list[str]:
    """The sweep's summary.md, results.json and charts, copied into `target`; the names copied."""
    source = folder / engine
    return copy_files(source, target) if source.is_dir() else []
