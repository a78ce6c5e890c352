"""Provides NewsApp: the lifetimes of the ticker's config, store, HTTP client, poller and theme."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newstui.alerts.watchlist import Watchlist
from newstui.config.schema import Config
from newstui.storage.store import PRUNE_EVERY, Store, StoreError
from newstui.ui.alert_notices import TickerAlerts
from newstui.ui.article_source import StoredArticles
from newstui.ui.messages import (
    MarksSent,
    PollerFailed,
    SourcesSynced,
    StoreWaiting,
    StoriesPlaced,
    SyncFinished,
    SyncStarted,
    WriteFailed,
)
from newstui.ui.screens.main import MainScreen
from newstui.ui.store_writes import StoreWrites
from newstui.ui.terminal_keys import TerminalApp
from newstui.ui.theme_memory import remember_theme

if TYPE_CHECKING:  # the poller's and network's modules load after the first paint (_start)
    from newstui.config.editing import SourceFile
    from newstui.config.sync import Secret
    from newstui.feeds.discover import Discovery
    from newstui.feeds.poller import Poller
    from newstui.feeds.stories import StoryPlacer
    from newstui.net.fetch import Fetcher
    from newstui.net.net_thread import Fetches, NetThread
    from newstui.sync.editor import ServerSources
    from newstui.sync.syncer import Syncer
    from newstui.ui.follow_holder import LeaseKeeper
    from newstui.ui.poll_child import PollChild


class NewsApp(TerminalApp):
    """The live ticker. It owns what lives as long as the app (config, store and its write
    thread, the HTTP client, the poller, the worker processes, the theme); its first screen,
    MainScreen, does everything the reader sees. With `[sync]` in the config (and its password
    given), a Syncer takes the poller's place (newstui.sync.syncer; ui/sync_bridge.py)."""

    CSS_PATH = "app.tcss"
    TITLE = "newstui"

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        fetcher: Fetcher | None = None,
        poll: bool = True,
        clock: Callable[[], datetime] | None = None,
        title: str = "newstui",
        sync_password: Secret | None = None,
        poll_process: bool = False,
        painted: Callable[[], None] | None = None,
    ) -> None:
        """`poll_process`: poll in a process of its own (ui/poll_child.py; the commands'
        choice), else on this process's network thread (with `fetcher` and `clock`, which a
        process of its own could not use). `painted` is called once, after the first frame."""
        super().__init__()
        self._painted = painted
        self._poll_process = poll_process
        self._child: PollChild | None = None
        self._lease: LeaseKeeper | None = None
        """The database's poll lease: polls while held, else follows its holder."""
        self._closing_polls = False
        self._sync_password = sync_password
        self.syncer: Syncer | None = None
        self.config = config
        self.store = store
        self._given_fetcher = fetcher
        self._fetcher: Fetches | None = None
        """Article pages and discovery: the network thread's fetcher, through its proxy."""
        self._net: NetThread | None = None
        self._sync_fetcher: Fetcher | None = None
        self.poll_enabled = poll
        self.clock = clock or (lambda: datetime.now(UTC))
        self.title = title
        self.poller: Poller | None = None
        self.writes = StoreWrites()
        self.articles = StoredArticles(store, lambda: self.fetcher)
        self._stories: StoryPlacer | None = None
        self.watchlist = Watchlist(config.alerts)
        self.alerts = TickerAlerts(self, config.desktop_notify)
        self._main: MainScreen | None = None

    def get_default_screen(self) -> MainScreen:
        """The ticker's screen, first of the stack: `app.query` (the default screen's) finds it."""
        self._main = MainScreen(self)
        if self.config.sync is not None:  # from the start: the empty list waits for a sync
            from newstui.ui.sync_status import SyncStatus

            self._main.polling.sync = SyncStatus()
        return self._main

    @property
    def main(self) -> MainScreen:
        """The ticker's screen (made when the app starts)."""
        if self._main is None:
            raise RuntimeError("the app is not running")
        return self._main

    @property
    def stories(self) -> StoryPlacer:
        """Places this process's new headlines and any left unplaced (place_stories); made on
        first use, with the stories engine's modules (after the first paint)."""
        if self._stories is None:
            from newstui.feeds.stories import StoryPlacer

            self._stories = StoryPlacer()
        return self._stories

    @property
    def net(self) -> NetThread:
        """The thread on which all of the ticker's HTTP runs (polls, article pages, discovery),
        with the one polite client (`fetcher` given, else made there on first use: importing
        httpx costs start-up time, so it happens after the first paint). Started on first use."""
        if self._net is None:
            from newstui.net.net_thread import NetThread

            given = self._given_fetcher
            self._net = NetThread(None if given is None else lambda: given)
        return self._net

    @property
    def fetcher(self) -> Fetches:
        """The one polite HTTP client, as this loop uses it: its fetches run on `net`."""
        if self._fetcher is None:
            self._fetcher = self.net.fetcher_proxy
        return self._fetcher

    @property
    def sync_fetcher(self) -> Fetcher:
        """Sync mode's client, on this loop (the syncer's), for the sync server only."""
        if self._sync_fetcher is None:
            from newstui.net.fetch import Fetcher

            self._sync_fetcher = self._given_fetcher or Fetcher()
        return self._sync_fetcher

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        remember_theme(self)
        self.store.on_wait = self._store_waiting
        # Retention for a ticker left open for days (`fetch` prunes after each round).
        self.set_interval(PRUNE_EVERY, self._apply_retention)
        # After the first frame, so after the main screen has shown what is stored: it holds
        # its first list back while a write is pending, and this one may wait for another
        # process's lock.
        self.call_after_refresh(lambda: self.run_worker(self._start(), group="start"))
        if self._painted is not None:
            self.call_after_refresh(self._painted)

    async def _start(self) -> None:
        """After the stored headlines are on screen: the sources (the config's into the store;
        the main screen painted without them), then polling (after a frame: its imports)."""
        try:  # in sync mode the server's subscriptions are stored by its syncs
            if synced := self.config.sync is None:
                await self.sync_sources(self.config)
        except StoreError as exc:
            synced = False
            self.notify(str(exc), title="Database", severity="error", markup=False, timeout=30)
        if not synced:  # those stored, as the last sync (or run) left them
            with suppress(StoreError):  # said above, or where the sync fails
                sources = await self.writes.run(self.store.sources)
                self.main.post_message(SourcesSynced(self.config, sources))
        if self.watchlist:
            await self._prepare_alerts()
        if self.poll_enabled:
            self.call_after_refresh(self._start_polling)

    async def _prepare_alerts(self) -> None:
        """Says which `[[alerts]]` scopes name no source; finds how notifications go out."""
        try:
            unknown = self.watchlist.unknown_scopes(self.store.sources())
        except StoreError:
            unknown = []  # said where the sync failed
        if unknown:
            self.notify("\n".join(unknown), title="Watchlist", severity="warning", timeout=20)
        await self.alerts.prepare()

    def _start_polling(self) -> None:
        """Polls (or syncs) once this ticker holds the database's poll lease: one process
        polls a database at a time; another ticker follows it (ui/follow_holder.py)."""
        if self._lease is None and not self._closing_polls:
            from newstui.ui.follow_holder import LeaseKeeper

            self._lease = LeaseKeeper(self)
            self._lease.start(self._poll)

    def _poll(self) -> None:
        if self.config.sync is None and self._poll_process:
            self._start_poll_process()  # it places what is left unplaced first
            return
        self.place_stories()
        if self.config.sync is not None:
            self.run_worker(self._sync_forever(), name="syncer", group="poller", exclusive=True)
            return
        self._start_poller()

    def _start_poll_process(self) -> None:
        if self._child is None and not self._closing_polls:
            from newstui.ui.poll_child import PollChild

            lease = None if self._lease is None else self._lease.child_fd()
            self._child = PollChild(self, self.store, lease)

    def _make_syncer(self) -> Syncer | None:
        if self.config.sync is None or self._sync_password is None:
            return None
        if self.syncer is None:
            from newstui.net.process_pool import process_pool
            from newstui.sync.syncer import Syncer
            from newstui.ui.sync_bridge import SyncBridge

            self.syncer = Syncer(
                self.store,
                self.config.sync,
                self._sync_password,
                self.sync_fetcher,
                refresh=self.config.refresh,
                keep_days=self.config.keep_days,
                jitter=self.config.jitter,
                parse_executor=process_pool(),
                listener=SyncBridge(self, self.main),
                watchlist=self.watchlist,
                alert_sink=self.alerts,  # the syncer runs on this loop: no hop needed
                stories=self.stories,
            )
        return self.syncer

    async def _sync_forever(self) -> None:
        syncer = self._make_syncer()
        if syncer is not None:
            await syncer.run()

    def _start_poller(self) -> None:
        """Polling runs on the network thread: see NetThread for why. (The syncer stays on this
        loop, with a client of its own: `sync_fetcher`.)"""
        if self._net is None or self.poller is None:
            from newstui.ui.poll_bridge import poll_on_thread

            self.poller = poll_on_thread(self, self.net)

    def on_poller_failed(self, message: PollerFailed) -> None:
        raise message.error

    def place_stories(self) -> None:
        """Places, in the background, the stored headlines not placed yet: those of an older
        newstui's database, or the backlog a large `fetch` left (newstui.feeds.stories). A
        chunk per write (CHUNK): the interface's own writes go between them. With a polling
        process, there (its placer's index is the warm one)."""
        if self._child is not None:
            self._child.place_stories()
            return
        self.run_worker(self._place_backlog(), group="stories", exclusive=True)

    async def _place_backlog(self) -> None:
        store = self.store
        try:
            if not store.unplaced():  # one indexed read; most starts end here
                return
            while True:
                placement = await self.stories.place_async(store)
                if placement:
                    self.main.post_message(StoriesPlaced(placement))
                if not placement.more or not placement:
                    return
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False)

    def poll_now(self) -> bool:
        if self._lease is not None and self._lease.following:  # asks the holder
            self._lease.ask_holder()
            return False
        if self.syncer is not None:  # says so itself: "polling" would not be true
            from newstui.ui.sync_bridge import status_of

            status_of(self.main).asked()
            self.syncer.sync_now()
            self.notify("Syncing with the server now.", timeout=2)
            return False
        if self._child is not None:
            self._child.poll_now()
            return True
        poller = self.poller
        if poller is None:
            return False
        self.net.call(poller.poll_now)
        return True

    def marks_changed(self) -> None:
        if self.syncer is not None:
            self.syncer.marks_changed()

    def source_editor(self) -> SourceFile | ServerSources | None:
        if self.config.sync is not None:
            from newstui.sync.editor import ServerSources

            syncer = self._make_syncer()
            return None if syncer is None else ServerSources(self.config, lambda: syncer.client)
        from newstui.config.editing import SourceFile

        editor = SourceFile(self.config)
        return editor if editor.problem() is None else None

    async def sync_sources(self, config: Config) -> None:
        store = self.store
        if config.sync is not None:  # the server's subscriptions changed: a sync stores them
            if self.syncer is not None:
                await self.syncer.sync()
            sources = await self.writes.run(store.sources)
        else:
            sources = await self.writes.run(
                lambda: store.sync_sources(config.sources, config.refresh)
            )
        self.config = config
        if self._child is not None:
            self._child.reschedule()
        if (poller := self.poller) is not None:
            self.net.call(poller.reschedule)
        self.main.post_message(SourcesSynced(config, sources))

    async def discover(self, url: str) -> Discovery:
        from newstui.feeds.discover import discover_feed

        return await discover_feed(self.fetcher, url)

    def _store_waiting(self, message: str) -> None:
        """Another process holds the DB's write lock. On the store's writer thread, which must
        not wait for the loop (it may wait for this write): the notice is posted."""
        self.post_message(StoreWaiting(message))

    def on_store_waiting(self, message: StoreWaiting) -> None:
        self.notify(message.text, title="Database", timeout=5, markup=False)

    async def _apply_retention(self) -> None:
        store, config = self.store, self.config
        try:
            await self.writes.run(lambda: store.prune(config.keep_days, config.keep_per_source))
        except StoreError as exc:
            self.notify(str(exc), title="Database", severity="error", markup=False)

    async def on_unmount(self) -> None:
        self.alerts.close()
        self._closing_polls = True
        if self._child is not None:
            await asyncio.to_thread(self._child.close)  # its polls ended, its writes committed
        if self._net is not None:
            await asyncio.to_thread(self._net.close)  # polls and fetches cancelled, client closed
        if self._lease is not None:
            self._lease.close()  # once polls ended: another ticker takes over
        await asyncio.to_thread(self.writes.close)  # marks made just before quitting are kept
        if self._sync_fetcher is not None and self._sync_fetcher is not self._given_fetcher:
            await self._sync_fetcher.aclose()
        if "newstui.net.process_pool" in sys.modules:  # else no pool was made
            from newstui.net.process_pool import shutdown_pool

            await asyncio.to_thread(shutdown_pool)  # waits for a running parse to end

    # Sync mode (ui/sync_bridge.py)

    def on_sync_started(self, message: SyncStarted) -> None:
        from newstui.ui.sync_bridge import show_started

        show_started(self.main)

    def on_sync_finished(self, message: SyncFinished) -> None:
        from newstui.ui.sync_bridge import show_finished

        self.place_stories()  # what the sync stored (its rows are read again once placed)

        if show_finished(self.main, self.store, message.result):
            try:
                self.main.post_message(SourcesSynced(self.config, self.store.sources()))
            except StoreError as exc:
                self.notify(str(exc), title="Database", severity="error", markup=False)

    def on_marks_sent(self, message: MarksSent) -> None:
        from newstui.ui.sync_bridge import show_marks_sent

        show_marks_sent(self.main, message.error)

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(message.error, title="Not remembered", severity="warning", markup=False)
