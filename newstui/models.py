"""Provides the plain data types shared by the core, the commands and the interface."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """A news source as the user configured it."""

    url: str
    name: str | None = None
    """Display name; None means the feed's own title."""
    refresh: float | None = None
    """Seconds between polls; None means the global default."""
    tags: tuple[str, ...] = ()


class SourceStatus(StrEnum):
    """What a source's last poll found. Stored as its text in the `sources.last_status` column,
    and equal to that text (`SourceStatus.OK == "ok"`)."""

    NEW = "new"
    """Never polled."""
    OK = "ok"
    """A feed came back (maybe with a problem in `last_error`, e.g. malformed XML)."""
    UNCHANGED = "unchanged"
    """304 Not Modified to our conditional GET."""
    ERROR = "error"
    """No usable feed: network, HTTP, not a feed, or the database; `last_error` says which."""
    GONE = "gone"
    """410 Gone: the publisher removed the feed; it is not polled again."""

    @property
    def failing(self) -> bool:
        """The source gives no news: an error, or gone."""
        return self in _FAILING


_FAILING = frozenset({SourceStatus.ERROR, SourceStatus.GONE})


@dataclass(frozen=True, slots=True)
class AlertRule:
    """One `[[alerts]]` entry of the config: which new headlines alert, and how."""

    match: tuple[str, ...]
    """Words or phrases as written (newstui.alerts.terms reads them): case-insensitive, whole
    words; a `*` at a term's start or end lets a word go on past it."""
    sources: tuple[str, ...] = ()
    """Only headlines of these sources (name, feed title or URL, case-insensitive)..."""
    tags: tuple[str, ...] = ()
    """...or of sources with one of these tags; both empty: every source."""
    command: tuple[str, ...] = ()
    """argv run without a shell for each alert, the headline as JSON on stdin; () for none."""
    timeout: float = 10.0
    """Seconds the command may run before it is stopped."""
    bell: bool = False
    """Ring the terminal's bell (the ticker only)."""
    desktop: bool = True
    """A desktop notification through the terminal where it supports one (the ticker only)."""
    where: str = "alerts"
    """Where it is configured, for messages: `alerts[2] (config.toml:14)`."""


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
    last_status: SourceStatus = SourceStatus.NEW
    """What the last poll found; kept while the source is paused."""
    last_error: str | None = None
    failures: int = 0
    next_poll: datetime | None = None
    moved_to: str | None = None
    """Where a permanent redirect moved the feed; polled instead of `url`."""
    ttl: float | None = None
    """The feed's own minimum interval (RSS <ttl>), seconds."""
    paused: bool = False
    """Paused by the user: not polled until resumed; keeps its headlines and fetch state."""
    site_link: str | None = None
    """The site the feed is of: its own link (RSS/Atom <link>, JSON Feed home_page_url), safe
    http(s), from its last poll that found a feed; None until one did or when it gives none."""
    retry_until: datetime | None = None
    """Until when its server asked not to be polled: the Retry-After of a 429 or 503 answer to
    its last poll, as a moment (UTC); None when the last poll's answer asked for no wait."""
    item_count: int = 0
    unread_count: int = 0

    def __post_init__(self) -> None:
        # Its text ("ok") is accepted where a status is given, as the database gives it.
        if type(self.last_status) is not SourceStatus:  # the Enum call: ~1 us a source
            self.last_status = SourceStatus(self.last_status)

    @property
    def fetch_url(self) -> str:
        return self.moved_to or self.url

    @property
    def failing(self) -> bool:
        """Shown as failing: its last poll gave no news (error or gone) and it is not paused
        (a paused source shows as paused, whatever its last poll found)."""
        return not self.paused and self.last_status.failing

    @property
    def polled(self) -> bool:
        """The poller polls it: neither paused nor gone."""
        return not self.paused and self.last_status is not SourceStatus.GONE

    @property
    def shown_status(self) -> str:
        """The status as lists show it: "paused" for a paused source, else its last status."""
        return "paused" if self.paused else self.last_status.value

    @property
    def display_name(self) -> str:
        """Its name, else its feed's title, else its address without the scheme: the host
        alone named five untitled sources of one host alike ("127.0.0.1" five times in the
        sources view and `fetch`, each failing its own way), as a site's feeds often are."""
        from urllib.parse import urlsplit

        named = self.name or self.feed_title
        if named:
            return named
        parts = urlsplit(self.url)
        path = parts.path.rstrip("/")
        return f"{parts.hostname}{path}" if parts.hostname else self.url


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
class HeadlineQuery:
    """Which stored headlines to show: every field given must hold (None and False mean "any").
    Views build one (`newstui.ui.views.View.query`), commands from their options; the store
    takes it as is (`Store.headlines`, `Store.mark_all_read`)."""

    source: str | None = None
    """A source's name, feed title (both case-insensitive) or URL."""
    source_id: int | None = None
    tag: str | None = None
    """One of the source's tags."""
    search: str | None = None
    """The user's words, each matched as a word prefix in titles and summaries."""
    unread_only: bool = False
    starred_only: bool = False
    ids: frozenset[int] | None = None
    """Only these headlines (Headline.id)."""
    story: int | None = None
    """Only the headlines of this story (Headline.story_id): a lone headline's story is its id."""

    def limited_to(self, ids: Iterable[int]) -> HeadlineQuery:
        """The same query, only over the headlines `ids`."""
        return replace(self, ids=frozenset(int(i) for i in ids))


@dataclass(frozen=True, slots=True)
class Headline:
    """A feed item as stored and shown: the FeedEntry it came from, with its source, its key in
    the database and the reader's marks."""

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
    alert: bool = False
    """Matches the watchlist (`[[alerts]]`): set by whoever matched it (newstui.alerts), never
    stored; the list highlights it."""
    story: int | None = None
    """The story it belongs to (newstui.stories: the id of the story's first headline), or None
    while it is not placed yet; `story_id` reads None as the headline's own story."""

    @property
    def story_id(self) -> int:
        """The id of its story: the headlines several sources wrote about one event share it; a
        lone headline's (and one not placed yet) is its own id."""
        return self.id if self.story is None else self.story


def headline_record(headline: Headline) -> dict[str, object]:
    """One headline as the JSON object `newstui headlines --json` prints and an alert's command
    reads on stdin: `id` (the feed's guid), `source`, `title`, `link`, `published` (ISO 8601 in
    local time), `summary`, `key` (the database id), `read`, `starred`, `story`
    (Headline.story_id: headlines of one story share it)."""
    return {
        "id": headline.guid,
        "source": headline.source_name,
        "title": headline.title,
        "link": headline.link,
        "published": headline.published.astimezone().isoformat(),
        "summary": headline.summary,
        "key": headline.id,
        "read": headline.read,
        "starred": headline.starred,
        "story": headline.story_id,
    }


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story as the list shows it: the newest of its headlines that a query selects, and
    how big the whole story is."""

    headline: Headline
    headlines: int = 1
    """Headlines in the story (all of them, also those the query leaves out)."""
    sources: int = 1
    """Distinct sources among them."""


@dataclass(frozen=True, slots=True)
class Article:
    """A headline's full article: the readable part of its web page as safe Markdown, extracted
    (newstui.articles.extract) and cached for offline reading (Store.save_article). Every field is
    safe to show: no control characters."""

    title: str | None
    markdown: str
    """Links in it are http(s) only. As extracted: the body, without the title; as cached
    (articles.cache): the whole document `newstui read` prints, title line first."""
    words: int
    """Words of text in the body, of spaced scripts (Han and kana are counted apart:
    articles.length)."""
    author: str | None = None
    published: str | None = None
    """The page's date as the extractor found it (YYYY-MM-DD), or None."""
    fetched: datetime | None = None
    """When the page was fetched, timezone-aware UTC; None until it is."""
