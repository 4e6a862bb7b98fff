"""summary.md from results.json, through a Jinja2 template: the same code renders a fake in the tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bench import analysis, sweep_analysis
from bench.sweep_reads import GOAL, SUBJECTS

TEMPLATES = Path(__file__).resolve().parent / "templates"


class _Attrs(dict[str, Any]):
    """A dict whose keys read as attributes too, so the template can say `r.machine.cpu`."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def _wrap(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _Attrs({key: _wrap(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_wrap(item) for item in value]
    return value


def context(results: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, derived from the raw results alone."""
    cells = analysis.matrix_cells(results)
    ratios = analysis.ratios(results, cells)
    scaling = sweep_analysis.scaling_rows(results)
    sweep = sweep_analysis.sweep(results)
    stacks = results["settings"]["stacks"]
    return {
        "r": _wrap(results),
        "top": _wrap({w["name"]: analysis.top_level(w) for w in results["matrix"]["workloads"]}),
        "ceiling": analysis.ceiling(cells),
        "cells": {key: _wrap(cell) for key, cell in analysis.index(cells).items()},
        "cell_list": _wrap(cells),
        "workloads": _wrap(results["matrix"]["workloads"]),
        "framework_stacks": [name for name in stacks if not name.startswith("raw-")],
        "baseline_stacks": [name for name in stacks if name.startswith("raw-")],
        "pairs": _wrap(results["settings"]["pairs"]),
        "ratio_index": {(row["pair"], row["workload"], row["connections"]): _wrap(row) for row in ratios},
        "efficiency": _wrap(analysis.efficiency(results, cells)),
        "scaling": _wrap(scaling),
        "sweep": _wrap(sweep),
        "subjects": SUBJECTS,
        "goal": GOAL,
        "micro": _wrap(analysis.micro_rows(results)),
        "trap": _wrap(analysis.trap_rows(results, cells)),
        "instructions": _wrap(analysis.instruction_rows(results)),
        "instructions_meta": _wrap(results.get("instructions") or {}),
        "flag_list": analysis.flags(cells, scaling) + sweep_analysis.flags(sweep),
    }


def render(results: Mapping[str, Any]) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    return environment.get_template("summary.md.j2").render(**context(results))
