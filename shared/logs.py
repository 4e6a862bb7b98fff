"""Logs as one JSON object per line on stdout, each tagged with the request's id.

Both backends log through the standard `logging` module; this formatter and the
request-id context variable are the whole shared part. Each framework sets the
id at the start of a request (from a valid `X-Request-ID`, or a new one) and
returns it in the response's `X-Request-ID`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID_HEADER = "X-Request-ID"
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access = logging.getLogger("conduit.access")
RECORD_FIELDS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in RECORD_FIELDS})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class JsonLinesHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """stdout, one JSON object per line; a class of its own so `configure` can find it again."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)
        self.setFormatter(JsonFormatter())


def configure(level: str = "INFO") -> None:
    """Send the root logger to stdout as JSON lines; calling it again replaces, never doubles."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, JsonLinesHandler)]:
        root.removeHandler(handler)
    root.addHandler(JsonLinesHandler())
    root.setLevel(level)


def new_request_id(incoming: str | None) -> str:
    """The caller's id when it is a sane token (a proxy's trace id), else a fresh one."""
    if incoming and ACCEPTED_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def log_access(method: str, path: str, status: int, duration_ms: float) -> None:
    """The one access line per request, with the fields a log pipeline indexes."""
    access.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={"method": method, "path": path, "status": status, "duration_ms": round(duration_ms, 2)},
    )
