"""Health check schemas; twin of `fastapi_impl/schemas/health.py`."""

from __future__ import annotations

from marshmallow import fields

from services.flask_impl.schemas.fields import ResponseModel


class HealthResponse(ResponseModel):
    status = fields.String()
