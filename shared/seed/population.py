"""The users phase: the demo account (made on the first run, reused after), then generated people."""

from __future__ import annotations

from sqlalchemy import select

from shared.models import User
from shared.seed.context import Context, chunks
from shared.seed.defaults import DEMO_EMAIL, DEMO_USERNAME, EMAIL_DOMAIN
from shared.seed.draws import between
from shared.seed.people import People, image
from shared.seed.plan import Population, popularity

USER_COLUMNS = ("id", "username", "email", "password_hash", "bio", "image", "created_at")
USER_BATCH = 5000
DEMO_BIO = "Just looking around."


def load_people(ctx: Context, count: int) -> Population:
    """`count` people in all, the demo account first (position 0) unless its email is someone else's.

    Usernames and emails are unique against the database's; the counters of new rows
    start at zero (`counts.Tally` adds this run's). Out: the run's `Population`.
    """
    session, timeline = ctx.session, ctx.timeline
    rng = ctx.rng("people")
    task = ctx.bar.add_task("users", total=count)
    people = People(set(session.scalars(select(User.username))), set(session.scalars(select(User.email))))
    population = Population()
    reused = select(User.id, User.created_at).where(User.username == DEMO_USERNAME)
    demo = session.execute(reused.with_for_update(key_share=True)).one_or_none()
    if demo is not None:
        # Reused: its articles of this run must still come after it joined.
        population.ids.append(demo.id)
        population.joined_ms.append(timeline.offset(demo.created_at))
        population.demo = 0
    elif DEMO_EMAIL not in people.emails:
        (demo_id,) = ctx.loader.new_ids(User.__tablename__, 1)
        row = (demo_id, DEMO_USERNAME, DEMO_EMAIL, ctx.password_hash, DEMO_BIO, image(rng, DEMO_USERNAME))
        ctx.loader.insert(User.__tablename__, USER_COLUMNS, [(*row, timeline.stamp(0))])
        population.ids.append(demo_id)
        population.joined_ms.append(0)
        population.demo = 0
        population.inserted += 1
    people.claim(DEMO_USERNAME, DEMO_EMAIL)
    ctx.bar.advance(task)
    latest = timeline.span_ms * 4 // 5  # people join in the first 80% of the year: all have time to write
    # In order of joining, so ids grow with `created_at` as on a live site.
    joining = sorted(between(rng, 0, latest) for _ in range(count - 1))
    for chunk in chunks(count - 1, USER_BATCH):
        ids = ctx.loader.new_ids(User.__tablename__, len(chunk))
        rows = []
        for user_id, joined in zip(ids, joining[chunk.start : chunk.stop], strict=True):
            username = people.username(rng)
            email = f"{username}@{EMAIL_DOMAIN}"
            bio = ctx.writer.bio(rng)
            picture = image(rng, username)
            rows.append((user_id, username, email, ctx.password_hash, bio, picture, timeline.stamp(joined)))
            population.joined_ms.append(joined)
        ctx.loader.insert(User.__tablename__, USER_COLUMNS, rows)
        population.ids.extend(ids)
        population.inserted += len(rows)
        ctx.bar.advance(task, len(rows))
    population.popularity = popularity(rng, len(population.ids))
    return population
