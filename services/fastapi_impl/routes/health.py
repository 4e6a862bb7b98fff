"""Liveness and readiness probes, outside `/api`; twin of `flask_impl/routes/health.py`."""

from __future__ import annotations

from fastapi import APIRouter

from services.fastapi_impl.database import Db
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.health import HealthResponse
from shared import health

router = APIRouter(tags=["Health"])


@router.get("/healthz", operation_id="GetHealth", responses=error_responses(database=False))
async def healthz() -> HealthResponse:
    return HealthResponse.model_validate(health.alive())


@router.get("/readyz", operation_id="GetReadiness", responses=error_responses())
async def readyz(db: Db) -> HealthResponse:
    return HealthResponse.model_validate(await db.run(health.ready))
