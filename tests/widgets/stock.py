"""Provides stores stocked for the ticker-screen tests: sources on closed 127.0.0.1 ports (nothing
is fetched) with headlines written through the real store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.app import App

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.widgets.conftest import NOW


def closed_url(n: int) -> str:
    """A feed address on a closed port of 127.0.0.1: a poll of it fails at once, offline."""
    return f"http://127.0.0.1:9/feed{n}.xml"


def stock(
    db: Path,
    titles: Sequence[Sequence[str]],
    *,
    names: Sequence[str] | None = None,
    tags: Sequence[tuple[str, ...]] | None = None,
    **settings: object,
) -> tuple[Config, Store]:
    """A store with one source per entry of `titles`, holding those headlines (newest first,
    a minute apart, interleaved across sources by their place), and the config naming them."""
    names = names or [f"Desk {n}" for n in range(len(titles))]
    tags = tags or [()] * len(titles)
    configs = tuple(
        SourceConfig(closed_url(n), name=name, tags=tag)
        for n, (name, tag) in enumerate(zip(names, tags, strict=True))
    )
    store = Store(db)
    sources = store.sync_sources(configs, 300)
    for n, (source, own) in enumerate(zip(sources, titles, strict=True)):
        entries = [
            FeedEntry(
                f"s{n}-{i}",
                title,
                f"http://127.0.0.1:9/s{n}/{i}",
                NOW - timedelta(minutes=i * len(titles) + n),
                summary=f"Summary of {title}.",
            )
            for i, title in enumerate(own)
        ]
        store.save_poll(source, entries, NOW)
    return Config(sources=configs, **settings), store  # type: ignore[arg-type]


def record_notices(app: App[None]) -> list[str]:
    """Every notice the app shows from now on, in order ("title: message" when titled); the
    notices are still shown (the app's own notify runs)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: Any) -> None:
        shown.append(f"{title}: {message}" if title else message)
        notify(message, title=title, **options)

    app.notify = recording  # type: ignore[method-assign]
    return shown
