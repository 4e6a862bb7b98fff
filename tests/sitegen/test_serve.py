"""The compose `site` service's own command, run here: it builds the site, serves it, stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from sitegen.serve import serving
from tools.run_local import free_port

ROOT = Path(__file__).resolve().parents[2]


def with_option(command: list[str], option: str, value: str) -> list[str]:
    changed = list(command)
    changed[changed.index(option) + 1] = value
    return changed


def test_the_compose_command_builds_serves_and_stops_cleanly(tmp_path: Path) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    program, *arguments = compose["services"]["site"]["command"]
    assert program == "python"
    port = free_port()
    arguments = with_option(arguments, "--out", str(tmp_path / "site"))
    arguments = with_option(arguments, "--serve", f"127.0.0.1:{port}")
    log = tmp_path / "site.log"
    with log.open("w") as sink:
        command = [sys.executable, *arguments]
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the site never answered"
                time.sleep(0.2)
        assert answer.status_code == 200
        assert "Conduit, twice" in answer.text
        assert httpx.get(f"http://127.0.0.1:{port}/source/routes-articles.html").status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0, "SIGTERM (docker stop) ends it cleanly"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serving_in_a_thread_yields_the_url_and_stops(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    with serving(tmp_path, "127.0.0.1", 0) as url:
        assert httpx.get(f"{url}/index.html").text.endswith("<title>x</title>")
        assert httpx.get(f"{url}/missing.html").status_code == 404
    try:
        httpx.get(f"{url}/index.html", timeout=1)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("still serving after the block")
