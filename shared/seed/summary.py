"""What a seed did, and how the command reports it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console

from shared.seed.defaults import DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME, EMAIL_DOMAIN


@dataclass(frozen=True)
class SeedSummary:
    """What one run inserted (rows; `tags` counts the distinct tags its articles use) and its
    wall-clock `seconds`; all zero with `skipped` when `--if-empty` found users."""

    skipped: bool
    users: int
    follows: int
    articles: int
    tags: int
    favorites: int
    comments: int
    seconds: float
    demo_username: str = DEMO_USERNAME
    demo_email: str = DEMO_EMAIL
    demo_password: str = DEMO_PASSWORD


SKIPPED = SeedSummary(
    skipped=True, users=0, follows=0, articles=0, tags=0, favorites=0, comments=0, seconds=0.0
)


def report(summary: SeedSummary, console: Console) -> None:
    """Print what was seeded (or that nothing was) and the demo login to `console`."""
    if summary.skipped:
        console.print("The database already has users; nothing seeded.")
    else:
        console.print(
            f"Seeded {summary.users} users, {summary.articles} articles, {summary.tags} tags, "
            f"{summary.follows} follows, {summary.favorites} favorites and {summary.comments} comments "
            f"in {summary.seconds:.1f}s.",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"Log in as [bold]{summary.demo_email}[/bold] / [bold]{summary.demo_password}[/bold] "
        f"(username {summary.demo_username}); every seeded user is <username>@{EMAIL_DOMAIN} "
        "with the same password.",
        highlight=False,
        soft_wrap=True,
    )
