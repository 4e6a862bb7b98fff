"""With the database gone, `/readyz` says so with a 503 envelope while `/healthz` stays 200."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.settings import Settings

from .conftest import BASE_URL, free_tcp_port

# Nothing listens there: every connection is refused at once.
UNREACHABLE = Settings(
    database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_tcp_port()}/nowhere",
    password_hash_profile="CHEAPEST",
)


@pytest.fixture(params=["fastapi", "flask"])
def cut_off(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    if request.param == "fastapi":
        from fastapi.testclient import TestClient

        from services.fastapi_impl.app import create_app as create_fastapi

        with TestClient(create_fastapi(UNREACHABLE)) as client:
            yield client  # type: ignore[misc]
    else:
        from services.flask_impl.app import create_app as create_flask

        with httpx.Client(
            transport=httpx.WSGITransport(app=create_flask(UNREACHABLE)), base_url=BASE_URL
        ) as client:
            yield client


def test_readyz_is_503_in_the_envelope_when_the_database_is_down(cut_off: httpx.Client) -> None:
    response = cut_off.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"errors": {"database": ["unavailable"]}}


def test_healthz_stays_up_when_the_database_is_down(cut_off: httpx.Client) -> None:
    assert cut_off.get("/healthz").json() == {"status": "ok"}


def test_api_calls_are_503_not_500_when_the_database_is_down(cut_off: httpx.Client) -> None:
    response = cut_off.get("/api/tags")
    assert response.status_code == 503
    assert response.json() == {"errors": {"database": ["unavailable"]}}


@pytest.mark.parametrize("backend", ["fastapi", "flask"])
def test_production_app_refuses_to_start_with_development_defaults(backend: str) -> None:
    from services.fastapi_impl.app import create_app as create_fastapi
    from services.flask_impl.app import create_app as create_flask
    from shared.settings import UnsafeSettings

    factory = {"fastapi": create_fastapi, "flask": create_flask}[backend]
    with pytest.raises(UnsafeSettings, match="JWT_SECRET"):
        factory(Settings(app_env="production", database_url="sqlite://"))
