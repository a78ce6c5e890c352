"""Provides the local-time formatting of headline times and day separators."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from functools import lru_cache

from rich.cells import cell_len

DEFAULT_TIME_FORMAT = "%H:%M %d.%m.%Y"
DEFAULT_CLOCK_FORMAT = "%H:%M"
"""The time of day alone, where a format gives no time directive to keep."""

# strftime directives, with glibc's optional flag (%-H, %_I, %0M...): one token each.
_DIRECTIVE = re.compile(r"%[-_0^#]?[A-Za-z%]")
# Those that say the time of day (C89, POSIX and glibc); %c and %X carry a time too.
_CLOCK = frozenset("HIklMSpPfRTXrc")


def format_time(moment: datetime, time_format: str = DEFAULT_TIME_FORMAT) -> str:
    """The moment in the machine's local time zone, formatted for a row."""
    return moment.astimezone().strftime(time_format)


def format_recent(moment: datetime, now: datetime, time_format: str = DEFAULT_TIME_FORMAT) -> str:
    """The moment as the list shows it under its day: the time of day alone (`clock_format`)
    on `now`'s local date, the whole format (with its date) on any other day."""
    same_day = local_day(moment) == local_day(now)
    return format_time(moment, clock_format(time_format) if same_day else time_format)


def weekday(moment: datetime) -> str:
    """The moment's local day of the week, abbreviated in the locale's words ("Sun")."""
    return moment.astimezone().strftime("%a")


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


def clock_format(time_format: str = DEFAULT_TIME_FORMAT) -> str:
    """The part of a strftime format that gives the time of day, for rows under a day separator.

    The span from the first to the last time-of-day directive, literals between included:
    "%H:%M %d.%m.%Y" -> "%H:%M", "%d/%m/%Y %I:%M %p" -> "%I:%M %p", "%Y-%m-%dT%H:%M:%S" ->
    "%H:%M:%S"; `%c` (the locale's date and time) -> `%X`; no time directive -> "%H:%M".
    """
    clock = [found for found in _DIRECTIVE.finditer(time_format) if found.group()[-1] in _CLOCK]
    if not clock:
        return DEFAULT_CLOCK_FORMAT
    if len(clock) == 1 and clock[0].group()[-1] == "c":
        return "%X"
    return time_format[clock[0].start() : clock[-1].end()]


def day_label(day: int | date) -> str:
    """A separator's words, e.g. "Friday 27 November 2026" (no zero padding on the day)."""
    when = date.fromordinal(day) if isinstance(day, int) else day
    return f"{when:%A} {when.day} {when:%B %Y}"


def short_day_label(day: int | date) -> str:
    """A day in few cells, e.g. "Fri 27 Nov" (the locale's abbreviations), for a narrow line."""
    when = date.fromordinal(day) if isinstance(day, int) else day
    return f"{when:%a} {when.day} {when:%b}"


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
