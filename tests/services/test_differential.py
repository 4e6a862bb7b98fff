"""Differential test: requests generated from the FastAPI document, sent to both backends, answered alike.

Each backend runs on its own fresh database, so the same sequence of requests
meets the same state on both. Answers are compared by status and JSON body once
tokens, timestamps and random slug suffixes are normalized; any mismatch is
reported with the request that caused it.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from shared.settings import Settings

from .conftest import BASE_URL, as_wsgi_server_would

MAX_EXAMPLES = int(os.environ.get("CONDUIT_FUZZ_EXAMPLES", "15"))
TOKEN = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
SLUG_SUFFIX = re.compile(r"(\"slug\":\s*\"[^\"]*)-[0-9a-f]{8}\"")
SENT = ("method", "url", "headers", "params", "json")


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Both backends in-process, each on its own fresh SQLite database."""
    from fastapi.testclient import TestClient

    from services.fastapi_impl.app import create_app as create_fastapi
    from services.flask_impl import database
    from services.flask_impl.app import create_app as create_flask

    folder = Path(tmp_path_factory.mktemp("differential"))

    def settings(name: str) -> Settings:
        return Settings(database_url=f"sqlite:///{folder / name}.sqlite3", password_hash_profile="CHEAPEST")

    flask_app = create_flask(settings("flask"))
    flask_transport = httpx.WSGITransport(app=as_wsgi_server_would(flask_app))
    with (
        TestClient(create_fastapi(settings("fastapi")), raise_server_exceptions=False) as fastapi_client,
        httpx.Client(transport=flask_transport, base_url=BASE_URL) as flask_client,
    ):
        yield {"fastapi": fastapi_client, "flask": flask_client}
    database.dispose(flask_app)


def normalized(response: Any) -> tuple[int, Any]:
    """Status and body with what legitimately differs between runs replaced by placeholders."""
    text = SLUG_SUFFIX.sub(r'\1-<suffix>"', TIMESTAMP.sub("<ts>", TOKEN.sub("<token>", response.text)))
    try:
        body: Any = json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        body = f"<not JSON: {response.headers.get('content-type')}>"
    return response.status_code, body


def exchange_all(
    operation: Any, mode: GenerationMode, twins: dict[str, Any], tokens: Any, mismatches: list[str]
) -> None:
    """Send every generated request for one operation to both backends, noting each disagreement."""
    secured = bool(operation.definition.raw.get("security"))

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def exchange(case: Any) -> None:
        request = {k: v for k, v in case.as_transport_kwargs(base_url=BASE_URL).items() if k in SENT}
        auth = tokens() if secured else {}
        answers = {}
        for backend, client in twins.items():
            headers = dict(request.get("headers") or {})
            if backend in auth:
                headers["Authorization"] = f"Token {auth[backend]}"
            answers[backend] = normalized(client.request(**{**request, "headers": headers}))
        if answers["fastapi"] != answers["flask"]:
            mismatches.append(
                f"{operation.label} ({mode.value}): {case.as_curl_command()}\n"
                f"  fastapi: {answers['fastapi']}\n  flask:   {answers['flask']}"
            )

    try:
        exchange()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # No parameter or body to make invalid (GET /api/tags): nothing negative to send.


def test_both_backends_answer_generated_requests_alike(
    twins: dict[str, Any], documents: dict[str, Any]
) -> None:
    schema = schemathesis.openapi.from_dict(documents["fastapi"])
    users = itertools.count()
    mismatches: list[str] = []

    def tokens() -> dict[str, str]:
        """The same new user on both backends, with each backend's token for it."""
        name = f"twin{next(users)}"
        body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
        return {
            backend: client.post("/api/users", json=body).json()["user"]["token"]
            for backend, client in twins.items()
        }

    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            exchange_all(result.ok(), mode, twins, tokens, mismatches)
    assert not mismatches, f"{len(mismatches)} requests answered differently:\n" + "\n".join(mismatches[:20])
