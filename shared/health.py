"""Liveness and readiness: what `/healthz` and `/readyz` report, the same on both backends."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

ALIVE = {"status": "ok"}
READY = {"status": "ready"}


def alive() -> dict[str, str]:
    """The process answers; nothing else is checked, so an outage never restarts a healthy worker."""
    return ALIVE


def ready(session: Session) -> dict[str, str]:
    """The database answers a trivial query; an outage raises, which both backends render as 503."""
    session.execute(text("SELECT 1"))
    return READY
