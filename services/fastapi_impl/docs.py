"""The API document's extras and the offline docs pages; twin of `flask_impl/docs.py`.

FastAPI writes `/openapi.json` itself from the routes, their type hints and the
pydantic models. Two things it cannot infer are added here: the error responses
each route can give, and Swagger UI and ReDoc served from this application (the
assets ship in the `fastapi-offline` package) rather than from a CDN. Flask's twin
also has `documented`, `operation_of` and `build_spec`: what FastAPI does from the
routes themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from services.fastapi_impl.schemas.errors import GenericErrorModel
from shared import errors, headers

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/docs-assets"
ALWAYS = (503,)
"""Any operation that uses the database can meet an outage."""


def error_responses(*statuses: int, database: bool = True) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each status it can answer, with the error envelope."""
    return {
        status: {"model": GenericErrorModel, "description": errors.DESCRIPTIONS[status]}
        for status in (*statuses, *(ALWAYS if database else ()))
    }


def mount_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc, loading nothing from another host."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            oauth2_redirect_url=None,
            swagger_ui_parameters={"validatorUrl": None},
        )
        page.headers["Content-Security-Policy"] = headers.DOCS_PAGE_POLICY
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
        page.headers["Content-Security-Policy"] = headers.DOCS_PAGE_POLICY
        return page
