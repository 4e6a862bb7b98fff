"""HTTP rules both backends apply around the routes: query parameters, methods, request limits.

Each backend reads the request its own way and hands the plain values here, so
the two answer alike where their frameworks would not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from shared import errors


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
