"""Constrained field types for the request models; twin of `flask_impl/schemas/fields.py`.

The limits and patterns come from `shared.limits`, so both schema layers enforce
the same rules. pydantic reports a failed rule as an error type, which
`errors.py` turns into the contract's message. `whole_number`'s twin is the
`WholeNumber` field class: marshmallow checks a value inside the field; so is
`normalized`'s: the `Text` field class's `normalize` option.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from shared import clock, identity, limits, tags


def not_blank(value: object) -> object:
    """Empty or whitespace-only text is blank, checked before any other rule of the field."""
    if isinstance(value, str) and not re.match(limits.NOT_BLANK_PATTERN, value):
        raise PydanticCustomError("blank", "can't be blank")
    return value


def text(max_length: int, *, min_length: int = 1, pattern: str = limits.TEXT_PATTERN) -> Any:
    """A required, strict string: no number or boolean is coerced into text."""
    return Field(min_length=min_length, max_length=max_length, pattern=pattern, strict=True)


def optional(alias: str | None = None) -> Any:
    """A field that may be left out but, when sent, must pass its type: null is rejected."""
    return Field(default=None, alias=alias)


def nullable_text(max_length: int) -> Any:
    return Field(max_length=max_length, pattern=limits.OPTIONAL_TEXT_PATTERN, strict=True)


def normalized(normalize: Callable[[str], str]) -> BeforeValidator:
    """Text in the one form it is stored and compared in (`shared.identity`, `shared.tags`), before
    any rule runs, so the limits apply to what is stored; anything else goes on to fail the type."""
    return BeforeValidator(lambda value: normalize(value) if isinstance(value, str) else value)


def whole_number(value: object) -> object:
    """Let only digits through to pydantic's lax int parsing, which would take `1.0` as 1."""
    if isinstance(value, str) and not re.match(limits.INTEGER_PATTERN, value):
        raise PydanticCustomError("int_parsing", "must be an integer")
    return value


def integer(minimum: int, maximum: int) -> Any:
    """An integer in a range, from the text of a query string or path (`?limit=5` is 5)."""
    return Field(ge=minimum, le=maximum)


# The constraints come before the validators in `Annotated`, so pydantic can still
# write them into the JSON schema; the validators run first all the same, the last
# one first: a name is normalised, then checked for blankness, then constrained.
NotBlank = BeforeValidator(not_blank)
WholeNumber = BeforeValidator(whole_number)

Username = Annotated[
    str, text(limits.USERNAME_MAX, pattern=limits.USERNAME_PATTERN), NotBlank, normalized(identity.username)
]
Email = Annotated[
    str, text(limits.EMAIL_MAX, pattern=limits.EMAIL_PATTERN), NotBlank, normalized(identity.email)
]
Password = Annotated[str, text(limits.PASSWORD_MAX, min_length=limits.PASSWORD_MIN), NotBlank]
LoginEmail = Annotated[str, text(limits.EMAIL_MAX), NotBlank, normalized(identity.email)]
LoginPassword = Annotated[str, text(limits.PASSWORD_MAX), NotBlank]
Bio = Annotated[str | None, nullable_text(limits.BIO_MAX)]
Image = Annotated[str | None, nullable_text(limits.IMAGE_MAX)]
Title = Annotated[str, text(limits.TITLE_MAX), NotBlank]
Description = Annotated[str, text(limits.DESCRIPTION_MAX), NotBlank]
BodyText = Annotated[str, text(limits.BODY_MAX), NotBlank]
TagName = Annotated[str, text(limits.TAG_MAX), NotBlank, normalized(tags.canonical)]
CommentText = Annotated[str, text(limits.COMMENT_MAX), NotBlank]
TagList = Annotated[list[TagName], Field(max_length=limits.TAGS_MAX, strict=True)]
Limit = Annotated[int, integer(1, limits.LIMIT_MAX), WholeNumber]
Offset = Annotated[int, integer(0, limits.OFFSET_MAX), WholeNumber]
Id = Annotated[int, integer(1, limits.ID_MAX), WholeNumber]

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
