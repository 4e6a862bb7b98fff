"""Field lengths and list bounds, documented in the README and enforced by both schema layers."""

USERNAME_MAX = 64
EMAIL_MAX = 255
PASSWORD_MIN = 8
PASSWORD_MAX = 256
BIO_MAX = 10_000
IMAGE_MAX = 2_048
TITLE_MAX = 255
DESCRIPTION_MAX = 1_000
BODY_MAX = 100_000
TAG_MAX = 64
TAGS_MAX = 20
COMMENT_MAX = 10_000

URL_MAX = 8_000
"""Characters of a request's target (path and query, as sent): longer is 414. Under gunicorn's
own request-line limit (8 190 bytes, its maximum), so the API answers first."""
HEADER_MAX = 8_192
"""Characters of one header field's value: longer is 431. gunicorn's own limit is set above it."""
HEADERS_MAX = 100
"""Header fields in one request: more is 431. gunicorn's own limit is set above it."""

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
OFFSET_MAX = 2**31 - 1
ID_MAX = 2**31 - 1
"""Integer ids are 32-bit in PostgreSQL; a larger id can only be a client error."""

# Patterns are anchored with `^`, so searching and matching agree (pydantic
# searches, marshmallow matches), and use no `\s` or `\S`: Python and
# ECMAScript (the dialect of JSON Schema) disagree on what they match, so
# whitespace is spelled out as the ASCII set both agree on.
SPACE = r" \t\n\r\f\v"

EMAIL_PATTERN = r"^[^@\x00-\x20]+@[^@\x00-\x20]+\.[^@\x00-\x20]+$"
"""Deliberately loose: something@domain.tld. Deliverability is not the API's business."""

INTEGER_PATTERN = r"^[+-]?[0-9]+$"
"""An integer in a query string or path: ASCII digits only, so `1.0` or `٣` is refused on both sides."""

NOT_BLANK_PATTERN = rf"^[{SPACE}]*[^{SPACE}]"
"""Text with a non-space character; text without one is reported as blank, whatever else it breaks."""

TEXT_PATTERN = rf"^[{SPACE}]*[^{SPACE}\x00][^\x00]*$"
"""A required text: not blank, and no NUL character, which PostgreSQL cannot store."""

USERNAME_PATTERN = rf"^(?!\.\.?$)[{SPACE}]*[^{SPACE}\x00/][^\x00/]*$"
"""A required text (`TEXT_PATTERN`) that a URL path segment can carry once percent-encoded: no `/`,
and not `.` or `..`, which clients remove as dot segments (RFC 3986 §3.3, §5.2.4)."""

OPTIONAL_TEXT_PATTERN = r"^[^\x00]*$"
"""A text that may be empty (bio, image), still without NUL."""


def is_unicode(value: str) -> bool:
    """Whether a text is made of Unicode characters only, with no lone surrogate.

    JSON's `\\ud83d` escape decodes to half of a UTF-16 surrogate pair, which
    encodes no character: RFC 8259 §8.2 calls such strings unpredictable, and no
    UTF-8 database column, hash or token can hold one (RFC 3629 §3).
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable(value: str) -> bool:
    """Whether a text can exist in the database; a lookup by any other text finds nothing."""
    return "\x00" not in value and is_unicode(value)
