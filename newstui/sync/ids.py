"""Provides the Google Reader API's names: item ids in their two forms and the stream ids."""

from __future__ import annotations

import re

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
"""The long form of an item id: this prefix and 16 hex digits (the id as unsigned 64 bits)."""
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL_PREFIX = "user/-/label/"
"""A folder or tag as a stream: this prefix and its name."""
_U64 = (1 << 64) - 1
_LABEL = re.compile(r"\Auser/[^/]*/label/(.+)\Z", re.DOTALL)
_SHORT = re.compile(r"\A-?[0-9]{1,20}\Z")
_HEX = re.compile(r"\A[0-9a-fA-F]{1,16}\Z")


def parse_item_id(text: str) -> int:
    """The item id as an unsigned 64-bit number, from either form; ValueError otherwise.

    Long form `tag:google.com,2005:reader/item/0006617466036855` is hex (FreshRSS, Inoreader,
    Miniflux); the short form is decimal (`stream/items/ids` answers), negative on servers that
    print it signed as Google did. Source: the Google Reader API notes kept by Mihai Parparita,
    github.com/mihaip/google-reader-api, wiki/ItemId.wiki."""
    if text.isdigit() and text.isascii() and len(text) <= 20:
        # The short form as FreshRSS and Miniflux write it: a sync with nothing new reads tens
        # of thousands of these (the unread set), so the common case skips the patterns.
        value = int(text)
        if value <= _U64:
            return value
        raise ValueError("not a 64-bit item id")
    text = text.strip()
    if text.startswith(ITEM_PREFIX):
        digits = text[len(ITEM_PREFIX) :]
        if not _HEX.match(digits):
            raise ValueError("not an item id")
        return int(digits, 16)
    if not _SHORT.match(text):
        raise ValueError("not an item id")
    value = int(text)
    if not -(1 << 63) <= value <= _U64:
        raise ValueError("not a 64-bit item id")
    return value & _U64


def long_item_id(item_id: int) -> str:
    """The long form, which every server accepts in `edit-tag` and `stream/items/contents`."""
    return f"{ITEM_PREFIX}{item_id & _U64:016x}"


def label_stream(name: str) -> str:
    """The stream id of folder or tag `name`."""
    return LABEL_PREFIX + name


def label_name(stream_id: str) -> str | None:
    """The folder or tag name in `user/-/label/NAME` (or `user/1005921515/label/NAME`, as
    Inoreader writes it); None for other streams."""
    match = _LABEL.match(stream_id)
    return match.group(1) if match else None


def feed_stream(url_or_id: str) -> str:
    """The stream id of a feed: `feed/` and its URL (or the server's own number, as FreshRSS
    lists them)."""
    return url_or_id if url_or_id.startswith("feed/") else "feed/" + url_or_id
