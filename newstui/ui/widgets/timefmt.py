"""Provides the local-time formatting of headline times and day separators."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from functools import lru_cache

from rich.cells import cell_len

DEFAULT_TIME_FORMAT = "%H:%M %d.%m.%Y"


def format_time(moment: datetime, time_format: str = DEFAULT_TIME_FORMAT) -> str:
    """The moment in the machine's local time zone, formatted for a row."""
    return moment.astimezone().strftime(time_format)


def local_day(moment: datetime) -> int:
    """The proleptic ordinal of the moment's local calendar date (cheap to compare and store)."""
    return local_day_of_timestamp(moment.timestamp())


def local_day_of_timestamp(timestamp: float) -> int:
    """`local_day` of a POSIX timestamp."""
    return _local_day_of_bucket(int(timestamp // _BUCKET))


# Every zone's offset is a whole number of quarter hours, so the local date cannot change
# inside a quarter-hour of UTC: one conversion per bucket instead of one per headline
# (astimezone() dominated filling a 50,000-row list).
_BUCKET = 900


@lru_cache(maxsize=1 << 16)
def _local_day_of_bucket(bucket: int) -> int:
    local = time.localtime(bucket * _BUCKET)
    return date(local.tm_year, local.tm_mon, local.tm_mday).toordinal()


def forget_local_days() -> None:
    """Drop the remembered dates, e.g. after the machine's time zone changed."""
    _local_day_of_bucket.cache_clear()


def day_label(day: int | date) -> str:
    """A separator's words, e.g. "Friday 27 November 2026" (no zero padding on the day)."""
    when = date.fromordinal(day) if isinstance(day, int) else day
    return f"{when:%A} {when.day} {when:%B %Y}"


def time_column_width(time_format: str = DEFAULT_TIME_FORMAT) -> int:
    """The widest rendering of the format, so the column never jitters between rows.

    Month and weekday names vary in length, so every month and weekday is tried.
    """
    widest = 0
    for month in range(1, 13):
        for day in (1, 2, 3, 4, 5, 6, 7):
            sample = datetime(2026, month, day, 23, 59, 59, tzinfo=UTC)
            widest = max(widest, cell_len(sample.strftime(time_format)))
    return widest
