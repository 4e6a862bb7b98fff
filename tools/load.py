"""Many keep-alive clients at once against one backend: `python -m tools.load URL --clients 64 --seconds 12`.

Each client is a loop that sends one request, waits for its answer, then sends
the next (a closed loop), cycling through four reads
(one article, a page of 20, the feed with a token, a tag filter) and a write mix
(create an article, comment, favorite). The setup (a reader following an
author with a few tagged articles) is made through the API first.

It reports every answer with its status and duration, and what went wrong:
a read that was not 2xx, a write that was neither 2xx nor an expected 4xx, an
answer slower than the bound, a client timeout or a transport error, and a
`/readyz` that does not answer within 1 s once the load stops. It measures
the absence of a stall, never a speed: the hardening load test and the scale
test (`make test-hardening`, `make test-scale`) assert on `LoadReport.problems`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import ssl
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

SLOW_BOUND = 10.0
"""Seconds: the slowest answer a test accepts; a stalled server exceeds it, a busy one does not."""
CLIENT_TIMEOUT = 15.0
"""Seconds a client waits for one answer before it counts a timeout (above SLOW_BOUND, so both show)."""
READY_BOUND = 1.0
"""Seconds `/readyz` may take once the load has stopped."""
ARTICLES = 12
"""Articles the setup creates: enough to spread the reads and writes, few enough to set up in a second."""

READS = ("get article", "list", "feed", "tag")
WRITES = ("create", "comment", "favorite")
EXPECTED = {
    "get article": {200},
    "list": {200},
    "feed": {200},
    "tag": {200},
    "create": {201, 409},  # 409: every slug attempt lost to concurrent creates, the API's documented answer
    "comment": {201},
    "favorite": {200},
}
"""The statuses each kind of request may answer under load, read from the API's rules."""
CYCLE = (*READS, WRITES[0], *READS, WRITES[1], *READS, WRITES[2])
"""One client's sequence: 12 reads and 3 writes, so writes are 20 % of the requests."""


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int | None
    """None when no answer came: a client timeout or a transport error (see `error`)."""
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class Scenario:
    """What the setup created: the reader's token, the articles' slugs and their tag."""

    token: str
    slugs: tuple[str, ...]
    tag: str


@dataclass
class LoadReport:
    clients: int
    seconds: float
    answers: list[Answer] = field(default_factory=list)
    ready_status: int | None = None
    ready_seconds: float | None = None

    def failed(self, slow_bound: float = SLOW_BOUND) -> list[Answer]:
        """The answers that show a failure: unexpected status, no answer, or slower than `slow_bound`."""
        return [
            a
            for a in self.answers
            if a.status is None or a.status not in EXPECTED[a.kind] or a.seconds > slow_bound
        ]

    def problems(self, slow_bound: float = SLOW_BOUND) -> list[str]:
        """Every way this run shows a stall or a failure, as one line each (empty: none)."""
        found: list[str] = []
        unexpected = Counter(
            (a.kind, a.status)
            for a in self.answers
            if a.status is not None and a.status not in EXPECTED[a.kind]
        )
        found += [
            f"{count} x {kind} answered {status}" for (kind, status), count in sorted(unexpected.items())
        ]
        errors = Counter((a.kind, a.error) for a in self.answers if a.status is None)
        found += [f"{count} x {kind}: {error}" for (kind, error), count in sorted(errors.items())]
        slow = [a for a in self.answers if a.status is not None and a.seconds > slow_bound]
        if slow:
            worst = max(a.seconds for a in slow)
            found.append(f"{len(slow)} answers slower than {slow_bound:.0f} s (slowest {worst:.1f} s)")
        if not self.answers:
            found.append("no answer at all")
        if self.ready_status != 200 or (self.ready_seconds or 0.0) > READY_BOUND:
            found.append(
                f"/readyz after the load: {self.ready_status} in {self.ready_seconds or 0.0:.2f} s "
                f"(expected 200 within {READY_BOUND:.0f} s)"
            )
        return found

    def summary(self) -> str:
        """One line: clients, answers, answers per second, status counts, slowest answer."""
        statuses = dict(sorted(Counter(a.status for a in self.answers).items(), key=str))
        slowest = max((a.seconds for a in self.answers), default=0.0)
        rate = len(self.answers) / self.seconds
        ready = f"{self.ready_status} in {self.ready_seconds or 0.0:.2f} s"
        return (
            f"{self.clients} clients, {self.seconds:.0f} s: {len(self.answers)} answers ({rate:.0f}/s), "
            f"statuses {statuses}, slowest {slowest:.2f} s, /readyz after: {ready}"
        )


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def _register(client: httpx.Client, prefix: str) -> str:
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
    response = client.post("/api/users", json=body)
    response.raise_for_status()
    token: str = response.json()["user"]["token"]
    return token


def prepare(base_url: str) -> Scenario:
    """A reader who follows an author of `ARTICLES` tagged articles, all made through the API."""
    tag = f"load{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=base_url, timeout=CLIENT_TIMEOUT) as client:
        author, reader = _register(client, "loadauthor"), _register(client, "loadreader")
        author_name = client.get("/api/user", headers=_auth(author)).json()["user"]["username"]
        client.post(f"/api/profiles/{author_name}/follow", headers=_auth(reader)).raise_for_status()
        slugs = []
        for number in range(ARTICLES):
            article = {"title": f"Load {tag} {number}", "description": "d", "body": "b", "tagList": [tag]}
            response = client.post("/api/articles", json={"article": article}, headers=_auth(author))
            response.raise_for_status()
            slugs.append(response.json()["article"]["slug"])
    return Scenario(token=reader, slugs=tuple(slugs), tag=tag)


def _request(kind: str, number: int, scenario: Scenario) -> tuple[str, str, dict[str, object]]:
    """The method, path and httpx keyword arguments of request `number` of this `kind`."""
    slug = scenario.slugs[number % len(scenario.slugs)]
    token = _auth(scenario.token)
    if kind == "get article":
        return "GET", f"/api/articles/{slug}", {"headers": token if number % 2 else {}}
    if kind == "list":
        return "GET", "/api/articles", {"params": {"limit": 20}}
    if kind == "feed":
        return "GET", "/api/articles/feed", {"headers": token}
    if kind == "tag":
        return "GET", "/api/articles", {"params": {"tag": scenario.tag}, "headers": token}
    if kind == "create":
        article = {"title": f"Written under load {uuid.uuid4().hex[:12]}", "description": "d", "body": "b"}
        return "POST", "/api/articles", {"json": {"article": article}, "headers": token}
    if kind == "comment":
        return (
            "POST",
            f"/api/articles/{slug}/comments",
            {"json": {"comment": {"body": "c"}}, "headers": token},
        )
    return "POST", f"/api/articles/{slug}/favorite", {"headers": token}


async def _client_loop(
    client: httpx.AsyncClient, index: int, scenario: Scenario, until: float, answers: list[Answer]
) -> None:
    """One client: one request at a time on its own keep-alive connection, until `until`."""
    steps = itertools.islice(itertools.cycle(CYCLE), index % len(CYCLE), None)
    for number, kind in enumerate(steps):
        if time.monotonic() >= until:
            return
        method, path, options = _request(kind, index + number, scenario)
        started = time.monotonic()
        try:
            response = await client.request(method, path, **options)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            answers.append(Answer(kind, None, time.monotonic() - started, "client timeout"))
            continue
        except httpx.TransportError as exc:
            answers.append(Answer(kind, None, time.monotonic() - started, type(exc).__name__))
            await asyncio.sleep(0.05)  # a refused connection fails at once: do not spin
            continue
        answers.append(Answer(kind, response.status_code, time.monotonic() - started))


async def _run(base_url: str, scenario: Scenario, clients: int, seconds: float) -> LoadReport:
    report = LoadReport(clients=clients, seconds=seconds)
    # A client of its own per connection (httpx's shared pool costs more CPU per request as it
    # grows), all sharing one TLS context, which plain-HTTP URLs never use but httpx builds anyway.
    tls = ssl.create_default_context()
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        pool = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=base_url, limits=one, timeout=CLIENT_TIMEOUT, verify=tls)
            )
            for _ in range(clients)
        ]
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(_client_loop(client, i, scenario, until, report.answers) for i, client in enumerate(pool))
        )
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=READY_BOUND + 1.0) as probe:
            report.ready_status = (await probe.get("/readyz")).status_code
    except httpx.HTTPError:
        report.ready_status = None
    report.ready_seconds = time.monotonic() - started
    return report


def run(base_url: str, scenario: Scenario, clients: int, seconds: float) -> LoadReport:
    """`clients` closed-loop keep-alive clients for `seconds` (then their last answers), then one /readyz.

    Takes at most `seconds + CLIENT_TIMEOUT + READY_BOUND + 1` seconds; raises nothing for
    failed requests (they are in the report), only for a `base_url` httpx cannot use.
    """
    return asyncio.run(_run(base_url, scenario, clients, seconds))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="a running backend, e.g. http://127.0.0.1:8001")
    parser.add_argument("--clients", type=int, nargs="+", default=[64, 256], help="default: 64 then 256")
    parser.add_argument("--seconds", type=float, default=10.0, help="per client count (default 10)")
    args = parser.parse_args()
    scenario = prepare(args.url)
    failed = False
    for clients in args.clients:
        report = run(args.url, scenario, clients, args.seconds)
        print(report.summary())
        for problem in report.problems():
            print("  problem:", problem)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
