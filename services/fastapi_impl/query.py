"""Query strings: each parameter a route reads at most once; twin of `flask_impl/query.py`.

FastAPI fills a query model from the last of repeated values, so the rule
(`shared.http.single_values`) runs as a dependency, before the model is validated.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from pydantic import BaseModel

from shared import http


def query_params(model: type[BaseModel]) -> Callable[[Request], Awaitable[None]]:
    """A dependency refusing (422 `must be given once`) any of `model`'s parameters given twice."""
    names = frozenset(field.alias or name for name, field in model.model_fields.items())

    async def given_once(request: Request) -> None:
        http.single_values(request.query_params.multi_items(), names)

    return given_once
