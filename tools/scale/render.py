"""Templates rendered as the containers render them, with the compose services' variables.

The official nginx image runs `envsubst "<every defined variable>"` on each template at start,
and so does deploy/pgbouncer/start.sh: only the named variables are replaced, any other `$name`
(nginx's own variables) is left as it is. `render` runs the same envsubst program on the same
kind of list; `compose_environment` reads a service's variables from docker-compose.yml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tools.compose_check import interpolate
from tools.run_local import ROOT

COMPOSE = ROOT / "docker-compose.yml"
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def compose_file() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def compose_environment(name: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Service `name`'s `environment`, with `${VAR:-default}` read from `environ` (default: os.environ)."""
    definition = compose_file()["services"][name]
    source = os.environ if environ is None else environ
    return {key: interpolate(str(value), source) for key, value in definition["environment"].items()}


def placeholders(template: Path) -> set[str]:
    """The `${NAME}` variables a template uses."""
    return set(PLACEHOLDER.findall(template.read_text()))


def render(template: Path, variables: Mapping[str, str]) -> str:
    """`template` through envsubst with only `variables` defined and substituted.

    Raises ValueError when the template uses a variable that `variables` does not give
    (the container would render it empty), RuntimeError when envsubst is missing.
    """
    missing = placeholders(template) - set(variables)
    if missing:
        raise ValueError(f"{template.name} needs {', '.join(sorted(missing))}")
    envsubst = shutil.which("envsubst")
    if not envsubst:
        raise RuntimeError("envsubst is missing: `make scale-tools` installs it (gettext-base)")
    shell_format = " ".join(f"${{{name}}}" for name in variables)
    return subprocess.run(
        [envsubst, shell_format],
        input=template.read_text(),
        env=dict(variables),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
