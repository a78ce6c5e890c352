"""Provides `headlines --follow`: headlines printed as any process stores them (the ticker, a
`fetch` from cron), until interrupted or the reader of the output goes away."""

from __future__ import annotations

import select
import sys
import time
from collections.abc import Callable

from newstui.models import Headline, HeadlineQuery
from newstui.storage.store import Store

WAKE_EVERY = 0.5
"""Seconds between looks at the database: each look is one `PRAGMA data_version` (~2 us), and
the headlines are read only when another connection committed something."""
REUSE_WINDOW = 256
"""Ids below the largest seen that are looked at again: SQLite gives the id of a deleted
headline to the next one when it was the largest (a `fetch` prunes right after storing), so a
new headline may come under an id already printed; (source, guid) tells them apart."""


class Follower:
    """What is new since the last look, by id order (the order stored in)."""

    def __init__(self, store: Store, query: HeadlineQuery) -> None:
        """Takes what is stored now as seen (read after `store.data_version()`, so that nothing
        committed in between goes unnoticed)."""
        self.store = store
        self.query = query
        self.high = store.last_headline_id()
        self.seen = {i: (s, g) for i, s, g in store.arrivals(max(0, self.high - REUSE_WINDOW))}

    def stored_before(self, headline: Headline) -> bool:
        """Whether `headline` was stored when following began (so it is not printed as new)."""
        if headline.id > self.high:
            return False
        known = self.seen.get(headline.id)
        return known is None or known == (headline.source_id, headline.guid)

    def new(self) -> list[Headline]:
        """The headlines stored since the last look that the query selects, each once."""
        fresh = [
            (i, s, g)
            for i, s, g in self.store.arrivals(max(0, self.high - REUSE_WINDOW))
            if self.seen.get(i) != (s, g)
        ]
        if not fresh:
            return []
        for i, s, g in fresh:
            self.seen[i] = (s, g)
        self.high = max(self.high, *(i for i, _, _ in fresh))
        floor = self.high - REUSE_WINDOW
        self.seen = {i: k for i, k in self.seen.items() if i > floor}
        ids = [i for i, _, _ in fresh]
        shown = self.store.headlines(self.query.limited_to(ids), limit=len(ids))
        order = {i: n for n, i in enumerate(ids)}
        return sorted(shown, key=lambda h: order[h.id])


def follow(
    store: Store,
    query: HeadlineQuery,
    emit: Callable[[list[Headline]], None],
    *,
    backlog: int = 0,
) -> int:
    """Emits the `backlog` newest headlines the query selects (oldest first), then each new
    one as it is stored, until stdout's reader goes away (returns 0) or Ctrl-C (raises
    KeyboardInterrupt). Sleeps between looks: idle, it costs two wake-ups a second."""
    version = store.data_version()
    follower = Follower(store, query)
    if backlog:
        older = store.headlines(query, limit=backlog)
        emit([h for h in reversed(older) if follower.stored_before(h)])
    while _wait(WAKE_EVERY):
        now = store.data_version()
        if now == version:
            continue
        version = now
        arrived = follower.new()
        if arrived:
            emit(arrived)
    return 0


def _wait(seconds: float) -> bool:
    """Sleeps `seconds`; False at once when stdout is a pipe or socket whose reader has gone
    (poll reports POLLERR or POLLHUP), so `--follow | head -1` ends without waiting for news."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0 or not hasattr(select, "poll"):
        time.sleep(seconds)
        return True
    poller = select.poll()
    # Only the error events: a pipe or terminal that can be written to does not wake us (a
    # regular file would be "ready" at once, for ever).
    poller.register(fd, select.POLLERR | select.POLLHUP)
    return not poller.poll(seconds * 1000)
