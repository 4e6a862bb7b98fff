"""`shared.models.UTCDateTime`: every stored time comes back aware, in UTC, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from shared.models import UTCDateTime


def _sqlite_parse(value: object) -> datetime | None:
    dialect = sqlite.dialect()
    parse = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    assert parse is not None
    return parse(value)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-12-01 18:55:45.151000", datetime(2026, 12, 1, 18, 55, 45, 151000, tzinfo=UTC)),
        ("2026-12-01 18:55:45", datetime(2026, 12, 1, 18, 55, 45, tzinfo=UTC)),
        ("2026-12-01 19:55:45.151000+01:00", datetime(2026, 12, 1, 18, 55, 45, 151000, tzinfo=UTC)),
        ("2026-12-01T18:55:45Z", datetime(2026, 12, 1, 18, 55, 45, tzinfo=UTC)),
        (None, None),
    ],
)
def test_sqlite_text_is_read_as_utc(stored: str | None, expected: datetime | None) -> None:
    """SQLite's text without an offset is UTC (as `process_bind_param` stored it); text that
    carries its own offset is converted to UTC, not given a second one."""
    parsed = _sqlite_parse(stored)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() == timedelta(0)


def test_a_bad_sqlite_value_is_an_error() -> None:
    with pytest.raises(ValueError, match="yesterday"):
        _sqlite_parse("yesterday")


def test_postgresql_values_are_converted_to_utc() -> None:
    dialect = postgresql.dialect()
    paris = datetime(2026, 12, 1, 19, 55, tzinfo=timezone(timedelta(hours=1)))
    column = UTCDateTime()
    assert column.process_result_value(paris, dialect) == datetime(2026, 12, 1, 18, 55, tzinfo=UTC)
    assert column.process_result_value(paris, dialect).tzinfo is UTC  # type: ignore[union-attr]
    naive = datetime(2026, 12, 1, 18, 55)
    assert column.process_result_value(naive, dialect) == naive.replace(tzinfo=UTC)


def test_a_naive_time_is_refused_when_stored() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 12, 1), sqlite.dialect())
