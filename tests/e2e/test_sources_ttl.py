"""Tests that `newstui sources` says why a source's next poll is later than its `refresh`: its
feed's <ttl>, which newstui follows. A config's refresh = "1m" beside a feed's <ttl>30</ttl>
showed a next poll half an hour away, and nothing said why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.test_cli import newstui
from tests.feeds import Item, rss
from tests.server import FeedServer


def test_sources_says_a_feeds_ttl_over_the_refresh(tmp_path: Path, feed_server: FeedServer) -> None:
    item = [Item("One", "http://127.0.0.1:9/1", guid="1", published=datetime.now(UTC))]
    slow = feed_server.route("/slow-ttl", rss(item, title="Slow desk", ttl=30))
    quick = feed_server.route("/quick-ttl", rss(item, title="Quick desk", ttl=1))
    config = tmp_path / "config.toml"
    sources = "".join(f'[[sources]]\nurl = "{url}"\n' for url in (slow, quick))
    config.write_text(f'refresh = "2m"\n{sources}')
    db = tmp_path / "news.db"
    assert newstui("--config", str(config), "--db", str(db), "fetch", "-q").returncode == 0
    text = newstui("--config", str(config), "--db", str(db), "sources").stdout
    rows = {line.split()[0]: line for line in text.splitlines()[1:]}
    assert "(the feed's <ttl>: 30m)" in rows["Slow"]
    assert "<ttl>" not in rows["Quick"]  # shorter than refresh: refresh rules, nothing to say
    listing = newstui("--config", str(config), "--db", str(db), "sources", "--json").stdout
    ttls = {r["name"]: r["ttl"] for r in map(json.loads, listing.splitlines())}
    assert ttls == {"Slow desk": 1800.0, "Quick desk": 60.0}
