"""Configuration read once from the environment, so both backends agree on every knob."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"
"""Used when JWT_SECRET is unset; fine for `make run`, never for production."""

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var') / 'conduit.sqlite3'}"


TRUE = {"1", "true", "yes", "on"}


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class DatabaseLimits:
    """How long anything may wait on the database, and how many connections a worker process holds.

    The pool is sized to the requests one worker serves at once (THREADS) plus a
    margin (DB_MAX_OVERFLOW), on SQLite as on PostgreSQL, so the threads that run
    database work never wait for a connection: each of them holds at most one, and
    only while it runs (`shared.db.run`).
    """

    pool_size: int = 8
    """Connections kept open (DB_POOL_SIZE, default THREADS)."""
    max_overflow: int = 2
    """Connections opened beyond `pool_size` when all are taken, closed when returned (DB_MAX_OVERFLOW)."""
    pool_timeout: float = 5.0
    """Seconds a request waits for a free connection before it fails (503)."""
    connect_timeout: int = 3
    """Seconds to open a connection: an unreachable server fails fast (503), not at the OS's pace."""
    statement_timeout_ms: int = 5_000
    """PostgreSQL cancels a statement running longer than this (503); SQLite waits this long for a lock."""
    transaction_pooling: bool = False
    """DB_TRANSACTION_POOLING: the URL names a pooler in transaction mode (PgBouncer, deploy/pgbouncer/).

    Consecutive transactions of one connection may then run on different server connections,
    so nothing may live in the server session: psycopg prepares no statement on the server
    (it would after 5 executions, psycopg's `prepare_threshold`), and the statement timeout is
    not sent at connect (PgBouncer 1.18 refuses the `options` startup parameter): PgBouncer sets
    it on each server connection (`connect_query`) from the same DB_STATEMENT_TIMEOUT_MS.
    """


class UnsafeSettings(RuntimeError):
    """Production was asked for with development defaults; the process must not start."""


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
    limits: DatabaseLimits = field(default_factory=DatabaseLimits)
    threads: int = 8
    """Requests one worker serves at once: gunicorn's threads (Flask), the thread pool (FastAPI)."""
    max_body_bytes: int = 1024 * 1024
    """Larger request bodies are refused with 413 before they are read."""
    app_env: str = "development"
    log_level: str = "INFO"
    access_log: bool = True
    """One JSON line per request; benchmarks turn it off."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            jwt_secret=env.get("JWT_SECRET", DEV_JWT_SECRET),
            jwt_ttl_seconds=int(env.get("JWT_TTL_SECONDS", str(30 * 24 * 3600))),
            cors_origins=_split(env.get("CORS_ORIGINS", "*")) or ("*",),
            password_hash_profile=env.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
            benchmark_endpoints=env.get("BENCHMARK_ENDPOINTS", "").lower() in TRUE,
            limits=DatabaseLimits(
                pool_size=int(env.get("DB_POOL_SIZE", env.get("THREADS", "8"))),
                max_overflow=int(env.get("DB_MAX_OVERFLOW", "2")),
                pool_timeout=float(env.get("DB_POOL_TIMEOUT", "5")),
                connect_timeout=int(env.get("DB_CONNECT_TIMEOUT", "3")),
                statement_timeout_ms=int(env.get("DB_STATEMENT_TIMEOUT_MS", "5000")),
                transaction_pooling=env.get("DB_TRANSACTION_POOLING", "").lower() in TRUE,
            ),
            threads=int(env.get("THREADS", "8")),
            max_body_bytes=int(env.get("MAX_BODY_BYTES", str(1024 * 1024))),
            app_env=env.get("APP_ENV", "development"),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            access_log=env.get("ACCESS_LOG", "1").lower() in TRUE,
        )

    def problems(self) -> list[str]:
        """What makes these settings unfit for production (nothing, outside production)."""
        if self.app_env != "production":
            return []
        found = []
        if self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < 32:
            found.append("JWT_SECRET must be set to a secret of at least 32 characters")
        if "*" in self.cors_origins:
            found.append("CORS_ORIGINS must list the allowed origins, not `*`")
        if self.benchmark_endpoints:
            found.append("BENCHMARK_ENDPOINTS must be off")
        return found

    def ensure_safe(self) -> Settings:
        """These settings, or `UnsafeSettings` naming every problem; both app factories call it."""
        found = self.problems()
        if found:
            raise UnsafeSettings("APP_ENV=production refuses to start: " + "; ".join(found))
        return self
