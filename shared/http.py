"""HTTP rules both backends apply around the routes: query parameters, methods, request limits.

Each backend reads the request its own way and hands the plain values here, so
the two answer alike where their frameworks would not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from shared import errors, limits


def single_values(pairs: Iterable[tuple[str, str]], names: Collection[str]) -> dict[str, str]:
    """The query's parameters among `names` as a dict, or 422 naming each one given more than once.

    In: the query's (name, value) pairs in order, and the names the route reads; out: {name: value}.
    A query string may repeat a name (RFC 3986 §3.4 leaves it to the application),
    and frameworks disagree on which value wins (Starlette keeps the last, werkzeug
    the first): the API keeps neither, `{"limit": ["must be given once"]}`.
    Parameters the route does not read are left out, once or repeated.
    """
    found: dict[str, str] = {}
    repeated: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in names:
            continue
        if name in found:
            repeated[name] = [errors.GIVEN_ONCE]
        found[name] = value
    if repeated:
        raise errors.ValidationFailed(repeated)
    return found


def allow(methods: Iterable[str]) -> str:
    """The `Allow` header of a resource served with `methods` (RFC 9110 §10.2.1), in one order on both.

    In: the methods its routes declare, e.g. {"GET", "POST"}; out: "GET, HEAD, OPTIONS, POST".
    HEAD is served wherever GET is (§9.3.2: "identical to GET except that the server
    MUST NOT send content"), and OPTIONS everywhere (§9.3.7), so both are listed.
    """
    served = {method.upper() for method in methods} | {"OPTIONS"}
    if "GET" in served:
        served.add("HEAD")
    return ", ".join(sorted(served))


def check_request_size(target_length: int, headers: Sequence[tuple[str, int]]) -> None:
    """Nothing for a request within the API's limits; otherwise 414 or 431 saying which one.

    In: the length of the request target as sent (path and query, RFC 9112 §3.2), and
    each header field's name with the length of its value. Out: `errors.uri_too_long()`
    (414, RFC 9110 §15.5.15) over `limits.URL_MAX`; 431 (RFC 6585 §5) naming the
    header over `limits.HEADER_MAX`, or `headers` over `limits.HEADERS_MAX` fields.
    Both backends check before routing, below the servers' own limits, so the client
    gets the API's envelope rather than the server's page.
    """
    if target_length > limits.URL_MAX:
        raise errors.uri_too_long(limits.URL_MAX)
    if len(headers) > limits.HEADERS_MAX:
        raise errors.HeadersTooLarge({"headers": [errors.too_many(limits.HEADERS_MAX)]})
    for name, length in headers:
        if length > limits.HEADER_MAX:
            raise errors.HeadersTooLarge({name.title(): [errors.too_long(limits.HEADER_MAX)]})
