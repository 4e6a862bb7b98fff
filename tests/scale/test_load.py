"""The request-path issue's load test (tools/load.py) through nginx: 64, then 256 clients per backend.

Passing means what it means in tests/hardening/test_load.py: every read 2xx, every write 2xx or
its expected 4xx, nothing slower than 10 s, no client timeout or transport error, `/readyz` within
1 s after. Here the requests also cross nginx and PgBouncer, and both instances must have served.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tools import load
from tools.scale.sampler import ConnectionSampler
from tools.scale.stack import Stack

CLIENTS = (64, 256)
SECONDS = 10.0


def test_no_stall_through_nginx_and_pgbouncer(
    stack: Stack, backend: str, sampler: ConnectionSampler, record: Callable[[str, Any], None]
) -> None:
    url = stack.front.urls[backend]
    scenario = load.prepare(url)
    for clients in CLIENTS:
        started = time.time()
        began = time.monotonic()
        report = load.run(url, scenario, clients, SECONDS)
        served = [line for line in stack.front.access_lines() if line["msec"] >= started]
        upstreams = {line["upstream"].split(", ")[-1] for line in served}
        record(f"load {backend} {clients} clients", report.summary())
        record(
            f"load {backend} {clients} clients: PostgreSQL connections at most",
            sampler.peak_between(began, time.monotonic()),
        )
        assert not report.problems(), f"{report.summary()}\n" + "\n".join(report.problems())
        assert upstreams >= {instance.address for instance in stack.instances[backend]}, upstreams
