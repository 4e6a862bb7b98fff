"""Debian's PgBouncer on deploy/pgbouncer/templates, in front of a local PostgreSQL.

The variables are the compose `pgbouncer` service's, except where the server and the listener
are (127.0.0.1, a free port) and the auth file (a temporary directory). The client password is
made up: PgBouncer checks it (SCRAM, as in compose); the local PostgreSQL trusts PgBouncer.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from tools.run_local import ROOT, free_port
from tools.scale.processes import Program, start, wait_for_port
from tools.scale.render import compose_environment, render

TEMPLATES = ROOT / "deploy" / "pgbouncer" / "templates"


@dataclass(frozen=True)
class Pooler:
    """A running PgBouncer: the URL the backends use, and its settings."""

    url: str
    """postgresql+psycopg://USER:PASSWORD@127.0.0.1:PORT/DB"""
    variables: dict[str, str]
    program: Program

    @property
    def pool_size(self) -> int:
        """Server connections PgBouncer may open to PostgreSQL (max_db_connections)."""
        return int(self.variables["PGBOUNCER_POOL_SIZE"])

    @property
    def max_client_conn(self) -> int:
        return int(self.variables["PGBOUNCER_MAX_CLIENT_CONN"])


def variables(server_url: str, port: int, directory: Path, password: str) -> dict[str, str]:
    """The compose service's variables, pointed at `server_url` and listening on 127.0.0.1:`port`."""
    server = make_url(server_url)
    found = compose_environment("pgbouncer")
    found.update(
        {
            "POSTGRES_HOST": server.host or "127.0.0.1",
            "POSTGRES_PORT": str(server.port or 5432),
            "POSTGRES_DB": server.database or "",
            "POSTGRES_USER": server.username or "postgres",
            "POSTGRES_PASSWORD": password,
            "PGBOUNCER_LISTEN_ADDRESS": "127.0.0.1",
            "PGBOUNCER_PORT": str(port),
            "PGBOUNCER_AUTH_FILE": str(directory / "userlist.txt"),
        }
    )
    return found


@contextmanager
def pgbouncer(server_url: str, directory: Path) -> Iterator[Pooler]:
    """PgBouncer in front of the PostgreSQL database `server_url`, until the block ends (SIGINT:
    PgBouncer's safe shutdown; SIGKILL after 10 s)."""
    executable = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    directory.mkdir(parents=True, exist_ok=True)
    port, password = free_port(), secrets.token_hex(12)
    found = variables(server_url, port, directory, password)
    for template in TEMPLATES.glob("*.template"):
        (directory / template.stem).write_text(render(template, found))
    command = [executable, str(directory / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root; Debian's package runs it as postgres
        directory.chmod(0o755)
        for path in directory.iterdir():
            shutil.chown(path, "postgres")
        command[1:1] = ["-u", "postgres"]
    program = start("pgbouncer", command, directory / "pgbouncer.log")
    try:
        wait_for_port(program, port)
        url = make_url(server_url).set(host="127.0.0.1", port=port, password=password)
        yield Pooler(url.render_as_string(hide_password=False), found, program)
    finally:
        program.stop(signal.SIGINT, timeout=10.0)
