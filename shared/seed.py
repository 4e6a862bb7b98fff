"""Realistic demo data, so the API and any frontend have something to show on first start.

    python -m shared.seed [--articles N] [--users N] [--if-empty] [--seed S]

Rows go in with bulk `INSERT`s in batches, all in one transaction: a seed that
fails halfway leaves the database as it was, so `--if-empty` simply tries again.
The same `--seed` gives the same users, articles, tags and comments; timestamps
are spread over the year before the run.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from faker import Faker
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from shared import clock, counters, security, slugs
from shared.db import make_engine, make_session_factory
from shared.migrate import upgrade
from shared.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from shared.settings import Settings
from shared.upsert import insert_ignoring_duplicates

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@conduit.example"
DEMO_PASSWORD = "password123"
"""Every seeded account shares this password; it is demo data, printed on purpose."""
EMAIL_DOMAIN = "conduit.example"
"""Seeded users log in as `<username>@conduit.example`: a reserved domain, so no mail ever leaves."""

DEFAULT_ARTICLES = 1000
DEFAULT_SEED = 1
ARTICLES_PER_USER = 20
MIN_USERS = 10
DEMO_FOLLOWS = 8
SPAN = timedelta(days=365)
USER_BATCH = 2000
ARTICLE_BATCH = 1000
LINK_BATCH = 5000
TAGS_PER_ARTICLE = ((1, 2, 3, 4), (3, 4, 3, 2))
COMMENTS_PER_ARTICLE = ((0, 1, 2, 3, 4, 6), (35, 25, 15, 10, 8, 7))
PARAGRAPH_POOL = 1500
SENTENCE_POOL = 3000
HEADING_POOL = 500


class Topic(NamedTuple):
    tag: str
    label: str
    """How a title names the topic, e.g. `Node.js` for the tag `nodejs`."""


TOPICS: tuple[Topic, ...] = tuple(
    Topic(tag, label)
    for tag, label in (
        ("javascript", "JavaScript"),
        ("python", "Python"),
        ("react", "React"),
        ("typescript", "TypeScript"),
        ("webdev", "web development"),
        ("programming", "programming"),
        ("beginners", "programming for beginners"),
        ("devops", "DevOps"),
        ("docker", "Docker"),
        ("nodejs", "Node.js"),
        ("rust", "Rust"),
        ("go", "Go"),
        ("css", "CSS"),
        ("postgresql", "PostgreSQL"),
        ("kubernetes", "Kubernetes"),
        ("aws", "AWS"),
        ("testing", "testing"),
        ("career", "a developer career"),
        ("productivity", "developer productivity"),
        ("opensource", "open source"),
        ("security", "application security"),
        ("performance", "web performance"),
        ("architecture", "software architecture"),
        ("databases", "databases"),
        ("machinelearning", "machine learning"),
        ("vue", "Vue"),
        ("svelte", "Svelte"),
        ("django", "Django"),
        ("flask", "Flask"),
        ("fastapi", "FastAPI"),
        ("rails", "Rails"),
        ("graphql", "GraphQL"),
        ("api", "API design"),
        ("git", "Git"),
        ("linux", "Linux"),
        ("redis", "Redis"),
        ("terraform", "Terraform"),
        ("accessibility", "accessibility"),
        ("webassembly", "WebAssembly"),
        ("observability", "observability"),
        ("functional", "functional programming"),
        ("sqlite", "SQLite"),
    )
)
"""The tag pool, most popular first: article topics follow a long tail, as on a real blog."""

TITLE_TEMPLATES = (
    "Getting started with {a}",
    "A practical guide to {a}",
    "What nobody tells you about {a}",
    "{n} lessons from a year of {a}",
    "Why we moved from {b} to {a}",
    "{a} vs {b}: an honest comparison",
    "Debugging {a} in production",
    "The state of {a} in {year}",
    "{a} patterns I keep coming back to",
    "How we scaled {a} without losing our minds",
    "{n} {a} mistakes I made so you don't have to",
    "Understanding {a} from first principles",
    "Living with {a} and {b} in one codebase",
    "Notes on {a}: {phrase}",
    "Building {a_phrase} with {a}",
    "Is {a} still worth learning in {year}?",
    "{phrase}",
)
"""Title shapes; `{b}` marks a second topic, which then becomes a tag too."""

CODE_SNIPPETS = (
    ("python", 'def greet(name: str) -> str:\n    return f"Hello, {name}!"'),
    ("javascript", "const total = items.reduce((sum, item) => sum + item.price, 0);"),
    ("typescript", "type Result<T> = { ok: true; value: T } | { ok: false; error: string };"),
    ("bash", "docker compose up --build -d\ncurl -s localhost:8000/api/tags | jq ."),
    (
        "sql",
        "SELECT t.name, count(*)\nFROM article_tags at JOIN tags t ON t.id = at.tag_id\nGROUP BY t.name;",
    ),
    ("go", 'func main() {\n\tfmt.Println("hello, world")\n}'),
    ("rust", 'fn main() {\n    let words: Vec<&str> = "a b c".split().collect();\n}'),
)
REACTIONS = (
    "Great write-up, thanks for sharing!",
    "This saved me an afternoon of debugging.",
    "Bookmarked. The second section is gold.",
    "I disagree with the conclusion, but the examples are really clear.",
    "Would love a follow-up on testing this.",
    "We hit exactly the same problem last month.",
)


@dataclass(frozen=True)
class SeedSummary:
    """What one run inserted; all zero with `skipped` when `--if-empty` found users."""

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


def default_users(articles: int) -> int:
    """About twenty articles per author, and never fewer than ten people."""
    return max(MIN_USERS, articles // ARTICLES_PER_USER)


class _Writer:
    """Text from pools Faker fills once, so 100 000 bodies cost seconds rather than minutes."""

    def __init__(self, fake: Faker, rng: random.Random) -> None:
        self.fake = fake
        self.rng = rng
        self.paragraphs = [fake.paragraph(nb_sentences=rng.randint(3, 7)) for _ in range(PARAGRAPH_POOL)]
        self.sentences = [fake.sentence(nb_words=rng.randint(6, 14)) for _ in range(SENTENCE_POOL)]
        self.headings = [fake.sentence(nb_words=rng.randint(2, 5)).rstrip(".") for _ in range(HEADING_POOL)]

    def title(self, template: str, a: Topic, b: Topic, year: int) -> str:
        phrase = self.fake.catch_phrase().lower()
        title = template.format(
            a=a.label,
            b=b.label,
            n=self.rng.randint(3, 12),
            year=year,
            phrase=phrase,
            a_phrase=f"{'an' if phrase[0] in 'aeiou' else 'a'} {phrase}",
        )
        return title[0].upper() + title[1:]

    def description(self) -> str:
        return self.fake.sentence(nb_words=self.rng.randint(8, 16))

    def body(self, topic: Topic) -> str:
        """Markdown: an intro, a few sections with lists, code or a quote, sometimes a question."""
        rng = self.rng
        parts = [rng.choice(self.paragraphs)]
        for _ in range(rng.randint(1, 3)):
            parts.append(f"## {rng.choice(self.headings)}")
            parts.extend(rng.choice(self.paragraphs) for _ in range(rng.randint(1, 2)))
            roll = rng.random()
            if roll < 0.25:
                parts.append("\n".join(f"- {rng.choice(self.sentences)}" for _ in range(rng.randint(3, 5))))
            elif roll < 0.45:
                language, code = rng.choice(CODE_SNIPPETS)
                parts.append(f"```{language}\n{code}\n```")
            elif roll < 0.55:
                parts.append(f"> {rng.choice(self.sentences)}")
        if rng.random() < 0.3:
            parts.append(f"How do you use **{topic.label}**? Tell me in the comments.")
        return "\n\n".join(parts)

    def comment(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(REACTIONS)
        return " ".join(rng.choice(self.sentences) for _ in range(rng.randint(1, 3)))

    def bio(self) -> str | None:
        fake = self.fake
        roll = self.rng.random()
        if roll < 0.25:
            return None
        if roll < 0.6:
            return f"{fake.job()} in {fake.city()}. {fake.sentence(nb_words=8)}"
        return fake.paragraph(nb_sentences=2)


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )


class _Run:
    """One seeding pass inside one transaction; in-memory sets keep usernames and slugs unique."""

    def __init__(self, session: Session, settings: Settings, bar: Progress, seed: int, now: datetime) -> None:
        self.session = session
        self.bar = bar
        self.rng = random.Random(seed)
        # Slug suffixes draw from their own stream, so titles colliding with rows
        # already in the database cannot shift the rest of the data.
        self.slug_rng = random.Random(f"{seed}-slugs")
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.writer = _Writer(self.fake, self.rng)
        self.password_hash = security.hash_password(DEMO_PASSWORD, settings.password_hash_profile)
        self.start = now - SPAN
        self.span_ms = int(SPAN.total_seconds() * 1000)
        self.usernames = set(session.scalars(select(User.username)))
        self.emails = set(session.scalars(select(User.email)))
        self.slugs = set(session.scalars(select(Article.slug)))
        self.topic_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(TOPICS))))
        # Parallel lists by position: users and articles of this run, with creation offsets in ms.
        self.user_ids: list[int] = []
        self.user_ms: list[int] = []
        self.popularity: list[float] = []
        self.popularity_cum: list[float] = []
        self.demo_index: int | None = None
        self.article_ids: list[int] = []
        self.article_ms: list[int] = []
        self.authors: list[int] = []
        self.tag_ids: dict[str, int] = {}
        self.tags_used: set[str] = set()

    def moment(self, offset_ms: int) -> datetime:
        return self.start + timedelta(milliseconds=offset_ms)

    def _username(self) -> str:
        base = self.fake.user_name().lower()
        for number in itertools.count(1):
            candidate = base if number == 1 else f"{base}{number}"
            email = f"{candidate}@{EMAIL_DOMAIN}"
            if candidate not in self.usernames and email not in self.emails:
                self.usernames.add(candidate)
                self.emails.add(email)
                return candidate
        raise AssertionError("itertools.count never ends")

    def _slug(self, title: str) -> str:
        base = slugs.base_slug(title)
        slug = base
        while slug in self.slugs or slugs.is_reserved(slug):
            slug = slugs.with_suffix(base, self.slug_rng)
        self.slugs.add(slug)
        return slug

    def _user_row(self, username: str, email: str, bio: str | None, offset_ms: int) -> dict[str, Any]:
        image = self.fake.image_url(
            width=256,
            height=256,
            placeholder_url=f"https://picsum.photos/seed/{username}/{{width}}/{{height}}",
        )
        return {
            "username": username,
            "email": email,
            "password_hash": self.password_hash,
            "bio": bio,
            "image": image if self.rng.random() < 0.85 else None,
            "created_at": self.moment(offset_ms),
        }

    def users(self, count: int) -> int:
        """The demo account (made on the first run, reused after), then `count - 1` generated people."""
        task = self.bar.add_task("users", total=count)
        inserted = 0
        demo = self.session.execute(
            select(User.id, User.created_at).where(User.username == DEMO_USERNAME)
        ).one_or_none()
        demo_id, demo_ms = None, 0
        if demo is not None:
            # Reused: its articles of this run must still come after it joined.
            joined_ms = (demo.created_at - self.start) // timedelta(milliseconds=1)
            demo_id, demo_ms = demo.id, min(max(joined_ms, 0), self.span_ms)
        elif DEMO_EMAIL not in self.emails:
            row = self._user_row(DEMO_USERNAME, DEMO_EMAIL, "Just looking around.", demo_ms)
            demo_id = self.session.scalars(insert(User).returning(User.id), [row]).one()
            inserted += 1
        self.usernames.add(DEMO_USERNAME)
        self.emails.add(DEMO_EMAIL)
        if demo_id is not None:
            self.demo_index = 0
            self.user_ids.append(demo_id)
            self.user_ms.append(demo_ms)
        self.bar.advance(task)
        for chunk in _chunks(count - 1, USER_BATCH):
            rows = []
            for _ in chunk:
                username = self._username()
                offset = self.rng.randint(0, self.span_ms * 4 // 5)
                rows.append(self._user_row(username, f"{username}@{EMAIL_DOMAIN}", self.writer.bio(), offset))
                self.user_ms.append(offset)
            returning = insert(User).returning(User.id, sort_by_parameter_order=True)
            self.user_ids.extend(self.session.scalars(returning, rows))
            inserted += len(rows)
            self.bar.advance(task, len(rows))
        # A long tail: a few prolific, much-followed authors and many occasional ones.
        self.popularity = [self.rng.paretovariate(1.2) for _ in self.user_ids]
        return inserted

    def tags(self) -> None:
        names = [topic.tag for topic in TOPICS]
        insert_ignoring_duplicates(self.session, Tag, *({"name": name} for name in names))
        found = self.session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(names)))
        self.tag_ids = {row.name: row.id for row in found}

    def _tag_names(self, first: Topic, second: Topic | None) -> list[str]:
        names = [first.tag] if second is None else [first.tag, second.tag]
        wanted = self.rng.choices(*TAGS_PER_ARTICLE)[0]
        while len(names) < wanted:
            extra = self.rng.choices(TOPICS, cum_weights=self.topic_weights)[0].tag
            if extra not in names:
                names.append(extra)
        return names

    def _article_row(self, author: int) -> tuple[dict[str, Any], list[str]]:
        rng = self.rng
        created = rng.randint(self.user_ms[author], self.span_ms)
        updated = created if rng.random() < 0.75 else rng.randint(created, self.span_ms)
        template = rng.choice(TITLE_TEMPLATES)
        first, second = rng.choices(TOPICS, cum_weights=self.topic_weights, k=2)
        while second == first:
            second = rng.choice(TOPICS)
        title = self.writer.title(template, first, second, self.moment(created).year)
        row = {
            "slug": self._slug(title),
            "title": title,
            "description": self.writer.description(),
            "body": self.writer.body(first),
            "author_id": self.user_ids[author],
            "created_at": self.moment(created),
            "updated_at": self.moment(updated),
        }
        self.article_ms.append(created)
        return row, self._tag_names(first, second if "{b}" in template else None)

    def articles(self, count: int) -> int:
        """Articles with their tags; each author's articles come after the author joined."""
        task = self.bar.add_task("articles", total=count)
        if count and not self.user_ids:
            raise ValueError(f"no author for the articles: {DEMO_EMAIL} belongs to someone else")
        self.authors = self.rng.choices(range(len(self.user_ids)), weights=self.popularity, k=count)
        for chunk in _chunks(count, ARTICLE_BATCH):
            made = [self._article_row(self.authors[index]) for index in chunk]
            returning = insert(Article).returning(Article.id, sort_by_parameter_order=True)
            ids = list(self.session.scalars(returning, [row for row, _ in made]))
            links = [
                {
                    "article_id": article_id,
                    "tag_id": self.tag_ids[name],
                    "position": position,
                    "article_created_at": row["created_at"],
                }
                for article_id, (row, names) in zip(ids, made, strict=True)
                for position, name in enumerate(names)
            ]
            self.session.execute(insert(ArticleTag), links)
            self.tags_used.update(link_name for _, names in made for link_name in names)
            self.article_ids.extend(ids)
            self.bar.advance(task, len(ids))
        return count

    def _followees(self, follower: int, popular: list[int]) -> list[int]:
        if follower == self.demo_index:
            # The demo account follows the busiest authors, so its feed is full from the start.
            by_author = Counter(author for author in self.authors if author != follower)
            return [author for author, _ in by_author.most_common(DEMO_FOLLOWS)]
        wanted = min(len(self.user_ids) - 1, int(self.rng.expovariate(1 / 6)))
        chosen: dict[int, None] = {}
        for pick in self.rng.choices(popular, cum_weights=self.popularity_cum, k=3 * wanted):
            if len(chosen) == wanted:
                break
            if pick != follower:
                chosen[pick] = None
        return list(chosen)

    def follows(self) -> int:
        """Follows lean toward popular authors; the demo account's come first."""
        task = self.bar.add_task("follows", total=len(self.user_ids))
        everyone = list(range(len(self.user_ids)))
        self.popularity_cum = list(itertools.accumulate(self.popularity))
        inserted = 0
        for chunk in _chunks(len(everyone), LINK_BATCH // 10):
            rows = [
                {"follower_id": self.user_ids[follower], "followee_id": self.user_ids[followee]}
                for follower in chunk
                for followee in self._followees(follower, everyone)
            ]
            if rows:
                self.session.execute(insert(Follow), rows)
            inserted += len(rows)
            self.bar.advance(task, len(chunk))
        return inserted

    def favorites(self) -> int:
        """Mostly a handful per article, a few articles loved by many."""
        task = self.bar.add_task("favorites", total=len(self.article_ids))
        everyone = range(len(self.user_ids))
        inserted = 0
        for chunk in _chunks(len(self.article_ids), LINK_BATCH // 4):
            rows = [
                {
                    "user_id": self.user_ids[fan],
                    "article_id": self.article_ids[index],
                    "article_created_at": self.moment(self.article_ms[index]),
                }
                for index in chunk
                for fan in self.rng.sample(everyone, min(len(everyone), int(self.rng.paretovariate(1.3)) - 1))
            ]
            if rows:
                self.session.execute(insert(Favorite), rows)
            inserted += len(rows)
            self.bar.advance(task, len(chunk))
        return inserted

    def comments(self) -> int:
        """Comments by anyone, each after its article was written; never edited."""
        task = self.bar.add_task("comments", total=len(self.article_ids))
        rng = self.rng
        inserted = 0
        for chunk in _chunks(len(self.article_ids), LINK_BATCH // 4):
            rows = []
            for index in chunk:
                for _ in range(rng.choices(*COMMENTS_PER_ARTICLE)[0]):
                    moment = self.moment(rng.randint(self.article_ms[index], self.span_ms))
                    rows.append(
                        {
                            "body": self.writer.comment(),
                            "article_id": self.article_ids[index],
                            "author_id": self.user_ids[rng.randrange(len(self.user_ids))],
                            "created_at": moment,
                            "updated_at": moment,
                        }
                    )
            if rows:
                self.session.execute(insert(Comment), rows)
            inserted += len(rows)
            self.bar.advance(task, len(chunk))
        return inserted


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
    `progress=None` shows bars only on a terminal; `now` pins the timeline.
    """
    users = default_users(articles) if users is None else users
    if articles < 0 or users < 1:
        raise ValueError("articles must be >= 0 and users >= 1")
    factory = make_session_factory(target) if isinstance(target, Engine) else target
    settings = settings or Settings.from_env()
    moment = now or clock.now()
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    show = Console(stderr=True).is_terminal if progress is None else progress
    began = time.perf_counter()
    with factory() as session, session.begin():
        if if_empty and session.scalar(select(func.count()).select_from(User)):
            return SeedSummary(
                skipped=True, users=0, follows=0, articles=0, tags=0, favorites=0, comments=0, seconds=0.0
            )
        with _progress(show) as bar:
            run = _Run(session, settings, bar, seed, moment)
            inserted_users = run.users(users)
            run.tags()
            inserted_articles = run.articles(articles)
            follows = run.follows()
            favorites = run.favorites()
            comments = run.comments()
            counters.recount(session)
    return SeedSummary(
        skipped=False,
        users=inserted_users,
        follows=follows,
        articles=inserted_articles,
        tags=len(run.tags_used),
        favorites=favorites,
        comments=comments,
        seconds=time.perf_counter() - began,
    )


def report(summary: SeedSummary, console: Console) -> None:
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


if __name__ == "__main__":
    raise SystemExit(main())
