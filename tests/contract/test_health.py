"""Liveness and readiness probes, outside `/api`, in the JSON the rest of the API speaks."""

from __future__ import annotations

import httpx

from .helpers import assert_json


def test_healthz_says_the_process_is_alive(client: httpx.Client) -> None:
    assert assert_json(client.get("/healthz"), 200) == {"status": "ok"}


def test_readyz_says_the_database_answers(client: httpx.Client) -> None:
    assert assert_json(client.get("/readyz"), 200) == {"status": "ready"}


def test_probes_take_only_get(client: httpx.Client) -> None:
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response.json() == {"errors": {"method": ["not allowed"]}}
