"""Provides say_duration and ttl_note: intervals as the config writes them, and why a source is
polled less often than its `refresh` asks (its feed's <ttl>, which newstui respects)."""

from __future__ import annotations

from newstui.models import Source


def say_duration(seconds: float) -> str:
    """As a config's `refresh` is written ("45s", "5m", "30h", "7d"), in the largest unit that
    says it whole, else in hours with one decimal ("1.5h"). One word: a wrapped line never
    starts with its unit."""
    whole = round(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if whole >= size and whole % size == 0:
            return f"{whole // size}{unit}"
    if whole < 3600:
        return f"{whole}s" if whole < 120 or whole % 60 else f"{whole // 60}m"
    return f"{round(whole / 3600, 1):g}h"


def ttl_note(source: Source) -> str | None:
    """Where the feed's <ttl> is longer than the source's refresh (the polls follow the
    feed: feeds.poll_state.interval_for), what to tell the reader; else None."""
    if source.ttl is None or source.ttl <= source.refresh:
        return None
    return (
        f"its feed's <ttl> asks for {say_duration(source.ttl)} between polls, "
        f"not the {say_duration(source.refresh)} of refresh"
    )
