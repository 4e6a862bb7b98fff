"""Liveness and readiness probes, outside `/api`; twin of `fastapi_impl/routes/health.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.database import get_database
from services.flask_impl.docs import documented
from services.flask_impl.schemas.health import HealthResponse
from shared import health

router = Blueprint("health", __name__)
TAGS = ("Health",)
health_response = HealthResponse()


@router.get("/healthz")
@documented("GetHealth", tags=TAGS, response=HealthResponse, database=False)
def healthz() -> ResponseReturnValue:
    return health_response.dump(health.alive())


@router.get("/readyz")
@documented("GetReadiness", tags=TAGS, response=HealthResponse)
def readyz() -> ResponseReturnValue:
    return health_response.dump(get_database().run(health.ready))
