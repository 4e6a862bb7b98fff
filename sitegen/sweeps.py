"""The published data-size sweeps (`docs/bench/sweep*/`) as each engine's Performance page shows them.

A sweep is a `python -m bench --only sweep` run (`make bench-sweep`): results.json
with an empty matrix and the `scaling` section (one entry per database swept),
summary.md with every statement's plan, and the scaling chart. Its figures are read
with the harness's own `bench.sweep_analysis`, as the summary is, so the page and
the summary never disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitegen.performance import PUBLISHED, changes_since, copy_files

FOLDER = PUBLISHED / "sweep"
"""The published sweep of both databases in the repository."""


def folder_for(engine: str, published_root: Path = PUBLISHED) -> Path:
    """The sweep an engine's page shows, under `published_root` (docs/bench): `sweep-<engine>/`, a
    later sweep of that database alone (`--engine`), when it covers `engine`, else `sweep/`."""
    alone = published_root / f"sweep-{engine}"
    return alone if published(engine, alone) is not None else published_root / "sweep"


def published(engine: str, folder: Path = FOLDER) -> dict[str, Any] | None:
    """The published sweep's part for `engine` (`sqlite` or `postgresql`), or None when `folder` holds no
    sweep or none of that engine: `results` (results.json), `section`
    (`bench.sweep_analysis.engine_section` of that engine) and `changes_since`
    (`performance.changes_since` of the sweep's commit)."""
    path = folder / "results.json"
    if not path.is_file():
        return None
    from bench import sweep_analysis  # the harness is only needed once there is a sweep to read

    results = json.loads(path.read_text(encoding="utf-8"))
    sections = [section for section in sweep_analysis.sweep(results) if section["engine"] == engine]
    if not sections:
        return None
    return {
        "results": results,
        "section": sections[0],
        "changes_since": changes_since(str(results.get("versions", {}).get("commit", ""))),
    }


def copy_assets(target: Path, folder: Path = FOLDER) -> list[str]:
    """The sweep's summary.md, results.json and charts, copied into `target`; the names copied."""
    return copy_files(folder, target) if folder.is_dir() else []
