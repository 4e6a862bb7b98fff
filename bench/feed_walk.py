"""The feed's walk on SQLite, its authors checked in a mask against in a list: `shared.feed.MASK_BYTES`.

`DATABASE_URL=sqlite:///FILE python -m bench.feed_walk [--offset 10000] [--out FILE]` reads the
demo account's feed (`shared.seed`) in an already seeded SQLite database, walked
(`shared.feed.feed(plan="walked")`), at the first page and at `offset`: the followed authors
checked in a mask (`plan="walked"`) against in a list (`plan="listed"`), timed in alternation
(`bench.interleave`), medians per call in µs. The two must return the same page.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bench import interleave
from shared import db, feed
from shared.counters import TOTAL
from shared.models import User
from shared.seed import DEMO_USERNAME
from shared.views import ArticlePage

DASH = "\N{EN DASH}"


def _page(factory: sessionmaker[Session], viewer: User, offset: int, plan: str) -> ArticlePage:
    return db.run(factory, feed.feed, viewer, 20, offset, plan=plan)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.feed_walk", description=__doc__)
    parser.add_argument("--offset", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=0.1, help="each side's time per round")
    parser.add_argument("--out", type=Path, help="write the Markdown here instead of printing it")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("sqlite"):
        raise SystemExit("DATABASE_URL must name a seeded SQLite database")
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    with factory() as session:
        viewer = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        articles = session.scalar(TOTAL) or 0
        session.expunge_all()
    lines = [
        f"# The feed's walk on SQLite: authors in a mask or in a list, {articles:,} articles",
        "",
        f"The demo account's feed walked, a page of 20: `python -m bench.feed_walk {' '.join(argv)}`",
        "on the database `python -m shared.seed` made.",
        "Mask and list timed in alternation (`bench/interleave.py`), medians per call; mask / list",
        f"is the median of the per-round ratios [min{DASH}max].",
        "",
        "| Offset | Feed size | Mask µs | List µs | Mask / list |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for offset in (0, args.offset):

        def masked(offset: int = offset) -> object:
            return _page(factory, viewer, offset, "walked")

        def listed(offset: int = offset) -> object:
            return _page(factory, viewer, offset, "listed")

        page = _page(factory, viewer, offset, "walked")
        if page != _page(factory, viewer, offset, "listed"):
            raise AssertionError(f"the mask and the list disagree at offset {offset}")
        timed = interleave.ratio(masked, listed, args.rounds, args.seconds)
        size = page.articles_count
        lines.append(
            f"| {offset:,} | {size:,} | {timed.first_us:,.0f} | {timed.second_us:,.0f} "
            f"| {timed.ratio:.2f} [{timed.low:.2f}{DASH}{timed.high:.2f}] |"
        )
    engine.dispose()
    text = "\n".join([*lines, ""])
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
