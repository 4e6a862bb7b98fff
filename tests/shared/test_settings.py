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


def test_transaction_pooling_leaves_no_state_in_the_server_session() -> None:
    """Behind PgBouncer (DB_TRANSACTION_POOLING=1): no prepared statements, no `options` at connect.

    That psycopg and PgBouncer then really work together is `make test-scale`'s part
    (tests/scale/test_pgbouncer.py), with the real PgBouncer.
    """
    from shared import db

    assert Settings.from_env({}).limits.transaction_pooling is False
    pooled = Settings.from_env({"DB_TRANSACTION_POOLING": "1", "DB_CONNECT_TIMEOUT": "2"}).limits
    assert pooled.transaction_pooling is True
    assert db._connect_args(pooled) == {"connect_timeout": 2, "prepare_threshold": None}
    assert db._connect_args(Settings().limits) == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=5000",
    }
