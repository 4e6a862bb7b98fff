"""The site's rendering machinery: build options, the Jinja2 environment, and each page written.

`Site.page` renders one template into the staging folder with the globals every
page uses (navigation, the two sides, number formatting, highlighting).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from sitegen import highlight, junit, performance, pysource, testruns, topics

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
SIDES = (("fastapi", "FastAPI"), ("flask", "Flask"))


@dataclass(frozen=True)
class Options:
    root: Path = ROOT
    out: Path = ROOT / "site"
    reports: Path = ROOT / "reports"
    published: Path = performance.PUBLISHED
    """The runs the project publishes (docs/bench/<database>/), shown even on a fresh clone."""
    published_tests: Path = testruns.PUBLISHED
    """The test report the project publishes (docs/tests/report.json)."""
    fastapi_url: str = "http://localhost:8001"
    flask_url: str = "http://localhost:8002"


def num(value: float, digits: int = 0) -> str:
    """A figure with thousands separators and a fixed number of decimals."""
    return f"{value:,.{digits}f}"


def row_id(name: str) -> str:
    """The anchor of a definition's row: `list_query, page_query` becomes `row-list_query-page_query`."""
    return "row-" + (re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-") or "header")


def _commit(root: Path) -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    return completed.stdout.strip() or "unknown"


def shared_modules(root: Path) -> list[pysource.Module]:
    """The core's own modules (shared/*.py); the migrations are data, not called code."""
    return [
        pysource.parse(root, path.relative_to(root).as_posix())
        for path in sorted((root / "shared").glob("*.py"))
        if path.name != "__init__.py"
    ]


class Site:
    """The Jinja2 environment and the pages written so far, into a staging folder."""

    def __init__(self, options: Options, staging: Path, nav: Sequence[tuple[str, str]]) -> None:
        self.options = options
        self.nav = tuple(nav)
        self.staging = staging
        self.written: list[str] = []
        self.shared = {
            module.path.removesuffix(".py").replace("/", "."): module
            for module in shared_modules(options.root)
        }
        self.environment = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.globals.update(
            nav=self.nav,
            sides=SIDES,
            num=num,
            row_id=row_id,
            highlight=highlight.highlight,
            prose=topics.prose,
            inline=topics.inline,
            labels=junit.LABELS,
            build={"commit": _commit(options.root), "time": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")},
        )

    def page(self, relative: str, template: str, **context: Any) -> None:
        root = "../" * relative.count("/")
        section = next((href for href, _ in self.nav if href == relative), None)
        if section is None and relative.startswith("source/"):
            section = "source/index.html"
        html = self.environment.get_template(template).render(
            root=root,
            section=section,
            shared_links=lambda uses: self.shared_links(uses, root),
            **context,
        )
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.written.append(relative)

    def shared_links(self, uses: Iterable[pysource.Imported], root: str) -> list[tuple[str, str]]:
        """(label, href) of each use of the shared core, pointing at the line that defines it."""
        links = []
        for used in uses:
            module = self.shared.get(used.module)
            if module is None:
                continue
            href = f"{root}shared/{used.module.rsplit('.', 1)[-1]}.html"
            block = module.block(used.name) if used.name else None
            if block is not None:
                href += f"#L-{block.start}"
            links.append((f"{used.module}.{used.name}" if used.name else used.module, href))
        return links
