"""gunicorn's own request limits sit above the API's, in every way gunicorn is started."""

from __future__ import annotations

import importlib.util
import sys
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


@pytest.mark.parametrize(
    "config", ["gunicorn.conf.py", "deploy/gunicorn_flask.py", "deploy/gunicorn_fastapi.py"]
)
def test_every_gunicorn_keeps_idle_connections_five_seconds(
    config: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gunicorn's default (2 s) lost requests in the load test on a loaded machine (gunicorn_limits)."""
    for value, expected in ((None, 5), ("7", 7)):
        for shared_config in ("gunicorn_limits", "gunicorn_common"):  # re-read with this environment
            monkeypatch.delitem(sys.modules, shared_config, raising=False)
        if value is None:
            monkeypatch.delenv("KEEPALIVE", raising=False)
        else:
            monkeypatch.setenv("KEEPALIVE", value)
        assert load(ROOT / config).keepalive == expected
