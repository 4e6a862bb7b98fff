"""The demo account, the default sizes and the time span of the seeded data."""

from __future__ import annotations

from datetime import timedelta

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@conduit.example"
DEMO_PASSWORD = "password123"
"""Every seeded account shares this password; it is demo data, printed on purpose."""
EMAIL_DOMAIN = "conduit.example"
"""Seeded users log in as `<username>@conduit.example`: a reserved domain, so no mail ever leaves."""

DEFAULT_ARTICLES = 1000
DEFAULT_SEED = 1
ARTICLES_PER_USER = 20
MIN_USERS = 10
SPAN = timedelta(days=365)
"""Every seeded timestamp lies in the year before the run."""

DEMO_FOLLOWS = 100
"""The demo account follows this many of the busiest authors (fewer when there are fewer people)."""
DEMO_FAVORITES = 1000
"""The demo account favorites this many articles, at most one in `DEMO_FAVORITE_SHARE` of a run's."""
DEMO_FAVORITE_SHARE = 10


def default_users(articles: int) -> int:
    """People for `articles` articles, the demo account included: twenty articles each, at least ten."""
    return max(MIN_USERS, articles // ARTICLES_PER_USER)


def demo_follows(users: int) -> int:
    """Authors the demo account follows among `users` people (itself included): min(100, users - 1)."""
    return max(0, min(DEMO_FOLLOWS, users - 1))


def demo_favorites(articles: int) -> int:
    """How many of a run's `articles` the demo account favorites: min(1000, articles // 10)."""
    return min(DEMO_FAVORITES, articles // DEMO_FAVORITE_SHARE)
