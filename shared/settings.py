"""Configuration read once from the environment, so both backends agree on every knob."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"
"""Used when JWT_SECRET is unset; fine for `make run`, never for production."""

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var') / 'conduit.sqlite3'}"


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Everything a backend needs to start; built by `from_env` or directly in tests."""

    database_url: str = DEFAULT_DATABASE_URL
    jwt_secret: str = DEV_JWT_SECRET
    jwt_ttl_seconds: int = 30 * 24 * 3600
    cors_origins: tuple[str, ...] = ("*",)
    password_hash_profile: str = "RFC_9106_LOW_MEMORY"
    benchmark_endpoints: bool = False
    """Mount the benchmark-only routes (`bench/`); never on in a normal deployment."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            jwt_secret=env.get("JWT_SECRET", DEV_JWT_SECRET),
            jwt_ttl_seconds=int(env.get("JWT_TTL_SECONDS", str(30 * 24 * 3600))),
            cors_origins=_split(env.get("CORS_ORIGINS", "*")) or ("*",),
            password_hash_profile=env.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
            benchmark_endpoints=env.get("BENCHMARK_ENDPOINTS", "") in {"1", "true", "yes", "on"},
        )
