"""Constrained field types for the request models; twin of `flask_impl/schemas/fields.py`.

The limits and patterns come from `shared.limits`, so both schema layers enforce
the same rules. pydantic reports a failed rule as an error type, which
`errors.py` turns into the contract's message.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from shared import clock, limits

NOT_BLANK = limits.NOT_BLANK_PATTERN


def text(max_length: int, *, min_length: int = 1, pattern: str = NOT_BLANK) -> Any:
    """A required, strict string: no number or boolean is coerced into text.

    Empty or whitespace-only text breaks the pattern (or the minimum length) and
    is reported as blank by `errors.message_for`.
    """
    return Field(min_length=min_length, max_length=max_length, pattern=pattern, strict=True)


def optional(alias: str | None = None) -> Any:
    """A field that may be left out but, when sent, must pass its type: null is rejected."""
    return Field(default=None, alias=alias)


def nullable_text(max_length: int) -> Any:
    return Field(max_length=max_length, strict=True)


def whole_number(value: object) -> object:
    """Let only digits through to pydantic's lax int parsing, which would take `1.0` as 1."""
    if isinstance(value, str) and not re.match(limits.INTEGER_PATTERN, value):
        raise PydanticCustomError("int_parsing", "must be an integer")
    return value


def integer(minimum: int, maximum: int) -> Any:
    """An integer in a range, from the text of a query string or path (`?limit=5` is 5)."""
    return Field(ge=minimum, le=maximum)


Username = Annotated[str, text(limits.USERNAME_MAX)]
Email = Annotated[str, text(limits.EMAIL_MAX, pattern=limits.EMAIL_PATTERN)]
Password = Annotated[str, text(limits.PASSWORD_MAX, min_length=limits.PASSWORD_MIN)]
LoginEmail = Annotated[str, text(limits.EMAIL_MAX)]
LoginPassword = Annotated[str, text(limits.PASSWORD_MAX)]
Bio = Annotated[str | None, nullable_text(limits.BIO_MAX)]
Image = Annotated[str | None, nullable_text(limits.IMAGE_MAX)]
Title = Annotated[str, text(limits.TITLE_MAX)]
Description = Annotated[str, text(limits.DESCRIPTION_MAX)]
BodyText = Annotated[str, text(limits.BODY_MAX)]
TagName = Annotated[str, text(limits.TAG_MAX)]
CommentText = Annotated[str, text(limits.COMMENT_MAX)]
TagList = Annotated[list[TagName], Field(max_length=limits.TAGS_MAX, strict=True)]
Limit = Annotated[int, BeforeValidator(whole_number), integer(1, limits.LIMIT_MAX)]
Offset = Annotated[int, BeforeValidator(whole_number), integer(0, limits.OFFSET_MAX)]
Id = Annotated[int, BeforeValidator(whole_number), integer(1, limits.ID_MAX)]

Timestamp = Annotated[
    datetime,
    PlainSerializer(clock.iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A datetime rendered as ISO 8601 UTC with milliseconds and `Z`."""


class RequestModel(BaseModel):
    """Request bodies: unknown fields are ignored, as the contract requires."""

    # Python's `re`, as marshmallow uses, so both sides read the patterns alike.
    model_config = ConfigDict(extra="ignore", strict=True, regex_engine="python-re")


class ResponseModel(BaseModel):
    """Response bodies: read from `shared.views` records, rendered with camelCase keys."""

    model_config = ConfigDict(from_attributes=True, alias_generator=to_camel, populate_by_name=True)
