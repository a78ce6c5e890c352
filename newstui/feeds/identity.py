"""Provides unique_ids: an identity of its own for every item of a feed document, derived from
what tells items apart where their ids (guid, else link) collide, and a word on any dropped."""

# An item's id is its guid, else its link, else a hash of its title and date (entries.py). Shops
# and "design of the day" feeds leave the guid out and give every item one link (the front
# page), often one date too: by link alone they collapse into one item, and every later item
# counts as known. So where ids collide inside one document, each item's id is extended by a
# hash of the fields that tell it apart, tried in a fixed order (link, title, date, text) and
# only as far as needed: the same document always yields the same ids, an item keeps its id
# across polls while what sets it apart stays (a feed that keeps older items in later
# documents adds nothing twice), and items with distinct ids keep them as they were (no
# stored item changes identity, and an edited title or a date stamped at each request does
# not make an item new). Items alike in all of these are one item listed twice: the first is
# kept and the source's status says how many were dropped.
# Which items collide changes from one document to the next (a feed that had one item under a
# shared link gets a second; a duplicated guid rolls off), and with it an item's id: so each
# entry keeps the id it came with as its `family`, and the store takes an unknown id for the
# stored item of the same family with the same link, title, text and date (store.py).

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from newstui.models import FeedEntry

MAX_ID = 1_024
"""As entries.MAX_GUID: the longest id stored as it is."""

_FIELDS: tuple[Callable[[FeedEntry], str], ...] = (
    lambda e: e.link or "",
    lambda e: e.title,
    lambda e: e.published.isoformat() if e.published else "",
    lambda e: e.summary,
)


def _derived(base: str, values: Sequence[str]) -> str:
    digest = hashlib.sha1("\x1f".join(values).encode("utf-8"), usedforsecurity=False)
    suffix = digest.hexdigest()[:16]
    if len(base) + 1 + len(suffix) <= MAX_ID:
        return f"{base}#{suffix}"
    whole = hashlib.sha1(f"{base}\x1f{suffix}".encode(), usedforsecurity=False)
    return "sha1:" + whole.hexdigest()


def _split(
    base: str, members: list[int], entries: Sequence[FeedEntry], ids: list[str], level: int
) -> None:
    """Give each member an id from the first `level`+1 fields, going further where needed
    (members are never alike in every field: repeats are gone before)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index in members:
        key = tuple(field(entries[index]) for field in _FIELDS[: level + 1])
        groups.setdefault(key, []).append(index)
    for key, group in groups.items():
        if len(group) == 1 or level + 1 == len(_FIELDS):
            for index in group:
                ids[index] = _derived(base, key)
        else:
            _split(base, group, entries, ids, level + 1)


def unique_ids(entries: list[FeedEntry]) -> tuple[list[FeedEntry], str | None]:
    """The entries with ids unique in the document, in their order, and a note for the
    source's status when items that repeated another exactly were dropped (else None)."""
    if len({e.guid for e in entries}) == len(entries):
        return entries, None  # the common case: nothing collides
    # Repeats go first, so that a repeat never changes how far the other items' ids reach.
    alike: set[tuple[str, ...]] = set()
    distinct: list[FeedEntry] = []
    for entry in entries:
        key = (entry.guid, *(field(entry) for field in _FIELDS))
        if key not in alike:
            alike.add(key)
            distinct.append(entry)
    by_id: dict[str, list[int]] = {}
    for index, entry in enumerate(distinct):
        by_id.setdefault(entry.guid, []).append(index)
    ids = [e.guid for e in distinct]
    for base, members in by_id.items():
        if len(members) > 1:
            _split(base, members, distinct, ids, 0)
    kept: list[FeedEntry] = []
    seen: set[str] = set()
    for entry, new_id in zip(distinct, ids, strict=True):
        if new_id in seen:
            continue  # a derived id equal to another item's own id: the first holder keeps it
        seen.add(new_id)
        kept.append(
            entry if new_id == entry.guid else replace(entry, guid=new_id, family=entry.guid)
        )
    dropped = len(entries) - len(kept)
    if not dropped:
        return kept, None
    return kept, (
        f"{dropped} item{'s' if dropped != 1 else ''} dropped: the same id, link, title, date "
        "and text as another item of the feed"
    )
