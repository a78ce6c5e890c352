"""Tests that an item dated ahead of now, stored at now (FUTURE_TOLERANCE), is still known when a
later document gives it another id of its family (feeds/identity.py: which items share a link
changes from document to document): the store compared the feed's date with the clamped one
it had stored, found them different and stored the item a second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newstui.feeds.identity import unique_ids
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)
AHEAD = NOW + timedelta(days=2)
SHOP = "http://127.0.0.1:9/shop"  # no guid: every item's id is the shop's one link


def _item(title: str, published: datetime | None) -> FeedEntry:
    return FeedEntry(SHOP, title, SHOP, published, summary=f"{title}, today only")


def _titles(store: Store) -> list[str]:
    return sorted(h.title for h in store.headlines(limit=100))


@pytest.mark.parametrize(
    ("first", "later"),
    [
        (["Lamp", "Chair"], ["Lamp"]),  # a derived id, then the family's own
        (["Lamp"], ["Lamp", "Chair"]),  # the family's own id, then a derived one
        (["Lamp", "Chair", "Desk"], ["Lamp", "Desk"]),  # one derived id, then another
    ],
)
@pytest.mark.parametrize("when", [timedelta(minutes=10), timedelta(days=3)])
def test_a_future_dated_item_under_another_id_of_its_family_is_stored_once(
    store: Store, first: list[str], later: list[str], when: timedelta
) -> None:
    (source,) = store.sync_sources([SourceConfig(SHOP, name="Shop")], 300)
    entries, _ = unique_ids([_item(title, AHEAD) for title in first])
    store.save_poll(source, entries, NOW)
    # Later: before the date (10 minutes) or once it has passed (3 days).
    entries, _ = unique_ids([_item(title, AHEAD) for title in later])
    new = store.save_poll(store.sources()[0], entries, NOW + when)
    assert [h.title for h in new] == sorted(set(later) - set(first))
    assert _titles(store) == sorted(set(first) | set(later))


def test_an_item_alike_but_for_a_real_date_is_still_new(store: Store) -> None:
    """The clamped date stands for the feed's future date only: the same link, title and text
    with another date that was never in the future is another item, as before."""
    (source,) = store.sync_sources([SourceConfig(SHOP, name="Shop")], 300)
    entries, _ = unique_ids([_item("Lamp", AHEAD), _item("Chair", AHEAD)])
    store.save_poll(source, entries, NOW)
    entries, _ = unique_ids([_item("Lamp", NOW - timedelta(days=1))])
    new = store.save_poll(store.sources()[0], entries, NOW + timedelta(minutes=10))
    assert [h.title for h in new] == ["Lamp"]
