"""Domain errors and the exact message strings of the API's error envelope.

Both backends raise and render these, so a message is written once and the two
can never disagree on a word. Each error knows its HTTP status: the envelope
`{"errors": {key: [message]}}` and its status are part of the API contract, not
of either framework.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Messages, exactly as the contract states them.
BLANK = "can't be blank"
TAKEN = "has already been taken"
NOT_FOUND = "not found"
FORBIDDEN = "forbidden"
TOKEN_MISSING = "is missing"
TOKEN_INVALID = "is invalid"
CREDENTIALS_INVALID = "invalid"
INVALID = "is invalid"
MUST_BE_STRING = "must be a string"
MUST_BE_INTEGER = "must be an integer"
MUST_BE_LIST = "must be a list"
MUST_BE_OBJECT = "must be an object"
NOT_VALID_JSON = "is not valid JSON"
MUST_BE_JSON = "must be application/json"
ROUTE_NOT_FOUND = "not found"
METHOD_NOT_ALLOWED = "not allowed"
CANNOT_FOLLOW_SELF = "can't follow yourself"
DATABASE_UNAVAILABLE = "unavailable"
INTERNAL = "internal error"
TOO_LARGE = "is too large"
GIVEN_ONCE = "must be given once"
NOT_ALLOWED = "is not allowed"
USERNAME_INVALID = 'can\'t contain "/" or a NUL character, or be "." or ".."'


def too_short(minimum: int) -> str:
    return f"is too short (minimum is {minimum} characters)"


def too_long(maximum: int) -> str:
    return f"is too long (maximum is {maximum} characters)"


def too_many(maximum: int) -> str:
    return f"has too many items (maximum is {maximum})"


def at_least(minimum: int) -> str:
    return f"must be greater than or equal to {minimum}"


def at_most(maximum: int) -> str:
    return f"must be less than or equal to {maximum}"


def one_of(allowed: Sequence[str]) -> str:
    return f"must be one of {', '.join(allowed)}"


def may_only_list(allowed: Sequence[str]) -> str:
    return f"may only list {', '.join(allowed)}"


Errors = dict[str, list[str]]

DESCRIPTIONS = {
    400: "The body is not valid JSON.",
    401: "The token is missing or invalid, or the credentials are wrong.",
    403: "The caller does not own this resource.",
    404: "The resource (article, profile, comment) does not exist.",
    409: "The username, email or slug is already taken.",
    413: "The body is larger than the server accepts.",
    415: "The body is not `application/json`.",
    422: "A field or parameter failed validation; each key names one.",
    503: "The database is unavailable; try again.",
}
"""What each error status means, for both API documents."""


def envelope(errors: Mapping[str, Sequence[str]]) -> dict[str, Errors]:
    """The one error body of the API."""
    return {"errors": {key: list(messages) for key, messages in errors.items()}}


def first_per_field(pairs: Sequence[tuple[str, str]]) -> Errors:
    """Keep the first message per field, as both schema libraries report in rule order.

    pydantic stops at the first failing constraint of a field while marshmallow
    runs them all; keeping the first makes both backends answer alike.
    """
    errors: Errors = {}
    for key, message in pairs:
        errors.setdefault(key, [message])
    return errors


class ApiError(Exception):
    """An error the client caused or must know about, with its status and envelope."""

    status_code = 400

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors: Errors = {key: list(messages) for key, messages in errors.items()}
        super().__init__(self.errors)

    def body(self) -> dict[str, Errors]:
        return envelope(self.errors)


class BadRequest(ApiError):
    """The body could not be read as JSON."""

    status_code = 400


class Unauthorized(ApiError):
    status_code = 401


class Forbidden(ApiError):
    status_code = 403

    def __init__(self, resource: str) -> None:
        super().__init__({resource: [FORBIDDEN]})


class NotFound(ApiError):
    status_code = 404

    def __init__(self, resource: str) -> None:
        super().__init__({resource: [NOT_FOUND]})


class RouteNotFound(ApiError):
    """No route matches the path: the envelope says so instead of an HTML page."""

    status_code = 404


class MethodNotAllowed(ApiError):
    status_code = 405


class Conflict(ApiError):
    status_code = 409

    def __init__(self, field: str) -> None:
        super().__init__({field: [TAKEN]})


class UnsupportedMediaType(ApiError):
    status_code = 415


class ValidationFailed(ApiError):
    status_code = 422


class PayloadTooLarge(ApiError):
    status_code = 413


class UriTooLong(ApiError):
    status_code = 414


class HeadersTooLarge(ApiError):
    status_code = 431


class ServiceUnavailable(ApiError):
    status_code = 503


class InternalError(ApiError):
    """A bug: the client gets the envelope, the log gets the traceback."""

    status_code = 500


def token_missing() -> Unauthorized:
    return Unauthorized({"token": [TOKEN_MISSING]})


def token_invalid() -> Unauthorized:
    return Unauthorized({"token": [TOKEN_INVALID]})


def credentials_invalid() -> Unauthorized:
    return Unauthorized({"credentials": [CREDENTIALS_INVALID]})


def unsupported_media_type() -> UnsupportedMediaType:
    return UnsupportedMediaType({"Content-Type": [MUST_BE_JSON]})


def bad_json() -> BadRequest:
    return BadRequest({"body": [NOT_VALID_JSON]})


def route_not_found() -> RouteNotFound:
    return RouteNotFound({"route": [ROUTE_NOT_FOUND]})


def method_not_allowed() -> MethodNotAllowed:
    return MethodNotAllowed({"method": [METHOD_NOT_ALLOWED]})


def database_unavailable() -> ServiceUnavailable:
    return ServiceUnavailable({"database": [DATABASE_UNAVAILABLE]})


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge({"body": [TOO_LARGE]})


def uri_too_long(maximum: int) -> UriTooLong:
    return UriTooLong({"url": [too_long(maximum)]})


def internal_error() -> InternalError:
    return InternalError({"server": [INTERNAL]})


def for_http_status(status_code: int, reason: str) -> ApiError:
    """The envelope for an error the framework raised before any route ran."""
    known: dict[int, ApiError] = {
        400: bad_json(),
        404: route_not_found(),
        405: method_not_allowed(),
        413: too_large(),
        415: unsupported_media_type(),
    }
    if status_code in known:
        return known[status_code]
    error = ApiError({"request": [reason.lower()]})
    error.status_code = status_code
    return error
