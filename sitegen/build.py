"""Render every page of the site into a folder: `python -m sitegen` (what `make site` runs).

The site is built into a sibling staging folder and swapped in at the end, so
a failed build never leaves half a site behind; the output folder is only ever
replaced if an earlier build made it (it holds the MARKER file).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from sitegen import (
    community,
    ease,
    evidence,
    highlight,
    junit,
    packages,
    pairs,
    performance,
    pysource,
    topics,
)

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
MARKER = ".sitegen"
JUNIT = Path("tests") / "junit.xml"
"""Where `make test` writes its report, under the reports folder."""
SIDES = (("fastapi", "FastAPI"), ("flask", "Flask"))
NAV = (
    ("index.html", "Overview"),
    ("source/index.html", "Paired source"),
    ("features.html", "Feature by feature"),
    ("performance.html", "Performance"),
    ("correctness.html", "Correctness"),
    ("ease.html", "Ease of development"),
    ("community.html", "Community"),
)
CHART_TITLES = {
    "matrix": "Requests/s per workload and stack, and the FastAPI/Flask ratios",
    "latency": "Latency percentiles per stack (closed-loop)",
    "scaling": "Latency as the number of articles grows",
}


@dataclass(frozen=True)
class Options:
    root: Path = ROOT
    out: Path = ROOT / "site"
    reports: Path = ROOT / "reports"
    published: Path = performance.PUBLISHED
    """The runs the project publishes (docs/bench/<database>/), shown even on a fresh clone."""
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

    def __init__(self, options: Options, staging: Path) -> None:
        self.options = options
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
            nav=NAV,
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
        section = next((href for href, _ in NAV if href == relative), None)
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


def _block_uses(pair_module: pysource.Module | None, block: pysource.Block) -> tuple[pysource.Imported, ...]:
    if pair_module is None:
        return ()
    return tuple(used for used in pysource.uses_of(block.nodes, pair_module.imports) if used.top == "shared")


def _totals(found: list[pairs.Pair], shared: list[pysource.Module]) -> tuple[dict[str, Any], dict[str, int]]:
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


def _callers(found: list[pairs.Pair], module_name: str) -> list[tuple[pairs.Pair, list[str]]]:
    """The pairs whose definitions call into one shared module, with those definitions' names."""
    callers = []
    for pair in found:
        names: dict[str, None] = {}
        for row in pair.rows:
            for side_module, block in ((pair.fastapi, row.fastapi), (pair.flask, row.flask)):
                if (
                    row.name
                    and block is not None
                    and any(used.module == module_name for used in _block_uses(side_module, block))
                ):
                    names[row.name] = None
        if names:
            callers.append((pair, list(names)))
    return callers


def _dependency_groups(root: Path) -> list[dict[str, Any]]:
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


def render(options: Options, staging: Path) -> list[str]:
    """Every page into `staging`; the list of pages written."""
    site = Site(options, staging)
    found = pairs.discover(options.root)
    shared = list(site.shared.values())
    totals, shared_total = _totals(found, shared)
    report = junit.read(options.reports / JUNIT)
    shown = performance.shown(options.reports, options.published)
    contexts = [{**performance.context(item.run), "shown": item} for item in shown]
    perf = contexts[0] if contexts else None
    trap = next((context for context in contexts if context["trap"]), None)
    all_topics = topics.load(options.root)

    counted = evidence.claims(report) if report else []
    by_title = {item.claim.title: item.tally for item in counted}
    contract = (
        {
            backend: by_title[evidence.contract(backend).title]
            for backend in junit.BACKENDS
            if by_title[evidence.contract(backend).title].total  # a configuration the run left out
        }
        if report
        else {}
    )
    generated = junit.count(
        case
        for case in (report.cases if report else ())
        if case.module in {evidence.SCHEMATHESIS, evidence.DIFFERENTIAL}
    )
    spec_parity = junit.count(
        case for case in (report.cases if report else ()) if case.function == evidence.SPEC_PARITY
    )

    site.page(
        "index.html",
        "index.html.j2",
        pairs=found,
        totals=totals,
        shared_total=shared_total,
        topics=all_topics,
        perf=perf,
        report=report,
        contract=contract,
        spec_parity=spec_parity,
        generated=generated,
        urls={"fastapi": options.fastapi_url.rstrip("/"), "flask": options.flask_url.rstrip("/")},
    )
    site.page(
        "source/index.html",
        "source_index.html.j2",
        pairs=found,
        totals=totals,
        shared_modules=shared,
        shared_total=shared_total,
    )
    for index, pair in enumerate(found):
        site.page(
            f"source/{pair.slug}.html",
            "pair.html.j2",
            pair=pair,
            previous=found[index - 1] if index else None,
            following=found[index + 1] if index + 1 < len(found) else None,
            block_uses=lambda block, side, pair=pair: _block_uses(
                pair.fastapi if side == "fastapi" else pair.flask, block
            ),
        )
    for name, module in site.shared.items():
        site.page(
            f"shared/{name.rsplit('.', 1)[-1]}.html",
            "shared_module.html.j2",
            module=module,
            callers=_callers(found, name),
        )
    site.page(
        "features.html",
        "features.html.j2",
        topics=all_topics,
        perf=trap,
        dependency_groups=_dependency_groups(options.root),
    )
    pages: list[dict[str, Any] | None] = list(contexts) or [None]  # no run: the page says how to make one
    for context in pages:
        item = context["shown"] if context else None
        folder = f"performance/{item.key}" if item else "performance"
        site.page(
            item.page if item else "performance.html",
            "performance.html.j2",
            perf=context,
            shown=shown,
            runs=performance.runs(options.reports),
            assets=performance.copy_assets(item.run, staging / folder) if item else [],
            answer=(
                performance.answer(options.root / "README.md")
                if item and item.origin == "published" and item.key == "postgresql"
                else None
            ),
            asset_dir=folder,
            chart_titles=CHART_TITLES,
        )
    site.page(
        "correctness.html",
        "correctness.html.j2",
        report=report,
        total=report.tally() if report else None,
        claims=counted,
        backends=evidence.per_backend(report) if report else {},
        suites=evidence.suites(report) if report else {},
        failures=report.failures() if report else [],
        skipped=[case for case in report.cases if case.status == "skipped"] if report else [],
    )
    site.page("ease.html", "ease.html.j2", ease=ease.measure(options.root))
    facts = community.load(options.root / community.FILE)
    site.page(
        "community.html",
        "community.html.j2",
        community=facts,
        community_file=community.FILE.as_posix(),
        facts=community.FACTS,
        stale=community.unquoted(facts, options.root) if facts else [],
        pair_slug=lambda path: pairs.slug_of(path.split("/", 2)[2]),
    )
    static = staging / "static"
    shutil.copytree(STATIC, static, dirs_exist_ok=True)
    (static / "pygments.css").write_text(highlight.stylesheet(), encoding="utf-8")
    return site.written


def build(options: Options) -> list[str]:
    """Build into a staging folder next to `options.out`, then put it in place."""
    out = options.out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and was not made by sitegen: refusing to replace it")
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        written = render(options, staging)
        (staging / MARKER).write_text(
            "made by `python -m sitegen`; replaced on every build\n", encoding="utf-8"
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return written
