"""Which tags an article carries: a few topics on a large share of articles, thousands of rare tags.

A real blog's tags follow a long tail. The head is the 42 topics of `vocabulary.TOPICS`
(weight 1 / rank^0.8): every article's first tag, and the second when its title names
two topics. Further tags come from the head or, more often, from the tail: about 4,300
names (tech terms, and topics with a qualifier such as `pythontesting`) drawn with
Zipf-like weights (1 / (rank + 10)). At 1,000,000 articles that makes thousands of
distinct tags, about half of them on under 50 articles; at 2,000 the median tag is
on one or two.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections.abc import Sequence

from shared.seed.vocabulary import TOPICS, Topic

TAGS_PER_ARTICLE = ((1, 2, 3, 4), (3, 4, 3, 2))
"""How many tags an article has, and how often (relative weights)."""
TOPIC_EXPONENT = 0.8
TAIL_EXPONENT = 1.0
TAIL_OFFSET = 10
"""Tail weights are 1 / (rank + 10): Zipf-Mandelbrot, so the best-known tail tags stay below the topics."""
TAIL_SHARE = 0.6
"""The chance that a tag beyond the title's topics comes from the tail rather than the head."""
TAIL_ORDER_SEED = "conduit-tag-tail"
"""The tail's ranks are one fixed shuffle, the same whatever `--seed`: `pythontesting` is rare everywhere."""

_TERMS = """
nextjs htmx deno bun kafka grpc elixir haskell kotlin swift flutter android ios mongodb mysql nginx
ansible helm prometheus grafana opentelemetry serverless azure gcp cloudflare vercel netlify tailwindcss
sass webpack vite esbuild babel jest vitest cypress playwright selenium pytest tdd ddd microservices
monolith eventsourcing cqrs oauth jwt cryptography llm ai datascience pandas numpy jupyter spark airflow
dbt etl analytics seo ux design figma a11y i18n markdown vim emacs vscode terminal bash zsh regex
algorithms datastructures interview leetcode mentoring remote freelancing startup management leadership
agile scrum kanban documentation codereview refactoring legacy debugging logging tracing caching cdn
http websockets rest json yaml toml sqlalchemy orm alembic celery rabbitmq nats zig cpp java spring
dotnet csharp php laravel ruby scala clojure erlang ocaml julia embedded iot arduino raspberrypi gamedev
unity godot webgl threejs canvas svg animation pwa electron tauri reactnative ionic angular solidjs qwik
astro remix nuxt gatsby jamstack headless wordpress shopify ecommerce payments stripe fintech healthtech
edtech hackathon showdev discuss watercooler news tutorial books podcast hiring
"""
_QUALIFIERS = """
tips tricks basics advanced internals performance security testing tooling patterns antipatterns
migration deployment monitoring debugging tutorial cheatsheet bestpractices pitfalls recipes hooks async
concurrency memory types generics errors logging config cli plugins extensions libraries frameworks
ecosystem community jobs interview career news release upgrade benchmarks optimization caching scaling
architecture design api auth forms routing state streams events queues workers scheduling storage files
images networking http sockets containers cloud ci cd automation scripting linting formatting docs
examples snippets projects beginners learning mentoring opensource contributing maintainers history
future opinion rant howto faq guide course workshop talks conference meetup weekly daily til devlog
showcase
"""
TAIL_TERMS = tuple(_TERMS.split())
"""Tech terms beyond the topics, each a tag of its own."""
QUALIFIERS = tuple(_QUALIFIERS.split())
"""Words that make a topic into a narrower tag: `python` + `testing`."""


def tail_names() -> list[str]:
    """The long tail, most used first: tech terms and `<topic><qualifier>` names not among the topics.

    Out: about 4,300 distinct lower-case ASCII names of at most 64 characters, in one fixed order.
    """
    head = {topic.tag for topic in TOPICS}
    combined = [*TAIL_TERMS, *(topic.tag + word for topic in TOPICS for word in QUALIFIERS)]
    names = [name for name in dict.fromkeys(combined) if name not in head]
    random.Random(TAIL_ORDER_SEED).shuffle(names)
    return names


def _zipf(count: int, exponent: float, offset: int = 0) -> list[float]:
    """Cumulative weights 1 / (rank + offset)^exponent for ranks 1..count."""
    return list(itertools.accumulate(1 / (rank + 1 + offset) ** exponent for rank in range(count)))


class TagPicker:
    """Draws an article's topics and tag names; every draw comes from the `rng` the caller passes."""

    def __init__(self) -> None:
        self.tail = tail_names()
        self._topic_cum = _zipf(len(TOPICS), TOPIC_EXPONENT)
        self._tail_cum = _zipf(len(self.tail), TAIL_EXPONENT, TAIL_OFFSET)
        self._count_cum = list(itertools.accumulate(TAGS_PER_ARTICLE[1]))

    def topic(self, rng: random.Random) -> Topic:
        """A topic, the popular ones more often (weight 1 / rank^0.8)."""
        return TOPICS[bisect(self._topic_cum, rng.random() * self._topic_cum[-1])]

    def _extra(self, rng: random.Random) -> str:
        if rng.random() < TAIL_SHARE:
            return self.tail[bisect(self._tail_cum, rng.random() * self._tail_cum[-1])]
        return self.topic(rng).tag

    def names(self, rng: random.Random, topics: Sequence[Topic]) -> list[str]:
        """The article's tags in order: the title's topics (one or two), then extras up to 1-4 in all.

        In: the topics the title names, distinct. Out: distinct tag names; as many as the
        title's topics when the drawn count is smaller.
        """
        names = [topic.tag for topic in topics]
        wanted = TAGS_PER_ARTICLE[0][bisect(self._count_cum, rng.random() * self._count_cum[-1])]
        while len(names) < wanted:
            extra = self._extra(rng)
            if extra not in names:
                names.append(extra)
        return names
