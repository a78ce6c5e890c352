"""Tests that a headline dated ahead of now is stored at now, on every path that stores one (a
poll, a sync's page of items, a later poll that dates it again), so it cannot pin itself above
real news (storage/writes.py's FUTURE_TOLERANCE)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newstui.models import FeedEntry, Source, SourceConfig
from newstui.storage.store import FUTURE_TOLERANCE, Store

NOW = datetime.now(UTC).replace(microsecond=0)
AHEAD = NOW + timedelta(days=2)
NEAR = NOW + timedelta(seconds=FUTURE_TOLERANCE / 2)  # a clock a little fast: kept


def _source(store: Store, url: str = "http://127.0.0.1:9/feed") -> Source:
    (source,) = store.sync_sources([SourceConfig(url, name="Desk")], 300)
    return source


def _published(store: Store) -> dict[str, datetime]:
    return {h.guid: h.published for h in store.headlines(limit=10)}


def test_a_poll_stores_a_future_date_at_now(store: Store) -> None:
    entries = [
        FeedEntry("ahead", "Ahead", None, AHEAD),
        FeedEntry("near", "Near", None, NEAR),
        FeedEntry("past", "Past", None, NOW - timedelta(hours=1)),
    ]
    new = store.save_poll(_source(store), entries, NOW)
    assert {h.guid: h.published for h in new}["ahead"] == NOW  # what the list is given
    assert _published(store) == {
        "ahead": NOW,
        "near": NEAR,
        "past": NOW - timedelta(hours=1),
    }


def test_a_later_poll_dating_a_stored_item_again_changes_nothing(store: Store) -> None:
    source = _source(store)
    store.save_poll(source, [FeedEntry("g", "Story", None, NOW - timedelta(hours=1))], NOW)
    later = NOW + timedelta(minutes=5)
    store.save_poll(source, [FeedEntry("g", "Story", None, AHEAD)], later)
    assert _published(store) == {"g": NOW - timedelta(hours=1)}


async def test_a_sync_page_stores_a_future_date_at_now(store: Store) -> None:
    source = _source(store)
    groups = [(source, [FeedEntry("s", "Synced", None, AHEAD)])]
    (new,) = await store.synced.store_items(groups, [], None, NOW.timestamp())
    assert [h.published for h in new] == [NOW]
    assert _published(store) == {"s": NOW}
