"""Slugs: readable when the title's slug is free, unique always.

A slug is a permalink. It is made once, from the title, when the article is
created; editing the title later keeps the slug, so links never break.
"""

from __future__ import annotations

import secrets

from slugify import slugify

MAX_BASE = 200
FALLBACK = "article"


def base_slug(title: str) -> str:
    """The title as a URL-safe slug (transliterated, lower case); `article` if nothing is left."""
    return slugify(title, max_length=MAX_BASE, word_boundary=True) or FALLBACK


def with_suffix(base: str) -> str:
    """The base with a random suffix, for a title whose slug is taken."""
    return f"{base}-{secrets.token_hex(4)}"
