"""The benchmark's databases on PostgreSQL (bench/databases.py); run by `make test-pg`, skipped without it."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

from bench import databases

URL = os.environ.get("CONDUIT_TEST_DATABASE_URL", "").strip()
pytestmark = pytest.mark.skipif(not URL.startswith("postgresql"), reason="needs CONDUIT_TEST_DATABASE_URL")


def test_the_server_version_is_read_when_the_named_database_does_not_exist() -> None:
    # The README's commands name a database (conduit_bench, conduit_sweep) that the run never
    # creates: it only makes `<name>_<suffix>` beside it, so nothing may connect to the name itself.
    missing = make_url(URL).set(database=f"conduit_missing_{uuid.uuid4().hex[:8]}")
    version = databases.server_version(missing.render_as_string(hide_password=False))
    assert version.split(".")[0].isdigit(), version
