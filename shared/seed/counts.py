"""The counters a seed changes, tallied in Python as rows are made and written once at the end.

`shared.counters.recount` would give the same numbers, but with four grouped counts
over every row of the database; the tally costs one increment per row made and one
statement per table. It adds to what the counters already hold, so a second seed (or
a concurrent write) keeps them exact. `articles.favorites_count` is not here: it goes
in with each article's row. Rows are updated in the order `shared.counters` locks them:
users by id, then tags by id, then the `counters` row.
"""

from __future__ import annotations

from collections import Counter as Tallies

from sqlalchemy import update

from shared.counters import ARTICLES
from shared.models import Counter, Tag, User
from shared.seed.loader import Loader


class Tally:
    """Counts by row id: articles and favorites per user, articles per tag, and the article total."""

    def __init__(self) -> None:
        self.user_articles: Tallies[int] = Tallies()
        self.user_favorites: Tallies[int] = Tallies()
        self.tag_articles: Tallies[int] = Tallies()
        self.articles = 0

    def write(self, loader: Loader) -> None:
        """Add every tally to its counter, through `loader` and its session (same transaction)."""
        users = sorted(self.user_articles.keys() | self.user_favorites.keys())
        rows = [(user, self.user_articles[user], self.user_favorites[user]) for user in users]
        loader.add(User.__tablename__, ("articles_count", "favorites_count"), rows)
        tags = [(tag, count) for tag, count in sorted(self.tag_articles.items())]
        loader.add(Tag.__tablename__, ("articles_count",), tags)
        if self.articles:
            total = (
                update(Counter).where(Counter.name == ARTICLES).values(value=Counter.value + self.articles)
            )
            loader.session.execute(total)
