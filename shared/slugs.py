"""Slugs: readable when the title's slug is free, unique always.

A slug is a permalink. It is made once, from the title, when the article is
created; editing the title later keeps the slug, so links never break.
"""

from __future__ import annotations

import random
import secrets

from slugify import slugify

MAX_BASE = 200
FALLBACK = "article"
RESERVED = frozenset({"feed"})
"""`/api/articles/feed` is the feed: an article with this slug could never be read."""


def base_slug(title: str) -> str:
    """The title as a URL-safe slug (transliterated, lower case); `article` if nothing is left."""
    return slugify(title, max_length=MAX_BASE, word_boundary=True) or FALLBACK


def is_reserved(slug: str) -> bool:
    return slug in RESERVED


def with_suffix(base: str, rng: random.Random | None = None) -> str:
    """The base with a random suffix, for a title whose slug is taken.

    The API draws from `secrets`; the seed passes its own seeded `rng`, so a
    seeded run is reproducible.
    """
    bits = rng.getrandbits(32) if rng is not None else secrets.randbits(32)
    return f"{base}-{bits:08x}"
