"""Provides refresh_notice: what `r` (poll every source now) says, naming the sources it leaves
alone because their servers asked for a wait (Retry-After)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual.widget import Widget

from newstui.models import Source
from newstui.ui.services import AppServices
from newstui.ui.widgets.timefmt import format_recent

NAMED = 3
"""Waiting sources named, soonest first; more are counted."""


def tell_refresh(widget: Widget, sources: Iterable[Source], services: AppServices) -> None:
    """The notice of `r` (services.poll_now has begun the polls) on `widget`'s screen."""
    notice = refresh_notice(sources, services.clock(), services.config.time_format)
    widget.notify(notice, timeout=2 if notice.endswith("now.") else 8, markup=False)


def refresh_notice(sources: Iterable[Source], now: datetime, time_format: str) -> str:
    """ "Polling every source now." and, where servers asked for a wait that is not over (a
    Retry-After on a 429 or 503: feeds.poll_state.server_wait), which of them wait and until
    when: the poller leaves them alone, and the reader should know why they are not polled."""
    from newstui.feeds.poll_state import server_wait  # the poller's module: loaded by now

    waits = sorted(
        (until, source.display_name)
        for source in sources
        if (until := server_wait(source)) is not None and until > now
    )
    if not waits:
        return "Polling every source now."
    if len(waits) == 1:
        until, name = waits[0]
        when = format_recent(until, now, time_format)
        return (
            f"Polling every source now, but {name}: the server asked for no poll before {when} "
            "(Retry-After)."
        )
    # Each its own time: one wait of two minutes and one of a day are not "both until tomorrow".
    named = [f"{name} (until {format_recent(until, now, time_format)})" for until, name in waits]
    more = len(named) - NAMED
    listed = ", ".join(named[:NAMED]) + (f" and {more} more" if more > 0 else "")
    return (
        f"Polling every source now, but not {len(waits)} sources whose servers asked for a "
        f"wait (Retry-After): {listed}."
    )
