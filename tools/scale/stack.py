"""The whole scale-out stack on one machine: migrate, PgBouncer, N instances per backend, nginx.

The backends run the compose services' own commands and production gunicorn configs
(`tools.compose_check.service`), with the compose `DATABASE_URL` replaced by the PgBouncer
started here and `BIND` by a free 127.0.0.1 port. The migration goes straight to PostgreSQL,
as compose's `migrate` service does.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tools.compose_check import graceful_timeout, service
from tools.run_local import ROOT, free_port
from tools.scale.nginx import Front, nginx
from tools.scale.pgbouncer import Pooler, pgbouncer
from tools.scale.processes import Program, start
from tools.scale.render import compose_file

BACKENDS = ("fastapi", "flask")
READY_TIMEOUT = 30.0
"""Seconds an instance may take to answer /readyz (gunicorn boots two workers; seconds here)."""


@dataclass
class Instance:
    """One server of one backend, on a fixed port (a restart reuses it, as a container's address)."""

    backend: str
    port: int
    program: Program

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Stack:
    """Everything running: nginx's URLs, the pooler, the instances, and how to start one more."""

    front: Front
    pooler: Pooler
    instances: dict[str, list[Instance]]
    directory: Path
    environments: dict[str, dict[str, str]] = field(default_factory=dict)
    grace: dict[str, float] = field(default_factory=dict)
    """Each backend's gunicorn graceful_timeout, read from its config file."""

    def start_instance(self, backend: str, port: int) -> Instance:
        """One more server of `backend` on 127.0.0.1:`port`, once it answers /readyz."""
        return start_instance(backend, port, self.environments[backend], self.directory)


def start_instance(backend: str, port: int, environment: dict[str, str], directory: Path) -> Instance:
    """A server of `backend` with `environment`, on 127.0.0.1:`port`, once it answers /readyz."""
    env = {**environment, "BIND": f"127.0.0.1:{port}"}
    command = service(compose_file(), backend, env["DATABASE_URL"], pooled=True)[0]
    log = directory / f"{backend}-{port}.log"
    instance = Instance(backend, port, start(f"{backend}:{port}", command, log, env, cwd=ROOT))
    wait_ready(f"http://{instance.address}", instance.program)
    return instance


def wait_ready(url: str, program: Program, timeout: float = READY_TIMEOUT) -> None:
    """Until `url`/readyz answers 200; RuntimeError with the log's tail if the program exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and program.process.poll() is None:
        try:
            if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    tail = program.log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"{program.name} was not ready within {timeout:.0f} s:\n{tail}")


def migrate(database_url: str, log: Path) -> None:
    """compose's `migrate` command, straight to PostgreSQL."""
    command, env = service(compose_file(), "migrate", database_url)
    with log.open("wb") as out:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=True, timeout=60
        )


@contextmanager
def scale_stack(database_url: str, directory: Path, per_backend: int = 2) -> Iterator[Stack]:
    """The stack on the migrated PostgreSQL database `database_url`; everything stopped by PID after."""
    migrate(database_url, directory / "migrate.log")
    with ExitStack() as running:
        pooler = running.enter_context(pgbouncer(database_url, directory / "pgbouncer"))
        instances: dict[str, list[Instance]] = {}
        environments: dict[str, dict[str, str]] = {}
        grace: dict[str, float] = {}
        for backend in BACKENDS:
            command, env = service(compose_file(), backend, pooler.url, pooled=True)
            env["PASSWORD_HASH_PROFILE"] = "CHEAPEST"  # hundreds of registrations; hashing is not under test
            environments[backend], grace[backend], instances[backend] = env, graceful_timeout(command), []
            running.callback(stop_all, instances[backend], grace[backend])
            for _ in range(per_backend):
                instances[backend].append(start_instance(backend, free_port(), env, directory))
        addresses = {name: [i.address for i in found] for name, found in instances.items()}
        front = running.enter_context(nginx(addresses, directory / "nginx"))
        yield Stack(front, pooler, instances, directory, environments, grace)


def stop_all(instances: list[Instance], grace: float) -> None:
    """SIGTERM to every instance (each gets the graceful timeout and 5 s more, then SIGKILL)."""
    for instance in instances:
        instance.program.stop(timeout=grace + 5.0)
