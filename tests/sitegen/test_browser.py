"""The built site in a real browser: every page at a desktop and a phone width, offline, no broken link.

The site is built from the repository and fake reports (conftest.py), or taken
as built from CONDUIT_SITE (`make site-check`: the real reports), served on a
free port, and opened page by page in Debian's Chromium driven by Playwright,
with every request to another host blocked and recorded. A page fails on a
console error, a page error, a failed or non-2xx request, a link or anchor that
leads nowhere, content wider than the viewport, or a code block (`pre`) that
scrolls sideways: every line of every snippet is seen whole, at 1280 px and on a phone. Screenshots go to
CONDUIT_SCREENSHOTS (`reports/screenshots` by default): the section pages and
a sample of the others under `site/`, and the README's picture of the paired
source as `site-paired-source.png`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.build import NAV
from sitegen.serve import serving
from tests.browser import chromium

ROOT = Path(__file__).resolve().parents[2]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PICTURED = {href for href, _ in NAV} | {"source/routes-articles.html", "shared/articles.html"}
"""The pages saved as screenshots; every page is checked."""
ABORTED_BY_NAVIGATION = "net::ERR_ABORTED"
"""A request still open when the test moves to the next page (a missing file is a 404 instead)."""
README_PAGE = "source/routes-articles.html#row-create_article"
PAGE_FACTS = """() => ({
    ids: Array.from(document.querySelectorAll('[id]'), element => element.id),
    links: Array.from(document.querySelectorAll('a[href], link[href], img[src]'), e => e.href || e.src),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    scrolling: Array.from(document.querySelectorAll('pre'), (pre, index) => ({
        where: pre.closest('[id]') ? pre.closest('[id]').id : String(index),
        excess: pre.scrollWidth - pre.clientWidth,
    })).filter(found => found.excess > 0),
    blocks: document.querySelectorAll('pre').length,
})"""


def screenshots() -> Path:
    return Path(os.environ.get("CONDUIT_SCREENSHOTS", ROOT / "reports" / "screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> Path:
    """The site under test: CONDUIT_SITE as it is, or one built from the fake reports."""
    given = os.environ.get("CONDUIT_SITE")
    if given:
        assert (Path(given) / "index.html").is_file(), f"CONDUIT_SITE={given} holds no built site"
        return Path(given)
    site: Path = request.getfixturevalue("site")
    return site


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    with serving(built, "127.0.0.1", 0) as url:
        yield url


def offline_context(browser: Any, base: str, problems: list[str], **options: Any) -> Any:
    """A browser context that lets only the site's own host through and records anything else."""
    own = urlsplit(base).netloc
    context = browser.new_context(**options)

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", guard)
    return context


def broken_links(site: Path, base: str, links: list[tuple[str, str]], ids: dict[str, set[str]]) -> list[str]:
    """Links to the site itself whose file is missing or whose anchor is not on the page it names."""
    own = urlsplit(base).netloc
    problems = []
    for source, url in links:
        parts = urlsplit(url)
        if parts.netloc != own:
            continue  # the running backends and the project's home: not part of this site
        path = unquote(parts.path).lstrip("/")
        path = f"{path}index.html" if not path or path.endswith("/") else path
        if not (site / path).is_file():
            problems.append(f"{source}: broken link {url}")
        elif parts.fragment and path.endswith(".html") and parts.fragment not in ids.get(path, set()):
            problems.append(f"{source}: no #{parts.fragment} on {path}")
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_renders_offline_without_errors_or_broken_links(
    browser: Any, served: str, built: Path, viewport: str
) -> None:
    site = built
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > 5
    assert {href for href, _ in NAV} <= set(pages)  # every section: Ease of development, Community too
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    folder = screenshots() / "site"
    folder.mkdir(parents=True, exist_ok=True)
    context = offline_context(browser, served, problems, **VIEWPORTS[viewport])
    page = context.new_page()
    current = {"page": ""}
    code_blocks = 0
    page.on(
        "console",
        lambda message: (
            problems.append(f"{current['page']}: console {message.type}: {message.text}")
            if message.type in {"error", "warning"}
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{current['page']}: {error}"))
    page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"{current['page']}: failed {request.url} ({request.failure})")
            if request.failure != ABORTED_BY_NAVIGATION
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{current['page']}: {response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    for relative in pages:
        current["page"] = relative
        page.goto(f"{served}/{relative}", wait_until="load")
        facts = page.evaluate(PAGE_FACTS)
        ids[relative] = set(facts["ids"])
        links.extend((relative, link) for link in facts["links"])
        if facts["overflow"] > 1:
            problems.append(f"{relative}: {facts['overflow']} px wider than the {viewport} screen")
        code_blocks += facts["blocks"]
        problems.extend(
            f"{relative}: code block in #{found['where']} scrolls {found['excess']} px sideways"
            for found in facts["scrolling"]
        )
        if relative in PICTURED:
            name = relative.removesuffix(".html").replace("/", "-")
            page.screenshot(path=str(folder / f"{name}-{viewport}.png"))
    context.close()
    assert code_blocks > len(pages), "the snippets were looked at"
    problems.extend(broken_links(site, served, links, ids))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_community_date_and_both_sides_of_the_ease_example_are_shown(
    browser: Any, served: str, viewport: str
) -> None:
    problems: list[str] = []
    context = offline_context(browser, served, problems, **VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(f"{served}/community.html", wait_until="load")
    taken = page.locator("main p.empty strong").first
    box = taken.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= VIEWPORTS[viewport]["viewport"]["height"]  # on the first screen
    assert page.locator("main table thead th[scope=col]").count() == 5
    page.goto(f"{served}/ease.html", wait_until="load")
    for side in ("fastapi", "flask"):
        column = page.locator(f"#example .column.{side}")
        assert column.locator(".highlight").count() >= 2
        assert "list_tags" in column.inner_text()
        assert column.is_visible()
    context.close()
    assert not problems, problems


def test_readme_screenshot_of_the_paired_source(browser: Any, served: str) -> None:
    problems: list[str] = []
    context = offline_context(browser, served, problems, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{served}/{README_PAGE}", wait_until="load")
    row = page.locator("#row-create_article")
    assert row.locator(".column.fastapi .highlight").count() == 1
    assert row.locator(".column.flask .highlight").count() == 1
    assert "create_article" in row.locator(".column.flask").inner_text()
    folder = screenshots()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "site-paired-source.png"))
    context.close()
    assert not problems, problems
