"""The overview's answers to the four questions, each sentence built from the figures that decide it.

Performance comes from the benchmark runs (`sitegen.speed`), features from the
test report and the code, ease of development from the paired source and, once
the repository has them, `sitegen.ease.measure(root)`; community from
`sitegen.community.load(root / community.FILE)`. A figure that is missing makes
its sentence say so. Every figure links to the page (and anchor) it comes from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from markupsafe import Markup

from sitegen import evidence, junit, performance, speed
from sitegen.correctness import Shown as TestSet

QUESTIONS = (
    ("performance", "Which is faster?"),
    ("features", "Which has more features?"),
    ("ease", "Which is easier to develop with?"),
    ("community", "Which has the stronger community?"),
)


@dataclass(frozen=True)
class Answer:
    key: str
    question: str
    sentences: tuple[Markup, ...]


def link(text: object, href: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def optional(name: str) -> ModuleType | None:
    """`sitegen.<name>` when this checkout has it, else None."""
    try:
        return importlib.import_module(f"sitegen.{name}")
    except ModuleNotFoundError:
        return None


def features(test_set: TestSet | None, groups: list[dict[str, Any]], topic_count: int) -> list[Markup]:
    """The contract suite per backend and spec parity (the test report), and the packages each side imports.

    `groups` are `code_facts.dependency_groups`: the FastAPI side, the Flask side, the shared core.
    """
    found = []
    main = test_set.main if test_set else None
    if test_set is None or main is None:
        found.append(
            Markup(
                "No test report is published or present here: whether both backends pass the "
                "same contract suite is not measured yet."
            )
        )
    else:
        href = f"correctness.html#{test_set.key}-claims"
        counted = {item.claim.title: item.tally for item in evidence.claims(main.report)}
        contract = [
            Markup("{} against {}").format(link(f"{tally.passed}/{tally.total}", href), junit.LABELS[backend])
            for backend in junit.BACKENDS
            if (tally := counted[evidence.contract(backend).title]).total
        ]
        parity = next(tally for title, tally in counted.items() if title.startswith("Spec parity"))
        found.append(
            Markup(
                "Both backends implement one API: in the {} (<code>{}</code>), the contract suite passes {}, "
                "and the test that both OpenAPI documents describe the same operations {} ({})."
            ).format(
                test_set.title.lower(),
                main.suite.command,
                Markup(", ").join(contract),
                parity.verdict,
                link(f"{parity.passed}/{parity.total}", href),
            )
        )
        found.append(_suites(test_set))
    sides = [group for group in groups if not group["title"].startswith("Shared")]
    if sides:
        parts = Markup("; ").join(
            Markup("the {} imports {} ({}), {} with their requirements").format(
                group["title"],
                link(len(group["packages"]), "features.html#packages"),
                ", ".join(package.name for package in group["packages"]),
                len(group["closure"]),
            )
            for group in sides
        )
        found.append(
            Markup("What differs is what each side takes from third-party packages: {}.").format(parts)
        )
    found.append(
        Markup(
            "The feature page sets the code of {} topics side by side, each with the packages it needed."
        ).format(link(topic_count, "features.html"))
    )
    return found


def _suites(test_set: TestSet) -> Markup:
    """Every suite of the report, passed or with its failures named, linked to the page's tables."""
    parts = []
    for run in test_set.runs:
        tally = run.report.tally()
        failed = run.report.failures()
        if failed:
            names = "; ".join(f"{case.module.rsplit('.', 1)[-1]}::{case.name}" for case in failed)
            parts.append(
                Markup("<code>{}</code> {} passed, {} failed ({})").format(
                    run.suite.command,
                    f"{tally.passed:,}",
                    link(len(failed), f"correctness.html#{test_set.key}-failures"),
                    names,
                )
            )
        else:
            parts.append(Markup("<code>{}</code> {} passed").format(run.suite.command, f"{tally.passed:,}"))
    found = Markup("Suite by suite: {}.").format(Markup(", ").join(parts))
    published = test_set.published
    changed = performance.changes_since(published.commit) if published else None
    if published and changed:
        found += Markup(" The report ran at commit <code>{}</code>; {} later commit{} {} the code.").format(
            published.commit, changed, "s" if changed != 1 else "", "change" if changed != 1 else "changes"
        )
    return found


def ease(totals: dict[str, Any], shared_total: dict[str, int], measured: Any | None) -> list[Markup]:
    """Lines per side; with `measured` (an `ease.Ease`): hand-written declarations, install size, cold start.

    Without a measurement the lines are the paired source's (`code_facts.totals`: every paired file);
    with one they are its API files (`Ease.totals`, the benchmark-only files left out).
    """
    if measured is None:
        href = "source/index.html"
        sides = {side: (totals[side]["lines"], totals[side]["code"]) for side in ("fastapi", "flask")}
    else:
        href = "ease.html#lines"
        sides = {
            side: (measured.totals[side].lines, measured.totals[side].code) for side in ("fastapi", "flask")
        }
    found = [
        Markup(
            "For the same API{} the FastAPI side is {} lines ({} of code) and the Flask side {} "
            "({} of code): {}, over a shared core of {} lines."
        ).format(
            "" if measured is None else " (the files only the benchmark mounts left out)",
            link(f"{sides['fastapi'][0]:,}", href),
            f"{sides['fastapi'][1]:,}",
            link(f"{sides['flask'][0]:,}", href),
            f"{sides['flask'][1]:,}",
            _difference(sides["fastapi"][1], sides["flask"][1]),
            f"{shared_total['lines']:,}",
        )
    ]
    if measured is None:
        found.append(
            Markup(
                "What each side writes by hand that the other's framework provides, install size and "
                "cold start are not measured yet."
            )
        )
        return found
    hand = measured.hand_written
    found.append(
        Markup(
            "By hand, the Flask side declares {} <code>documented(...)</code> operations for its API "
            "document and registers {} error handlers; the FastAPI side maps {} error types to messages "
            "and registers {}."
        ).format(
            link(len(hand.documented["flask"]), "ease.html#documented"),
            len(hand.handlers["flask"]),
            link(len(hand.error_types["fastapi"]), "ease.html#error-types"),
            len(hand.handlers["fastapi"]),
        )
    )
    needs = measured.needs
    size = Markup(
        "Installed, their packages beyond the shared core's take {} MB (FastAPI side) and {} MB (Flask side)"
    ).format(
        link(f"{needs['fastapi'].bytes / 1e6:.1f}", "ease.html#packages"),
        link(f"{needs['flask'].bytes / 1e6:.1f}", "ease.html#packages"),
    )
    cold = measured.cold_start
    if cold is None:
        found.append(Markup("{}; cold start (import and build the app) is not measured yet.").format(size))
        return found
    found.append(
        Markup(
            "{}; importing the app takes {} ms for FastAPI and {} ms for Flask, building it {} ms and {} ms "
            "(medians over {} fresh processes each, {}{})."
        ).format(
            size,
            link(f"{cold.phases['fastapi']['import_ms'].median:,.1f}", "ease.html#cold-start"),
            link(f"{cold.phases['flask']['import_ms'].median:,.1f}", "ease.html#cold-start"),
            f"{cold.phases['fastapi']['build_ms'].median:,.1f}",
            f"{cold.phases['flask']['build_ms'].median:,.1f}",
            cold.rounds,
            cold.date[:10],
            _load(getattr(cold, "machine", {})),
        )
    )
    return found


def _load(machine: dict[str, Any]) -> str:
    """`, load average L on C cores` from a measurement's machine, where it records them."""
    load = machine.get("load_average_before")
    if not load:
        return ""
    return f", load average {load[0]:.2f} on {machine.get('cores', '?')} cores before it"


def _difference(fastapi: int, flask: int) -> str:
    """Which side has more lines of code, by how many and by what share of the other side's."""
    if fastapi == flask:
        return "the same number of lines of code on both sides"
    more, fewer = ("FastAPI", "Flask") if fastapi > flask else ("Flask", "FastAPI")
    difference = abs(fastapi - flask)
    share = difference / min(fastapi, flask)
    return f"{difference:,} lines of code ({share:.0%}) more on the {more} side than on the {fewer} side"


def community(facts: Any | None) -> list[Markup]:
    """Releases and first releases of both frameworks and schema libraries (a `community.Community`)."""
    if facts is None:
        return [Markup("Community facts (releases, licences, maintainers) are not measured yet.")]
    projects = {project.name: project for project in facts.projects}

    def fact(name: str, key: str) -> Markup:
        found = projects.get(name)
        value = found.facts[key].value if found else None
        return link(value, "community.html#facts") if value is not None else Markup("not known")

    window = facts.window_months
    return [
        Markup(
            "On {}, FastAPI had {} releases in the last {} months and Flask {}; "
            "pydantic {} and marshmallow {}."
        ).format(
            facts.taken,
            fact("fastapi", "releases_24_months"),
            window,
            fact("flask", "releases_24_months"),
            fact("pydantic", "releases_24_months"),
            fact("marshmallow", "releases_24_months"),
        ),
        Markup(
            "Flask's first release was {}, FastAPI's {}; flasgger, which the Flask side uses for its API "
            "documents, last released {}."
        ).format(
            fact("flask", "first_release"),
            fact("fastapi", "first_release"),
            fact("flasgger", "latest_release"),
        ),
        Markup("Users, questions answered and time to fix a bug are not measured here."),
    ]


def answers(
    root: Path,
    shown: list[performance.Shown],
    test_set: TestSet | None,
    code: dict[str, Any],
    load_ease: Callable[[Path], Any] | None = None,
    load_community: Callable[[Path], Any] | None = None,
) -> list[Answer]:
    """The four answers. `code` holds `totals`, `shared_total`, `groups` and `topics` (a count).

    `load_ease` / `load_community` default to `sitegen.ease.measure` and `sitegen.community.load` of
    `docs/community.toml` when those modules exist; None from them means not measured.
    """
    if load_ease is None and (module := optional("ease")) is not None:
        load_ease = module.measure
    if load_community is None and (module := optional("community")) is not None:
        load_community = lambda folder, found=module: found.load(folder / found.FILE)  # noqa: E731
    by_key = {
        "performance": speed.sentences(shown),
        "features": features(test_set, code["groups"], code["topics"]),
        "ease": ease(code["totals"], code["shared_total"], load_ease(root) if load_ease else None),
        "community": community(load_community(root) if load_community else None),
    }
    return [Answer(key, question, tuple(by_key[key])) for key, question in QUESTIONS]
