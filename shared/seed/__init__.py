"""Realistic demo data, so the API and any frontend have something to show on first start.

    python -m shared.seed [--articles N] [--users N] [--if-empty] [--seed S]

Everything goes in within one transaction: a seed that fails halfway leaves the
database as it was, so `--if-empty` simply tries again. The same `--seed` gives the
same users, articles, tags and comments; timestamps are spread over the year before
the run. One module per job:

- `run.seed` ties the phases together; `cli` is the command; `summary` what it reports.
- The phases: `population` (users), `plan` (who writes, follows and favorites what),
  `writing` (articles and their tag links), `reactions` (follows, favorites,
  comments), `counts` (the counters, tallied as rows are made, written at the end).
- What they draw on: `defaults` (the demo account, sizes), `vocabulary`, `prose` (text
  from pools), `tagging` (the long tail of tags), `people` (usernames), `naming` (slugs,
  tag ids), `timeline` (stored timestamp text), `draws` (cheap random draws).
- How rows reach the database: `loader` (the interface), `copy_loader` (PostgreSQL's
  `COPY`), `sqlite_loader` (`executemany`), `prefetch` (the next batch made meanwhile).
"""

from shared.seed.cli import main
from shared.seed.defaults import (
    ARTICLES_PER_USER,
    DEFAULT_ARTICLES,
    DEFAULT_SEED,
    DEMO_EMAIL,
    DEMO_FAVORITES,
    DEMO_FOLLOWS,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    EMAIL_DOMAIN,
    MIN_USERS,
    SPAN,
    default_users,
    demo_favorites,
    demo_follows,
)
from shared.seed.run import seed
from shared.seed.summary import SeedSummary, report
from shared.seed.vocabulary import TOPICS, Topic

__all__ = [
    "ARTICLES_PER_USER",
    "DEFAULT_ARTICLES",
    "DEFAULT_SEED",
    "DEMO_EMAIL",
    "DEMO_FAVORITES",
    "DEMO_FOLLOWS",
    "DEMO_PASSWORD",
    "DEMO_USERNAME",
    "EMAIL_DOMAIN",
    "MIN_USERS",
    "SPAN",
    "TOPICS",
    "SeedSummary",
    "Topic",
    "default_users",
    "demo_favorites",
    "demo_follows",
    "main",
    "report",
    "seed",
]
