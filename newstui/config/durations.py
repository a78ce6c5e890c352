"""Provides say_duration and ttl_note: intervals as people read them, and why a source is polled
less often than its `refresh` asks (its feed's <ttl>, which newstui respects)."""

from __future__ import annotations

from newstui.models import Source


def say_duration(seconds: float) -> str:
    """ "45 s", "5 min", "30 h", "7 days": the largest unit that says it whole, else one
    decimal of hours ("1.5 h")."""
    whole = round(seconds)
    if whole < 120 and whole % 60:
        return f"{whole} s"
    minutes = whole / 60
    if minutes < 60 or (minutes < 120 and whole % 3600):
        return f"{minutes:g} min"
    hours = minutes / 60
    if hours >= 48 and hours % 24 == 0:
        return f"{hours / 24:g} days"
    return f"{round(hours, 1):g} h"


def ttl_note(source: Source) -> str | None:
    """Where the feed's <ttl> is longer than the source's refresh (the polls follow the
    feed: feeds.poll_state.interval_for), what to tell the reader; else None."""
    if source.ttl is None or source.ttl <= source.refresh:
        return None
    return (
        f"its feed's <ttl> asks for {say_duration(source.ttl)} between polls, "
        f"not the {say_duration(source.refresh)} of refresh"
    )
