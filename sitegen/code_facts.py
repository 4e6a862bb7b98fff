"""Facts the source pages show, read from the code: calls into the shared core, line totals, packages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitegen import packages, pairs, pysource
from sitegen.site import SIDES


def block_uses(pair_module: pysource.Module | None, block: pysource.Block) -> tuple[pysource.Imported, ...]:
    if pair_module is None:
        return ()
    return tuple(used for used in pysource.uses_of(block.nodes, pair_module.imports) if used.top == "shared")


def totals(found: list[pairs.Pair], shared: list[pysource.Module]) -> tuple[dict[str, Any], dict[str, int]]:
    totals: dict[str, Any] = {
        side: {
            "lines": sum(pair.lines(side) for pair in found),
            "code": sum(pair.code_lines(side) for pair in found),
        }
        for side, _ in SIDES
    }
    totals["matched"] = sum(pair.matched for pair in found)
    totals["unmatched"] = sum(pair.unmatched for pair in found)
    core = {
        "lines": sum(module.lines for module in shared),
        "code": sum(module.code_lines for module in shared),
    }
    return totals, core


def callers(found: list[pairs.Pair], module_name: str) -> list[tuple[pairs.Pair, list[str]]]:
    """The pairs whose definitions call into one shared module, with those definitions' names."""
    callers = []
    for pair in found:
        names: dict[str, None] = {}
        for row in pair.rows:
            for side_module, block in ((pair.fastapi, row.fastapi), (pair.flask, row.flask)):
                if (
                    row.name
                    and block is not None
                    and any(used.module == module_name for used in block_uses(side_module, block))
                ):
                    names[row.name] = None
        if names:
            callers.append((pair, list(names)))
    return callers


def dependency_groups(root: Path) -> list[dict[str, Any]]:
    """Third-party distributions imported by each backend's package and by the shared core."""
    groups = []
    for title, folder in (
        ("FastAPI side", "services/fastapi_impl"),
        ("Flask side", "services/flask_impl"),
        ("Shared core (both)", "shared"),
    ):
        modules = [
            used.top
            for path in sorted((root / folder).rglob("*.py"))
            if "migrations" not in path.parts
            for used in pysource.parse(root, path.relative_to(root).as_posix()).imports.values()
        ]
        names = packages.distributions_of(modules)
        described = sorted((packages.describe(name) for name in names), key=lambda found: found.name.lower())
        groups.append(
            {
                "title": title,
                "packages": described,
                "closure": packages.closure(names),
            }
        )
    return groups
