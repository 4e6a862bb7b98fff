"""Third-party packages as installed: from an imported module to its distribution's name, version and licence.

Everything comes from `importlib.metadata`, so the tables show what this
environment really runs, and a dependency bump shows up on the next build.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

FIRST_PARTY = frozenset({"shared", "services", "tools", "tests", "bench", "sitegen", "gunicorn_common"})
LICENCE_FIELD_MAX = 60
"""A `License` field longer than this is the whole licence text, not its name."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str
    summary: str


def canonical(name: str) -> str:
    """PEP 503's normalized name: `Flask_Cors` and `flask-cors` are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _distributions_by_module() -> dict[str, list[str]]:
    return {module: list(names) for module, names in metadata.packages_distributions().items()}


def distributions_of(modules: Iterable[str]) -> list[str]:
    """The installed distributions that provide these top-level modules, in order, without repeats.

    The standard library and this repository's own packages are left out; a
    module no installed distribution provides is skipped.
    """
    found: dict[str, None] = {}
    for module in modules:
        top = module.split(".", 1)[0]
        if top in FIRST_PARTY or top in sys.stdlib_module_names:
            continue
        for name in _distributions_by_module().get(top, []):
            found[canonical(name)] = None
    return list(found)


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    """A metadata field, empty when absent (`meta[name]` alone warns about absent ones on newer Pythons)."""
    return (meta[name] or "").strip() if name in meta else ""


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence as the package declares it: SPDX expression, short `License` field, or classifier."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    field = _field(meta, "License")
    if field and "\n" not in field and len(field) <= LICENCE_FIELD_MAX:
        return field
    classifiers = [
        classifier.rsplit(" :: ", 1)[-1]
        for classifier in meta.get_all("Classifier") or []
        if classifier.startswith("License ::") and not classifier.endswith(":: OSI Approved")
    ]
    if classifiers:
        return ", ".join(classifiers)
    return field.splitlines()[0][:LICENCE_FIELD_MAX] if field else "not declared"


@functools.cache
def describe(name: str) -> Package:
    """Name (as the package spells it), version, licence and summary of an installed distribution."""
    meta = metadata.metadata(name)
    return Package(
        name=_field(meta, "Name") or name,
        version=_field(meta, "Version") or "?",
        licence=licence_of(meta),
        summary=_field(meta, "Summary"),
    )


def requirements_of(name: str) -> list[str]:
    """The installed distributions `name` needs at run time here: extras left out, markers evaluated."""
    needed = []
    for line in metadata.requires(name) or []:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        needed.append(canonical(requirement.name))
    return needed


def closure(names: Iterable[str]) -> list[str]:
    """`names` and everything they need, transitively, sorted."""
    seen: set[str] = set()
    pending = [canonical(name) for name in names]
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(requirements_of(name))
    return sorted(seen)


@functools.cache
def install_size(name: str) -> int:
    """Bytes on disk of an installed distribution: the files its RECORD lists, as they are now.

    Each listed file is measured with `stat` (RECORD leaves the size of `.pyc`
    files out); a listed file that is missing counts 0. Raises
    `importlib.metadata.PackageNotFoundError` when `name` is not installed.
    """
    total = 0
    for file in metadata.distribution(name).files or []:
        path = Path(str(file.locate()))
        if path.is_file():
            total += path.stat().st_size
    return total
