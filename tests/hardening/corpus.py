"""Hostile requests, the same for both backends: each must get a 4xx in the error envelope.

`{slug}`, `{comment}` and `{token}` are filled in with a real article, comment
and token, so a case reaches the code it means to hit instead of a plain 401 or 404.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from shared import limits

JSON = {"Content-Type": "application/json"}
AUTH = {"Authorization": "Token {token}"}
ONE_MIB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


def _article(**fields: object) -> bytes:
    return _body({"article": {"title": "T", "description": "D", "body": "B", **fields}})


def _user(**fields: object) -> bytes:
    return _body({"user": {"username": "u", "email": "u@example.com", "password": "password123", **fields}})


WRONG_TYPES: list[object] = [None, 0, -1, 1.5, True, [], {}, ["x"], {"a": 1}, 10**30]

BODIES = [
    Case("bodies", "not JSON", "POST", "/api/users", b"{not json", JSON),
    Case("bodies", "not UTF-8", "POST", "/api/users", b'{"user": "\xff\xfe"}', JSON),
    Case("bodies", "latin-1 bytes", "POST", "/api/articles", "{\"article\": \"é\"}".encode("latin-1"), {**JSON, **AUTH}),
    Case("bodies", "empty", "POST", "/api/users", b"", JSON),
    Case("bodies", "null", "POST", "/api/users", b"null", JSON),
    Case("bodies", "array", "POST", "/api/users", b"[]", JSON),
    Case("bodies", "array of users", "POST", "/api/users", _body([{"user": {}}]), JSON),
    Case("bodies", "string", "POST", "/api/users", b'"user"', JSON),
    Case("bodies", "number", "POST", "/api/users", b"42", JSON),
    Case("bodies", "nested 100 000 deep", "POST", "/api/users", b"[" * 100_000 + b"]" * 100_000, JSON),
    Case("bodies", "nested objects", "POST", "/api/users", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, JSON),
    Case("bodies", "NUL in a field", "POST", "/api/users", _user(username="a\x00b"), JSON),
    Case("bodies", "NUL in the raw JSON", "POST", "/api/users", b'{"user": {"username": "a\x00"}}', JSON),
    Case("bodies", "huge integer", "POST", "/api/users", b'{"user": {"username": ' + b"9" * 5000 + b"}}", JSON),
    Case("bodies", "1e999", "POST", "/api/users", b'{"user": {"username": 1e999}}', JSON),
    Case("bodies", "NaN", "POST", "/api/users", b'{"user": {"username": NaN}}', JSON),
    Case("bodies", "tiny float", "GET", "/api/articles?limit=2.5e-42"),
    Case("bodies", "over the size limit", "POST", "/api/users", b" " * (ONE_MIB + 1), JSON),
    Case("bodies", "form encoded", "POST", "/api/users", b"user=x", {"Content-Type": "application/x-www-form-urlencoded"}),
    Case("bodies", "no content type", "POST", "/api/users", _user(), {}),
    Case("bodies", "duplicate keys", "POST", "/api/articles", b'{"article": {"title": 1, "title": 2}}', {**JSON, **AUTH}),
    *(
        Case("bodies", f"{field_name} = {value!r}"[:60], "POST", "/api/users", _user(**{field_name: value}), JSON)
        for field_name in ("username", "email", "password")
        for value in WRONG_TYPES
    ),
    *(
        Case("bodies", f"article {field_name} = {value!r}"[:60], "POST", "/api/articles",
             _article(**{field_name: value}), {**JSON, **AUTH})
        for field_name in ("title", "description", "body", "tagList")
        for value in WRONG_TYPES
        if not (field_name == "tagList" and value in ([], ["x"]))
    ),
    Case("bodies", "tagList of numbers", "POST", "/api/articles", _article(tagList=[1, 2]), {**JSON, **AUTH}),
    Case("bodies", "tagList of 10 000", "POST", "/api/articles", _article(tagList=["t"] * 10_000), {**JSON, **AUTH}),
    Case("bodies", "tag blank once trimmed", "POST", "/api/articles", _article(tagList=["ok", " \u3000 "]), {**JSON, **AUTH}),
    Case("bodies", "tag too long once normalised", "POST", "/api/articles", _article(tagList=["\u337b" * 40]), {**JSON, **AUTH}),
    Case("bodies", "comment as a list", "POST", "/api/articles/{slug}/comments", _body({"comment": []}), {**JSON, **AUTH}),
    Case("bodies", "update user null bio type", "PUT", "/api/user", _body({"user": {"bio": 5}}), {**JSON, **AUTH}),
    *(Case("bodies", f"username {name!r}", "POST", "/api/users", _user(username=name), JSON) for name in ("ab/cd", ".", "..", "\uff0e\uff0e")),
    Case("bodies", "rename to ab/cd", "PUT", "/api/user", _body({"user": {"username": "ab/cd"}}), {**JSON, **AUTH}),
    Case("bodies", "lone surrogate", "POST", "/api/users", b'{"user": {"username": "sur\\ud83d", "email": "s@example.com", "password": "password123"}}', JSON),
    Case("bodies", "Infinity in an extra member", "POST", "/api/users", b'{"user": {"username": "inf", "email": "inf@example.com", "password": "password123"}, "x": Infinity}', JSON),
]  # fmt: skip

LONG_FIELDS = [
    Case("over-long fields", "username", "POST", "/api/users", _user(username="u" * (limits.USERNAME_MAX + 1)), JSON),
    Case("over-long fields", "email", "POST", "/api/users", _user(email="e" * limits.EMAIL_MAX + "@x.io"), JSON),
    Case("over-long fields", "password", "POST", "/api/users", _user(password="p" * (limits.PASSWORD_MAX + 1)), JSON),
    Case("over-long fields", "title", "POST", "/api/articles", _article(title="t" * (limits.TITLE_MAX + 1)), {**JSON, **AUTH}),
    Case("over-long fields", "description", "POST", "/api/articles", _article(description="d" * (limits.DESCRIPTION_MAX + 1)), {**JSON, **AUTH}),
    Case("over-long fields", "body", "POST", "/api/articles", _article(body="b" * (limits.BODY_MAX + 1)), {**JSON, **AUTH}),
    Case("over-long fields", "tag", "POST", "/api/articles", _article(tagList=["t" * (limits.TAG_MAX + 1)]), {**JSON, **AUTH}),
    Case("over-long fields", "bio", "PUT", "/api/user", _body({"user": {"bio": "b" * (limits.BIO_MAX + 1)}}), {**JSON, **AUTH}),
    Case("over-long fields", "comment", "POST", "/api/articles/{slug}/comments", _body({"comment": {"body": "c" * (limits.COMMENT_MAX + 1)}}), {**JSON, **AUTH}),
]  # fmt: skip

QUERIES = (
    [
        Case("query strings", f"limit={value}", "GET", f"/api/articles?limit={value}")
        for value in (
            "1e3",
            "0",
            "-1",
            "101",
            "99999999999999999999999",
            "abc",
            "",
            "%00",
            "1.0",
            "%D9%A3",
            "0x10",
            " 5",
        )
    ]
    + [
        Case("query strings", f"offset={value}", "GET", f"/api/articles?offset={value}")
        for value in ("-5", "1e3", "9" * 40, "null")
    ]
    + [
        Case("query strings", "feed limit=0", "GET", "/api/articles/feed?limit=0", headers=AUTH),
        Case("query strings", "feed limit twice", "GET", "/api/articles/feed?limit=1&limit=2", headers=AUTH),
    ]
    + [
        Case("query strings", f"{name} twice", "GET", f"/api/articles?{name}=1&{name}=2")
        for name in ("limit", "offset", "tag", "author", "favorited")
    ]
)

PATHS = [
    Case("path segments", "encoded ../", "GET", "/api/articles/..%2F..%2Fetc%2Fpasswd"),
    Case("path segments", "encoded ../ in profile", "GET", "/api/profiles/..%2F..%2Fusers"),
    Case("path segments", "7 000 character slug", "GET", "/api/articles/" + "a" * 7_000),
    Case("path segments", "NUL in slug", "GET", "/api/articles/x%00y"),
    Case("path segments", "unicode slug", "GET", "/api/articles/%E2%98%83%F0%9F%92%A9"),
    Case("path segments", "SQL in slug", "GET", "/api/articles/%27%20OR%201%3D1--"),
    Case("path segments", "comment id abc", "DELETE", "/api/articles/{slug}/comments/abc", headers=AUTH),
    Case("path segments", "comment id 1.5", "DELETE", "/api/articles/{slug}/comments/1.5", headers=AUTH),
    Case("path segments", "comment id -1", "DELETE", "/api/articles/{slug}/comments/-1", headers=AUTH),
    Case(
        "path segments",
        "comment id huge",
        "DELETE",
        "/api/articles/{slug}/comments/" + "9" * 30,
        headers=AUTH,
    ),
    Case("path segments", "comment id 0", "DELETE", "/api/articles/{slug}/comments/0", headers=AUTH),
    Case("path segments", "unknown route", "GET", "/api/../../etc/passwd"),
    Case("path segments", "double slash", "GET", "/api//articles"),
    Case("path segments", "trailing slash", "GET", "/api/articles/"),
]

HEADERS = [
    Case("headers", "Token with nothing after it", "GET", "/api/user", headers={"Authorization": "Token"}),
    Case("headers", "Bearer scheme", "GET", "/api/user", headers={"Authorization": "Bearer {token}"}),
    Case("headers", "lower-case scheme, bad token", "GET", "/api/user", headers={"Authorization": "token x.y.z"}),
    Case("headers", "Basic scheme", "GET", "/api/user", headers={"Authorization": "Basic dXNlcjpwYXNz"}),
    Case("headers", "two tokens", "GET", "/api/user", headers={"Authorization": "Token {token} {token}"}),
    Case("headers", "very long token", "GET", "/api/user", headers={"Authorization": "Token " + "a" * 6000}),
    Case("headers", "token of dots", "GET", "/api/user", headers={"Authorization": "Token ..."}),
    Case("headers", "bad token on a public route", "GET", "/api/articles", headers={"Authorization": "Token x"}),
    Case("headers", "wrong content type", "POST", "/api/users", _user(), {"Content-Type": "text/plain"}),
    Case("headers", "multipart", "POST", "/api/users", b"--x--", {"Content-Type": "multipart/form-data; boundary=x"}),
    Case("headers", "preflight for another header", "OPTIONS", "/api/articles", headers={"Origin": "http://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,x-requested-with"}),
    Case("headers", "preflight for another method", "OPTIONS", "/api/articles", headers={"Origin": "http://example.com", "Access-Control-Request-Method": "PATCH"}),
    Case("headers", "preflight for a private network", "OPTIONS", "/api/articles", headers={"Origin": "http://example.com", "Access-Control-Request-Method": "GET", "Access-Control-Request-Private-Network": "true"}),
    Case("headers", "preflight of an unknown route", "OPTIONS", "/api/nope", headers={"Origin": "http://example.com", "Access-Control-Request-Method": "GET"}),
    Case("headers", "OPTIONS of an unknown route", "OPTIONS", "/api/nope"),
]  # fmt: skip

LIMITS = [
    Case(
        "server limits",
        "URL of 8 001 characters",
        "GET",
        "/api/articles/" + "a" * (limits.URL_MAX + 1 - len("/api/articles/")),
    ),
    Case("server limits", "query past the URL limit", "GET", "/api/articles?tag=" + "a" * limits.URL_MAX),
    Case(
        "server limits",
        "20 000 character Authorization",
        "GET",
        "/api/user",
        headers={"Authorization": "Token " + "a" * 20_000},
    ),
    Case("server limits", "20 000 character header", "GET", "/api/tags", headers={"X-Padding": "a" * 20_000}),
    Case(
        "server limits",
        "150 header fields",
        "GET",
        "/api/tags",
        headers={f"X-Field-{n}": "x" for n in range(150)},
    ),
    Case("server limits", "5 000 character path", "GET", "/api/profiles/" + "a" * 5_000),
]

CORPUS = [*BODIES, *LONG_FIELDS, *QUERIES, *PATHS, *HEADERS, *LIMITS]
