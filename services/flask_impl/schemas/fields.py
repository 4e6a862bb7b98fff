"""Field factories for the request schemas; twin of `fastapi_impl/schemas/fields.py`.

The limits and patterns come from `shared.limits`, so both schema layers enforce
the same rules. marshmallow takes each message where the rule is declared, so
the contract's messages are attached here. `tag_list` and `nested` have no twin:
pydantic reads a list of tags and a nested object from the type hints alone. The
`Text` field class does what pydantic's `str` and the `normalized` validator do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from shared import clock, errors, identity, limits, tags

TEXT_MESSAGES: dict[str, Any] = {
    "required": errors.BLANK,
    "null": errors.BLANK,
    "invalid": errors.MUST_BE_STRING,
    "unicode": errors.INVALID,
}


class Text(fields.String):
    """A string of Unicode characters: a lone surrogate fails the type itself, as in pydantic
    (`string_unicode`), so no other rule of the field reports anything. With `normalize`,
    the text is put in the one form it is stored and compared in (`shared.identity`, `shared.tags`)
    before the field's rules run, so the limits apply to what is stored."""

    def __init__(self, *, normalize: Callable[[str], str] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.normalize = normalize

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not limits.is_unicode(text):
            raise self.make_error("unicode")
        return self.normalize(text) if self.normalize else text


def not_blank(value: str) -> None:
    """Empty or whitespace-only text is blank, checked before any other rule of the field."""
    if not re.match(limits.NOT_BLANK_PATTERN, value):
        raise ValidationError(errors.BLANK)


def text(
    max_length: int,
    *,
    min_length: int = 1,
    pattern: str = limits.TEXT_PATTERN,
    normalize: Callable[[str], str] | None = None,
) -> fields.String:
    """A required string; blank first, then pydantic's order, so the first message is the same."""
    mismatch = errors.USERNAME_INVALID if pattern == limits.USERNAME_PATTERN else errors.INVALID
    rules: list[Callable[[str], Any]] = [
        not_blank,
        validate.Length(min=min_length, error=errors.too_short(min_length)),
        validate.Length(max=max_length, error=errors.too_long(max_length)),
        validate.Regexp(pattern, error=mismatch),
    ]
    return Text(required=True, validate=rules, error_messages=TEXT_MESSAGES, normalize=normalize)


def optional(field: fields.Field[Any]) -> Any:
    """A field that may be left out but, when sent, must pass its type: null is rejected."""
    field.required = False
    return field


def nullable_text(max_length: int) -> fields.String:
    return Text(
        allow_none=True,
        validate=[
            validate.Length(max=max_length, error=errors.too_long(max_length)),
            validate.Regexp(limits.OPTIONAL_TEXT_PATTERN, error=errors.INVALID),
        ],
        error_messages=TEXT_MESSAGES,
    )


class WholeNumber(fields.Integer):
    """Only digits reach marshmallow's `int()`, which would take `٣` as 3."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str) and not re.match(limits.INTEGER_PATTERN, value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def integer(minimum: int, maximum: int, **options: Any) -> fields.Integer:
    """An integer in a range, from the text of a query string or path (`?limit=5` is 5)."""
    return WholeNumber(
        validate=[
            validate.Range(min=minimum, error=errors.at_least(minimum)),
            validate.Range(max=maximum, error=errors.at_most(maximum)),
        ],
        error_messages={"required": errors.BLANK, "invalid": errors.MUST_BE_INTEGER},
        **options,
    )


def tag_list(**options: Any) -> fields.List[str]:
    return fields.List(
        TagName(),
        data_key="tagList",
        validate=validate.Length(max=limits.TAGS_MAX, error=errors.too_many(limits.TAGS_MAX)),
        error_messages={"null": errors.BLANK, "invalid": errors.MUST_BE_LIST},
        **options,
    )


def nested(schema: type[Schema]) -> fields.Nested:
    """A required object, as the request envelopes (`{"user": {...}}`) need."""
    return fields.Nested(
        schema,
        required=True,
        error_messages={"required": errors.BLANK, "null": errors.BLANK, "type": errors.MUST_BE_OBJECT},
    )


Username = partial(text, limits.USERNAME_MAX, pattern=limits.USERNAME_PATTERN, normalize=identity.username)
Email = partial(text, limits.EMAIL_MAX, pattern=limits.EMAIL_PATTERN, normalize=identity.email)
Password = partial(text, limits.PASSWORD_MAX, min_length=limits.PASSWORD_MIN)
LoginEmail = partial(text, limits.EMAIL_MAX, normalize=identity.email)
LoginPassword = partial(text, limits.PASSWORD_MAX)
Bio = partial(nullable_text, limits.BIO_MAX)
Image = partial(nullable_text, limits.IMAGE_MAX)
Title = partial(text, limits.TITLE_MAX)
Description = partial(text, limits.DESCRIPTION_MAX)
BodyText = partial(text, limits.BODY_MAX)
TagName = partial(text, limits.TAG_MAX, normalize=tags.canonical)
CommentText = partial(text, limits.COMMENT_MAX)
TagList = tag_list
Limit = partial(integer, 1, limits.LIMIT_MAX)
Offset = partial(integer, 0, limits.OFFSET_MAX)
Id = partial(integer, 1, limits.ID_MAX)


class Timestamp(fields.Field[datetime]):
    """A datetime rendered as ISO 8601 UTC with milliseconds and `Z`."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else clock.iso(value)


class RequestModel(Schema):
    """Request bodies: unknown fields are ignored, as the contract requires."""

    error_messages = {"type": errors.MUST_BE_OBJECT}  # noqa: RUF012 (marshmallow reads it per class)

    class Meta:
        unknown = EXCLUDE


class ResponseModel(Schema):
    """Response bodies: read from `shared.views` records, with camelCase keys set per field.

    Every field of a response is always present, so the document marks them all
    required, as pydantic does for fields without a default.
    """

    class Meta:
        unknown = EXCLUDE  # documented as an open object, as pydantic documents its models

    def on_bind_field(self, field_name: str, field_obj: fields.Field[Any]) -> None:
        field_obj.required = True
