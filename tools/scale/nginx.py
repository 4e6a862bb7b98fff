"""Debian's nginx on deploy/nginx/templates, in front of several instances of each backend.

The template is rendered with the compose `nginx` service's variables, except the listener
(127.0.0.1, free ports), the upstream `server` lines (the instances started here) and the
access log (a file the tests read). It is included in the `http` block of a main config that
mirrors the official image's /etc/nginx/nginx.conf, with every path in a temporary directory.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.run_local import ROOT, free_port
from tools.scale.processes import Program, start, wait_for_port
from tools.scale.render import compose_environment, render

TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "default.conf.template"
TEMPORARY = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
"""nginx's temporary directories (below), owned by its workers and not worth keeping."""
MAIN = """\
# The official nginx image's nginx.conf, with its paths in {dir}.
daemon off;
worker_processes 1;
error_log {dir}/error.log notice;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/conf.d/default.conf;
}}
"""


@dataclass(frozen=True)
class Front:
    """A running nginx: one URL per backend, its access log and its variables."""

    urls: dict[str, str]
    access_log: Path
    variables: dict[str, str]
    program: Program

    def access_lines(self) -> list[dict[str, Any]]:
        """The JSON access lines written so far."""
        if not self.access_log.exists():
            return []
        return [json.loads(line) for line in self.access_log.read_text().splitlines() if line.strip()]

    def lines_for(self, request_id: str, count: int = 1, timeout: float = 3.0) -> list[dict[str, Any]]:
        """The access lines of `request_id`, once there are `count` (nginx writes a line after it has
        answered, so a client can be faster); what there is after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.access_lines() if line["request_id"] == request_id]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


def variables(
    ports: Mapping[str, int], instances: Mapping[str, Sequence[str]], directory: Path
) -> dict[str, str]:
    """The compose service's variables, listening on 127.0.0.1:`ports[name]`, proxying to `instances`."""
    found = compose_environment("nginx")
    found.update(
        {
            "NGINX_LISTEN_ADDRESS": "127.0.0.1",
            "NGINX_ACCESS_LOG": str(directory / "access.log"),
            **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
            **{
                f"{name.upper()}_SERVERS": " ".join(f"server {address};" for address in addresses)
                for name, addresses in instances.items()
            },
        }
    )
    return found


@contextmanager
def nginx(instances: Mapping[str, Sequence[str]], keep: Path) -> Iterator[Front]:
    """nginx with one port per backend in `instances` (name: ["127.0.0.1:PORT", ...]), until the block
    ends (SIGQUIT: graceful; SIGKILL after 10 s). The config is checked (`nginx -t`) first.

    Its files live in a directory of their own under the system's temporary directory, which the
    workers (user `nobody` when started as root) can reach to write request bodies; they are copied
    to `keep` when nginx has stopped, and that directory removed.
    """
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    directory = Path(tempfile.mkdtemp(prefix="conduit-nginx-"))
    directory.chmod(0o755)
    (directory / "conf.d").mkdir()
    ports = {name: free_port() for name in instances}
    found = variables(ports, instances, directory)
    (directory / "conf.d" / "default.conf").write_text(render(TEMPLATE, found))
    main = directory / "nginx.conf"
    main.write_text(MAIN.format(dir=directory))
    test = [executable, "-t", "-q", "-c", str(main)]
    checked = subprocess.run(test, capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the rendered config:\n{checked.stderr}")
    program = start("nginx", [executable, "-c", str(main)], directory / "nginx.out")
    try:
        for port in ports.values():
            wait_for_port(program, port)
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        yield Front(urls, directory / "access.log", found, program)
    finally:
        program.stop(signal.SIGQUIT, timeout=10.0)
        shutil.copytree(directory, keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*TEMPORARY))
        shutil.rmtree(directory, ignore_errors=True)
