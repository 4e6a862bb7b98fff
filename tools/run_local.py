"""Start both backends side by side: `make run` (and `make test-live` with `--check`).

FastAPI runs under uvicorn, Flask under gunicorn, both on the database named by
DATABASE_URL (the SQLite file under var/ by default), migrated and seeded with
demo data on first start; the comparison site (site/, built if missing) is
served on :8000 as the front door. With `--check` they start on free ports, with FastAPI
in its async mode as a third server, and the contract suite runs against them over HTTP.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from shared import db, migrate
from shared.settings import Settings
from sitegen.build import Options, build
from sitegen.serve import serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITE = ROOT / "site"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def commands(host: str, ports: Mapping[str, int], threads: int | None = None) -> dict[str, list[str]]:
    """The development server command of each backend (uvicorn; gunicorn with `threads` threads).

    `threads` defaults to THREADS from the environment (8), the figure FastAPI's thread pool and
    both database pools are sized by, so gunicorn's threads and the pool always agree.
    """
    threads = threads or Settings.from_env().threads
    return {
        "fastapi": [
            str(BIN / "uvicorn"),
            "--factory",
            "services.fastapi_impl.app:create_app",
            "--host",
            host,
            "--port",
            str(ports["fastapi"]),
            "--no-access-log",
        ],
        "flask": [
            str(BIN / "gunicorn"),
            "--bind",
            f"{host}:{ports['flask']}",
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--no-control-socket",
            "services.flask_impl.app:create_app()",
        ],
    }


def wait_until_ready(
    url: str, process: subprocess.Popen[bytes], timeout: float = 30.0, path: str = "/api/tags"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited with code {process.returncode} before it was ready")
        try:
            if httpx.get(f"{url}{path}", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} was not ready after {timeout:.0f} s")


@contextmanager
def servers(host: str, ports: Mapping[str, int], env: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """Both backends running, and FastAPI's async mode too when `ports` names `fastapi-async`
    (the same uvicorn command on the asyncio driver of DATABASE_URL); stopped (SIGTERM, then SIGKILL)."""
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        found = commands(host, ports, Settings.from_env(dict(env)).threads)
        if "fastapi-async" in ports:
            async_ports = {**ports, "fastapi": ports["fastapi-async"]}
            found["fastapi-async"] = commands(host, async_ports)["fastapi"]
        for name, command in found.items():
            own = dict(env)
            if name == "fastapi-async":
                own["DATABASE_URL"] = db.async_url(Settings.from_env(own).database_url)
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=own)
        urls = {name: f"http://{host}:{ports[name]}" for name in processes}
        for name, process in processes.items():
            wait_until_ready(urls[name], process)
        yield urls
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def prepare(env: Mapping[str, str], seed_articles: int) -> None:
    """Migrate, then seed demo data unless the database already has users."""
    url = Settings.from_env(dict(env)).database_url
    migrate.upgrade(url)
    if seed_articles:
        subprocess.run(
            [sys.executable, "-m", "shared.seed", "--if-empty", "--articles", str(seed_articles)],
            cwd=ROOT,
            env=dict(env),
            check=True,
        )


DEFAULT_PORTS = "8000,8001,8002"
"""`make run`'s ports: the site, FastAPI, Flask (`make run PORTS=9000,9001,9002` to change them)."""


def parse_ports(text: str) -> dict[str, int]:
    """`--ports SITE,FASTAPI,FLASK`, e.g. "8000,8001,8002": three distinct TCP ports (1-65535).

    Raises `argparse.ArgumentTypeError` with what was wrong for anything else.
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give three port numbers, site,fastapi,flask, e.g. 9000,9001,9002"
        )
    numbers = [int(part) for part in parts]
    if len(set(numbers)) != 3 or not all(1 <= number <= 65535 for number in numbers):
        raise argparse.ArgumentTypeError(f"{text!r}: three different ports between 1 and 65535")
    return dict(zip(("site", "fastapi", "flask"), numbers, strict=True))


def busy_ports(host: str, ports: Mapping[str, int]) -> list[str]:
    """The entries of `ports` that cannot be bound on `host` (another program listens there), as
    "name (port)"; an empty list when all are free."""
    busy = []
    for name, port in ports.items():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
            try:
                probe.bind((host, port))
            except OSError:
                busy.append(f"{name} ({port})")
    return busy


def run(host: str, seed_articles: int, ports: Mapping[str, int]) -> None:
    busy = busy_ports(host, ports)
    if busy:
        raise SystemExit(
            f"make run: port in use on {host}: {', '.join(busy)}. Stop what listens there, or choose"
            " other ports for the site, FastAPI and Flask: make run PORTS=9000,9001,9002"
        )
    env = dict(os.environ)
    prepare(env, seed_articles)
    if not (SITE / "index.html").exists():  # `make site` rebuilds it with the latest reports
        build(Options(out=SITE))
    apis = {"fastapi": ports["fastapi"], "flask": ports["flask"]}
    with servers(host, apis, env) as urls, serving(SITE, host, ports["site"]) as site:
        print("\nConduit is running:")
        print(f"  {'site':8} {site}/  (start here: FastAPI vs Flask, side by side)")
        for name, url in urls.items():
            print(f"  {name:8} {url}/api/articles  (the API's base URL is {url}/api)")
        print("Press Ctrl-C to stop them.\n", flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()


def check(pytest_args: list[str]) -> int:
    """Run the contract suite over HTTP against freshly started servers; pytest's exit code."""
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        scratch = ROOT / "var" / "live-check.sqlite3"
        for leftover in scratch.parent.glob(f"{scratch.name}*"):
            leftover.unlink()
        env["DATABASE_URL"] = f"sqlite:///{scratch}"
    env.setdefault("PASSWORD_HASH_PROFILE", "CHEAPEST")  # many registrations; hashing cost is not under test
    prepare(env, seed_articles=0)
    ports = {"fastapi": free_port(), "fastapi-async": free_port(), "flask": free_port()}
    with servers("127.0.0.1", ports, env) as urls:
        env["CONDUIT_BASE_URLS"] = ",".join(f"{name}={url}" for name, url in urls.items())
        return subprocess.run(
            [sys.executable, "-m", "pytest", "tests/contract", *pytest_args], cwd=ROOT, env=env
        ).returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--seed-articles", type=int, default=500, help="demo articles on first start")
    parser.add_argument("--check", action="store_true", help="run the contract suite against the servers")
    parser.add_argument(
        "--ports",
        type=parse_ports,
        default=DEFAULT_PORTS,
        help=f"the site's, FastAPI's and Flask's ports (default {DEFAULT_PORTS})",
    )
    args, rest = parser.parse_known_args()
    if args.check:
        raise SystemExit(check(rest))
    run(args.host, args.seed_articles, args.ports)


if __name__ == "__main__":
    main()
