"""Health check schemas; twin of `flask_impl/schemas/health.py`."""

from __future__ import annotations

from services.fastapi_impl.schemas.fields import ResponseModel


class HealthResponse(ResponseModel):
    status: str
