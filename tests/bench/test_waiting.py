"""`bench/waiting.py`: the bound each variant sets, and its summary table."""

from __future__ import annotations

from typing import Any

from bench import waiting


def test_the_bound_is_threads_in_the_thread_pool_and_connections_in_async_mode() -> None:
    bounds = {
        label: waiting.bound(variant, app == "fastapi-async")
        for label, (app, variant) in waiting.VARIANTS.items()
    }
    assert list(bounds.values()) == [8, 10, 8, 10]


def run(requests: int, p50_us: int) -> dict[str, Any]:
    return {"requests": requests, "duration_us": 5_000_000, "latency_us": {"percentiles": {"50": p50_us}}}


def test_the_summary_shows_medians_and_req_per_waiting_request() -> None:
    results = {
        "started": "2026-01-01T00:00:00Z",
        "versions": {"commit": "abc1234"},
        "connections": 64,
        "seconds": 5,
        "repetitions": 3,
        "variants": {
            "async, 10 connections (default)": {
                "bound": 10,
                "runs": [run(4000, 75000), run(4200, 74000), run(3900, 76000)],
            }
        },
    }
    table = waiting.summary(results)
    assert "| async, 10 connections (default) | 10 | 800 [780\N{EN DASH}840] | 75.0 | 80 |" in table
    assert "commit `abc1234` · 64 connections, 3 interleaved repetitions of 5 s" in table
