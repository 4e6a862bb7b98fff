"""Run what docker compose runs, without Docker: `python -m tools.compose_check --database-url URL`.

The commands, config files and environment of the `migrate`, `fastapi` and
`flask` services are read from docker-compose.yml (not copied), pointed at the
given PostgreSQL database and bound to 127.0.0.1 on free ports. Then: migrate;
start `--instances` servers of each backend; run the contract suite over HTTP,
each request going to the next instance in turn; send SIGTERM and check that
every server exits cleanly within its graceful timeout.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

import yaml

from tools.run_local import BIN, ROOT, free_port, wait_until_ready

INTERPOLATION = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}")
SHUTDOWN_MARGIN = 5.0


def interpolate(value: str, environ: Mapping[str, str]) -> str:
    """Compose's `${VAR}` and `${VAR:-default}`, the two forms the file uses."""
    return INTERPOLATION.sub(lambda match: environ.get(match.group(1)) or (match.group(2) or ""), value)


def service(
    compose: dict[str, Any], name: str, database_url: str, pooled: bool = False
) -> tuple[list[str], dict[str, str]]:
    """A service's command (with this machine's executables) and its environment, on `database_url`.

    compose's backends reach PostgreSQL through PgBouncer (DB_TRANSACTION_POOLING=1); unless
    `pooled` says `database_url` is such a pooler too, that setting is dropped, so a backend
    pointed at PostgreSQL itself keeps its session settings (the statement timeout).
    """
    definition = compose["services"][name]
    env = {**os.environ, **{k: interpolate(str(v), os.environ) for k, v in definition["environment"].items()}}
    env["DATABASE_URL"] = database_url
    if not pooled:
        env.pop("DB_TRANSACTION_POOLING", None)
    program, *arguments = definition["command"]
    executable = sys.executable if program == "python" else str(BIN / program)
    return [executable, *arguments], env


def graceful_timeout(command: list[str]) -> float:
    """The `graceful_timeout` of the gunicorn config file a command names."""
    config = ROOT / command[command.index("--config") + 1]
    namespace: dict[str, Any] = {"__file__": str(config)}
    exec(compile(config.read_text(), str(config), "exec"), namespace)
    return float(namespace["graceful_timeout"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database the check may fill")
    parser.add_argument("--instances", type=int, default=2, help="servers per backend (default 2)")
    args, pytest_args = parser.parse_known_args()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    command, env = service(compose, "migrate", args.database_url)
    print("migrate:", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)

    servers: list[tuple[str, subprocess.Popen[bytes], float]] = []
    urls: dict[str, list[str]] = {"fastapi": [], "flask": []}
    try:
        for name in urls:
            command, env = service(compose, name, args.database_url)
            for _ in range(args.instances):
                port = free_port()
                url = f"http://127.0.0.1:{port}"
                print(f"{name}: {' '.join(command)} on {url}", flush=True)
                process = subprocess.Popen(command, cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"})
                servers.append((name, process, graceful_timeout(command)))
                urls[name].append(url)
                wait_until_ready(url, process, path="/readyz")
        contract_env = {
            **os.environ,
            "CONDUIT_BASE_URLS": ",".join(f"{name}={'|'.join(found)}" for name, found in urls.items()),
            "JWT_SECRET": env["JWT_SECRET"],
            "CORS_ORIGINS": env["CORS_ORIGINS"],
        }
        tests = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/contract", *pytest_args], cwd=ROOT, env=contract_env
        ).returncode
    finally:
        stopped = stop(servers)
    return tests or (0 if stopped else 1)


def stop(servers: list[tuple[str, subprocess.Popen[bytes], float]]) -> bool:
    """SIGTERM to every server; True when each exited with 0 inside its graceful timeout."""
    clean = True
    started = time.monotonic()
    for _, process, _ in servers:
        process.send_signal(signal.SIGTERM)
    for name, process, grace in servers:
        try:
            code = process.wait(timeout=max(0.0, grace + SHUTDOWN_MARGIN - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            print(f"{name} (pid {process.pid}) did not stop within {grace:.0f} s of SIGTERM", flush=True)
            clean = False
            continue
        if code != 0:
            print(f"{name} (pid {process.pid}) exited with {code} after SIGTERM", flush=True)
            clean = False
    if clean:
        print(f"all {len(servers)} servers stopped cleanly in {time.monotonic() - started:.1f} s", flush=True)
    return clean


if __name__ == "__main__":
    raise SystemExit(main())
