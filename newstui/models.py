"""Provides the plain data types shared by the core, the commands and the interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """A news source as the user configured it."""

    url: str
    name: str | None = None
    """Display name; None means the feed's own title."""
    refresh: float | None = None
    """Seconds between polls; None means the global default."""
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Source:
    """A source as stored, with the state of its fetching."""

    id: int
    url: str
    name: str | None
    feed_title: str | None
    refresh: float
    tags: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: datetime | None = None
    last_status: str = "new"
    """One of: new, ok, unchanged, error, gone, paused."""
    last_error: str | None = None
    failures: int = 0
    next_poll: datetime | None = None
    moved_to: str | None = None
    """Where a permanent redirect moved the feed; polled instead of `url`."""
    ttl: float | None = None
    """The feed's own minimum interval (RSS <ttl>), seconds."""
    item_count: int = 0
    unread_count: int = 0

    @property
    def fetch_url(self) -> str:
        return self.moved_to or self.url

    @property
    def display_name(self) -> str:
        from urllib.parse import urlsplit

        return self.name or self.feed_title or urlsplit(self.url).hostname or self.url


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed feed, already reduced to safe text."""

    guid: str
    title: str
    """Plain single-line text."""
    link: str | None
    published: datetime | None
    """Timezone-aware UTC, or None when the feed gave no usable date."""
    summary: str = ""
    """Plain text, paragraphs separated by blank lines."""
    content_html: str = ""
    """The feed's own HTML body (untrusted, kept for the reading pane)."""
    author: str = ""
    family: str = ""
    """The id the item's own guid (else link) gave, when `guid` had to be made unique in its
    document ("" when `guid` is that id): the store looks for the same item under the other ids
    of its family, since which items collide changes from document to document."""


@dataclass(slots=True)
class ParsedFeed:
    """What a feed document yielded."""

    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    ttl: float | None = None
    """Seconds, from RSS <ttl>."""
    problem: str | None = None
    """Why the document was not clean (malformed XML, not a feed), for the source's status."""
    is_feed: bool = True
    """False when the document is not a feed at all (an HTML page, say)."""
    alternates: list[str] = field(default_factory=list)
    """Feed URLs an HTML page links to with <link rel="alternate">."""


@dataclass(frozen=True, slots=True)
class Headline:
    """A stored item, as lists show it."""

    id: int
    source_id: int
    source_name: str
    guid: str
    title: str
    link: str | None
    published: datetime
    """Timezone-aware UTC: the feed's date, or when first seen."""
    summary: str = ""
    read: bool = False
    starred: bool = False
    first_seen: datetime | None = None
