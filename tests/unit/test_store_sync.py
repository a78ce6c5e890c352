"""Tests the store's side of a sync (storage/synced.py through newstui.sync.ledger.StoreLedger) on
real SQLite files: ids past 2^63, marks queued with the mark itself, the plan's marks never
undoing a newer one, pruned items staying known, subscriptions as sources."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import Headline, HeadlineQuery, Source
from newstui.storage.store import Store, StoreError
from newstui.sync.engine import ItemState, ServerState
from newstui.sync.ids import long_item_id
from newstui.sync.ledger import StoreLedger, decode_seen, encode_seen
from newstui.sync.wire import IdSet, Subscription, SyncedItem, read_stream

NOW = datetime.now(UTC).replace(microsecond=0)
BIG = (1 << 64) - 5
"""An item id past 2^63: SQLite's INTEGER is signed."""


def items(*specs: tuple[int, str], read: bool = False, starred: bool = False) -> list[SyncedItem]:
    raw = []
    for number, (item_id, stream) in enumerate(specs):
        raw.append(
            {
                "id": long_item_id(item_id),
                "title": f"Item {item_id}",
                "published": int((NOW - timedelta(minutes=number)).timestamp()),
                "timestampUsec": str(int(NOW.timestamp() * 1e6) + number),
                "origin": {"streamId": stream},
                "categories": (["user/-/state/com.google/read"] if read else [])
                + (["user/-/state/com.google/starred"] if starred else []),
                "summary": {"content": f"<p>Body of {item_id}</p>"},
            }
        )
    return read_stream({"items": raw}).items


def sub(stream: str, url: str, title: str = "", folders: tuple[str, ...] = ()) -> Subscription:
    return Subscription(stream, title, url, None, folders)


@pytest.fixture
async def ledger(tmp_path: Path) -> StoreLedger:
    store = Store(tmp_path / "sync.db")
    ledger = StoreLedger(store, refresh=300.0)
    await ledger.save_subscriptions(
        [sub("feed/1", "http://127.0.0.1/a.xml", "A", ("World",)), sub("feed/2", "http://b/")]
    )
    return ledger


def headline_of(store: Store, item_id: int) -> int:
    return store.synced.headline_ids([item_id])[item_id]


async def test_ids_past_two_to_the_63_are_kept_whole(ledger: StoreLedger) -> None:
    await ledger.save_items(items((BIG, "feed/1"), (7, "feed/2")), since_us=123)
    assert dict(ledger.known([BIG, 7, 8])).keys() == {BIG, 7}
    assert ledger.since_us() == 123
    store = ledger.store
    store.set_read([headline_of(store, BIG)])
    [change] = ledger.pending()
    assert (change.item_id, change.mark, change.value) == (BIG, "read", True)
    assert ledger.local_states(frozenset({BIG}))[BIG] == ItemState(True, False)


async def test_synced_items_are_headlines_of_their_subscription(ledger: StoreLedger) -> None:
    arrived: list[tuple[str, list[str]]] = []

    async def on_arrival(batch: list[tuple[Source, list[Headline]]]) -> None:
        arrived.extend((source.display_name, [h.title for h in new]) for source, new in batch)

    ledger.on_arrival = on_arrival
    await ledger.save_items(items((1, "feed/1"), (2, "feed/1")), since_us=None)
    await ledger.save_items(items((3, "feed/1"), read=True, starred=True), since_us=None)
    store = ledger.store
    shown = store.headlines(HeadlineQuery(tag="World"))
    assert {h.title for h in shown} == {"Item 1", "Item 2", "Item 3"}
    assert [h.read for h in shown if h.title == "Item 3"] == [True]
    assert [h.starred for h in shown if h.title == "Item 3"] == [True]
    assert arrived == [("A", ["Item 1", "Item 2"]), ("A", ["Item 3"])]
    assert store.headlines(HeadlineQuery(search="body"), limit=10)  # searchable like polled
    assert store.content(shown[0].id)[0].startswith("Body of")


async def test_an_item_of_no_known_subscription_is_known_but_not_shown(
    ledger: StoreLedger,
) -> None:
    await ledger.save_items(items((9, "feed/unknown")), since_us=None)
    assert dict(ledger.known([9])) and not ledger.store.headlines()


async def test_a_mark_and_its_queued_change_are_one_transaction(
    ledger: StoreLedger, tmp_path: Path
) -> None:
    await ledger.save_items(items((1, "feed/1"), (2, "feed/1")), since_us=None)
    store = ledger.store
    one, two = headline_of(store, 1), headline_of(store, 2)
    with sqlite3.connect(tmp_path / "sync.db") as db:
        db.execute(
            "CREATE TRIGGER full BEFORE INSERT ON sync_queue BEGIN "
            "SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    with pytest.raises(StoreError):
        store.set_read([one])
    with pytest.raises(StoreError):
        store.set_starred(two, True)
    assert not any(h.read or h.starred for h in store.headlines())  # neither half happened
    with sqlite3.connect(tmp_path / "sync.db") as db:
        db.execute("DROP TRIGGER full")
    store.set_read([one])
    store.set_read([one])  # no change: nothing more to send
    store.set_starred(two, True)
    assert [(c.item_id, c.mark, c.value) for c in ledger.pending()] == [
        (1, "read", True),
        (2, "starred", True),
    ]


async def test_mark_all_read_queues_only_what_it_changes(ledger: StoreLedger) -> None:
    await ledger.save_items(items((1, "feed/1"), (2, "feed/2"), (3, "feed/2")), since_us=None)
    store = ledger.store
    store.set_read([headline_of(store, 3)])
    assert store.mark_all_read(HeadlineQuery(source="http://b/")) == 1
    assert sorted((c.item_id, c.value) for c in ledger.pending()) == [(2, True), (3, True)]
    assert store.mark_all_read(HeadlineQuery(), read=False) == 2  # 1 was unread already
    assert sorted(c.item_id for c in ledger.pending() if not c.value) == [2, 3]


async def test_polled_headlines_queue_nothing(tmp_path: Path) -> None:
    from newstui.models import FeedEntry, SourceConfig

    store = Store(tmp_path / "polled.db")
    [source] = store.sync_sources([SourceConfig("http://127.0.0.1/feed")], 300)
    store.save_poll(source, [FeedEntry("g", "Polled", None, NOW)])
    store.mark_all_read()
    store.set_starred(store.headlines()[0].id, True)
    assert store.synced.pending() == []


async def test_the_plan_never_undoes_a_mark_made_after_it_was_read(ledger: StoreLedger) -> None:
    await ledger.save_items(items((1, "feed/1"), (2, "feed/1")), since_us=None)
    store = ledger.store
    plan_read = ledger.local_states(frozenset())  # what a sync planned from: both unread
    assert plan_read == {1: ItemState(False, False), 2: ItemState(False, False)}
    store.set_starred(headline_of(store, 1), True)  # the reader stars 1 meanwhile
    # The server read both: the plan stores read on both, unstarred as it saw them.
    await ledger.apply({1: ItemState(True, False), 2: ItemState(True, False)}, [])
    by_title = {h.title: h for h in store.headlines()}
    assert by_title["Item 1"].read and by_title["Item 1"].starred  # the newer star stays
    assert by_title["Item 2"].read
    assert sorted(ledger.changed) == sorted(headline_of(store, i) for i in (1, 2))
    key = ledger.pending()[0].key
    await ledger.apply({}, [key])
    assert ledger.pending() == []


async def test_a_pruned_item_stays_known_until_the_listing_moves_past_it(
    ledger: StoreLedger,
) -> None:
    [old] = items((5, "feed/1"))
    await ledger.save_items([old], since_us=None)
    assert ledger.store.prune(keep_days=1, keep_per_source=0) == 1
    assert not ledger.store.headlines()
    assert dict(ledger.known([5])) == {5: old.crawled_us}  # not fetched again
    await ledger.save_items([old], since_us=None)
    assert not ledger.store.headlines()  # nor brought back
    await ledger.save_items([], since_us=old.crawled_us + 2_000_000)
    assert dict(ledger.known([5])) == {}


async def test_subscriptions_are_the_active_sources(ledger: StoreLedger) -> None:
    store = ledger.store
    assert [(s.display_name, s.tags, s.url) for s in store.sources()] == [
        ("A", ("World",), "http://127.0.0.1/a.xml"),
        ("b", (), "http://b/"),
    ]
    ledger.sources_changed = False
    await ledger.save_subscriptions(
        [sub("feed/1", "http://127.0.0.1/a.xml", "A", ("World",)), sub("feed/2", "http://b/")]
    )
    assert not ledger.sources_changed  # nothing written
    await ledger.save_subscriptions([sub("feed/2", "http://b/", "B", ("x", "y"))])
    assert ledger.sources_changed
    assert [(s.display_name, s.tags) for s in store.sources()] == [("B", ("x", "y"))]
    assert set(store.synced.streams()) == {"feed/2"}


async def test_another_account_starts_afresh_and_keeps_the_headlines(
    ledger: StoreLedger,
) -> None:
    tables = ledger.store.synced
    assert await tables.start("http://one\nme")
    await ledger.save_items(items((1, "feed/1")), since_us=55)
    ledger.store.set_read([headline_of(ledger.store, 1)])
    assert not await tables.start("http://one\nme")
    assert ledger.since_us() == 55 and ledger.pending()
    assert await tables.start("http://two\nme")
    assert (ledger.since_us(), ledger.pending(), dict(ledger.known([1]))) == (None, [], {})
    assert ledger.store.headlines()


def test_what_a_sync_saw_survives_the_database_and_garbage_is_none() -> None:
    seen = ServerState(IdSet(frozenset({1, BIG}), True), IdSet(frozenset(), False), 12.5)
    assert decode_seen(encode_seen(seen)) == seen
    assert decode_seen(b"not zlib") is None
    assert decode_seen(None) is None
