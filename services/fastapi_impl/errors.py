"""Every failure rendered as the API's error envelope; twin of `flask_impl/errors.py`.

pydantic reports a failed rule as an error *type* with its context; this module
maps those types to the contract's messages from `shared.errors`. `message_for` and
`field_of` have no twin: marshmallow carries each message on its field already.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from services.fastapi_impl.methods import allowed_methods
from shared import db, errors, limits

logger = logging.getLogger(__name__)

OBJECT_TYPES = {"model_type", "model_attributes_type", "dict_type"}
INTEGER_TYPES = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}


def message_for(error: dict[str, Any]) -> str:
    """The contract's message for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in {"missing", "blank"} or error.get("input", "") is None:
        return errors.BLANK
    if kind == "string_too_short":
        return errors.too_short(ctx["min_length"])
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == limits.USERNAME_PATTERN:
        return errors.USERNAME_INVALID
    if kind in {"string_pattern_mismatch", "string_unicode"}:
        return errors.INVALID
    if kind == "string_too_long":
        return errors.too_long(ctx["max_length"])
    if kind == "too_long":
        return errors.too_many(ctx["max_length"])
    if kind == "greater_than_equal":
        return errors.at_least(ctx["ge"])
    if kind == "less_than_equal":
        return errors.at_most(ctx["le"])
    if kind == "string_type":
        return errors.MUST_BE_STRING
    if kind == "list_type":
        return errors.MUST_BE_LIST
    if kind in OBJECT_TYPES:
        return errors.MUST_BE_OBJECT
    if kind in INTEGER_TYPES:
        return errors.MUST_BE_INTEGER
    return errors.INVALID


def field_of(location: Sequence[int | str]) -> str:
    """The innermost named field: `("body", "article", "tagList", 0)` is `tagList`."""
    names = [part for part in location[1:] if isinstance(part, str)]
    return names[-1] if names else str(location[0])


def pairs_of(found: Sequence[Any]) -> list[tuple[str, str]]:
    """(field, message) for each error, in the order pydantic checked them."""
    return [(field_of(error["loc"]), message_for(error)) for error in found]


def validation_error(exc: RequestValidationError) -> errors.ApiError:
    found = exc.errors()
    if any(error["type"] == "json_invalid" for error in found):
        return errors.bad_json()
    return errors.ValidationFailed(errors.first_per_field(pairs_of(found)))


def render(error: errors.ApiError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status_code, headers=headers)


def register_error_handlers(app: FastAPI) -> None:
    """Handlers for domain errors, validation, unrouted requests, database outages and bugs."""

    async def on_api_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, errors.ApiError)
        return render(exc)

    async def on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return render(validation_error(exc))

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        allow = allowed_methods(request) if exc.status_code == 405 else None
        headers = {"Allow": allow} if allow else exc.headers
        return render(errors.for_http_status(exc.status_code, str(exc.detail)), headers)

    async def on_database_error(request: Request, exc: Exception) -> JSONResponse:
        if not db.is_outage(exc):
            return await on_bug(request, exc)
        logger.warning("database unavailable: %s", exc.__class__.__name__)
        return render(errors.database_unavailable())

    async def on_bug(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=exc)
        return render(errors.internal_error())

    app.add_exception_handler(errors.ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(SQLAlchemyError, on_database_error)
    app.add_exception_handler(Exception, on_bug)
