"""Registration, login, the current user and its partial update (`/api/users`, `/api/user`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.limits import EMAIL_MAX, PASSWORD_MIN, USERNAME_MAX

from .helpers import (
    PASSWORD,
    USER_KEYS,
    assert_error,
    assert_json,
    assert_no_secrets,
    auth,
    register,
    uid,
)

BLANK = "can't be blank"


def new_user() -> dict[str, str]:
    name = f"user_{uid()}"
    return {"username": name, "email": f"{name}@example.com", "password": PASSWORD}


def login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/api/users/login", json={"user": {"email": email, "password": password}})


# --- register -------------------------------------------------------------------------------


def test_register_returns_201_and_the_user_with_a_token(client: httpx.Client) -> None:
    """A new user gets a token at once, and has no bio or image yet."""
    fields = new_user()
    response = client.post("/api/users", json={"user": fields})
    user = assert_json(response, 201)["user"]
    assert set(user) == USER_KEYS
    assert user["username"] == fields["username"]
    assert user["email"] == fields["email"]
    assert user["bio"] is None
    assert user["image"] is None
    assert isinstance(user["token"], str)
    assert user["token"]
    assert_no_secrets(response)


def test_register_ignores_unknown_fields(client: httpx.Client) -> None:
    """A client cannot choose its own token or smuggle in other columns."""
    fields = {**new_user(), "token": "forged", "bio": "chosen", "id": 1, "password_hash": "x"}
    user = assert_json(client.post("/api/users", json={"user": fields}), 201)["user"]
    assert user["token"] != "forged"
    assert user["bio"] is None
    assert client.get("/api/user", headers=auth(user["token"])).status_code == 200


@pytest.mark.parametrize("field", ["username", "email", "password"])
def test_register_without_a_required_field_is_blank(client: httpx.Client, field: str) -> None:
    """A missing field is reported under its own name."""
    fields = new_user()
    del fields[field]
    assert_error(client.post("/api/users", json={"user": fields}), 422, {field: [BLANK]})


@pytest.mark.parametrize("field", ["username", "email", "password"])
@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "whitespace"])
def test_register_with_an_empty_field_is_blank(client: httpx.Client, field: str, value: str) -> None:
    """Empty and whitespace-only text is no value at all."""
    fields = {**new_user(), field: value}
    assert_error(client.post("/api/users", json={"user": fields}), 422, {field: [BLANK]})


def test_register_reports_every_failing_field_once(client: httpx.Client) -> None:
    """Several failing fields give several keys, each with exactly one message."""
    assert_error(
        client.post("/api/users", json={"user": {}}),
        422,
        {"username": [BLANK], "email": [BLANK], "password": [BLANK]},
    )


def test_register_without_the_user_object_is_blank(client: httpx.Client) -> None:
    assert_error(client.post("/api/users", json={}), 422, {"user": [BLANK]})
    assert_error(client.post("/api/users", json={"username": "x"}), 422, {"user": [BLANK]})


@pytest.mark.parametrize("value", ["a string", ["a", "list"], 3], ids=["string", "list", "number"])
def test_register_with_a_user_that_is_not_an_object(client: httpx.Client, value: Any) -> None:
    assert_error(client.post("/api/users", json={"user": value}), 422, {"user": ["must be an object"]})


@pytest.mark.parametrize("field", ["username", "email", "password"])
@pytest.mark.parametrize("value", [12345678, True, ["x"]], ids=["number", "bool", "list"])
def test_register_with_a_non_string_field(client: httpx.Client, field: str, value: Any) -> None:
    """No coercion: a number is not a username."""
    fields = {**new_user(), field: value}
    assert_error(client.post("/api/users", json={"user": fields}), 422, {field: ["must be a string"]})


def test_register_with_a_short_password(client: httpx.Client) -> None:
    fields = {**new_user(), "password": "x" * (PASSWORD_MIN - 1)}
    assert_error(
        client.post("/api/users", json={"user": fields}),
        422,
        {"password": [f"is too short (minimum is {PASSWORD_MIN} characters)"]},
    )


@pytest.mark.parametrize("length", [PASSWORD_MIN, 64])
def test_register_accepts_passwords_from_8_to_64_characters(client: httpx.Client, length: int) -> None:
    """The boundary itself and a long passphrase both work, for registering and logging in."""
    password = ("Pw0-" * 20)[:length]
    user = register(client, password=password)
    response = login(client, user["email"], password)
    assert assert_json(response, 200)["user"]["username"] == user["username"]


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two words@example.com", "@example.com"])
def test_register_with_an_invalid_email(client: httpx.Client, email: str) -> None:
    fields = {**new_user(), "email": email}
    assert_error(client.post("/api/users", json={"user": fields}), 422, {"email": ["is invalid"]})


def test_register_with_a_too_long_username(client: httpx.Client) -> None:
    fields = {**new_user(), "username": uid() + "u" * USERNAME_MAX}
    assert_error(
        client.post("/api/users", json={"user": fields}),
        422,
        {"username": [f"is too long (maximum is {USERNAME_MAX} characters)"]},
    )


def test_register_accepts_a_username_of_maximum_length(client: httpx.Client) -> None:
    name = (uid() + "u" * USERNAME_MAX)[:USERNAME_MAX]
    assert register(client, username=name, email=f"{uid()}@example.com")["username"] == name


def test_register_with_a_too_long_email(client: httpx.Client) -> None:
    fields = {**new_user(), "email": uid() + "e" * EMAIL_MAX + "@example.com"}
    assert_error(
        client.post("/api/users", json={"user": fields}),
        422,
        {"email": [f"is too long (maximum is {EMAIL_MAX} characters)"]},
    )


def test_register_with_a_taken_username(client: httpx.Client) -> None:
    taken = register(client)["username"]
    fields = {**new_user(), "username": taken}
    assert_error(
        client.post("/api/users", json={"user": fields}), 409, {"username": ["has already been taken"]}
    )


def test_register_with_a_taken_email(client: httpx.Client) -> None:
    taken = register(client)["email"]
    fields = {**new_user(), "email": taken}
    assert_error(client.post("/api/users", json={"user": fields}), 409, {"email": ["has already been taken"]})


# --- login ----------------------------------------------------------------------------------


def test_login_returns_the_user_with_a_working_token(client: httpx.Client) -> None:
    user = register(client)
    response = login(client, user["email"], PASSWORD)
    logged_in = assert_json(response, 200)["user"]
    assert set(logged_in) == USER_KEYS
    assert {k: logged_in[k] for k in ("email", "username", "bio", "image")} == {
        "email": user["email"],
        "username": user["username"],
        "bio": None,
        "image": None,
    }
    assert_no_secrets(response)
    me = assert_json(client.get("/api/user", headers=auth(logged_in["token"])), 200)["user"]
    assert me["username"] == user["username"]


def test_login_with_a_wrong_password(client: httpx.Client) -> None:
    user = register(client)
    assert_error(login(client, user["email"], PASSWORD + "-wrong"), 401, {"credentials": ["invalid"]})


def test_login_with_an_unknown_email(client: httpx.Client) -> None:
    """Same answer as a wrong password: the API does not tell which emails exist."""
    assert_error(login(client, f"nobody_{uid()}@example.com", PASSWORD), 401, {"credentials": ["invalid"]})


@pytest.mark.parametrize("field", ["email", "password"])
def test_login_without_a_required_field(client: httpx.Client, field: str) -> None:
    fields = {"email": f"{uid()}@example.com", "password": PASSWORD}
    del fields[field]
    assert_error(client.post("/api/users/login", json={"user": fields}), 422, {field: [BLANK]})


def test_login_without_the_user_object(client: httpx.Client) -> None:
    assert_error(client.post("/api/users/login", json={}), 422, {"user": [BLANK]})


def test_login_with_a_non_string_password(client: httpx.Client) -> None:
    user = register(client)
    response = client.post("/api/users/login", json={"user": {"email": user["email"], "password": 12345678}})
    assert_error(response, 422, {"password": ["must be a string"]})


# --- current user ---------------------------------------------------------------------------


def test_current_user_is_the_registered_user(client: httpx.Client) -> None:
    user = register(client)
    response = client.get("/api/user", headers=auth(user["token"]))
    me = assert_json(response, 200)["user"]
    assert set(me) == USER_KEYS
    assert {k: me[k] for k in ("email", "username", "bio", "image")} == {
        k: user[k] for k in ("email", "username", "bio", "image")
    }
    assert client.get("/api/user", headers=auth(me["token"])).status_code == 200
    assert_no_secrets(response)


# --- update ---------------------------------------------------------------------------------


def update(client: httpx.Client, token: str, fields: dict[str, Any]) -> httpx.Response:
    return client.put("/api/user", json={"user": fields}, headers=auth(token))


def test_update_bio_and_image_keeps_the_rest(client: httpx.Client) -> None:
    """The update is partial: fields not sent stay as they were."""
    user = register(client)
    response = update(client, user["token"], {"bio": "I write.", "image": "https://example.com/me.png"})
    updated = assert_json(response, 200)["user"]
    assert updated["bio"] == "I write."
    assert updated["image"] == "https://example.com/me.png"
    assert updated["username"] == user["username"]
    assert updated["email"] == user["email"]
    assert_no_secrets(response)
    me = assert_json(client.get("/api/user", headers=auth(updated["token"])), 200)["user"]
    assert (me["bio"], me["image"]) == ("I write.", "https://example.com/me.png")


def test_update_bio_only_keeps_tokens_working(client: httpx.Client) -> None:
    """Tokens are bound to username and email, so a bio change invalidates nothing."""
    user = register(client)
    updated = assert_json(update(client, user["token"], {"bio": "new bio"}), 200)["user"]
    assert client.get("/api/user", headers=auth(updated["token"])).status_code == 200
    assert client.get("/api/user", headers=auth(user["token"])).status_code == 200


@pytest.mark.parametrize("field", ["bio", "image"])
@pytest.mark.parametrize("value", ["", None], ids=["empty", "null"])
def test_update_empty_bio_or_image_is_stored_as_null(client: httpx.Client, field: str, value: Any) -> None:
    user = register(client)
    assert update(client, user["token"], {field: "something"}).status_code == 200
    updated = assert_json(update(client, user["token"], {field: value}), 200)["user"]
    assert updated[field] is None
    me = assert_json(client.get("/api/user", headers=auth(user["token"])), 200)["user"]
    assert me[field] is None


@pytest.mark.parametrize("field", ["email", "username", "password"])
@pytest.mark.parametrize("value", ["", "   ", None], ids=["empty", "whitespace", "null"])
def test_update_cannot_blank_a_required_field(client: httpx.Client, field: str, value: Any) -> None:
    user = register(client)
    assert_error(update(client, user["token"], {field: value}), 422, {field: [BLANK]})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "is invalid"),
        ("password", "short", f"is too short (minimum is {PASSWORD_MIN} characters)"),
        ("username", "u" * (USERNAME_MAX + 1), f"is too long (maximum is {USERNAME_MAX} characters)"),
        ("bio", 42, "must be a string"),
        ("username", 42, "must be a string"),
    ],
)
def test_update_validates_like_register(client: httpx.Client, field: str, value: Any, message: str) -> None:
    user = register(client)
    assert_error(update(client, user["token"], {field: value}), 422, {field: [message]})


def test_update_without_the_user_object(client: httpx.Client) -> None:
    user = register(client)
    response = client.put("/api/user", json={}, headers=auth(user["token"]))
    assert_error(response, 422, {"user": [BLANK]})
    response = client.put("/api/user", json={"user": "bio"}, headers=auth(user["token"]))
    assert_error(response, 422, {"user": ["must be an object"]})


@pytest.mark.parametrize("field", ["username", "email"])
def test_update_identity_issues_a_new_token_and_revokes_the_old(client: httpx.Client, field: str) -> None:
    """Tokens name the username and email: changing either makes old tokens invalid."""
    user = register(client)
    value = f"renamed_{uid()}" + ("@example.com" if field == "email" else "")
    updated = assert_json(update(client, user["token"], {field: value}), 200)["user"]
    assert updated[field] == value
    assert updated["token"] != user["token"]
    me = assert_json(client.get("/api/user", headers=auth(updated["token"])), 200)["user"]
    assert me[field] == value
    assert_error(client.get("/api/user", headers=auth(user["token"])), 401, {"token": ["is invalid"]})


def test_update_to_own_current_username_and_email_is_not_a_conflict(client: httpx.Client) -> None:
    user = register(client)
    response = update(client, user["token"], {"username": user["username"], "email": user["email"]})
    assert assert_json(response, 200)["user"]["username"] == user["username"]


@pytest.mark.parametrize("field", ["username", "email"])
def test_update_to_a_taken_identity(client: httpx.Client, field: str) -> None:
    other = register(client)
    user = register(client)
    assert_error(
        update(client, user["token"], {field: other[field]}), 409, {field: ["has already been taken"]}
    )


def test_update_password_changes_login(client: httpx.Client) -> None:
    user = register(client)
    new_password = "another-password-" + uid()
    response = update(client, user["token"], {"password": new_password})
    assert_json(response, 200)
    assert_no_secrets(response)
    assert login(client, user["email"], new_password).status_code == 200
    assert_error(login(client, user["email"], PASSWORD), 401, {"credentials": ["invalid"]})


def test_update_ignores_unknown_fields(client: httpx.Client) -> None:
    user = register(client)
    updated = assert_json(update(client, user["token"], {"bio": "b", "token": "forged", "id": 1}), 200)[
        "user"
    ]
    assert updated["token"] != "forged"
    assert updated["bio"] == "b"
