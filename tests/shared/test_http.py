"""The HTTP rules of `shared.http` and `shared.cors`, without a framework."""

from __future__ import annotations

import pytest

from shared import cors, errors, http


@pytest.mark.parametrize(
    ("declared", "allow"),
    [
        ({"GET"}, "GET, HEAD, OPTIONS"),
        ({"POST"}, "OPTIONS, POST"),
        ({"put", "get"}, "GET, HEAD, OPTIONS, PUT"),
        ({"DELETE", "GET", "PUT"}, "DELETE, GET, HEAD, OPTIONS, PUT"),
    ],
)
def test_allow_adds_head_to_get_and_options_everywhere(declared: set[str], allow: str) -> None:
    assert http.allow(declared) == allow


def test_single_values_keeps_the_named_parameters_given_once() -> None:
    pairs = [("limit", "5"), ("utm", "a"), ("utm", "b"), ("tag", "x")]
    assert http.single_values(pairs, {"limit", "tag", "offset"}) == {"limit": "5", "tag": "x"}


def test_single_values_names_every_repeated_parameter() -> None:
    pairs = [("limit", "5"), ("tag", "x"), ("limit", "5"), ("tag", "y"), ("offset", "0")]
    with pytest.raises(errors.ValidationFailed) as raised:
        http.single_values(pairs, {"limit", "tag", "offset"})
    assert raised.value.errors == {"limit": ["must be given once"], "tag": ["must be given once"]}


def check(origin: str = "https://a.example", method: str = "POST", **options: str | None) -> None:
    cors.check_preflight(
        origin,
        method,
        options.get("headers"),
        options.get("private_network"),
        tuple((options.get("origins") or "*").split(",")),
    )


@pytest.mark.parametrize("headers", [None, "authorization", "Content-Type, AUTHORIZATION", "accept"])
def test_an_allowed_preflight_passes(headers: str | None) -> None:
    check(headers=headers)
    check(origins="https://a.example,https://b.example", headers=headers)


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"origins": "https://b.example"}, "Origin"),
        ({"method": "PATCH"}, "Access-Control-Request-Method"),
        ({"method": "post"}, "Access-Control-Request-Method"),
        ({"headers": "authorization,x-requested-with"}, "Access-Control-Request-Headers"),
        ({"headers": ""}, "Access-Control-Request-Headers"),
        ({"private_network": "true"}, "Access-Control-Request-Private-Network"),
    ],
)
def test_a_preflight_asking_for_more_is_400_naming_what(options: dict[str, str], key: str) -> None:
    with pytest.raises(errors.BadRequest) as raised:
        check(**options)
    assert list(raised.value.errors) == [key]
