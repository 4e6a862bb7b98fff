"""Query strings: each parameter a route reads at most once; twin of `fastapi_impl/query.py`.

werkzeug's `request.args` would hand a schema the first of repeated values, so
the route loads what `query_params` returns: one value per parameter, or a 422
from the rule (`shared.http.single_values`).
"""

from __future__ import annotations

from flask import request
from marshmallow import Schema

from shared import http


def query_params(schema: Schema) -> dict[str, str]:
    """The query's values for `schema`'s fields, refusing (422 `must be given once`) any given twice."""
    names = frozenset(field.data_key or name for name, field in schema.fields.items())
    return http.single_values(request.args.items(multi=True), names)
