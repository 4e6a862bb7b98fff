"""Logs: one JSON object per line, every line of a request tagged with its id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from shared import logs


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the access logger writes, through the JSON formatter the apps install."""
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logs.JsonFormatter())
    logs.access.addHandler(handler)
    yield sink
    logs.access.removeHandler(handler)


def test_each_request_logs_one_json_access_line_with_its_id(
    client: httpx.Client, log_lines: io.StringIO
) -> None:
    client.get("/api/tags", headers={"X-Request-ID": "trace-123"})
    client.get("/api/articles/nope")
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert [(line["request_id"], line["path"], line["status"]) for line in lines] == [
        ("trace-123", "/api/tags", 200),
        (lines[1]["request_id"], "/api/articles/nope", 404),
    ]
    assert lines[1]["request_id"] not in (None, "trace-123")
    assert all(line["level"] == "INFO" and line["duration_ms"] >= 0 for line in lines)
