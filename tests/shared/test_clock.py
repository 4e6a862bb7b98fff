"""Time: UTC, milliseconds, and an `updatedAt` that always moves forward."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from shared import clock

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def test_iso_has_milliseconds_and_z() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert clock.iso(moment) == "2026-01-02T03:04:05.678Z"


def test_iso_pads_milliseconds() -> None:
    assert clock.iso(datetime(2026, 1, 2, 3, 4, 5, 7000, tzinfo=UTC)) == "2026-01-02T03:04:05.007Z"
    assert clock.iso(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05.000Z"


def test_iso_converts_other_zones_to_utc() -> None:
    moment = datetime(2026, 1, 2, 1, 0, 0, 250000, tzinfo=timezone(timedelta(hours=2)))
    assert clock.iso(moment) == "2026-01-01T23:00:00.250Z"


def test_iso_reads_a_naive_datetime_as_utc() -> None:
    assert clock.iso(datetime(2026, 1, 2, 3, 4, 5, 123456)) == "2026-01-02T03:04:05.123Z"


def test_now_is_aware_utc_in_whole_milliseconds() -> None:
    moment = clock.now()
    assert moment.utcoffset() == timedelta(0)
    assert moment.microsecond % 1000 == 0
    assert abs(datetime.now(UTC) - moment) < timedelta(seconds=5)
    assert ISO.match(clock.iso(moment))


def test_later_than_is_strictly_later() -> None:
    previous = clock.now()
    for _ in range(1000):
        moment = clock.later_than(previous)
        assert moment > previous
        previous = moment


def test_later_than_a_future_moment_is_one_millisecond_after_it() -> None:
    future = clock.now() + timedelta(hours=1)
    assert clock.later_than(future) == future + timedelta(milliseconds=1)


def test_later_than_a_past_moment_is_now() -> None:
    past = clock.now() - timedelta(days=1)
    moment = clock.later_than(past)
    assert abs(datetime.now(UTC) - moment) < timedelta(seconds=5)
