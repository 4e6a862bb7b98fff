"""CORS with a list of origins (`CORS_ORIGINS`, production's setting): other origins' preflights are refused
alike on both backends, in the envelope, never plain text (Starlette) or a bare 200 (flask-cors)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest

from shared.settings import Settings

from .conftest import BASE_URL

ALLOWED = "https://app.example"


@pytest.fixture(params=["fastapi", "flask"])
def listed(request: pytest.FixtureRequest, settings: Settings) -> Iterator[httpx.Client]:
    """A backend that allows one origin."""
    only_one = dataclasses.replace(settings, cors_origins=(ALLOWED,))
    if request.param == "fastapi":
        from fastapi.testclient import TestClient

        from services.fastapi_impl.app import create_app as create_fastapi

        with TestClient(create_fastapi(only_one)) as client:
            yield client  # type: ignore[misc]
    else:
        from services.flask_impl import database
        from services.flask_impl.app import create_app as create_flask

        app = create_flask(only_one)
        with httpx.Client(transport=httpx.WSGITransport(app=app), base_url=BASE_URL) as client:
            yield client
        database.dispose(app)


def preflight(client: httpx.Client, origin: str) -> httpx.Response:
    return client.options(
        "/api/articles", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )


def test_the_listed_origin_may_preflight(listed: httpx.Client) -> None:
    response = preflight(listed, ALLOWED)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "content-type" not in response.headers


def test_another_origin_s_preflight_is_400_in_the_envelope(listed: httpx.Client) -> None:
    response = preflight(listed, "https://evil.example")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"errors": {"Origin": ["is not allowed"]}}
    assert "access-control-allow-origin" not in response.headers


def test_a_private_network_preflight_is_refused(listed: httpx.Client) -> None:
    response = listed.options(
        "/api/articles",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"Access-Control-Request-Private-Network": ["is not allowed"]}}
