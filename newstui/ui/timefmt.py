"""Provides the local-time formatting of headline times and day separators."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.cells import cell_len

DEFAULT_TIME_FORMAT = "%H:%M %d.%m.%Y"


def format_time(moment: datetime, time_format: str = DEFAULT_TIME_FORMAT) -> str:
    """The moment in the machine's local time zone, formatted for a row."""
    return moment.astimezone().strftime(time_format)


def local_day(moment: datetime) -> int:
    """The proleptic ordinal of the moment's local calendar date (cheap to compare and store)."""
    return moment.astimezone().date().toordinal()


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
