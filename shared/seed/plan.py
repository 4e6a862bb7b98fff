"""Who writes, follows and favorites what: the shape of the social graph, before any text exists.

People are positions in `Population.ids`; articles are positions in the run's list.
A person's popularity is a Pareto(1.2) draw, so a few prolific, much-followed authors
stand over many occasional ones. Authors are drawn by popularity; follows lean toward
popular people; an article's number of fans is Pareto(1.3) minus one (most have none
or a handful, a few are loved by many). The demo account follows the busiest authors
of the run and favorites a fixed share of its articles, so its feed and its
`?favorited=` list are long at every size.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field

from shared.seed.defaults import demo_favorites, demo_follows
from shared.seed.draws import between

POPULARITY_ALPHA = 1.2
FANS_ALPHA = 1.3
MEAN_FOLLOWS = 6
"""People follow about six others on average (exponential), the demo account excepted."""
COMMENTS_PER_ARTICLE = ((0, 1, 2, 3, 4, 6), (35, 25, 15, 10, 8, 7))
"""How many comments an article gets, and how often (relative weights)."""


@dataclass
class Population:
    """The people of a run: their ids, when they joined (ms into the timeline), their popularity.

    `demo` is the demo account's position (always 0), or None when its email belongs to someone
    else; `inserted` counts the rows this run added (the demo account is reused when present).
    """

    ids: list[int] = field(default_factory=list)
    joined_ms: list[int] = field(default_factory=list)
    popularity: list[float] = field(default_factory=list)
    demo: int | None = None
    inserted: int = 0

    def others(self) -> range:
        """Everyone but the demo account, as positions."""
        return range(1 if self.demo == 0 else 0, len(self.ids))


@dataclass(frozen=True)
class Plan:
    """Per article (by position, oldest first), its author's position and creation (ms into the
    timeline); the demo account's followees and favorite articles (positions)."""

    authors: list[int]
    created_ms: list[int]
    demo_followees: list[int]
    demo_favorites: frozenset[int]


def popularity(rng: random.Random, count: int) -> list[float]:
    """`count` Pareto(1.2) weights (>= 1, heavy-tailed)."""
    return [rng.paretovariate(POPULARITY_ALPHA) for _ in range(count)]


def make_plan(rng: random.Random, population: Population, articles: int, span_ms: int) -> Plan:
    """Authors for `articles` articles, by popularity, each article written between its author's
    joining and `span_ms`; the demo account's followees and favorites.

    Articles are in order of creation, so ids grow with `created_at` as on a live site (and
    each index of the articles takes its rows nearly in order). The demo account follows
    min(100, people - 1) others, the busiest authors of this run first (ties by position);
    it favorites min(1000, articles // 10) articles, drawn evenly.
    Raises ValueError when there are articles but nobody to write them.
    """
    if articles and not population.ids:
        raise ValueError("no author for the articles: the demo email belongs to someone else")
    drawn = rng.choices(range(len(population.ids)), weights=population.popularity, k=articles)
    joined = population.joined_ms
    timed = sorted((between(rng, joined[author], span_ms), author) for author in drawn)
    authors = [author for _, author in timed]
    followees: list[int] = []
    favorites: frozenset[int] = frozenset()
    if population.demo is not None:
        written = Counter(authors)
        busiest = sorted(population.others(), key=lambda person: (-written[person], person))
        followees = busiest[: demo_follows(len(population.ids))]
        favorites = frozenset(rng.sample(range(articles), demo_favorites(articles)))
    created = [moment for moment, _ in timed]
    return Plan(authors=authors, created_ms=created, demo_followees=followees, demo_favorites=favorites)


class Follows:
    """Draws whom a person follows: about six people, the popular ones more often, never themselves."""

    def __init__(self, population: Population) -> None:
        self.everyone = range(len(population.ids))
        self.cumulative = list(itertools.accumulate(population.popularity))

    def followees(self, rng: random.Random, follower: int) -> list[int]:
        """Distinct positions, in the order drawn; at most everyone else."""
        wanted = min(len(self.everyone) - 1, int(rng.expovariate(1 / MEAN_FOLLOWS)))
        chosen: dict[int, None] = {}
        for pick in rng.choices(self.everyone, cum_weights=self.cumulative, k=3 * wanted):
            if len(chosen) == wanted:
                break
            if pick != follower:
                chosen[pick] = None
        return list(chosen)


def fans(rng: random.Random, available: int) -> int:
    """How many people (of `available`) favorite an article: Pareto(1.3) - 1, so 59% get none."""
    return min(available, int(rng.paretovariate(FANS_ALPHA)) - 1)


_COMMENT_CUM = list(itertools.accumulate(COMMENTS_PER_ARTICLE[1]))


def comment_count(rng: random.Random) -> int:
    """How many comments an article gets: 0 to 6, mostly few (`COMMENTS_PER_ARTICLE`)."""
    return COMMENTS_PER_ARTICLE[0][bisect(_COMMENT_CUM, rng.random() * _COMMENT_CUM[-1])]
