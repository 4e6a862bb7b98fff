"""The articles phase: titles, bodies and tags for every article, loaded in batches with their tag links."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from shared.models import Article, ArticleTag
from shared.seed.context import Context, chunks
from shared.seed.counts import Tally
from shared.seed.draws import between, pick
from shared.seed.naming import Slugs, TagIds
from shared.seed.plan import Plan, Population, fans
from shared.seed.prefetch import prefetch
from shared.seed.tagging import TagPicker
from shared.seed.vocabulary import TITLE_TEMPLATES, TOPICS, Topic

ARTICLE_COLUMNS = (
    "id",
    "slug",
    "title",
    "description",
    "body",
    "author_id",
    "created_at",
    "updated_at",
    "favorites_count",
)
LINK_COLUMNS = ("article_id", "tag_id", "position", "article_created_at")
ARTICLE_BATCH = 5000
EDITED_SHARE = 0.25
"""The share of articles edited after they were written (`updated_at` later than `created_at`)."""

Made = list[tuple[tuple[object, ...], list[str]]]
"""A batch of articles: each row (in `ARTICLE_COLUMNS` order) with its tag names in order."""


@dataclass
class Written:
    """The run's articles by position: ids, `created_at` as stored, fans to come; the tags used."""

    ids: list[int] = field(default_factory=list)
    created_at: list[str] = field(default_factory=list)
    fans: list[int] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)


class _Articles:
    """Makes the rows (in the prefetch worker: no database access) and loads them (caller's thread)."""

    def __init__(self, ctx: Context, population: Population, plan: Plan, tally: Tally) -> None:
        self.ctx, self.population, self.plan, self.tally = ctx, population, plan, tally
        self.rng = ctx.rng("articles")
        self.tag_rng = ctx.rng("tags")
        self.fan_rng = ctx.rng("fans")
        self.slugs = Slugs(ctx.session, ctx.rng("slugs"))
        self.tag_ids = TagIds(ctx.session)
        self.picker = TagPicker()
        self.available_fans = len(population.others())
        self.written = Written(ids=ctx.loader.new_ids(Article.__tablename__, len(plan.authors)))
        self.author_articles = tally.user_articles

    def _topics(self, rng: random.Random) -> tuple[Topic, Topic]:
        first, second = self.picker.topic(rng), self.picker.topic(rng)
        while second == first:
            second = rng.choice(TOPICS)
        return first, second

    def _article(self, index: int) -> tuple[tuple[object, ...], list[str]]:
        rng, timeline, writer = self.rng, self.ctx.timeline, self.ctx.writer
        author_id = self.population.ids[self.plan.authors[index]]
        created = self.plan.created_ms[index]
        updated = created if rng.random() >= EDITED_SHARE else between(rng, created, timeline.span_ms)
        created_at = timeline.stamp(created)
        template = pick(rng, TITLE_TEMPLATES)
        first, second = self._topics(rng)
        title = writer.title(rng, template, first, second, int(created_at[:4]))
        names = self.picker.names(self.tag_rng, (first, second) if "{b}" in template else (first,))
        liked = fans(self.fan_rng, self.available_fans)
        self.written.created_at.append(created_at)
        self.written.fans.append(liked)
        self.author_articles[author_id] += 1
        row = (
            self.written.ids[index],
            self.slugs.slug(title),
            title,
            writer.description(rng),
            writer.body(rng, first),
            author_id,
            created_at,
            created_at if updated == created else timeline.stamp(updated),
            liked + (index in self.plan.demo_favorites),
        )
        return row, names

    def make(self) -> Iterator[Made]:
        for chunk in chunks(len(self.plan.authors), ARTICLE_BATCH):
            yield [self._article(index) for index in chunk]

    def load(self, made: Made) -> None:
        tag_ids = self.tag_ids.resolve(name for _, names in made for name in names)
        links = []
        for row, names in made:
            for position, name in enumerate(names):
                tag_id = tag_ids[name]
                links.append((row[0], tag_id, position, row[6]))
                self.tally.tag_articles[tag_id] += 1
            self.written.tags.update(names)
        self.ctx.loader.insert(Article.__tablename__, ARTICLE_COLUMNS, [row for row, _ in made])
        self.ctx.loader.insert(ArticleTag.__tablename__, LINK_COLUMNS, links)
        self.tally.articles += len(made)


def write_articles(ctx: Context, population: Population, plan: Plan, tally: Tally) -> Written:
    """One article per entry of `plan.authors`, written at `plan.created_ms`, with 1-4 tags.

    Counts go to `tally` (per author, per tag, the total); each row carries its
    `favorites_count`, the fans drawn here plus the demo account's favorite.
    """
    task = ctx.bar.add_task("articles", total=len(plan.authors))
    articles = _Articles(ctx, population, plan, tally)
    for made in prefetch(articles.make()):
        articles.load(made)
        ctx.bar.advance(task, len(made))
    return articles.written
