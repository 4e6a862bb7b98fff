"""One identity, one account: e-mails compare case-insensitively, usernames and e-mails Unicode-normalised.

E-mail addresses are stored NFC and in lower case, usernames NFKC (UAX #15) and
case-sensitive; every comparison (registration, login, update, profile lookups,
list filters, tokens) uses those forms, and the database's unique constraints hold them.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import httpx
import pytest

from .helpers import PASSWORD, assert_error, assert_json, auth, create_article, register, uid

TAKEN = ["has already been taken"]


def login(client: httpx.Client, email: str) -> httpx.Response:
    return client.post("/api/users/login", json={"user": {"email": email, "password": PASSWORD}})


def registration(username: str, email: str) -> dict[str, dict[str, str]]:
    return {"user": {"username": username, "email": email, "password": PASSWORD}}


# --- e-mail addresses ---------------------------------------------------------------------------


def test_an_email_is_stored_in_lower_case(client: httpx.Client) -> None:
    tag = uid()
    user = register(client, username=f"mixed_{tag}", email=f"Mixed.Case.{tag}@Example.TEST")
    assert user["email"] == f"mixed.case.{tag}@example.test"


@pytest.mark.parametrize("written", ["lower", "upper", "as registered"])
def test_login_compares_emails_case_insensitively(client: httpx.Client, written: str) -> None:
    tag = uid()
    registered = f"Mixed.Case.{tag}@Example.TEST"
    user = register(client, username=f"mixed_{tag}", email=registered)
    email = {"lower": registered.lower(), "upper": registered.upper(), "as registered": registered}[written]
    logged_in = assert_json(login(client, email), 200)["user"]
    assert logged_in["username"] == user["username"]


def test_one_mailbox_registers_once_whatever_its_case(client: httpx.Client) -> None:
    tag = uid()
    register(client, username=f"first_{tag}", email=f"Mixed.Case.{tag}@Example.TEST")
    again = client.post("/api/users", json=registration(f"second_{tag}", f"mixed.case.{tag}@example.test"))
    assert_error(again, 409, {"email": TAKEN})


def test_an_update_to_another_account_s_email_in_other_case_is_taken(client: httpx.Client) -> None:
    owner, other = register(client), register(client)
    response = client.put(
        "/api/user", json={"user": {"email": owner["email"].upper()}}, headers=auth(other["token"])
    )
    assert_error(response, 409, {"email": TAKEN})


def test_an_update_to_one_s_own_email_in_other_case_keeps_the_account(client: httpx.Client) -> None:
    user = register(client)
    response = client.put(
        "/api/user", json={"user": {"email": user["email"].upper()}}, headers=auth(user["token"])
    )
    assert assert_json(response, 200)["user"]["email"] == user["email"]


def test_an_email_is_unicode_normalised(client: httpx.Client) -> None:
    """`é` composed (NFC) and `e` + combining accent (NFD) are one address."""
    tag = uid()
    composed = f"jos\u00e9.{tag}@example.test"
    register(client, username=f"jose_{tag}", email=composed)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert_json(login(client, decomposed), 200)
    again = client.post("/api/users", json=registration(f"other_{tag}", decomposed))
    assert_error(again, 409, {"email": TAKEN})


# --- usernames ----------------------------------------------------------------------------------


def test_a_username_written_two_ways_registers_once(client: httpx.Client) -> None:
    """`José` with a composed `é` and with `e` + combining accent is one username (NFKC)."""
    tag = uid()
    composed = f"Jos\u00e9{tag}"
    decomposed = unicodedata.normalize("NFD", composed)
    user = register(client, username=decomposed, email=f"nfd_{tag}@example.test")
    assert user["username"] == composed
    again = client.post("/api/users", json=registration(composed, f"nfc_{tag}@example.test"))
    assert_error(again, 409, {"username": TAKEN})


def test_a_username_is_compatibility_normalised(client: httpx.Client) -> None:
    """NFKC: fullwidth letters and the `ﬁ` ligature are their plain letters."""
    tag = uid()
    user = register(client, username=f"\uff4a\uff4f\ufb01_{tag}", email=f"nfkc_{tag}@example.test")
    assert user["username"] == f"jofi_{tag}"


def test_usernames_stay_case_sensitive(client: httpx.Client) -> None:
    tag = uid()
    lower = register(client, username=f"case_{tag}", email=f"lower_{tag}@example.test")
    upper = register(client, username=f"CASE_{tag}", email=f"upper_{tag}@example.test")
    assert lower["username"] != upper["username"]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_profile_lookups_and_filters_compare_normalised_usernames(client: httpx.Client, form: str) -> None:
    tag = uid()
    author = register(client, username=f"Jos\u00e9{tag}", email=f"jose_{tag}@example.test")
    fan = register(client)
    slug = create_article(client, author["token"])["slug"]
    name = quote(unicodedata.normalize(form, author["username"]), safe="")
    profile = assert_json(client.get(f"/api/profiles/{name}"), 200)["profile"]
    assert profile["username"] == author["username"]
    followed = client.post(f"/api/profiles/{name}/follow", headers=auth(fan["token"]))
    assert assert_json(followed, 200)["profile"]["following"] is True
    listed = assert_json(client.get(f"/api/articles?author={name}"), 200)
    assert [article["slug"] for article in listed["articles"]] == [slug]
    favorited = client.post(f"/api/articles/{slug}/favorite", headers=auth(author["token"]))
    assert favorited.status_code == 200
    by_fan = assert_json(client.get(f"/api/articles?favorited={name}"), 200)
    assert [article["slug"] for article in by_fan["articles"]] == [slug]


def test_an_update_to_another_way_of_writing_one_s_name_keeps_the_account(client: httpx.Client) -> None:
    tag = uid()
    user = register(client, username=f"Jos\u00e9{tag}", email=f"jose_{tag}@example.test")
    decomposed = unicodedata.normalize("NFD", user["username"])
    response = client.put("/api/user", json={"user": {"username": decomposed}}, headers=auth(user["token"]))
    updated = assert_json(response, 200)["user"]
    assert updated["username"] == user["username"]


def test_a_username_too_long_once_normalised_is_refused(client: httpx.Client) -> None:
    """The limits apply to the stored form: `ﷺ` is one character that NFKC writes as 18."""
    response = client.post("/api/users", json=registration("\ufdfa" * 4, f"long_{uid()}@example.test"))
    assert_error(response, 422, {"username": ["is too long (maximum is 64 characters)"]})
