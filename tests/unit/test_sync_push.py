"""Tests sending queued marks between syncs (newstui.sync.round.push) against a server on
127.0.0.1: only changes made after the last sync began go out (the rule cannot overrule them),
the latest change of a mark replaces older ones, and a failure keeps the queue."""

from __future__ import annotations

from urllib.parse import parse_qs

from newstui.net.fetch import Fetcher
from newstui.sync.engine import ServerState
from newstui.sync.ids import READ, long_item_id
from newstui.sync.round import push
from newstui.sync.wire import IdSet, read_stream
from tests.server import FeedServer
from tests.sync_ledger import MemoryLedger
from tests.unit.test_greader_client import API, api, client, fetcher

__all__ = ["api", "fetcher"]  # fixtures, used here

SEEN = ServerState(IdSet(frozenset({1, 2, 3}), True), IdSet(frozenset(), True), 100.0)


async def stored(*ids: int) -> MemoryLedger:
    raw = [{"id": str(i), "title": f"t{i}", "timestampUsec": "1"} for i in ids]
    ledger = MemoryLedger(cursor=0, last_seen=SEEN)
    await ledger.save_items(read_stream({"items": raw}).items, 0)
    return ledger


def edits(api: FeedServer) -> list[dict[str, list[str]]]:
    return [parse_qs(r.body.decode()) for r in api.requests_for(API + "edit-tag")]


async def test_only_changes_since_the_last_sync_go_out_the_latest_of_each(
    api: FeedServer, fetcher: Fetcher
) -> None:
    api.route(API + "edit-tag", "OK", headers={"Content-Type": "text/plain"})
    ledger = await stored(1, 2, 3)
    ledger.change(1, "read", True, at=90.0)  # before the last sync: waits for the next one
    ledger.change(2, "read", True, at=150.0)
    ledger.change(2, "read", False, at=160.0)  # replaces the one before it
    ledger.change(3, "read", True, at=170.0)

    report = await push(client(api, fetcher), ledger)
    assert report.error is None and report.sent == 2
    sent = {(e["i"][0], "a" in e) for e in edits(api)}
    assert sent == {(long_item_id(2), False), (long_item_id(3), True)}
    assert all(e.get("a", e.get("r")) == [READ] for e in edits(api))
    assert [(c.item_id, c.at) for c in ledger.queue.values()] == [(1, 90.0)]
    assert ledger.last_seen is not None and 3 not in ledger.last_seen.unread.ids


async def test_a_push_the_server_refuses_keeps_the_queue(api: FeedServer, fetcher: Fetcher) -> None:
    api.route(API + "edit-tag", "busy", status=503)
    ledger = await stored(1)
    ledger.change(1, "starred", True, at=150.0)
    report = await push(client(api, fetcher), ledger)
    assert report.error is not None and report.error.transient and report.sent == 0
    assert [c.item_id for c in ledger.queue.values()] == [1]


async def test_nothing_is_sent_before_a_first_sync(api: FeedServer, fetcher: Fetcher) -> None:
    ledger = await stored(1)
    ledger.last_seen = None
    ledger.change(1, "read", True, at=150.0)
    report = await push(client(api, fetcher), ledger)
    assert (report.sent, report.requests, len(ledger.queue)) == (0, 0, 1)
