"""Slugs: readable, URL-safe, and a suffix when the readable one is taken."""

from __future__ import annotations

import re

import pytest

from shared import slugs

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to train your dragon", "how-to-train-your-dragon"),
        ("Hello, World!", "hello-world"),
        ("  Spaces   everywhere  ", "spaces-everywhere"),
        ("Crème brûlée & café", "creme-brulee-cafe"),
        ("Straße über Ärger", "strasse-uber-arger"),
        ("Привет мир", "privet-mir"),
        ("C++ & C#: 10 tips?", "c-c-10-tips"),
        ("UPPER case", "upper-case"),
    ],
)
def test_base_slug(title: str, slug: str) -> None:
    assert slugs.base_slug(title) == slug


@pytest.mark.parametrize("title", ["", "   ", "!!!", "---", "¿?", "🎉🎉"])
def test_a_title_with_nothing_sluggable_falls_back(title: str) -> None:
    assert slugs.base_slug(title) == slugs.FALLBACK == "article"


def test_a_long_title_is_cut_at_a_word_boundary() -> None:
    slug = slugs.base_slug("word " * 100)
    assert len(slug) <= slugs.MAX_BASE
    assert slug.endswith("-word")
    assert SLUG.match(slug)


def test_non_latin_titles_still_give_ascii_slugs() -> None:
    slug = slugs.base_slug("日本語のタイトル")
    assert slug.isascii()
    assert SLUG.match(slug)


def test_suffix_keeps_the_base_and_differs_each_time() -> None:
    made = {slugs.with_suffix("hello-world") for _ in range(20)}
    assert len(made) == 20
    for slug in made:
        assert re.fullmatch(r"hello-world-[0-9a-f]{8}", slug)
