"""Every failure rendered as the API's error envelope; twin of `fastapi_impl/errors.py`.

marshmallow already holds the contract's messages (they are declared on the
fields); this module only flattens its nested error dict to `{field: [message]}`.
FastAPI's twin also has `message_for` and `field_of`: pydantic reports error types
and locations, which it maps to the same messages and fields.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from services.flask_impl.methods import allowed_methods
from shared import db, errors

logger = logging.getLogger(__name__)


def pairs_of(messages: Any, field: str = "body") -> list[tuple[str, str]]:
    """(field, message) pairs from marshmallow's nested errors; list items count as their list."""
    if isinstance(messages, Mapping):
        pairs: list[tuple[str, str]] = []
        for key, value in messages.items():
            inner = field if key == "_schema" or isinstance(key, int) else str(key)
            pairs.extend(pairs_of(value, inner))
        return pairs
    if isinstance(messages, list):
        return [pair for message in messages for pair in pairs_of(message, field)]
    return [(field, str(messages))]


def validation_error(exc: ValidationError) -> errors.ApiError:
    return errors.ValidationFailed(errors.first_per_field(pairs_of(exc.messages)))


def render(error: errors.ApiError, headers: Mapping[str, str] | None = None) -> tuple[Response, int]:
    response = jsonify(error.body())
    response.headers.update(headers or {})
    return response, error.status_code


def register_error_handlers(app: Flask) -> None:
    """Handlers for domain errors, validation, unrouted requests, database outages and bugs."""

    @app.errorhandler(errors.ApiError)
    def on_api_error(exc: errors.ApiError) -> tuple[Response, int]:
        return render(exc)

    @app.errorhandler(ValidationError)
    def on_validation_error(exc: ValidationError) -> tuple[Response, int]:
        return render(validation_error(exc))

    @app.errorhandler(HTTPException)
    def on_http_error(exc: HTTPException) -> tuple[Response, int]:
        allow = allowed_methods(request.path) if exc.code == 405 else None
        return render(errors.for_http_status(exc.code or 500, exc.name), {"Allow": allow} if allow else None)

    @app.errorhandler(SQLAlchemyError)
    def on_database_error(exc: SQLAlchemyError) -> tuple[Response, int]:
        if not db.is_outage(exc):
            return on_bug(exc)
        logger.warning("database unavailable: %s", exc.__class__.__name__)
        return render(errors.database_unavailable())

    @app.errorhandler(Exception)
    def on_bug(exc: Exception) -> tuple[Response, int]:
        logger.exception("unhandled error", exc_info=exc)
        return render(errors.internal_error())
