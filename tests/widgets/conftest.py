"""Provides the widget tests' one app factory: the real NewsApp on a config and a real store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest

from newstui.config.schema import Config
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from newstui.ui.app import NewsApp

NOW = datetime(2026, 11, 27, 9, 53, tzinfo=UTC)
"""The fixed "now" of the widget tests (a Friday morning), so times and day labels repeat."""


class MakeApp(Protocol):
    def __call__(
        self,
        config: Config,
        store: Store | Path,
        *,
        poll: bool = False,
        now: datetime | None = NOW,
        fetcher: Fetcher | None = None,
        title: str = "newstui",
    ) -> NewsApp: ...


@pytest.fixture
def news_app() -> MakeApp:
    """Makes the app as the ticker runs it, with what a test pins: polling off unless asked
    (nothing is fetched), the clock at NOW (`now=None`: the real clock), the store given or
    opened at the path given."""

    def make(
        config: Config,
        store: Store | Path,
        *,
        poll: bool = False,
        now: datetime | None = NOW,
        fetcher: Fetcher | None = None,
        title: str = "newstui",
    ) -> NewsApp:
        opened = store if isinstance(store, Store) else Store(store)
        clock: Callable[[], datetime] | None = None if now is None else (lambda: now)
        return NewsApp(config, opened, poll=poll, clock=clock, fetcher=fetcher, title=title)

    return make
