"""The error envelope's schema, for the API document; twin of `fastapi_impl/schemas/errors.py`."""

from __future__ import annotations

from marshmallow import fields

from services.flask_impl.schemas.fields import ResponseModel


class GenericErrorModel(ResponseModel):
    """`{"errors": {"<field>": ["<message>"]}}`: one key per failed field or resource."""

    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
