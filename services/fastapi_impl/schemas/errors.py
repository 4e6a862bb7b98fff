"""The error envelope's schema, for the API document; twin of `flask_impl/schemas/errors.py`."""

from __future__ import annotations

from services.fastapi_impl.schemas.fields import ResponseModel


class GenericErrorModel(ResponseModel):
    """`{"errors": {"<field>": ["<message>"]}}`: one key per failed field or resource."""

    errors: dict[str, list[str]]
