"""Before a cell is timed: every stack must answer the workload's requests alike (status and body length)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from bench.plan import CREATE_BODY, Workload

Answer = tuple[int, int]
"""(status, body length without a trailing newline): Flask's JSON provider ends each body with one."""


def answer(response: httpx.Response) -> Answer:
    body = response.content
    return response.status_code, len(body[:-1] if body.endswith(b"\n") else body)


def probe(client: httpx.Client, workload: Workload, token: str, slug: str) -> list[Answer]:
    """The workload's requests, once: also the primer that loads every code path before timing."""
    auth = {"Authorization": f"Token {token}"}
    if workload.mode == "get":
        headers = auth if workload.auth else {}
        return [answer(client.get(workload.path.format(slug=slug), headers=headers))]
    if workload.mode == "post":
        return [answer(client.post(workload.path, content=CREATE_BODY, headers=_json({})))]
    # writes and mixed: one create, update and delete of the same title, equal on fresh copies.
    created = client.post("/api/articles", content=_article("bench check"), headers=_json(auth))
    made = created.json().get("article", {}).get("slug", "missing") if created.status_code == 201 else "x"
    updated = client.put(
        f"/api/articles/{made}", content='{"article":{"description":"c"}}', headers=_json(auth)
    )
    deleted = client.delete(f"/api/articles/{made}", headers=auth)
    return [answer(created), answer(updated), answer(deleted)]


def _json(headers: Mapping[str, str]) -> dict[str, str]:
    return {**headers, "Content-Type": "application/json"}


def _article(title: str) -> str:
    return '{"article":{"title":"%s","description":"d","body":"b","tagList":["bench"]}}' % title  # noqa: UP031


def compare(answers: Mapping[str, Sequence[Answer]]) -> dict[str, Any]:
    """ok when every stack gave the first stack's answers; the answers are kept for the report."""
    reference = next(iter(answers.values()), [])
    differing = [name for name, got in answers.items() if list(got) != list(reference)]
    return {"ok": not differing, "differing": differing, "answers": {k: list(v) for k, v in answers.items()}}
