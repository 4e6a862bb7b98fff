"""What a run measures: the stacks, the workloads, and the two profiles (full and quick)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bench.servers import Stack

FRAMEWORK_STACKS = (
    Stack("fastapi", "uvicorn"),
    Stack("flask", "gunicorn-gthread"),
    Stack("fastapi", "granian-asgi"),
    Stack("flask", "granian-wsgi"),
    Stack("fastapi", "gunicorn-asgi"),
)
"""On SQLite: the idiomatic pair first, then one server for both (Granian), then gunicorn's asgi worker."""
POSTGRES_STACKS = (
    Stack("fastapi", "uvicorn"),
    Stack("fastapi-async", "uvicorn"),
    Stack("flask", "gunicorn-gthread"),
    Stack("flask", "granian-wsgi"),
)
"""On PostgreSQL: FastAPI in its thread pool and in its async mode (asyncpg), Flask on gunicorn's threads
and on Granian's (hundreds of threads); four stacks and their baselines stay under max_connections."""
IDIOMATIC = FRAMEWORK_STACKS[:2]

PAIRS = (
    ("idiomatic: uvicorn vs gunicorn gthread", FRAMEWORK_STACKS[0], FRAMEWORK_STACKS[1]),
    ("same server: Granian asgi vs wsgi", FRAMEWORK_STACKS[2], FRAMEWORK_STACKS[3]),
    ("gunicorn: asgi worker vs gthread", FRAMEWORK_STACKS[4], FRAMEWORK_STACKS[1]),
)
"""FastAPI / Flask ratios on SQLite, each on the servers named."""
POSTGRES_PAIRS = (
    ("thread pool: uvicorn vs gunicorn gthread", POSTGRES_STACKS[0], POSTGRES_STACKS[2]),
    ("async (asyncpg) vs gunicorn gthread", POSTGRES_STACKS[1], POSTGRES_STACKS[2]),
    ("async (asyncpg) vs Granian wsgi", POSTGRES_STACKS[1], POSTGRES_STACKS[3]),
)


def framework_stacks(engine: str) -> tuple[Stack, ...]:
    """The framework stacks of a matrix on `engine` (`sqlite` or `postgresql`)."""
    return POSTGRES_STACKS if engine == "postgresql" else FRAMEWORK_STACKS


def baseline_stacks(engine: str) -> tuple[Stack, ...]:
    """The raw baselines on the servers those stacks use, once each."""
    return tuple(dict.fromkeys(stack.baseline for stack in framework_stacks(engine)))


def pairs(engine: str) -> tuple[tuple[str, Stack, Stack], ...]:
    return POSTGRES_PAIRS if engine == "postgresql" else PAIRS


BASELINE_STACKS = baseline_stacks("sqlite")

CREATE_BODY = json.dumps(
    {
        "article": {
            "title": "How to train your dragon",
            "description": "Ever wonder how?",
            "body": "You have to believe. " * 40,
            "tagList": ["dragons", "training", "python"],
        }
    },
    separators=(",", ":"),
)

WRITES = (
    "in turn: create an article, update one created earlier, delete one updated earlier; "
    "until the first is old enough (more requests back than can be in flight), creates stand in"
)
MIXED = "per 20 requests: 10 GET article, 5 GET list, 2 GET feed, 1 create, 1 update, 1 delete (85 % reads)"


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    mode: str
    """The wrk script's mode: get, post, writes or mixed."""
    path: str = "/"
    auth: bool = False
    baseline: bool = False
    """Whether the raw baselines serve it too (trivial JSON and get article)."""
    database: bool = True
    """Whether it reaches the database: then it runs at the profile's `db_levels`."""
    note: str = ""
    engines: tuple[str, ...] = ("sqlite", "postgresql")
    """The databases it runs on (the slow query needs PostgreSQL's `pg_sleep`)."""


WORKLOADS = (
    Workload("json", "Trivial JSON", "get", "/api/bench/json", baseline=True, database=False),
    Workload(
        "validate",
        "Validate + serialize a create body (no DB)",
        "post",
        "/api/bench/validate",
        database=False,
    ),
    Workload("article", "GET /api/articles/:slug", "get", "/api/articles/{slug}", baseline=True),
    Workload("list", "GET /api/articles?limit=20", "get", "/api/articles?limit=20"),
    Workload("feed", "GET /api/articles/feed (auth)", "get", "/api/articles/feed?limit=20", auth=True),
    Workload("wait", "I/O wait 10 ms (await vs sleep)", "get", "/api/bench/wait?ms=10", database=False),
    Workload(
        "slow",
        "Slow query: SELECT pg_sleep(0.01)",
        "get",
        "/api/bench/slow",
        engines=("postgresql",),
        note="a 10 ms wait inside the database, through the shared session",
    ),
    Workload("writes", "create → update → delete (auth)", "writes", auth=True, note=WRITES),
    Workload("mixed", "mixed read/write (auth)", "mixed", auth=True, note=MIXED),
)
"""Reads first: the write workloads change what a list returns, differently on each stack."""


@dataclass(frozen=True)
class Profile:
    name: str
    matrix_articles: int
    levels: tuple[int, ...]
    """Concurrency levels (wrk connections) of the workloads that never touch the database."""
    db_levels: tuple[int, ...]
    """Those of the database workloads, up to many more clients than the pool has connections."""
    trap_levels: tuple[int, ...]
    """Where FastAPI's tutorial session pattern is timed (`bench/trap.py`), each on a fresh server."""
    repetitions: int
    seconds: int
    warmup_seconds: int
    """0: no warm-up run, only the primer requests of the check."""
    scaling_sizes: tuple[int, ...]
    """Articles seeded at each size of the data-size sweep (`bench/scaling.py`; its reads: `sweep_reads`)."""
    scaling_connections: int
    micro_args: tuple[str, ...] = field(default_factory=tuple)
    micro_articles: int = 1000
    micro_rounds: int = 11
    """Rounds of each read against its SQL in alternation (`bench.interleave`), beside pytest-benchmark's."""
    micro_round_seconds: float = 0.02
    """About how long each side runs per round, seconds."""
    micro_rounds_postgresql: int = 41
    """`micro_rounds` on PostgreSQL, whose round trip on this project's machine moves for seconds at
    a time. Runs of `python -m bench --only micro` at one commit (not published), the SQL replayed
    on a connection of its own: with 11 rounds of 20 ms three runs gave one article 1.51 to 2.26x
    its SQL and the author filter 0.66 to 1.84x; with 41 rounds of 30 ms two runs still disagreed on
    one article signed in (2.23 and 0.91x). With 41 rounds and the SQL replayed on the shared side's
    own connection (`bench/micro/test_shared._replay`) two runs agreed within 0.05 for every read."""
    micro_round_seconds_postgresql: float = 0.03
    instructions_count: int = 50
    """Requests counted per case under callgrind (`bench/instructions.py`), after `instructions_warm`."""
    instructions_warm: int = 10

    def as_dict(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


FULL = Profile(
    name="full",
    matrix_articles=10_000,
    levels=(1, 8, 64),
    db_levels=(1, 16, 64, 256),
    trap_levels=(1, 16, 64, 256),
    repetitions=5,
    seconds=2,
    warmup_seconds=1,
    scaling_sizes=(1_000, 10_000, 100_000, 1_000_000),
    scaling_connections=1,
    micro_args=("--benchmark-max-time=0.5",),
)
QUICK = Profile(
    name="quick",
    matrix_articles=200,
    levels=(8,),
    db_levels=(4,),
    trap_levels=(64,),
    repetitions=1,  # a smoke test of the pipeline: its figures are not for reading
    seconds=1,
    warmup_seconds=0,
    scaling_sizes=(100, 300),
    scaling_connections=1,
    micro_args=("--benchmark-max-time=0.02", "--benchmark-min-rounds=3", "--benchmark-warmup=off"),
    micro_articles=100,
    micro_rounds=3,
    micro_round_seconds=0.002,
    micro_rounds_postgresql=3,
    micro_round_seconds_postgresql=0.002,
    instructions_count=3,
    instructions_warm=1,
)
PROFILES = {profile.name: profile for profile in (FULL, QUICK)}
