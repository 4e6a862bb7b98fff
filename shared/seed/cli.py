"""The command: `python -m shared.seed [--articles N] [--users N] [--if-empty] [--seed S]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from rich.console import Console

from shared.db import make_engine
from shared.migrate import upgrade
from shared.seed.defaults import DEFAULT_ARTICLES, DEFAULT_SEED
from shared.seed.run import seed
from shared.seed.summary import report
from shared.settings import Settings


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shared.seed", description="Fill the DATABASE_URL database with demo data."
    )
    parser.add_argument("--articles", type=_count(0), default=DEFAULT_ARTICLES, help="default %(default)s")
    parser.add_argument(
        "--users",
        type=_count(1),
        default=None,
        help="including the demo account; default articles/20, min 10",
    )
    parser.add_argument("--if-empty", action="store_true", help="do nothing when the database has users")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same data (%(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Migrate the DATABASE_URL database, seed it, print the summary; 0 on success.

    Bad arguments exit with status 2 (argparse); database errors propagate.
    """
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        summary = seed(
            engine,
            articles=args.articles,
            users=args.users,
            seed=args.seed,
            settings=settings,
            if_empty=args.if_empty,
        )
    finally:
        engine.dispose()
    report(summary, Console())
    return 0
