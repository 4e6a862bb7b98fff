"""The connection budget held all along: PostgreSQL never saw more than PgBouncer's pool.

Runs last (conftest orders it), after the contract suite, the load and the restarts. Without
PgBouncer the same instances could have opened every worker's pool against PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.scale.budget import budget
from tools.scale.sampler import ConnectionSampler
from tools.scale.stack import Stack


def test_postgresql_never_saw_more_than_the_budget(
    stack: Stack, sampler: ConnectionSampler, record: Callable[[str, Any], None]
) -> None:
    replicas = {name: len(found) for name, found in stack.instances.items()}
    expected = budget(replicas, stack.environments, stack.pooler.variables)
    record("PostgreSQL connections at most (whole run)", sampler.peak)
    record("samples of pg_stat_activity", sampler.samples)
    record("PgBouncer pool (PGBOUNCER_POOL_SIZE)", stack.pooler.pool_size)
    record(
        "client connections the instances may open (without PgBouncer: to PostgreSQL)",
        expected.client_connections,
    )
    assert sampler.samples > 100, "the sampler ran through the tests"
    assert sampler.peak > 0, "the load reached PostgreSQL"
    assert sampler.peak <= stack.pooler.pool_size
    assert expected.client_connections > stack.pooler.pool_size, "without PgBouncer the budget would not hold"
    assert expected.problems() == []
