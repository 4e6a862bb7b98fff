"""The CPU counters of `bench/procstat.py`, read from this test's own process."""

from __future__ import annotations

import os
import subprocess
import sys

from bench import procstat

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"


def test_a_child_that_exits_keeps_counting() -> None:
    """A process that ends within the measurement (a closed PostgreSQL backend) is not lost."""
    before = procstat.cpu_seconds(os.getpid())
    subprocess.run([sys.executable, "-c", BURN], check=True)
    after = procstat.cpu_seconds(os.getpid())
    assert after - before >= 0.25
