"""How many connections PostgreSQL holds for one database, sampled in the background.

A thread counts the client backends of `pg_stat_activity` for the database every
`interval` seconds, on a connection of its own to the server's `postgres` database (so it
never counts itself), until stopped; `peak` is the most it saw, `samples` how often it looked.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg
from sqlalchemy.engine import make_url

COUNT = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"


@dataclass
class ConnectionSampler:
    """Samples `pg_stat_activity` for the database of `database_url` (a PostgreSQL SQLAlchemy URL)."""

    database_url: str
    interval: float = 0.05
    """Seconds between two samples: 20 a second, shorter than any transaction burst of the load."""
    peak: int = 0
    samples: int = 0
    history: list[tuple[float, int]] = field(default_factory=list)
    """(monotonic time, count) of every sample."""
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _error: BaseException | None = None

    def start(self) -> None:
        url = make_url(self.database_url)
        conninfo = psycopg.conninfo.make_conninfo(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            dbname="postgres",
        )
        connection = psycopg.connect(conninfo, autocommit=True, password=url.password)
        self._thread = threading.Thread(target=self._run, args=(connection, url.database), daemon=True)
        self._thread.start()

    def _run(self, connection: psycopg.Connection[tuple[int]], database: str | None) -> None:
        try:
            with connection:
                while not self._stop.is_set():
                    row = connection.execute(COUNT, (database,)).fetchone()
                    count = int(row[0]) if row else 0
                    self.history.append((time.monotonic(), count))
                    self.peak, self.samples = max(self.peak, count), self.samples + 1
                    self._stop.wait(self.interval)
        except BaseException as exc:  # reported by stop(): a sampler that died must fail the check
            self._error = exc

    def peak_between(self, start: float, end: float) -> int:
        """The most connections seen between two `time.monotonic()` readings."""
        return max((count for at, count in self.history if start <= at <= end), default=0)

    def stop(self) -> None:
        """Stop sampling; raises what made the sampler fail, if anything did."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
        if self._error is not None:
            raise RuntimeError("the connection sampler failed") from self._error
