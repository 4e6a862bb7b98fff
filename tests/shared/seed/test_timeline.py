"""Stored timestamp text: SQLAlchemy's own format on SQLite, with the UTC offset on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.seed.timeline import POSTGRESQL_ZONE, SQLITE_ZONE, Timeline

START = datetime(2025, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)


def test_stamps_have_microseconds_always_and_the_zone_given() -> None:
    timeline = Timeline(START, timedelta(days=365), SQLITE_ZONE)
    assert timeline.stamp(0) == "2025-12-31 23:59:59.999000"
    assert timeline.stamp(1) == "2026-01-01 00:00:00.000000"
    assert Timeline(START, timedelta(days=1), POSTGRESQL_ZONE).stamp(1) == "2026-01-01 00:00:00.000000+00:00"


def test_offsets_are_milliseconds_from_the_start_clamped_to_the_span() -> None:
    elsewhere = START.astimezone(timezone(timedelta(hours=2)))
    timeline = Timeline(elsewhere, timedelta(days=1), SQLITE_ZONE)
    assert timeline.span_ms == 86_400_000
    assert timeline.offset(START + timedelta(seconds=2)) == 2000
    assert timeline.offset(START - timedelta(days=3)) == 0
    assert timeline.offset(START + timedelta(days=3)) == 86_400_000
    with pytest.raises(ValueError, match="naive"):
        Timeline(START.replace(tzinfo=None), timedelta(days=1), SQLITE_ZONE)
