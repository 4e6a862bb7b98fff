"""Moments of the seeded year as the text each database stores, computed without SQLAlchemy.

The loaders write timestamps as text: SQLite keeps SQLAlchemy's own format
(`YYYY-MM-DD HH:MM:SS.ffffff`, UTC, no zone), which `UTCDateTime` reads back and
the read path compares as text, so a link's `article_created_at` must be the very same
string as its article's `created_at`. PostgreSQL gets the same text with `+00:00`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

SQLITE_ZONE = ""
POSTGRESQL_ZONE = "+00:00"


class Timeline:
    """Offsets in milliseconds from `start` (aware; whole milliseconds) to stored text and back."""

    def __init__(self, start: datetime, span: timedelta, zone: str) -> None:
        if start.tzinfo is None:
            raise ValueError("naive datetime given; use shared.clock")
        self.start = start.astimezone(UTC)
        self.span_ms = span // timedelta(milliseconds=1)
        self.zone = zone
        self._naive = self.start.replace(tzinfo=None)

    def stamp(self, offset_ms: int) -> str:
        """The stored text of `start + offset_ms` (ms), e.g. `2026-05-20 20:57:07.232000` on SQLite."""
        return (self._naive + timedelta(milliseconds=offset_ms)).isoformat(" ", "microseconds") + self.zone

    def offset(self, moment: datetime) -> int:
        """Milliseconds from `start` to `moment` (aware), clamped to [0, span]."""
        elapsed = (moment - self.start) // timedelta(milliseconds=1)
        return min(max(elapsed, 0), self.span_ms)
