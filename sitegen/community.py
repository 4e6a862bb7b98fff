"""Community facts from `docs/community.toml`: dated, each with its source, read and checked.

The file is written by `python -m sitegen.community_fetch` (the facts from
PyPI's JSON API) and by hand (the notes: facts read from this repository's own
code, each with the file it comes from and a phrase that file must contain).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FILE = Path("docs") / "community.toml"
"""Where the facts are kept, relative to the repository root."""
WINDOW_MONTHS = 24
PROJECTS = (
    ("fastapi", "fastapi", "web framework"),
    ("flask", "flask", "web framework"),
    ("pydantic", "fastapi", "schema library"),
    ("marshmallow", "flask", "schema library"),
    ("flasgger", "flask", "API document UI"),
)
"""(PyPI name, the side that uses it, its role there), in the order of the table."""
FACTS = (
    ("first_release", "First release"),
    ("releases_24_months", f"Releases in the last {WINDOW_MONTHS} months"),
    ("latest_release", "Latest release"),
    ("last_upload", "Newest upload"),
    ("licence", "Licence"),
    ("organisation", "PyPI organisation"),
    ("repository", "Repository"),
    ("python", "Supported Python"),
)
"""(key, label) of every fact a project must have, in the order of the table."""


@dataclass(frozen=True)
class Fact:
    """One fact: its value, or why it is missing; the date it was taken and its source URL."""

    value: str | int | None
    missing: str | None
    taken: str
    source: str
    how: str


@dataclass(frozen=True)
class Note:
    """A fact read from this repository: the text, the file (repository path) and the phrase it contains."""

    text: str
    source: str
    quote: str
    taken: str


@dataclass(frozen=True)
class Project:
    name: str
    side: str
    role: str
    page: str
    facts: dict[str, Fact]
    """Keyed by the keys of FACTS, all present."""
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Community:
    taken: str
    window_months: int
    projects: tuple[Project, ...]


def _require(table: dict[str, Any], key: str, where: str, path: Path) -> Any:
    if key not in table:
        raise ValueError(f"{path}: {where} has no {key!r}")
    return table[key]


def _fact(table: Any, where: str, path: Path) -> Fact:
    if not isinstance(table, dict):
        raise ValueError(f"{path}: {where} must be a table")
    if ("value" in table) == ("missing" in table):
        raise ValueError(f"{path}: {where} needs exactly one of 'value' and 'missing'")
    return Fact(
        value=table.get("value"),
        missing=table.get("missing"),
        taken=str(_require(table, "taken", where, path)),
        source=str(_require(table, "source", where, path)),
        how=str(table.get("how", "")),
    )


def _note(table: dict[str, Any], where: str, path: Path) -> Note:
    return Note(
        **{key: str(_require(table, key, where, path)) for key in ("text", "source", "quote", "taken")}
    )


def _project(table: dict[str, Any], index: int, path: Path) -> Project:
    where = f"project {index + 1}"
    name = str(_require(table, "name", where, path))
    where = f"project {name!r}"
    return Project(
        name=name,
        side=str(_require(table, "side", where, path)),
        role=str(_require(table, "role", where, path)),
        page=str(_require(table, "page", where, path)),
        facts={key: _fact(_require(table, key, where, path), f"{where}.{key}", path) for key, _ in FACTS},
        notes=tuple(
            _note(note, f"{where} note {number + 1}", path)
            for number, note in enumerate(table.get("notes", []))
        ),
    )


def load(path: Path) -> Community | None:
    """The facts in `path`, checked; None when the file does not exist.

    Raises ValueError naming the file and the key when a project lacks a fact,
    a fact has neither a value nor a reason it is missing, or a note lacks a field.
    """
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    projects = tuple(
        _project(table, index, path)
        for index, table in enumerate(_require(data, "project", "the file", path))
    )
    return Community(
        taken=str(_require(data, "taken", "the file", path)),
        window_months=int(_require(data, "window_months", "the file", path)),
        projects=projects,
    )


def unquoted(community: Community, root: Path) -> list[str]:
    """Each note whose phrase is no longer in the file it cites, as `project: source`; empty when all hold."""
    return [
        f"{project.name}: {note.source}"
        for project in community.projects
        for note in project.notes
        if not (root / note.source).is_file()
        or note.quote not in (root / note.source).read_text(encoding="utf-8")
    ]
