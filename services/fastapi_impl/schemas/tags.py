"""Tag schemas; twin of `flask_impl/schemas/tags.py`."""

from __future__ import annotations

from services.fastapi_impl.schemas.fields import ResponseModel


class TagsResponse(ResponseModel):
    tags: list[str]
