"""Tests the poller's side of the watchlist against a real server and DB: new headlines are
flagged, their alerts reach the sink once, a new source's backlog fires nothing, and a round
(`poll_all`) returns only after the sink drained."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from newstui.alerts.watchlist import Alert, Watchlist
from newstui.feeds.poller import Poller
from newstui.models import AlertRule, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)


def feed(*titles: str) -> bytes:
    return rss(
        [
            Item(t, f"http://127.0.0.1/{n}", guid=t, published=NOW - timedelta(minutes=n))
            for n, t in enumerate(titles)
        ]
    )


class Sink:
    """Records what fires; `drain` waits a moment, so a round that did not wait for it shows."""

    def __init__(self) -> None:
        self.fired_alerts: list[Alert] = []
        self.drained = False

    def fired(self, alerts: Sequence[Alert]) -> None:
        self.fired_alerts.extend(alerts)
        self.drained = False

    async def drain(self) -> None:
        await asyncio.sleep(0.05)
        self.drained = True


async def test_alerts_fire_once_for_new_matching_headlines(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/f", feed("Earthquake last week", "Calm"))
    (source,) = store.sync_sources([SourceConfig(url)], 300)
    sink = Sink()
    watch = Watchlist([AlertRule(match=("earthquake",))])
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, watchlist=watch, alert_sink=sink)
        first = await poller.poll_source(source)
        assert [h.alert for h in first.new] == [True, False]  # flagged...
        assert first.alerts == [] and sink.fired_alerts == []  # ...but the backlog is quiet

        feed_server.route("/f", feed("Earthquake hits Chile", "Sunny", "Earthquake last week"))
        (source,) = store.sources()
        second = await poller.poll_source(source)
        assert [(a.headline.title, a.term) for a in second.alerts] == [
            ("Earthquake hits Chile", "earthquake")
        ]
        assert sink.fired_alerts == second.alerts
        assert {h.title: h.alert for h in second.new} == {
            "Earthquake hits Chile": True,
            "Sunny": False,
        }

        (source,) = store.sources()
        third = await poller.poll_source(source)  # the same document again: nothing new
        assert third.new == [] and third.alerts == [] and len(sink.fired_alerts) == 1


async def test_a_round_returns_after_the_sink_drained(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/f", feed("Calm"))
    sink = Sink()
    watch = Watchlist([AlertRule(match=("quake",))])
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, watchlist=watch, alert_sink=sink)
        await poller.poll_all(store.sync_sources([SourceConfig(url)], 300))
        feed_server.route("/f", feed("Quake", "Calm"))
        outcomes = await poller.poll_all(store.sources())
    assert len(outcomes[0].alerts) == 1 and sink.drained
