"""`seed()`: every phase in one transaction, so a seed that fails halfway leaves the database as it was."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import datetime

from faker import Faker
from rich.console import Console
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from shared import clock, security
from shared.models import User
from shared.seed.context import Context
from shared.seed.counts import Tally
from shared.seed.defaults import DEFAULT_ARTICLES, DEFAULT_SEED, DEMO_PASSWORD, SPAN, default_users
from shared.seed.loader import Loader
from shared.seed.plan import make_plan
from shared.seed.population import load_people
from shared.seed.progress import progress_bars
from shared.seed.prose import Writer
from shared.seed.reactions import comment, favorite, follow
from shared.seed.summary import SKIPPED, SeedSummary
from shared.seed.timeline import Timeline
from shared.seed.writing import write_articles
from shared.settings import Settings


def seed(
    target: Engine | sessionmaker[Session],
    *,
    articles: int = DEFAULT_ARTICLES,
    users: int | None = None,
    seed: int = DEFAULT_SEED,
    settings: Settings | None = None,
    if_empty: bool = False,
    progress: bool | None = None,
    now: datetime | None = None,
) -> SeedSummary:
    """Fill a migrated database; `users` counts the demo account and defaults to `default_users`.

    The password hash profile comes from `settings` (the environment when None);
    `progress=None` shows bars only on a terminal; `now` (aware) pins the timeline, which
    spans the year before it. The same `seed` gives the same rows on an empty database.
    Raises ValueError for `articles < 0` or `users < 1`; any database error rolls
    everything back.
    """
    users = default_users(articles) if users is None else users
    if articles < 0 or users < 1:
        raise ValueError("articles must be >= 0 and users >= 1")
    engine = target if isinstance(target, Engine) else target.kw.get("bind")
    if not isinstance(engine, Engine):
        raise ValueError("seed() needs an engine, or a sessionmaker bound to one")
    settings = settings or Settings.from_env()
    moment = now or clock.now()
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    show = Console(stderr=True).is_terminal if progress is None else progress
    began = time.perf_counter()
    with engine.connect() as connection:
        loader = open_loader(connection)
        loader.setup()
        try:
            with Session(bind=connection) as session, session.begin():
                loader.start(session)
                if if_empty and session.scalar(select(func.count()).select_from(User)):
                    return SKIPPED
                counts = _phases(loader, articles, users, seed, settings, moment, show)
        finally:
            loader.restore()
    return replace(counts, seconds=time.perf_counter() - began)


def _phases(
    loader: Loader, articles: int, users: int, seed: int, settings: Settings, moment: datetime, show: bool
) -> SeedSummary:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    with progress_bars(show) as bar:
        ctx = Context(
            session=loader.session,
            loader=loader,
            bar=bar,
            timeline=Timeline(moment - SPAN, SPAN, loader.zone),
            writer=Writer(fake, random.Random(f"{seed}-prose")),
            password_hash=security.hash_password(DEMO_PASSWORD, settings.password_hash_profile),
            seed=seed,
        )
        tally = Tally()
        population = load_people(ctx, users)
        plan = make_plan(ctx.rng("plan"), population, articles, ctx.timeline.span_ms)
        written = write_articles(ctx, population, plan, tally)
        follows = follow(ctx, population, plan)
        favorites = favorite(ctx, population, plan, written, tally)
        comments = comment(ctx, population, plan, written)
        tally.write(loader)
    return SeedSummary(
        skipped=False,
        users=population.inserted,
        follows=follows,
        articles=len(written.ids),
        tags=len(written.tags),
        favorites=favorites,
        comments=comments,
        seconds=0.0,
    )


def open_loader(connection: Connection) -> Loader:
    """The loader for the connection's database: COPY on PostgreSQL, `executemany` on SQLite.

    Raises ValueError for any other database.
    """
    name = connection.dialect.name
    if name == "postgresql":
        from shared.seed.copy_loader import CopyLoader

        return CopyLoader(connection)
    if name == "sqlite":
        from shared.seed.sqlite_loader import SqliteLoader

        return SqliteLoader(connection)
    raise ValueError(f"no bulk loader for {name!r}")
