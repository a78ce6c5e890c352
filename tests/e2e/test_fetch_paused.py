"""Tests that `newstui fetch` leaves paused sources alone, as the ticker does."""

from __future__ import annotations

from pathlib import Path

from newstui.config.schema import SourceConfig
from newstui.storage.store import Store
from tests.e2e.test_cli import newstui, three_feeds, write_config
from tests.server import FeedServer

__all__ = ["three_feeds"]  # the fixture, used by name below


def test_fetch_skips_a_paused_source_and_says_so(
    tmp_path: Path, three_feeds: list[str], feed_server: FeedServer
) -> None:
    config, db = write_config(tmp_path, three_feeds), tmp_path / "news.db"
    store = Store(db)
    world, *_ = store.sync_sources([SourceConfig(url) for url in three_feeds], 300)
    store.set_paused(world.id, True)
    store.close()
    result = newstui("--config", str(config), "--db", str(db), "fetch")
    assert result.returncode == 0, result.stderr
    assert "1 paused source not polled" in result.stderr
    assert feed_server.requests_for("/world.xml") == []
    assert feed_server.requests_for("/tech.atom")  # the others are polled
    listing = newstui("--config", str(config), "--db", str(db), "headlines")
    assert "Tech story 0" in listing.stdout and "World story" not in listing.stdout
    # Resumed, the next fetch polls it.
    store = Store(db)
    store.set_paused(world.id, False)
    store.close()
    result = newstui("--config", str(config), "--db", str(db), "fetch", "-q")
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert feed_server.requests_for("/world.xml")
