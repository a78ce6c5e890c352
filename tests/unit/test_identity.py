"""Tests item identity where ids collide inside a document: unique, deterministic, stable from
poll to poll, derived from what tells items apart, and duplicates dropped only with a word."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.feeds.identity import unique_ids
from newstui.feeds.parse import parse_feed
from newstui.feeds.poller import Poller
from newstui.models import FeedEntry, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.server import FeedServer

DAY = datetime(2026, 11, 6, 22, 0, tzinfo=UTC)
SHOP = "http://127.0.0.1/shop"


def entry(title: str, guid: str = SHOP, link: str | None = SHOP, **kw: object) -> FeedEntry:
    return FeedEntry(guid=guid, title=title, link=link, published=kw.pop("published", DAY), **kw)  # type: ignore[arg-type]


def test_items_sharing_a_link_and_a_date_are_told_apart_by_title() -> None:
    entries = [entry(t) for t in ("Space llama", "Jazz penguin", "Origami whale")]
    found, note = unique_ids(entries)
    assert len({e.guid for e in found}) == 3 and note is None
    assert all(e.guid.startswith(SHOP + "#") for e in found)
    assert [e.title for e in found] == ["Space llama", "Jazz penguin", "Origami whale"]


def test_ids_are_the_same_for_the_same_items_whatever_else_the_document_holds() -> None:
    week = [entry(f"Design {n}") for n in range(9)]
    monday, _ = unique_ids(week[:6])
    tuesday, _ = unique_ids(week[3:])  # the feed keeps older items in later documents
    assert {e.title: e.guid for e in monday[3:]} == {e.title: e.guid for e in tuesday[:3]}
    again, _ = unique_ids(week[:6])
    assert [e.guid for e in again] == [e.guid for e in monday]


def test_ids_that_do_not_collide_are_left_as_they_were() -> None:
    entries = [entry("a", guid="g1"), entry("b", guid="g2"), entry("c"), entry("d")]
    found, _ = unique_ids(entries)
    assert [e.guid for e in found[:2]] == ["g1", "g2"]
    assert found[2].guid != found[3].guid != SHOP


def test_a_repeated_guid_is_told_apart_by_link_first() -> None:
    # A CMS bug: every item's guid is "1", each with its own link.
    entries = [entry(f"Story {n}", guid="1", link=f"http://127.0.0.1/{n}") for n in range(3)]
    found, _ = unique_ids(entries)
    assert len({e.guid for e in found}) == 3
    renamed = [entry("Retitled", guid="1", link="http://127.0.0.1/0"), *entries[1:]]
    assert unique_ids(renamed)[0][0].guid == found[0].guid  # the link, not the title, decided


def test_same_title_told_apart_by_date_then_by_text() -> None:
    entries = [
        entry("Daily deal"),
        entry("Daily deal", published=DAY + timedelta(days=1)),
        entry("Daily deal", summary="red shirt"),
        entry("Daily deal", summary="blue shirt"),
    ]
    found, note = unique_ids(entries)
    assert len({e.guid for e in found}) == 4 and note is None


def test_items_alike_in_everything_are_one_listed_twice_and_said_so() -> None:
    entries = [entry("Same", summary="x"), entry("Other"), entry("Same", summary="x")]
    found, note = unique_ids(entries)
    assert [e.title for e in found] == ["Same", "Other"]
    assert (
        note
        == "1 item dropped: the same id, link, title, date and text as another item of the feed"
    )


def test_a_very_long_id_still_fits() -> None:
    long_link = "http://127.0.0.1/" + "x" * 1_100
    found, _ = unique_ids([entry("a", guid=long_link), entry("b", guid=long_link)])
    assert all(len(e.guid) <= 1_024 for e in found) and found[0].guid != found[1].guid


def feed(titles: list[str], guid: str | None = None) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>{SHOP}</link>"
        + (f"<guid>{guid}</guid>" if guid else "")
        + "<pubDate>Fri, 06 Nov 2026 22:00:00 +0000</pubDate></item>"
        for t in titles
    )
    return (
        '<rss version="2.0"><channel><title>Shop</title><link>http://127.0.0.1/</link>'
        f"<description>d</description>{items}</channel></rss>"
    ).encode()


def test_both_paths_give_the_same_derived_ids() -> None:
    for guid in (None, "same-guid"):
        body = feed(["One", "Two", "Three"], guid)
        fast = parse_feed(body, url=SHOP)
        slow = parse_feed(body, url=SHOP, fast=False)
        assert [e.guid for e in fast.entries] == [e.guid for e in slow.entries]
        assert len({e.guid for e in fast.entries}) == 3


async def test_polls_of_a_shifting_window_add_each_item_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    store = Store(tmp_path / "news.db")
    names = [f"Design {n}" for n in range(9)]
    url = feed_server.route("/shop", feed(names[:6]))
    store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0.0)
        counts = []
        for window in (names[:6], names[3:], names[3:], [*names[:6], "Design 0"]):
            feed_server.route("/shop", feed(window))
            outcome = await poller.poll_source(store.sources()[0])
            counts.append(len(outcome.new))
    assert counts == [6, 3, 0, 0]
    assert sorted(h.title for h in store.headlines(limit=100)) == names
    # The last document listed "Design 0" twice, alike in everything: said in the status.
    assert (store.sources()[0].last_error or "").startswith("1 item dropped")
    store.close()
