"""Provides OtherWrites: whether another process (a `fetch` from cron, a `mark-read`) stored
headlines the ticker's list has not been told of, changed the counts its header shows or set
stars, from the database's change counter, largest headline id, counts and star changes."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from textual.dom import DOMNode

from newstui.models import Headline, HeadlineQuery
from newstui.storage.schema import STAR_CHANGES
from newstui.storage.store import Counts, Store, StoreError

LOOK_EVERY = 5.0
"""Seconds between looks: each is one `PRAGMA data_version` (~2 us) on a thread, and one
`MAX(id)` and the counts (~0.3 ms at 5,000 sources) when something committed. A cron `fetch`
that polled a source first took its news from the ticker (whose own poll then found nothing
new): they never showed until a restart; a `mark-read` left the header's unread as it was."""

ARRIVALS_READ = 1000
"""Headlines of another's at most that a look while following reads to show as arrivals (✦);
more at once (the holder's first round of many sources) are shown by reading the list again."""

LOOKS_UNANNOUNCED = 2
"""Looks after which headlines still unannounced are another's: a busy loop (a cold round) may
take a few seconds to handle the poll messages that announce the ticker's own, and each wrong
guess costs a read of the list again."""


class OtherWrites:
    """The largest headline id the list knows (its start, and each headline its own polls
    announce), against the largest stored. A poll of the ticker stores its headlines a moment
    before it announces them, so headlines above the known are only another's when they are
    still unannounced LOOKS_UNANNOUNCED looks later."""

    def __init__(self, store: Store, node: DOMNode, found: Callable[[int], None]) -> None:
        """`found(headlines)` is called on `node`'s loop when another's headlines are there to
        show (how many at most: ids stored since), or the stored counts or stars changed since
        the last look (0: the header's, and the marks of the rows held)."""
        self.store = store
        self.node = node
        self.found = found
        self._counts: tuple[Counts, str | None] | None = None
        self._recounted = False
        self._looking = False
        self._version: int | None = None
        self._known: int | None = None
        self._suspect: int | None = None
        """The largest id at the look that found unannounced headlines."""
        self._looks = 0
        """Looks since, that found them still unannounced."""
        self.arrivals: Callable[[list[Headline]], None] | None = None
        """While another process polls and this ticker follows (ui/follow_holder.py): given
        the headlines that process stored since the last look, read here, to show as the
        ticker's own polls' (with ✦, keeping the reader's place). None: no one to follow."""
        self._arrived: list[Headline] = []
        self._force = False
        """The next look reads the ids and counts even if its data_version is the last's."""
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newstui-other-writes")
        """Every look's thread, so every look reads data_version on one connection (the store's
        reader of that thread): a version is only comparable with the same connection's. On
        asyncio's default pool a look could land on a thread whose connection had seen fewer
        commits, or was new (a new connection reads the number the first look's read), and a
        write of another process between two looks went unseen when the numbers coincided."""
        weakref.finalize(self, self._thread.shutdown, wait=False)

    def start(self) -> None:
        """Looks after the first paint (where the list starts), then every LOOK_EVERY s."""
        self.node.call_after_refresh(self._look_soon)
        self.node.set_interval(LOOK_EVERY, self._look_soon)

    def _look_soon(self) -> None:
        if not self._looking:  # one look at a time
            self._looking = True
            self.node.run_worker(self._look(), group="others")

    async def _look(self) -> None:
        try:
            found = await asyncio.get_running_loop().run_in_executor(self._thread, self.look)
        except StoreError:
            return  # said where the list and the poller read the store
        finally:
            self._looking = False
        arrived, self._arrived = self._arrived, []
        if arrived and self.arrivals is not None:
            self.arrivals(arrived)
            if self._recounted:
                self.found(0)
        elif found or self._recounted:
            self.found(found)

    def look_soon(self) -> None:
        """Looks now, past its data_version (a follower's tick saw it change on the loop's
        own connection: a version is only comparable with one of the same connection, and
        the look reads its own, on its own thread), unless a look is under way."""
        self._force = True
        self._look_soon()

    async def last_look(self) -> None:
        """One more look, after the one under way: a follower's, as it takes the lease."""
        while self._looking:
            await asyncio.sleep(0.05)
        self._looking = True
        await self._look()

    def announced(self, headlines: Iterable[Headline]) -> None:
        """Headlines the ticker's own polls (or sync) stored and announced."""
        top = max((h.id for h in headlines), default=0)
        if self._known is not None and top > self._known:
            self._known = top

    def look(self) -> int:
        """How many headlines another process stored are there to show, at most (their ids'
        span; 0 for none). Reads the store (on a thread, not the interface's); raises
        StoreError."""
        version = self.store.data_version()
        self._recounted = False
        force, self._force = self._force, False
        if self._known is None:
            self._version, self._known = version, self.store.last_headline_id()
            self._counts = self._marks()
            return 0
        if version == self._version and self._suspect is None and not force:
            return 0
        self._version = version
        counts = self._marks()
        self._recounted, self._counts = counts != self._counts, counts
        top = self.store.last_headline_id()
        if top <= self._known:  # nothing new, or only what the polls announced
            self._suspect = None
            return 0
        if self.arrivals is not None and top - self._known <= ARRIVALS_READ:
            # Following: no poll of this ticker's stores any, so each is another's at once.
            ids = range(self._known + 1, top + 1)
            query = HeadlineQuery().limited_to(ids)
            self._arrived = self.store.headlines(query, limit=len(ids))
            new, self._known, self._suspect = top - self._known, top, None
            return new
        if self._suspect is None or self._suspect <= self._known:
            self._suspect, self._looks = top, 0  # maybe a poll's of ours, not announced yet
            return 0
        self._looks += 1
        if self._looks < LOOKS_UNANNOUNCED:
            return 0
        new, self._known, self._suspect = top - self._known, top, None
        return new

    def _marks(self) -> tuple[Counts, str | None]:
        """The counts, and the stars' change count (a star changes no count)."""
        return self.store.counts(), self.store.setting(STAR_CHANGES)
