"""Tag schemas; twin of `fastapi_impl/schemas/tags.py`."""

from __future__ import annotations

from marshmallow import fields

from services.flask_impl.schemas.fields import ResponseModel


class TagsResponse(ResponseModel):
    tags = fields.List(fields.String())
