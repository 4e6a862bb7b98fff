"""The connection budget: what PostgreSQL and PgBouncer see for a given number of replicas.

Without a pooler every worker of every replica keeps its own pool against PostgreSQL:
    replicas x WEB_CONCURRENCY x (DB_POOL_SIZE + DB_MAX_OVERFLOW)   connections, summed over backends.
With PgBouncer in transaction mode those pools connect to PgBouncer instead (they must fit in its
PGBOUNCER_MAX_CLIENT_CONN) and PostgreSQL sees at most PGBOUNCER_POOL_SIZE (max_db_connections),
whatever the replicas, plus the migration's one connection while it runs. docs/scaling.md explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.settings import Settings

GUNICORN_WORKERS = 2
"""WEB_CONCURRENCY's default in deploy/gunicorn_common.py."""
MIGRATION = 1
"""`alembic upgrade head` holds one connection, straight to PostgreSQL, before the backends start."""


def per_replica(environment: Mapping[str, str]) -> int:
    """Connections one replica (a gunicorn with its workers) may open: workers x (pool + overflow)."""
    limits = Settings.from_env(dict(environment)).limits
    workers = int(environment.get("WEB_CONCURRENCY", str(GUNICORN_WORKERS)))
    return workers * (limits.pool_size + limits.max_overflow)


@dataclass(frozen=True)
class Budget:
    """Client connections into PgBouncer and server connections PostgreSQL sees, for some replicas."""

    client_connections: int
    """Every worker's pool, full: what PostgreSQL would see without PgBouncer."""
    max_client_conn: int
    postgres_connections: int
    """PgBouncer's pool to PostgreSQL, plus the migration."""

    def problems(self) -> list[str]:
        """Why this budget does not hold (empty: it does)."""
        if self.client_connections > self.max_client_conn:
            return [
                f"the backends' pools hold up to {self.client_connections} connections, over "
                f"PGBOUNCER_MAX_CLIENT_CONN={self.max_client_conn}"
            ]
        return []


def budget(
    replicas: Mapping[str, int], environments: Mapping[str, Mapping[str, str]], pgbouncer: Mapping[str, str]
) -> Budget:
    """The budget of `replicas` (backend: count) from their environments and PgBouncer's variables."""
    clients = sum(count * per_replica(environments[name]) for name, count in replicas.items())
    return Budget(
        client_connections=clients,
        max_client_conn=int(pgbouncer["PGBOUNCER_MAX_CLIENT_CONN"]),
        postgres_connections=int(pgbouncer["PGBOUNCER_POOL_SIZE"]) + MIGRATION,
    )
