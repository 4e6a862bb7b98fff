"""nginx in front: round-robin over the instances, one request id end to end, refusals in the envelope."""

from __future__ import annotations

import json
import time
import uuid

import httpx

from shared import limits
from shared.settings import Settings
from tools.scale.stack import Stack

SECURITY = ("x-content-type-options", "referrer-policy", "content-security-policy")


def test_requests_alternate_between_the_instances(stack: Stack, backend: str) -> None:
    marker = f"rr-{uuid.uuid4().hex}"
    for _ in range(6):
        assert httpx.get(f"{stack.front.urls[backend]}/healthz", headers={"X-Request-ID": marker}).is_success
    served = {line["upstream"] for line in stack.front.lines_for(marker, count=6)}
    assert served == {instance.address for instance in stack.instances[backend]}


def test_one_request_id_from_nginx_to_the_backend_log(stack: Stack, backend: str) -> None:
    """A caller's valid id is kept; without one, nginx's id is the one the backend logs and returns."""
    given = f"trace-{uuid.uuid4().hex}"
    kept = httpx.get(f"{stack.front.urls[backend]}/api/tags", headers={"X-Request-ID": given})
    fresh = httpx.get(f"{stack.front.urls[backend]}/api/tags")
    assert kept.headers["x-request-id"] == given
    made = fresh.headers["x-request-id"]
    assert made != given
    assert len(made) == 32, "nginx's $request_id: 32 hex digits"
    nginx_ids = {
        line["request_id"] for request_id in (given, made) for line in stack.front.lines_for(request_id)
    }
    for request_id in (given, made):
        assert request_id in nginx_ids
        assert backend_lines(stack, backend, request_id) == 1, (
            f"{request_id}: one access line in the backend's log"
        )


def backend_lines(stack: Stack, backend: str, request_id: str, timeout: float = 3.0) -> int:
    """How many access lines of `request_id` the backend's instances logged (waiting for the first)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            entry
            for instance in stack.instances[backend]
            for line in instance.program.log.read_text().splitlines()
            if line.startswith("{") and request_id in line
            for entry in [json.loads(line)]
            if entry["logger"] == "conduit.access" and entry["request_id"] == request_id
        ]
        if found or time.monotonic() > deadline:
            return len(found)
        time.sleep(0.05)


def send(
    stack: Stack, url: str, method: str, path: str, body: bytes | None = None
) -> tuple[httpx.Response, str]:
    """The answer, and the instance nginx passed the request to ("" when nginx answered itself),
    found by the X-Request-ID of the answer (nginx's own when it refused before reading headers)."""
    headers = {"X-Request-ID": f"limit-{uuid.uuid4().hex}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    response = httpx.request(method, f"{url}{path}", content=body, headers=headers, timeout=10)
    if url not in stack.front.urls.values():
        return response, "not through nginx"
    lines = stack.front.lines_for(response.headers["x-request-id"])
    assert len(lines) == 1, f"one access line for {response.headers['x-request-id']}"
    return response, lines[0]["upstream"]


def test_nginx_refuses_in_the_backends_envelope(stack: Stack, backend: str) -> None:
    """A body over MAX_BODY_BYTES (nginx's own 413) and a 40 000-character URL (nginx's own 414)
    get what the backend answers itself: status, JSON body, security headers.

    The 414 is compared with FastAPI's own answer: uvicorn has no request-line limit, so the
    API answers; under gunicorn (Flask) a line that long gets gunicorn's own page.
    """
    cases = [
        ("POST", "/api/users", b"x" * (Settings().max_body_bytes + 1), stack.instances[backend][0]),
        ("GET", "/api/articles/" + "a" * 40_000, None, stack.instances["fastapi"][0]),
    ]
    for method, path, body, direct in cases:
        through, upstream = send(stack, stack.front.urls[backend], method, path, body)
        own, _ = send(stack, f"http://{direct.address}", method, path, body)
        assert upstream == "", "nginx answered itself"
        assert (through.status_code, through.json()) == (own.status_code, own.json())
        assert through.headers["content-type"].startswith("application/json")
        assert {h: through.headers[h] for h in SECURITY} == {h: own.headers[h] for h in SECURITY}


def test_a_nul_byte_in_the_path_is_refused_by_nginx(stack: Stack, backend: str) -> None:
    """The one answer that differs through nginx: nginx refuses `%00` in a path itself (400) where
    the API answers 404 (tests/contract/test_nul_characters.py, deselected through nginx)."""
    response, upstream = send(stack, stack.front.urls[backend], "GET", "/api/profiles/x%00")
    assert (response.status_code, response.json(), upstream) == (
        400,
        {"errors": {"request": ["bad request"]}},
        "",
    )
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_what_the_api_answers_itself_passes_nginx(stack: Stack, backend: str) -> None:
    """Up to nginx's limits the API answers: a body of exactly MAX_BODY_BYTES, a 20 000-character
    header (the API's 431), a URL one character over URL_MAX (the API's 414)."""
    url = stack.front.urls[backend]
    instances = {instance.address for instance in stack.instances[backend]}
    padded = b'{"user": {}}'.ljust(Settings().max_body_bytes, b" ")
    at_limit, upstream = send(stack, url, "POST", "/api/users", padded)
    assert (at_limit.status_code, upstream in instances) == (422, True)
    header = httpx.get(f"{url}/api/tags", headers={"X-Padding": "a" * 20_000})
    assert header.status_code == 431
    assert header.json() == {"errors": {"X-Padding": ["is too long (maximum is 8192 characters)"]}}
    long_url, upstream = send(stack, url, "GET", "/api/articles/".ljust(limits.URL_MAX + 1, "a"))
    assert (long_url.status_code, upstream in instances) == (414, True)
    assert long_url.json() == {"errors": {"url": [f"is too long (maximum is {limits.URL_MAX} characters)"]}}
