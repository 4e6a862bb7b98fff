"""Time in one place: UTC everywhere, rendered with milliseconds and a `Z`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

MILLISECOND = timedelta(milliseconds=1)


def now() -> datetime:
    """The current time truncated to milliseconds, the precision the API shows."""
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def later_than(previous: datetime) -> datetime:
    """Now, but at least one millisecond after `previous`, so `updatedAt` always moves."""
    moment = now()
    return moment if moment > previous else previous + MILLISECOND


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and `Z`, e.g. `2026-11-28T15:12:33.123Z`."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
