"""A rolling restart under load: SIGTERM one instance, start it again; nginx moves, nothing fails.

While 64 clients run the load of tools/load.py through nginx, one instance of the backend gets
SIGTERM. It must exit cleanly (code 0) within gunicorn's graceful timeout; every request must
succeed (the load's own checks); every request nginx finished between that instance's exit and
its replacement's start (2 s later) must have been answered by the other instance; and once the replacement
answers /readyz on the same address, nginx must send it requests again (after fail_timeout, 10 s).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from tools import load
from tools.scale.stack import Stack

CLIENTS = 64
SECONDS = 15.0
"""Load duration: the restart happens inside it, with a few seconds of load before and after."""
SIGTERM_AFTER = 3.0
DOWN_FOR = 2.0
"""Seconds between the instance's exit and its replacement's start, as a container restart takes."""
BACK_WITHIN = 15.0
"""Seconds for nginx to send requests to the restarted instance again: fail_timeout (10 s) and a margin."""


def test_a_restarted_instance_loses_no_request(
    stack: Stack, backend: str, record: Callable[[str, Any], None]
) -> None:
    url = stack.front.urls[backend]
    victim, other = stack.instances[backend]
    scenario = load.prepare(url)
    reports: list[load.LoadReport] = []
    loader = threading.Thread(target=lambda: reports.append(load.run(url, scenario, CLIENTS, SECONDS)))
    loader.start()
    time.sleep(SIGTERM_AFTER)

    began, sigterm_at = time.monotonic(), time.time()
    code = victim.program.stop(signal.SIGTERM, timeout=stack.grace[backend] + 5.0)
    exited_at, stop_seconds = time.time(), time.monotonic() - began
    time.sleep(DOWN_FOR)
    restarted_at = time.time()
    replacement = stack.start_instance(backend, victim.port)
    stack.instances[backend][0] = replacement
    ready_seconds = time.monotonic() - began
    loader.join(timeout=SECONDS + load.CLIENT_TIMEOUT + 10.0)
    assert reports, "the load finished"
    report = reports[0]

    lines = [line for line in stack.front.access_lines() if line["msec"] >= sigterm_at - SIGTERM_AFTER]
    gap = [line for line in lines if exited_at <= line["msec"] <= restarted_at]
    retried = [line for line in lines if ", " in line["upstream"]]
    back_after = wait_until_served_by(stack, url, replacement.address)
    record(f"restart {backend}: load", report.summary())
    record(f"restart {backend}: SIGTERM to exit (s)", round(stop_seconds, 2))
    record(f"restart {backend}: SIGTERM to replacement ready (s)", round(ready_seconds, 2))
    record(f"restart {backend}: requests while one instance was down", len(gap))
    record(f"restart {backend}: requests nginx retried on the other instance", len(retried))
    record(f"restart {backend}: of which POSTs", sum(1 for line in retried if line["method"] == "POST"))
    record(f"restart {backend}: replacement served again after (s)", back_after)

    assert code == 0, f"exit code {code} after SIGTERM"
    assert stop_seconds <= stack.grace[backend]
    assert not report.problems(), f"{report.summary()}\n" + "\n".join(report.problems())
    assert gap, "requests went on while the instance was down"
    assert {line["upstream"].split(", ")[-1] for line in gap} == {other.address}
    assert back_after is not None, f"nginx sent nothing to the restarted instance within {BACK_WITHIN:.0f} s"


def wait_until_served_by(stack: Stack, url: str, address: str) -> float | None:
    """Seconds until nginx passes a request to `address` (probing /healthz), None after BACK_WITHIN."""
    began = time.monotonic()
    while time.monotonic() - began < BACK_WITHIN:
        marker = f"back-{time.monotonic_ns()}"
        httpx.get(f"{url}/healthz", headers={"X-Request-ID": marker}, timeout=5)
        if any(
            line["request_id"] == marker and line["upstream"].endswith(address)
            for line in stack.front.access_lines()
        ):
            return round(time.monotonic() - began, 2)
        time.sleep(0.2)
    return None
