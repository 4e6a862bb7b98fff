"""Render every page of the site into a folder: `python -m sitegen` (what `make site` runs).

The site is built into a sibling staging folder and swapped in at the end, so
a failed build never leaves half a site behind; the output folder is only ever
replaced if an earlier build made it (it holds the MARKER file).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sitegen import (
    code_facts,
    community,
    correctness,
    ease,
    evidence,
    highlight,
    junit,
    overview,
    pairs,
    performance,
    sweeps,
    testruns,
    topics,
)
from sitegen.site import ROOT, STATIC, Options, Site

__all__ = ["MARKER", "NAV", "ROOT", "Options", "build", "render"]

MARKER = ".sitegen"
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


def render(options: Options, staging: Path) -> list[str]:
    """Every page into `staging`; the list of pages written."""
    site = Site(options, staging, NAV)
    found = pairs.discover(options.root)
    shared = list(site.shared.values())
    totals, shared_total = code_facts.totals(found, shared)
    test_sets = correctness.sets(testruns.load(options.published_tests), testruns.local(options.reports))
    main_run = test_sets[0].main if test_sets else None
    report = main_run.report if main_run else None
    shown = performance.shown(options.reports, options.published)
    contexts = [{**performance.context(item.run), "shown": item} for item in shown]
    trap = next((context for context in contexts if context["trap"]), None)
    all_topics = topics.load(options.root)
    groups = code_facts.dependency_groups(options.root)

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
        perfs=contexts,
        report=report,
        contract=contract,
        spec_parity=spec_parity,
        generated=generated,
        test_title=test_sets[0].title.lower() if test_sets else "",
        answers=overview.answers(
            options.root,
            shown,
            test_sets[0] if test_sets else None,
            {"totals": totals, "shared_total": shared_total, "groups": groups, "topics": len(all_topics)},
        ),
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
            block_uses=lambda block, side, pair=pair: code_facts.block_uses(
                pair.fastapi if side == "fastapi" else pair.flask, block
            ),
        )
    for name, module in site.shared.items():
        site.page(
            f"shared/{name.rsplit('.', 1)[-1]}.html",
            "shared_module.html.j2",
            module=module,
            callers=code_facts.callers(found, name),
        )
    site.page(
        "features.html",
        "features.html.j2",
        topics=all_topics,
        perf=trap,
        dependency_groups=groups,
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
            **_sweep(item, staging, options.published),
        )
    site.page(
        "correctness.html",
        "correctness.html.j2",
        sets=[correctness.context(item) for item in test_sets],
        published=any(item.key == "published" for item in test_sets),
        local=any(item.key == "local" for item in test_sets),
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


def _sweep(item: performance.Shown | None, staging: Path, published: Path) -> dict[str, Any]:
    """The published sweep for a published run's engine (`sweeps.folder_for` under `published`,
    docs/bench), its files copied once for every page that shows it."""
    if item is None or item.origin != "published":
        return {"sweep": None}
    source = sweeps.folder_for(item.key, published)
    folder = f"performance/{source.name}"
    found = sweeps.published(item.key, source)
    return {
        "sweep": found,
        "sweep_dir": folder,
        "sweep_assets": sweeps.copy_assets(staging / folder, source) if found else [],
    }
