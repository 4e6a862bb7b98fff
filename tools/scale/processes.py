"""Programs started in the background with their output in a file, stopped by their PID."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Program:
    """One started program: its name, process and log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 25.0) -> int:
        """Send `sig`, wait up to `timeout` s (then SIGKILL); the exit code (negative: killed by a signal)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start(
    name: str,
    command: Sequence[str],
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Program:
    """`command` in the background, stdout and stderr into `log`."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=None if env is None else dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Program(name, process, log)


def wait_for_port(program: Program, port: int, timeout: float = 15.0) -> None:
    """Until 127.0.0.1:`port` accepts a connection; RuntimeError (with the log's tail) if the program
    exits or `timeout` s pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if program.process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    tail = program.log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"{program.name} did not listen on {port} within {timeout:.0f} s:\n{tail}")
