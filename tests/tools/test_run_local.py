"""`make run` (tools/run_local.py): its ports, and a clear refusal when one is taken."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tools.run_local import ROOT, busy_ports, free_port, parse_ports


def test_ports_are_site_fastapi_flask() -> None:
    assert parse_ports("9000, 9001,9002") == {"site": 9000, "fastapi": 9001, "flask": 9002}


@pytest.mark.parametrize(
    "text", ["8000,8001", "8000,8001,8002,8003", "a,b,c", "8000,8000,8001", "0,1,2", "1,2,70000"]
)
def test_anything_but_three_distinct_ports_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_ports(text)


def test_a_port_another_program_listens_on_is_busy() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]
        free = free_port()
        assert busy_ports("127.0.0.1", {"site": taken, "fastapi": free}) == [f"site ({taken})"]
    assert busy_ports("127.0.0.1", {"site": taken}) == []


def test_make_run_stops_before_starting_anything_when_a_port_is_taken(tmp_path: Path) -> None:
    database = tmp_path / "conduit.sqlite3"
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]
        ports = f"{free_port()},{taken},{free_port()}"
        done = subprocess.run(
            [sys.executable, "-m", "tools.run_local", "--ports", ports],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"port in use on 127.0.0.1: fastapi ({taken})" in done.stderr
    assert "make run PORTS=" in done.stderr
    assert not database.exists()  # nothing migrated, seeded or started
