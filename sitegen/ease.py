"""Ease of development, measured from the code: `measure(root)` returns every figure of the Ease page.

Lines come from the paired source (`sitegen.pairs`, counted by
`sitegen.pysource`), the hand-written declarations from `sitegen.handwritten`,
the packages and their size on disk from the installed distributions
(`sitegen.packages`), the worked example is cut from the source by name, and
the cold start is read from the file `python -m sitegen.cold_start` writes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from sitegen import cold_start, handwritten, packages, pairs, pysource
from sitegen.handwritten import Declaration

SIDES = ("fastapi", "flask")
EXAMPLE = ("routes/tags.py", "list_tags")
"""The worked example: one route, the same file and name on both sides."""


@dataclass(frozen=True)
class Lines:
    """Physical lines, and lines holding code (no blank line, comment or docstring)."""

    lines: int
    code: int


@dataclass(frozen=True)
class Concern:
    """A group of paired files (a top-level file, or a folder such as routes/), counted per side."""

    name: str
    files: tuple[str, ...]
    """Paths inside either backend's package."""
    sides: dict[str, Lines]
    api: bool
    """False for files only the benchmark mounts (handwritten.BENCHMARK_ONLY)."""


@dataclass(frozen=True)
class Installed:
    name: str
    version: str
    licence: str
    bytes: int
    """On disk, from the files the distribution's RECORD lists (packages.install_size)."""


@dataclass(frozen=True)
class Needs:
    """The third-party distributions one part of the code needs, as installed here."""

    part: str
    """"fastapi", "flask" or "shared"."""
    direct: tuple[Installed, ...]
    """The distributions its import statements name."""
    closure: tuple[Installed, ...]
    """Those and their requirements, transitively; for a side, less what the shared core needs already."""

    @property
    def bytes(self) -> int:
        return sum(item.bytes for item in self.closure)


@dataclass(frozen=True)
class HandWritten:
    """The declarations generated from the code, per side (an empty list where a side has none)."""

    documented: dict[str, list[Declaration]]
    error_types: dict[str, list[Declaration]]
    messages: dict[str, list[Declaration]]
    handlers: dict[str, list[Declaration]]
    without_twin: dict[str, list[Declaration]]

    def error_kinds(self, side: str) -> list[str]:
        """The distinct validation error types a side maps, in order (a label is `type → message`)."""
        return list(dict.fromkeys(item.label.split(" → ", 1)[0] for item in self.error_types[side]))


@dataclass(frozen=True)
class Example:
    """One route on both sides with what it uses from its own file and from the side's schemas."""

    route: str
    """`routes/tags.py · list_tags`."""
    snippets: dict[str, list[pysource.Snippet]]

    def lines(self, side: str) -> int:
        return sum(snippet.end - snippet.start + 1 for snippet in self.snippets[side])


@dataclass(frozen=True)
class Ease:
    concerns: tuple[Concern, ...]
    totals: dict[str, Lines]
    """The API's files per side (benchmark-only files left out)."""
    hand_written: HandWritten
    needs: dict[str, Needs]
    """Keyed "fastapi", "flask", "shared"."""
    example: Example
    cold_start: cold_start.ColdStart | None
    cold_start_file: str
    """Where the cold start measurement is read from, relative to the repository root."""


def concern_of(relative: str) -> str:
    """The concern of a file: its folder (`routes/tags.py` is `routes`), else its name without `.py`."""
    return relative.split("/", 1)[0] if "/" in relative else relative.removesuffix(".py")


def concerns(found: list[pairs.Pair]) -> list[Concern]:
    """The paired files grouped by concern, in `pairs.discover` order; benchmark-only files apart."""
    groups: dict[tuple[str, bool], list[pairs.Pair]] = {}
    for pair in found:
        api = pair.relative not in handwritten.BENCHMARK_ONLY
        name = concern_of(pair.relative) if api else pair.relative.removesuffix(".py")
        groups.setdefault((name, api), []).append(pair)
    return [
        Concern(
            name,
            tuple(pair.relative for pair in group),
            {
                side: Lines(sum(p.lines(side) for p in group), sum(p.code_lines(side) for p in group))
                for side in SIDES
            },
            api,
        )
        for (name, api), group in groups.items()
    ]


def _installed(name: str) -> Installed:
    described = packages.describe(name)
    return Installed(described.name, described.version, described.licence, packages.install_size(name))


def _imported(root: Path, folder: str) -> list[str]:
    return packages.distributions_of(
        used.top
        for path in sorted((root / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for used in pysource.parse(root, path.relative_to(root).as_posix()).imports.values()
    )


def needs(root: Path) -> dict[str, Needs]:
    """What each side and the shared core import, with their requirements and size on disk."""
    core_direct = _imported(root, "shared")
    core = packages.closure(core_direct)
    found = {"shared": Needs("shared", tuple(map(_installed, core_direct)), tuple(map(_installed, core)))}
    for side in SIDES:
        direct = _imported(root, pairs.SIDES[side])
        own = [name for name in packages.closure(direct) if name not in core]
        found[side] = Needs(side, tuple(map(_installed, direct)), tuple(map(_installed, own)))
    return found


def _schema_module(side: str) -> str:
    return f"{pairs.SIDES[side].replace('/', '.')}.schemas"


def example(root: Path, relative: str = EXAMPLE[0], name: str = EXAMPLE[1]) -> Example:
    """The route `name` in `relative` on each side, with the definitions of its own file it names and
    the schema classes it imports, as snippets in file order (schemas first).

    Raises LookupError when either side lacks the route.
    """
    snippets: dict[str, list[pysource.Snippet]] = {}
    for side in SIDES:
        module = pysource.parse(root, f"{pairs.SIDES[side]}/{relative}")
        route = pysource.extract(module, name)
        block = module.block(name)
        assert block is not None  # extract raised otherwise
        named = {
            node.id for statement in block.nodes for node in ast.walk(statement) if isinstance(node, ast.Name)
        }
        schemas = [
            pysource.extract(pysource.parse(root, used.module.replace(".", "/") + ".py"), used.name)
            for local, used in module.imports.items()
            if local in named and used.name and used.module.startswith(_schema_module(side))
        ]
        local = [
            pysource.extract(module, other.name)
            for other in module.blocks
            if other.name != name and other.kind == "assignment" and named & set(other.name.split(", "))
        ]
        snippets[side] = [*schemas, *local, route]
    return Example(f"{relative} · {name}", snippets)


def measure(root: Path) -> Ease:
    """Every figure of the Ease page for the repository at `root`."""
    found = pairs.discover(root)
    grouped = concerns(found)
    totals = {
        side: Lines(
            sum(concern.sides[side].lines for concern in grouped if concern.api),
            sum(concern.sides[side].code for concern in grouped if concern.api),
        )
        for side in SIDES
    }
    hand = HandWritten(
        documented={"fastapi": [], "flask": handwritten.documented_calls(root)},
        error_types={"fastapi": handwritten.error_type_map(root), "flask": []},
        messages={side: handwritten.message_uses(root, side) for side in SIDES},
        handlers={side: handwritten.error_handlers(root, side) for side in SIDES},
        without_twin={side: handwritten.without_twin(root, side) for side in SIDES},
    )
    return Ease(
        concerns=tuple(grouped),
        totals=totals,
        hand_written=hand,
        needs=needs(root),
        example=example(root),
        cold_start=cold_start.load(root / cold_start.RESULT),
        cold_start_file=cold_start.RESULT.as_posix(),
    )
