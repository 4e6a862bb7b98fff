"""The report's charts with matplotlib (Agg, no display): each written as PNG and SVG."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from bench import analysis

COLORS = {
    "fastapi@uvicorn": "#059669",
    "fastapi-async@uvicorn": "#2563eb",
    "flask@gunicorn-gthread": "#1f2937",
    "fastapi@granian-asgi": "#34d399",
    "flask@granian-wsgi": "#9ca3af",
    "fastapi@gunicorn-asgi": "#a7f3d0",
}


def _save(figure: Figure, folder: Path, name: str) -> list[Path]:
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    for path in paths:
        figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)
    return paths


def matrix(results: Mapping[str, Any], folder: Path) -> list[Path]:
    """Left: req/s per workload and stack at the headline concurrency. Right: the FastAPI/Flask ratios."""
    cells = analysis.matrix_cells(results)
    found = analysis.index(cells)
    workloads = results["matrix"]["workloads"]
    top = {workload["name"]: analysis.top_level(workload) for workload in workloads}
    stacks = [name for name in results["settings"]["stacks"] if not name.startswith("raw-")]
    figure, (bars, dots) = plt.subplots(1, 2, figsize=(13, 0.75 * len(workloads) + 2), width_ratios=(3, 2))
    height = 0.8 / len(stacks)
    for position, stack in enumerate(stacks):
        ys, xs, low, high = [], [], [], []
        for row, workload in enumerate(workloads):
            cell = found.get((workload["name"], stack, top[workload["name"]]))
            if cell is None:
                continue
            rps = cell["summary"]["rps"]
            ys.append(row + (position - (len(stacks) - 1) / 2) * height)
            xs.append(rps["median"])
            low.append(rps["median"] - rps["minimum"])
            high.append(rps["maximum"] - rps["median"])
        bars.barh(ys, xs, height=height, xerr=[low, high], label=stack, color=COLORS.get(stack), capsize=2)
    bars.set_yticks(
        range(len(workloads)), [f"{workload['title']} (c={top[workload['name']]})" for workload in workloads]
    )
    bars.invert_yaxis()
    bars.set_xscale("log")
    bars.xaxis.set_minor_formatter(NullFormatter())  # the 2x10^2, 3x10^2... labels overlap
    bars.set_xlabel("requests/s at the highest concurrency (median, min-max; log scale)")
    bars.legend(fontsize="small", loc="lower right")
    bars.grid(axis="x", alpha=0.3)
    ratios = [row for row in analysis.ratios(results, cells) if row["connections"] == top[row["workload"]]]
    pairs = [pair["label"] for pair in results["settings"]["pairs"]]
    markers = ("o", "s", "^")
    for position, label in enumerate(pairs):
        rows = {row["workload"]: row for row in ratios if row["pair"] == label}
        ys, xs, low, high = [], [], [], []
        for row_index, workload in enumerate(workloads):
            found_ratio = rows.get(workload["name"])
            if found_ratio is None:
                continue
            ys.append(row_index + (position - 1) * 0.2)
            xs.append(found_ratio["median"])
            low.append(found_ratio["median"] - found_ratio["low"])
            high.append(found_ratio["high"] - found_ratio["median"])
        dots.errorbar(xs, ys, xerr=[low, high], fmt=markers[position % 3], label=label, capsize=2)
    dots.axvline(1.0, color="black", linewidth=0.8)
    dots.set_yticks(range(len(workloads)), [""] * len(workloads))
    dots.set_ylim(bars.get_ylim())
    dots.set_xlabel("FastAPI / Flask requests/s (>1: FastAPI ahead)")
    dots.legend(fontsize="small", loc="lower right")
    dots.grid(axis="x", alpha=0.3)
    figure.suptitle(f"Conduit: FastAPI vs Flask, by server ({results['profile']} run, 1 worker, 1 core)")
    return _save(figure, folder, "matrix")


def scaling(results: Mapping[str, Any], folder: Path) -> list[Path]:
    """p50 (solid) and p99 (dashed) latency against the number of articles, per read."""
    rows = analysis.scaling_rows(results)
    endpoints = list(dict.fromkeys(row["endpoint"] for row in rows)) or ["list"]
    figure, axes = plt.subplots(
        1, len(endpoints), figsize=(4.5 * len(endpoints), 4), sharey=True, squeeze=False
    )
    for axis, endpoint in zip(axes[0], endpoints, strict=True):
        series = sorted({(row["engine"], row["stack"]) for row in rows if row["endpoint"] == endpoint})
        for engine, stack in series:
            points = sorted(
                (row["articles"], row["p50_ms"], row["p99_ms"])
                for row in rows
                if row["endpoint"] == endpoint and row["engine"] == engine and row["stack"] == stack
            )
            sizes = [point[0] for point in points]
            color = COLORS.get(stack)
            line = "-" if engine == "sqlite" else "-."
            axis.plot(
                sizes, [p[1] for p in points], line, marker="o", color=color, label=f"{stack} ({engine})"
            )
            axis.plot(sizes, [p[2] for p in points], ":", color=color, alpha=0.6)
        axis.set_xscale("log")
        axis.set_title(endpoint)
        axis.set_xlabel("articles in the database")
        axis.grid(alpha=0.3)
    axes[0][0].set_ylabel("latency ms (p50 marked, p99 dotted)")
    if axes[0][0].get_legend_handles_labels()[0]:
        axes[0][0].legend(fontsize="small")
    figure.suptitle("Latency as the data grows (closed-loop)")
    return _save(figure, folder, "scaling")


def latency(results: Mapping[str, Any], folder: Path, workload: str = "article") -> list[Path]:
    """Closed-loop latency percentiles of one workload at the headline concurrency, per stack."""
    cells = analysis.matrix_cells(results)
    level = max(
        (analysis.top_level(w) for w in results["matrix"]["workloads"] if w["name"] == workload), default=0
    )
    figure, axis = plt.subplots(figsize=(8, 4.5))
    for cell in cells:
        if cell["workload"] != workload or cell["connections"] != level:
            continue
        runs = cell["runs"]
        marks = list(runs[0]["latency_us"]["percentiles"])
        values = [sorted(run["latency_us"]["percentiles"][mark] for run in runs) for mark in marks]
        medians = [column[len(column) // 2] / 1000 for column in values]
        style = "--" if cell["stack"].startswith("raw-") else "-"
        axis.plot(
            range(len(marks)),
            medians,
            style,
            marker=".",
            label=cell["stack"],
            color=COLORS.get(cell["stack"]),
        )
        axis.set_xticks(range(len(marks)), [f"p{mark}" for mark in marks], rotation=45)
    axis.set_yscale("log")
    axis.set_ylabel("latency ms (log)")
    axis.set_title(f"{workload}: latency percentiles at {level} connections (closed-loop, median of runs)")
    if axis.get_legend_handles_labels()[0]:
        axis.legend(fontsize="small")
    axis.grid(alpha=0.3)
    return _save(figure, folder, "latency")


def draw_all(results: Mapping[str, Any], folder: Path) -> list[Path]:
    return [*matrix(results, folder), *scaling(results, folder), *latency(results, folder)]
