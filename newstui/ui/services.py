"""Provides AppServices: what the main screen asks of the app that owns the ticker's lifetimes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from newstui.alerts.watchlist import Watchlist
from newstui.config.schema import Config
from newstui.storage.store import Store
from newstui.ui.alert_notices import TickerAlerts
from newstui.ui.article_source import StoredArticles
from newstui.ui.store_writes import StoreWrites

if TYPE_CHECKING:
    from newstui.config.editing import SourceFile
    from newstui.feeds.discover import Discovery
    from newstui.sync.editor import ServerSources


class AppServices(Protocol):
    """The app (NewsApp) as the main screen sees it: the config, the store (reads on the event
    loop, writes through `writes`), the article source and the poller's controls. A protocol,
    so that the screen needs no import of the app (and no cast to reach it)."""

    config: Config
    store: Store
    clock: Callable[[], datetime]
    articles: StoredArticles
    writes: StoreWrites
    watchlist: Watchlist
    """The `[[alerts]]` rules: the list highlights the headlines they match."""
    alerts: TickerAlerts
    """What the alerts fired (its `tally` counts those still unread, for the header)."""

    def poll_now(self) -> bool:
        """Asks the poller to poll every source now; False when it is not running (or, in sync
        mode or while another newstui polls, when the app said what it does itself)."""
        ...

    def marks_changed(self) -> None:
        """Marks were stored: in sync mode, they go to the server soon."""
        ...

    def source_editor(self) -> SourceFile | ServerSources | None:
        """Where source changes go: the config file, or the server's subscriptions in sync
        mode; None when they cannot be made here (the file's sources are not those shown)."""
        ...

    async def sync_sources(self, config: Config) -> None:
        """Makes `config` current and its sources the store's (off the event loop), wakes the
        poller and posts SourcesSynced to the main screen. Raises StoreError."""
        ...

    def place_stories(self) -> None:
        """Places, in the background, the stored headlines not placed in stories yet."""
        ...

    async def discover(self, url: str) -> Discovery:
        """The feed at `url`, or the one a web page there names (`<link rel="alternate">`)."""
        ...
