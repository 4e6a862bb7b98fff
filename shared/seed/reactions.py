"""What people do with the articles once written: follow their authors, favorite them, comment."""

from __future__ import annotations

from collections.abc import Iterator

from shared.models import Comment, Favorite, Follow
from shared.seed.context import Context, chunks
from shared.seed.counts import Tally
from shared.seed.draws import between
from shared.seed.plan import Follows, Plan, Population, comment_count
from shared.seed.prefetch import prefetch
from shared.seed.writing import Written

FOLLOW_COLUMNS = ("follower_id", "followee_id")
FAVORITE_COLUMNS = ("user_id", "article_id", "article_created_at")
COMMENT_COLUMNS = ("body", "article_id", "author_id", "created_at", "updated_at")
FOLLOWER_BATCH = 2000
ARTICLE_BATCH = 5000
ROW_BATCH = 50_000


def follow(ctx: Context, population: Population, plan: Plan) -> int:
    """Follows for everyone, leaning toward popular people; the demo account's are `plan`'s.

    Out: how many follow rows went in.
    """
    rng = ctx.rng("follows")
    task = ctx.bar.add_task("follows", total=len(population.ids))
    drawer = Follows(population)
    ids = population.ids
    inserted = 0
    for chunk in chunks(len(ids), FOLLOWER_BATCH):
        rows: list[tuple[int, int]] = []
        for follower in chunk:
            if follower == population.demo:
                followees = plan.demo_followees
            else:
                followees = drawer.followees(rng, follower)
            rows.extend((ids[follower], ids[followee]) for followee in followees)
        ctx.loader.insert(Follow.__tablename__, FOLLOW_COLUMNS, rows)
        inserted += len(rows)
        ctx.bar.advance(task, len(chunk))
    return inserted


def favorite(ctx: Context, population: Population, plan: Plan, written: Written, tally: Tally) -> int:
    """Each article's fans (as many as `written.fans` says, drawn evenly among everyone but the
    demo account), plus the demo account on its planned favorites.

    Rows go in sorted by user, then article (so by `created_at` too): the order of the
    table's primary key and of its `?favorited=` index, which then grow at their ends
    instead of everywhere (30-55% less time for 810,000 rows, measured on both databases). Each row
    carries its article's `created_at`; per-user counts go to `tally`. Out: rows inserted.
    """
    rng = ctx.rng("favorites")
    others, ids, articles = population.others(), population.ids, len(written.ids)
    demo = population.demo
    total = sum(written.fans) + (len(plan.demo_favorites) if demo is not None else 0)
    task = ctx.bar.add_task("favorites", total=total)
    keys: list[int] = []
    for index, drawn in enumerate(written.fans):
        if drawn:
            keys.extend(fan * articles + index for fan in rng.sample(others, drawn))
    if demo is not None:
        keys.extend(demo * articles + index for index in plan.demo_favorites)
    keys.sort()
    counts = tally.user_favorites

    def batches() -> Iterator[list[tuple[int, int, str]]]:
        for start in range(0, len(keys), ROW_BATCH):
            rows = []
            for key in keys[start : start + ROW_BATCH]:
                fan, index = divmod(key, articles)
                rows.append((ids[fan], written.ids[index], written.created_at[index]))
                counts[ids[fan]] += 1
            yield rows

    for rows in prefetch(batches()):
        ctx.loader.insert(Favorite.__tablename__, FAVORITE_COLUMNS, rows)
        ctx.bar.advance(task, len(rows))
    return len(keys)


def comment(ctx: Context, population: Population, plan: Plan, written: Written) -> int:
    """Comments by anyone, each after its article was written; never edited. Out: rows inserted."""
    rng = ctx.rng("comments")
    task = ctx.bar.add_task("comments", total=len(written.ids))
    timeline, writer, ids = ctx.timeline, ctx.writer, population.ids
    people = len(ids)

    def batches() -> Iterator[list[tuple[str, int, int, str, str]]]:
        for chunk in chunks(len(written.ids), ARTICLE_BATCH):
            rows = []
            for index in chunk:
                article_id, created = written.ids[index], plan.created_ms[index]
                for _ in range(comment_count(rng)):
                    moment = timeline.stamp(between(rng, created, timeline.span_ms))
                    author = ids[int(rng.random() * people)]
                    rows.append((writer.comment(rng), article_id, author, moment, moment))
            yield rows

    inserted = 0
    for chunk, rows in zip(chunks(len(written.ids), ARTICLE_BATCH), prefetch(batches()), strict=True):
        ctx.loader.insert(Comment.__tablename__, COMMENT_COLUMNS, rows)
        inserted += len(rows)
        ctx.bar.advance(task, len(chunk))
    return inserted
