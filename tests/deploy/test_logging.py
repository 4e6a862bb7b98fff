"""One log line per event under the production gunicorn configs, on both backends.

Each backend is started with its docker compose service's own command and config
file (deploy/gunicorn_*.py), its stdout captured to a file. The database URL names
a PostgreSQL port nothing listens on, so a request that needs the database is a 503
and logs the warning `database unavailable`: an error line, with the request's id.
Then, per request id sent, the captured stdout must hold exactly one access line and
(for the 503) exactly one error line, every line valid JSON.

Before the fix, gunicorn's `logconfig_dict` gave the root logger a stdout handler and
`shared.logs.configure()` added another one, so every line here appeared twice.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tools.compose_check import service, stop
from tools.run_local import ROOT, free_port, wait_until_ready

REQUESTS = [("GET", "/healthz", 200), ("GET", "/api/nope", 404), ("GET", "/api/tags", 503)]
"""(method, path, status): a success, a client error, and a database outage that logs a warning."""


def captured_lines(backend: str, tmp_path: Path) -> tuple[list[str], dict[str, int]]:
    """The production server's stdout lines after REQUESTS, and the request ids sent (id: status)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    unreachable = f"postgresql+psycopg://conduit@127.0.0.1:{free_port()}/conduit"
    command, env = service(compose, backend, unreachable)
    port = free_port()
    env.update({"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "DB_CONNECT_TIMEOUT": "1"})
    log = tmp_path / f"{backend}.log"
    sent: dict[str, int] = {}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, process, path="/healthz")
        with httpx.Client(base_url=url, timeout=10) as client:
            for method, path, status in REQUESTS:
                request_id = f"log-{uuid.uuid4().hex}"
                response = client.request(method, path, headers={"X-Request-ID": request_id})
                assert response.status_code == status, response.text
                sent[request_id] = status
    finally:
        assert stop([(backend, process, 20.0)])
    return log.read_text().splitlines(), sent


@pytest.mark.parametrize("backend", ["fastapi", "flask"])
def test_each_event_is_logged_once_as_json(backend: str, tmp_path: Path) -> None:
    lines, sent = captured_lines(backend, tmp_path)
    entries: list[dict[str, Any]] = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {line!r}")
    access = Counter(e["request_id"] for e in entries if e["logger"] == "conduit.access")
    warnings = Counter(e["request_id"] for e in entries if e["level"] == "WARNING")
    for request_id, status in sent.items():
        assert access[request_id] == 1, f"{request_id} ({status}): {access[request_id]} access lines"
        assert warnings[request_id] == (1 if status == 503 else 0), f"{request_id}: {warnings[request_id]}"
    outage = [e for e in entries if e["level"] == "WARNING" and e["request_id"] in sent]
    assert [e["message"] for e in outage] == ["database unavailable: OperationalError"]
    booted = [e for e in entries if e["message"].startswith("Booting worker with pid")]
    assert len(booted) == 1, "one worker (WEB_CONCURRENCY=1) boots once, and says so once"
