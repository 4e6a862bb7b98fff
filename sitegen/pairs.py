"""The file pairs of the two backends, aligned definition by definition.

The backends mirror each other file for file and function for function, so a
pair's rows are its definitions matched by name in source order (difflib over
the names); a definition with no twin gets a row of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.pysource import HEADER, Block, Module, parse

SIDES = {"fastapi": "services/fastapi_impl", "flask": "services/flask_impl"}


def slug_of(relative: str) -> str:
    """The page name of a file pair: `routes/tags.py` is `routes-tags` (source/routes-tags.html)."""
    return relative.removesuffix(".py").replace("__init__", "init").replace("/", "-").replace("_", "-")


@dataclass(frozen=True)
class Row:
    """One aligned row: the same name on both sides, or a definition only one side has."""

    name: str
    fastapi: Block | None
    flask: Block | None

    @property
    def matched(self) -> bool:
        return self.fastapi is not None and self.flask is not None


@dataclass(frozen=True)
class Pair:
    relative: str
    """The path inside either backend's package, e.g. `routes/articles.py`."""
    fastapi: Module | None
    flask: Module | None
    rows: tuple[Row, ...]

    @property
    def slug(self) -> str:
        return slug_of(self.relative)

    def lines(self, side: str) -> int:
        module = self.fastapi if side == "fastapi" else self.flask
        return module.lines if module else 0

    def code_lines(self, side: str) -> int:
        module = self.fastapi if side == "fastapi" else self.flask
        return module.code_lines if module else 0

    @property
    def matched(self) -> int:
        return sum(1 for row in self.rows if row.matched and row.name != HEADER)

    @property
    def unmatched(self) -> int:
        return sum(1 for row in self.rows if not row.matched)


def align(left: Sequence[Block], right: Sequence[Block]) -> list[Row]:
    """Rows of two block lists: headers first, then equal names side by side, in source order."""
    rows: list[Row] = []
    left_header = [block for block in left if block.name == HEADER]
    right_header = [block for block in right if block.name == HEADER]
    if left_header or right_header:
        rows.append(Row(HEADER, next(iter(left_header), None), next(iter(right_header), None)))
    left = [block for block in left if block.name != HEADER]
    right = [block for block in right if block.name != HEADER]
    matcher = difflib.SequenceMatcher(
        None, [block.name for block in left], [block.name for block in right], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(a.name, a, b) for a, b in zip(left[i1:i2], right[j1:j2], strict=True))
        else:
            rows.extend(Row(block.name, block, None) for block in left[i1:i2])
            rows.extend(Row(block.name, None, block) for block in right[j1:j2])
    return rows


def _order(relative: str) -> tuple[int, str, bool, str]:
    """Top-level files first, then each subpackage; `__init__.py` first in its folder."""
    path = PurePosixPath(relative)
    return len(path.parts), str(path.parent), path.name != "__init__.py", path.name


def discover(root: Path) -> list[Pair]:
    """Every Python file of either backend, paired with its twin by relative path."""
    found: set[str] = set()
    for folder in SIDES.values():
        found.update(path.relative_to(root / folder).as_posix() for path in (root / folder).rglob("*.py"))
    pairs = []
    for relative in sorted(found, key=_order):
        modules = {
            side: parse(root, f"{folder}/{relative}") if (root / folder / relative).exists() else None
            for side, folder in SIDES.items()
        }
        fastapi, flask = modules["fastapi"], modules["flask"]
        rows = align(fastapi.blocks if fastapi else (), flask.blocks if flask else ())
        pairs.append(Pair(relative, fastapi, flask, tuple(rows)))
    return pairs
