"""The feed's walk on SQLite: authors in a mask against in a list (`shared.feed.MASK_BYTES`), and
the page counted first against walked to it (`shared.feed_counted.COUNTED_FROM`).

`DATABASE_URL=sqlite:///FILE python -m bench.feed_walk [--offset 10000] [--out FILE]` reads the
demo account's feed (`shared.seed`) in an already seeded SQLite database at the first page, at
offsets 1,000 and 3,000 and at `offset`, through `shared.feed.feed(plan=...)`: walked with the followed
authors in a mask (`masked`) against in a list (`listed`), and counted (`counted`) against
walked with the mask, each pair timed in alternation (`bench.interleave`), medians per call in
µs. All three must return the same page.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

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


def _timed(
    factory: sessionmaker[Session], viewer: User, offset: int, first: str, second: str, args: Any
) -> interleave.Interleaved:
    """`first` and `second` plans' pages at `offset`, timed in alternation."""

    def one() -> object:
        return _page(factory, viewer, offset, first)

    def other() -> object:
        return _page(factory, viewer, offset, second)

    return interleave.ratio(one, other, args.rounds, args.seconds)


def _ratio(timed: interleave.Interleaved) -> str:
    return f"{timed.ratio:.2f} [{timed.low:.2f}{DASH}{timed.high:.2f}]"


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
        f"# The feed's walk on SQLite: authors in a mask or a list, counted or walked, {articles:,} articles",
        "",
        f"The demo account's feed, a page of 20: `python -m bench.feed_walk {' '.join(argv)}`",
        "on the database `python -m shared.seed` made, through `shared.feed.feed(plan=...)`.",
        "Each pair timed in alternation (`bench/interleave.py`), medians per call; the ratios are",
        f"medians of the per-round ratios [min{DASH}max]. Walked entries: `(offset + 20) * all articles",
        "/ feed size`, the walk's estimate that `shared.feed_counted.COUNTED_FROM` is compared with.",
        "",
        "| Offset | Feed size | Walked entries | List µs | Mask µs | Mask / list | Counted µs "
        "| Counted / mask |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for offset in sorted({0, 1_000, 3_000, args.offset}):
        pages = {plan: _page(factory, viewer, offset, plan) for plan in ("listed", "masked", "counted")}
        if pages["listed"] != pages["masked"] or pages["masked"] != pages["counted"]:
            raise AssertionError(f"the plans disagree at offset {offset}")
        lists = _timed(factory, viewer, offset, "masked", "listed", args)
        counts = _timed(factory, viewer, offset, "counted", "masked", args)
        size = pages["masked"].articles_count
        entries = (offset + 20) * articles / size if size else 0
        lines.append(
            f"| {offset:,} | {size:,} | {entries:,.0f} | {lists.second_us:,.0f} | {lists.first_us:,.0f} "
            f"| {_ratio(lists)} | {counts.first_us:,.0f} | {_ratio(counts)} |"
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
