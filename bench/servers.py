"""The servers under test: one command per (application, server), started pinned, stopped by PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from shared import db

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
GTHREAD_THREADS = 8
"""gunicorn's gthread threads, as `make run` uses (THREADS); FastAPI's lifespan sizes its pool alike."""

TARGETS = {
    "fastapi": "services.fastapi_impl.app:create_app",
    "fastapi-async": "services.fastapi_impl.app:create_app",
    "flask": "services.flask_impl.app:create_app",
    "raw-asgi": "bench.baseline_asgi:create_app",
    "raw-wsgi": "bench.baseline_wsgi:create_app",
}
INTERFACE = {
    "fastapi": "asgi",
    "fastapi-async": "asgi",
    "raw-asgi": "asgi",
    "flask": "wsgi",
    "raw-wsgi": "wsgi",
}
ASYNC_APPS = {"fastapi-async"}
"""Applications started with the asyncio driver of DATABASE_URL (FastAPI's async mode)."""


@dataclass(frozen=True)
class Stack:
    """One application on one server, e.g. `fastapi@uvicorn`."""

    app: str
    server: str

    @property
    def name(self) -> str:
        return f"{self.app}@{self.server}"

    @property
    def framework(self) -> bool:
        return not self.app.startswith("raw-")

    @property
    def baseline(self) -> Stack:
        """The raw application on this same server: the limit this stack is divided by."""
        return Stack("raw-" + INTERFACE[self.app], self.server)


def command(stack: Stack, port: int) -> list[str]:
    """The server's command line: one worker, access log off, bound to 127.0.0.1 only."""
    target = TARGETS[stack.app]
    bind = ["--host", HOST, "--port", str(port)]
    quiet = ["--log-level", "warning"]
    if stack.server == "uvicorn":
        options = [
            "--factory",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--workers",
            "1",
        ]
        return [str(BIN / "uvicorn"), *options, *bind, *quiet, target]
    if stack.server.startswith("gunicorn-"):
        worker = {"gunicorn-gthread": ["gthread", "--threads", str(GTHREAD_THREADS)]}.get(
            stack.server, ["asgi"]
        )
        options = ["--worker-class", *worker, "--workers", "1", "--no-control-socket"]
        return [str(BIN / "gunicorn"), "--bind", f"{HOST}:{port}", *options, *quiet, f"{target}()"]
    if stack.server.startswith("granian-"):
        options = ["--interface", INTERFACE[stack.app], "--factory", "--workers", "1", "--no-access-log"]
        return [str(BIN / "granian"), *options, *bind, *quiet, target]
    raise ValueError(f"unknown server {stack.server!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Running:
    """A started server: its process (the PID we stop) and its URL."""

    stack: Stack
    process: subprocess.Popen[bytes]
    url: str
    log: Path


def start(stack: Stack, env: Mapping[str, str], cpus: str | None, log: Path) -> Running:
    """Start `stack` on a free port, pinned to `cpus` with taskset (every child inherits it)."""
    port = free_port()
    argv = command(stack, port)
    if stack.app in ASYNC_APPS and "DATABASE_URL" in env:
        env = {**env, "DATABASE_URL": db.async_url(env["DATABASE_URL"])}
    if cpus is not None:
        argv = ["taskset", "--cpu-list", cpus, *argv]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=dict(env), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Running(stack, process, f"http://{HOST}:{port}", log)


def wait_ready(running: Running, timeout: float = 60.0) -> None:
    """Poll the trivial route until it answers; fail with the server's log if it exits or stalls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"{running.stack.name} exited: {running.log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{running.url}/api/bench/json", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{running.stack.name} was not ready after {timeout:.0f} s")


def stop(running: Running, timeout: float = 15.0) -> None:
    """SIGTERM to the server we started (by PID), SIGKILL to its own group if it lingers."""
    process = running.process
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only what this harness started
        process.wait(timeout=timeout)
