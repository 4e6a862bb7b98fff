"""The "Feature by feature" topics: prose from topics.toml, snippets and packages from the code.

A topic names definitions (`path:name`); each is cut from the current source
with `pysource.extract`, and the packages a side needs for it are the installed
distributions its snippets import from. A name that no longer exists fails the
build, so the page cannot show code the project no longer has.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from sitegen import packages, pysource

TOPICS = Path(__file__).resolve().parent / "topics.toml"
SIDES = ("fastapi", "flask", "both")
CODE = re.compile(r"`([^`]+)`")
EMPHASIS = re.compile(r"\*([^*]+)\*")


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    question: str
    explanation: str
    snippets: dict[str, list[pysource.Snippet]]
    packages: dict[str, list[packages.Package]]
    evidence: str | None = None
    """A benchmark table shown with the topic (`trap`), from the newest run."""


def prose(text: str) -> Markup:
    """Paragraphs of plain text, with `code` and *emphasis*; everything else escaped."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n") if part.strip()]
    html = []
    for paragraph in paragraphs:
        marked = EMPHASIS.sub(r"<em>\1</em>", CODE.sub(r"<code>\1</code>", str(escape(paragraph))))
        html.append(f"<p>{marked}</p>")
    return Markup("\n".join(html))


def inline(text: str) -> Markup:
    """One line of prose with `code`, without a paragraph around it."""
    return Markup(CODE.sub(r"<code>\1</code>", str(escape(" ".join(text.split())))))


@functools.cache
def module(root: Path, relative: str) -> pysource.Module:
    return pysource.parse(root, relative)


def snippet(root: Path, reference: str) -> pysource.Snippet:
    """`path:name`, `path:Class.member` or `path` (the whole file), cut from the source under `root`."""
    relative, _, symbol = reference.partition(":")
    return pysource.extract(module(root, relative), symbol or None)


def side_packages(snippets: list[pysource.Snippet], extra: list[str]) -> list[packages.Package]:
    modules = [used.top for item in snippets for used in item.uses]
    names = packages.distributions_of(modules)
    names += [packages.canonical(name) for name in extra if packages.canonical(name) not in names]
    return [packages.describe(name) for name in names]


def _topic(root: Path, raw: dict[str, Any]) -> Topic:
    snippets = {side: [snippet(root, reference) for reference in raw.get(side, [])] for side in SIDES}
    return Topic(
        id=raw["id"],
        title=raw["title"],
        question=raw["question"],
        explanation=raw["explanation"],
        snippets=snippets,
        packages={
            side: side_packages(snippets[side], raw.get(f"{side}_packages", []))
            for side in ("fastapi", "flask")
        },
        evidence=raw.get("evidence"),
    )


def load(root: Path, path: Path = TOPICS) -> list[Topic]:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    return [_topic(root, raw) for raw in document["topic"]]
