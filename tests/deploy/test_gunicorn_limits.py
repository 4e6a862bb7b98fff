"""gunicorn's own request limits sit above the API's, in every way gunicorn is started."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from shared import limits

ROOT = Path(__file__).resolve().parents[2]
LONGEST_METHOD = "OPTIONS"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"config_{path.stem.replace('.', '_')}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "config", ["gunicorn.conf.py", "deploy/gunicorn_flask.py", "deploy/gunicorn_fastapi.py"]
)
def test_gunicorn_lets_the_api_answer_first(config: str) -> None:
    """A request the API refuses in its envelope (414, 431) must reach it through gunicorn."""
    settings = load(ROOT / config)
    request_line = len(f"{LONGEST_METHOD} ") + limits.URL_MAX + len(" HTTP/1.1")
    assert settings.limit_request_line >= request_line
    assert settings.limit_request_line <= 8190, "gunicorn's maximum"
    assert settings.limit_request_field_size > limits.HEADER_MAX + len("Authorization: ")
    assert settings.limit_request_fields > limits.HEADERS_MAX
