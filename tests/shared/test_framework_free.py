"""shared/ stays framework-free, so both backends build on the same plain core."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "shared"
FRAMEWORKS = frozenset(
    {
        "fastapi",
        "starlette",
        "flask",
        "werkzeug",
        "pydantic",
        "marshmallow",
        "flasgger",
        "apispec",
        "flask_cors",
        "uvicorn",
        "gunicorn",
    }
)
SOURCES = sorted(SHARED.rglob("*.py"))
MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in SHARED.rglob("*.py")
    if "migrations" not in path.parts and path.name != "__main__.py"  # __main__ runs the command
)


def imported_frameworks(source: str) -> set[str]:
    """The framework packages a module imports anywhere, even inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.partition(".")[0] for name in names} & FRAMEWORKS
    return found


def frameworks_loaded_by(modules: list[str]) -> list[str]:
    """Import the modules in a fresh interpreter and list the frameworks that came along."""
    script = (
        "import importlib, json, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        f"frameworks = {sorted(FRAMEWORKS)!r}\n"
        "loaded = {name.partition('.')[0] for name in sys.modules}\n"
        "missing = [name for name in sys.argv[1:] if name not in sys.modules]\n"
        "print(json.dumps({'frameworks': sorted(loaded & set(frameworks)), 'missing': missing}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *modules], cwd=ROOT, capture_output=True, text=True, check=True
    )
    report = json.loads(result.stdout)
    assert report["missing"] == []
    frameworks: list[str] = report["frameworks"]
    return frameworks


def test_the_import_check_catches_frameworks() -> None:
    source = "import os\nimport fastapi.routing\nfrom flask import Flask\n"
    source += "def f():\n    from pydantic.v1 import X\n"
    assert imported_frameworks(source) == {"fastapi", "flask", "pydantic"}
    assert imported_frameworks("from .flask import x\nimport flasky\n") == set()


def test_every_module_is_checked() -> None:
    assert SHARED / "models.py" in SOURCES
    assert SHARED / "migrations" / "env.py" in SOURCES
    assert {"shared", "shared.models", "shared.seed", "shared.seed.copy_loader", "shared.security"} <= set(
        MODULES
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_framework_imports(path: Path) -> None:
    assert imported_frameworks(path.read_text(encoding="utf-8")) == set()


def test_the_runtime_check_catches_frameworks() -> None:
    assert frameworks_loaded_by(["pydantic"]) == ["pydantic"]


def test_importing_shared_loads_no_framework() -> None:
    assert frameworks_loaded_by(MODULES) == []
