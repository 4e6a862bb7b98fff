"""Who the seeded people are: unique usernames and emails, avatars, bios.

Usernames follow Faker's `user_name` shapes (`last.first`, `first.last`, `first##`,
`?last`, lower case) but are put together from its name lists directly: Faker's own
call costs about 200 us (measured here), ten seconds for 50,000 people.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable

from faker.providers.person.en_US import Provider as Names

from shared.seed.defaults import EMAIL_DOMAIN

IMAGE_SHARE = 0.85
"""The share of people with an avatar."""
IMAGE_URL = "https://picsum.photos/seed/{username}/256/256"
"""A placeholder photo per username (what Faker's `image_url` gives with this placeholder)."""


def _plain(names: Iterable[object]) -> list[str]:
    return sorted({re.sub("[^a-z]", "", str(name).lower()) for name in names} - {""})


class People:
    """Makes usernames unique against `usernames` and emails against `emails`, which it keeps up to date."""

    def __init__(self, usernames: set[str], emails: set[str]) -> None:
        self.usernames = usernames
        self.emails = emails
        self._first = _plain(Names.first_names)
        self._last = _plain(Names.last_names)

    def _base(self, rng: random.Random) -> str:
        first, last = rng.choice(self._first), rng.choice(self._last)
        shape = rng.randrange(4)
        if shape == 0:
            return f"{last}.{first}"
        if shape == 1:
            return f"{first}.{last}"
        if shape == 2:
            return f"{first}{rng.randrange(100):02d}"
        return f"{chr(ord('a') + rng.randrange(26))}{last}"

    def claim(self, username: str, email: str) -> None:
        """Mark a username and email as taken (the demo account's)."""
        self.usernames.add(username)
        self.emails.add(email)

    def username(self, rng: random.Random) -> str:
        """A new username, free along with `<username>@conduit.example`; a number is appended if taken."""
        base = self._base(rng)
        for number in itertools.count(1):
            candidate = base if number == 1 else f"{base}{number}"
            email = f"{candidate}@{EMAIL_DOMAIN}"
            if candidate not in self.usernames and email not in self.emails:
                self.claim(candidate, email)
                return candidate
        raise AssertionError("itertools.count never ends")


def image(rng: random.Random, username: str) -> str | None:
    """An avatar URL for 85% of people, else None."""
    return IMAGE_URL.format(username=username) if rng.random() < IMAGE_SHARE else None
