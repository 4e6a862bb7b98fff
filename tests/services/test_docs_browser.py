"""The docs pages in a real browser: every operation rendered, nothing loaded from another host.

Both backends run as real servers (uvicorn, gunicorn) and Debian's Chromium,
driven by Playwright, opens Swagger UI and ReDoc with every request to another
host blocked and recorded. Screenshots go to CONDUIT_SCREENSHOTS
(`reports/screenshots` by default; `make screenshots` refreshes the README's).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from shared import migrate
from tests.browser import chromium
from tools.run_local import ROOT, free_port, servers

METHODS = {"get", "put", "post", "delete"}
PAGES = [
    ("fastapi", "/docs", "swagger"),
    ("fastapi", "/redoc", "redoc"),
    ("flask", "/apidocs/", "swagger"),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Both backends served for real, on free ports and a scratch SQLite database."""
    database = Path(tmp_path_factory.mktemp("browser")) / "conduit.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    # Migrated once first, as `make run` does: two servers starting on a fresh SQLite file
    # would both migrate it at once, and one would fail (`table alembic_version already exists`).
    migrate.upgrade(env["DATABASE_URL"])
    with servers("127.0.0.1", {"fastapi": free_port(), "flask": free_port()}, env) as urls:
        yield urls


@pytest.fixture(scope="module")
def browser(live: dict[str, str]) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("backend", "path", "kind"), PAGES)
def test_docs_page_renders_every_operation_offline(
    browser: Any, live: dict[str, str], backend: str, path: str, kind: str
) -> None:
    base = live[backend]
    operations = httpx.get(f"{base}/openapi.json").json()["paths"]
    expected = sum(
        1 for item in operations.values() for method in item if method in {"get", "put", "post", "delete"}
    )
    own_host = urlsplit(base).netloc
    foreign: list[str] = []
    errors: list[str] = []

    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own_host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}{path}", wait_until="networkidle")
    if kind == "swagger":
        page.wait_for_selector(".opblock", timeout=15_000)
        rendered = page.locator(".opblock").count()
    else:
        page.wait_for_selector("[data-section-id*='operation/']", timeout=15_000)
        sections = page.locator("[data-section-id*='operation/']")
        ids = (sections.nth(i).get_attribute("data-section-id") or "" for i in range(sections.count()))
        rendered = len({section.rsplit("operation/", 1)[-1] for section in ids})  # one per operationId
    folder = Path(os.environ.get("CONDUIT_SCREENSHOTS", ROOT / "reports" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{backend}-{kind}.png"), full_page=False)
    context.close()

    assert not foreign, f"{path} tried to load from other hosts: {foreign}"
    assert not errors, f"{path} raised in the browser: {errors}"
    assert rendered == expected, f"{path} rendered {rendered} of {expected} operations"
