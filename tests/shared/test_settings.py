"""Production refuses development defaults; everything else starts as configured."""

from __future__ import annotations

import pytest

from shared.settings import DEV_JWT_SECRET, Settings, UnsafeSettings

SECRET = "s" * 40


def test_environment_is_read() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "sqlite:///x.db",
            "CORS_ORIGINS": "https://a.example, https://b.example",
            "ACCESS_LOG": "0",
        }
    )
    assert settings.database_url == "sqlite:///x.db"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.access_log is False
    assert settings.app_env == "development"


def test_development_starts_with_the_defaults() -> None:
    assert Settings().ensure_safe() == Settings()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"jwt_secret": DEV_JWT_SECRET, "cors_origins": ("https://a.example",)}, "JWT_SECRET"),
        ({"jwt_secret": "short", "cors_origins": ("https://a.example",)}, "JWT_SECRET"),
        ({"jwt_secret": SECRET, "cors_origins": ("*",)}, "CORS_ORIGINS"),
        (
            {"jwt_secret": SECRET, "cors_origins": ("https://a.example",), "benchmark_endpoints": True},
            "BENCHMARK",
        ),
    ],
)
def test_production_refuses_unsafe_settings(changes: dict[str, object], problem: str) -> None:
    settings = Settings(app_env="production", **changes)  # type: ignore[arg-type]
    with pytest.raises(UnsafeSettings, match=problem):
        settings.ensure_safe()


def test_production_starts_when_configured() -> None:
    settings = Settings(app_env="production", jwt_secret=SECRET, cors_origins=("https://a.example",))
    assert settings.ensure_safe() is settings
