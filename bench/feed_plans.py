"""The feed's two plans timed against each other: the measurement behind `shared.feed.PLAN_COSTS`.

`python -m bench.feed_plans [--articles 10000] [--out FILE]` seeds a database (an SQLite
file in a temporary folder, or DATABASE_URL's PostgreSQL database as `<name>_feed`, dropped
at the end), adds readers who follow a few authors beside the demo account, and for each
reader and page (the first, the middle, the deepest up to offset 10,000) times the page
walked and gathered through `shared.feed.feed(plan=...)`, in alternation
(`bench.interleave`). Each row says which plan `shared.feed.walks` picks and which was faster.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bench import interleave
from shared import db, feed
from shared.counters import TOTAL
from shared.migrate import upgrade
from shared.models import Follow, User
from shared.seed import DEMO_USERNAME, seed
from tools import pg_database

DASH = "\N{EN DASH}"
FOLLOWING = (3, 10, 30)
"""Authors followed by the added readers, taken from a quarter down the ranking by articles."""


@dataclass(frozen=True)
class Row:
    reader: str
    size: int
    offset: int
    walked_us: float
    gathered_us: float
    ratio: interleave.Interleaved
    rule_walks: bool


def _readers(factory: sessionmaker[Session]) -> list[User]:
    """The demo account and one reader per entry of `FOLLOWING`, detached from their session."""
    with factory() as session:
        ranked = session.scalars(select(User.id).order_by(User.articles_count.desc(), User.id)).all()
        start = len(ranked) // 4
        readers = [session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()]
        for count in FOLLOWING:
            reader = User(username=f"follows{count}", email=f"follows{count}@example.com", password_hash="-")
            session.add(reader)
            session.flush()
            session.add_all(
                Follow(follower_id=reader.id, followee_id=a) for a in ranked[start : start + count]
            )
            readers.append(reader)
        session.commit()
        session.expunge_all()
    return readers


def measure(engine: Engine, rounds: int, seconds: float) -> list[Row]:
    """Every reader's first, middle and deepest page (limit 20), walked against gathered."""
    factory = db.make_session_factory(engine)
    with factory() as session:
        articles = session.scalar(TOTAL) or 0
    costs = feed.PLAN_COSTS.get(engine.dialect.name, feed.PLAN_COSTS["postgresql"])
    rows = []
    for reader in _readers(factory):
        size = db.run(factory, feed.feed, reader, 20, 0).articles_count
        deepest = max(0, min(10_000, size - 20)) // 20 * 20
        for offset in sorted({0, deepest // 40 * 20, deepest}):

            def walked(offset: int = offset, reader: User = reader) -> object:
                return db.run(factory, feed.feed, reader, 20, offset, plan="walked")

            def gathered(offset: int = offset, reader: User = reader) -> object:
                return db.run(factory, feed.feed, reader, 20, offset, plan="gathered")

            if walked() != gathered():
                raise AssertionError(f"the plans disagree for {reader.username} at offset {offset}")
            timed = interleave.ratio(walked, gathered, rounds, seconds)
            rule = feed.walks(size, articles, 20, offset, costs)
            rows.append(Row(reader.username, size, offset, timed.first_us, timed.second_us, timed, rule))
    return rows


def markdown(rows: list[Row], database: str, articles: int) -> str:
    """The rows as a Markdown table, with how often the rule picked the faster plan."""
    lines = [
        f"# The feed's plans on {database}, {articles:,} articles",
        "",
        "Page of 20 through `shared.db.run` with `plan=` forced, walked and gathered timed in",
        "alternation (`bench/interleave.py`): medians per call, and walked / gathered as the median",
        'of the per-round ratios [min\N{EN DASH}max]. "Rule" is the plan `shared.feed.walks` picks.',
        "",
        "| Reader | Feed size | Offset | Walked µs | Gathered µs | Walked / gathered | Rule | Faster |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    right = 0
    for row in rows:
        faster = "walked" if row.ratio.ratio < 1 else "gathered"
        rule = "walked" if row.rule_walks else "gathered"
        right += rule == faster or abs(row.ratio.ratio - 1) < 0.1
        lines.append(
            f"| {row.reader} | {row.size:,} | {row.offset:,} | {row.walked_us:,.0f} | {row.gathered_us:,.0f} "
            f"| {row.ratio.ratio:.2f} [{row.ratio.low:.2f}{DASH}{row.ratio.high:.2f}] | {rule} | {faster} |"
        )
    lines += [
        "",
        f"The rule picked the faster plan (or one within 10 %) for {right} of {len(rows)} pages.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.feed_plans", description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=0.05, help="each plan's time per round")
    parser.add_argument("--out", type=Path, help="write the Markdown here instead of printing it")
    args = parser.parse_args(argv)
    configured = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/feed.sqlite3"
        if configured.startswith("postgresql"):
            parsed = make_url(configured)
            url = parsed.set(database=f"{parsed.database}_feed").render_as_string(hide_password=False)
            pg_database.reset(url)
        upgrade(url)
        engine = db.make_engine(url)
        seed(engine, articles=args.articles, progress=False)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        try:
            report = markdown(measure(engine, args.rounds, args.seconds), engine.dialect.name, args.articles)
        finally:
            engine.dispose()
            if engine.dialect.name == "postgresql":
                pg_database.drop(url)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report)
    else:
        sys.stdout.write(report)


if __name__ == "__main__":
    main(sys.argv[1:])
