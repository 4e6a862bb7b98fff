"""The report's charts with matplotlib (Agg, no display): each written as PNG and SVG."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from bench import analysis, sweep_analysis
from bench.sweep_reads import GOAL

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


MARKERS = {"sqlite": "o", "postgresql": "s"}
COLUMNS = 4


def _short(articles: int) -> str:
    """An axis label for a number of articles: 300, 10k, 1M."""
    for step, suffix in ((1_000_000, "M"), (1_000, "k")):
        if articles >= step and articles % step == 0:
            return f"{articles // step}{suffix}"
    return f"{articles:,}"


def scaling(results: Mapping[str, Any], folder: Path) -> list[Path]:
    """Per read of the sweep, one panel: p50 (solid) and p99 (dashed) latency in ms against the number
    of articles (both axes log), one color per stack, one marker per database."""
    rows = sweep_analysis.scaling_rows(results)
    reads = list(dict.fromkeys(row["read"] for row in rows)) or ["list"]
    ticks = sorted({row["articles"] for row in rows})
    columns = min(COLUMNS, len(reads))
    lines = -(-len(reads) // columns)
    figure, axes = plt.subplots(
        lines, columns, figsize=(3.6 * columns, 3.0 * lines + 0.8), squeeze=False, sharex=True
    )
    for axis, read in zip(axes.flat, reads, strict=False):
        series = sorted({(row["engine"], row["stack"]) for row in rows if row["read"] == read})
        for engine, stack in series:
            points = sorted(
                (row["articles"], row["p50_ms"], row["p99_ms"])
                for row in rows
                if row["read"] == read and row["engine"] == engine and row["stack"] == stack
            )
            sizes = [point[0] for point in points]
            color, marker = COLORS.get(stack), MARKERS.get(engine, "^")
            label = f"{stack} ({engine})"
            axis.plot(sizes, [p[1] for p in points], "-", marker=marker, color=color, label=label)
            axis.plot(sizes, [p[2] for p in points], "--", marker=marker, color=color, alpha=0.45, ms=3)
            if len(points) > 1:  # the goal: the p50 at the largest size under this line
                axis.hlines(GOAL * points[0][1], sizes[0], sizes[-1], colors=color, linestyles=":", lw=1)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))
        axis.yaxis.set_minor_formatter(NullFormatter())
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.set_xticks(ticks, [_short(size) for size in ticks])
        axis.set_title(read, fontsize="medium")
        axis.grid(alpha=0.3, which="both")
    for axis in axes.flat[len(reads) :]:
        axis.set_visible(False)
    for axis in axes[-1]:
        axis.set_xlabel("articles (log)")
    for axis in axes[:, 0]:
        axis.set_ylabel("ms (log)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        figure.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize="small")
    figure.suptitle(
        "Latency as the data grows (closed loop, 1 connection): p50 solid, p99 dashed, "
        f"dotted {GOAL:g}x the p50 at the smallest size"
    )
    figure.tight_layout(rect=(0, 0.05, 1, 0.97))
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
    """Every chart of the run: the matrix and latency charts only where a matrix ran (not `--only sweep`)."""
    if not results["matrix"]["cells"]:
        return scaling(results, folder)
    return [*matrix(results, folder), *scaling(results, folder), *latency(results, folder)]
