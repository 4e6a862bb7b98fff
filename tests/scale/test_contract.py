"""The whole contract suite, unchanged, through nginx, two instances per backend and PgBouncer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from tools.run_local import ROOT
from tools.scale.stack import Stack

NGINX_REFUSES = "tests/contract/test_nul_characters.py::test_lookups_with_nul_find_nothing"
"""The one contract test that cannot pass through nginx: nginx refuses a NUL byte (`%00`) in a path
with 400 before any backend sees it, where the API answers 404. test_nginx.py pins nginx's answer."""
TIMEOUT = 600
"""Seconds: the suite takes one to two minutes over HTTP here; a hang fails instead of blocking CI."""


def test_the_contract_suite_passes_through_nginx(stack: Stack, record: Callable[[str, Any], None]) -> None:
    backend_env = stack.environments["fastapi"]
    env = {
        **os.environ,
        "CONDUIT_BASE_URLS": ",".join(f"{name}={url}" for name, url in stack.front.urls.items()),
        "JWT_SECRET": backend_env["JWT_SECRET"],
        "CORS_ORIGINS": backend_env["CORS_ORIGINS"],
    }
    env.pop("CONDUIT_SCALE", None)
    before = len(stack.front.access_lines())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/contract",
            "-q",
            "-p",
            "no:cacheprovider",
            "--deselect",
            NGINX_REFUSES,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    record("contract suite through nginx", result.stdout.strip().splitlines()[-1] if result.stdout else "")
    record("contract suite: requests through nginx", len(stack.front.access_lines()) - before)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
