"""Instructions per request of two commits, side by side: `python -m bench.instructions_diff --before REV`.

Each commit runs in a git worktree of its own, with this checkout's virtualenv, on a
database seeded by its own seed command (`--articles`, 1,000 by default: SQLite in a
temporary folder, or a `<name>_before` / `<name>_after` copy of the PostgreSQL
database DATABASE_URL names). Every driver (`shared`, `fastapi`, `flask`) is counted
under callgrind by that commit's `bench/instructions.py`, which is independent of machine
load, so the two columns compare what the code does, not when it ran. Writes
`<out>/instructions-diff.{json,md}`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DRIVERS = ("shared", "fastapi", "flask")
SKIPPED = {"json", "validate"}
"""Cases that never reach `shared/`: the same in both commits, left out of the table."""

MEASURE = """
import json, sys, tempfile
from pathlib import Path
from sqlalchemy import text
from bench import instructions
from shared import db
from shared.migrate import upgrade
from shared.seed import seed
url, articles, drivers = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
if url.startswith("postgresql"):
    from tools import pg_database
    pg_database.reset(url)
upgrade(url)
engine = db.make_engine(url)
seed(engine, articles=articles, progress=False)
with engine.connect() as connection:
    slug = connection.execute(
        text("SELECT slug FROM articles ORDER BY id LIMIT 1 OFFSET :middle"), {"middle": articles // 2}
    ).scalar_one()
engine.dispose()
token = instructions.token_for(url)
rows = {d: instructions.run_driver(d, url, slug, token, 30, 10, Path(tempfile.mkdtemp())) for d in drivers}
print(json.dumps(rows))
"""
"""Run inside each worktree: seed, then count every driver (30 requests per case after 10)."""


def _database(base: str | None, label: str, folder: Path) -> str:
    if base is None:
        return f"sqlite:///{folder / f'{label}.sqlite3'}"
    from sqlalchemy.engine import make_url

    url = make_url(base)
    return url.set(database=f"{url.database}_{label}").render_as_string(hide_password=False)


def count(revision: str, url: str, articles: int, folder: Path) -> dict[str, list[dict[str, Any]]]:
    """{driver: [{case, instructions}]} for `revision`, measured in a worktree under `folder`."""
    tree = folder / revision.replace("/", "_")
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True)
    try:
        completed = subprocess.run(
            [sys.executable, "-c", MEASURE, url, str(articles), ",".join(DRIVERS)],
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(tree)},
            stdout=subprocess.PIPE,
            check=True,
        )
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    result: dict[str, list[dict[str, Any]]] = json.loads(completed.stdout.decode().splitlines()[-1])
    return result


def table(before: dict[str, Any], after: dict[str, Any], labels: tuple[str, str]) -> str:
    """Markdown: per driver and case, millions of instructions per request before and after, and the
    ratio; a case the earlier commit did not count shows `-` before and no ratio."""
    lines = [
        f"| Driver | Case | {labels[0]} (M) | {labels[1]} (M) | after / before |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for driver, rows in after.items():
        old = {row["case"]: row["instructions"] for row in before.get(driver, [])}
        for row in rows:
            if row["case"] in SKIPPED:
                continue
            earlier = old.get(row["case"])
            shown = "-" if earlier is None else f"{earlier / 1e6:.2f}"
            ratio = "-" if earlier is None else f"{row['instructions'] / earlier:.2f}"
            lines.append(
                f"| {driver} | {row['case']} | {shown} | {row['instructions'] / 1e6:.2f} | {ratio} |"
            )
    return "\n".join(lines) + "\n"


def _short(revision: str) -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, check=True
    )
    return found.stdout.decode().strip()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench")
    args = parser.parse_args()
    base = (
        os.environ.get("DATABASE_URL")
        if os.environ.get("DATABASE_URL", "").startswith("postgresql")
        else None
    )
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        before = count(args.before, _database(base, "before", folder), args.articles, folder)
        after = count(args.after, _database(base, "after", folder), args.articles, folder)
    database = "postgresql" if base else "sqlite"
    labels = (_short(args.before), _short(args.after))
    args.out.mkdir(parents=True, exist_ok=True)
    result = {
        "database": database,
        "articles": args.articles,
        "revisions": labels,
        "before": before,
        "after": after,
    }
    (args.out / "instructions-diff.json").write_text(json.dumps(result, indent=1) + "\n")
    (args.out / "instructions-diff.md").write_text(table(before, after, labels))
    print(table(before, after, labels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
