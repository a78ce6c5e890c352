"""Provides feed discovery: a URL the user typed becomes a feed URL (a page's rel=alternate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newstui.feeds.parse import parse_feed
from newstui.text.sanitize import safe_link, single_line

if TYPE_CHECKING:
    from newstui.net.net_thread import Fetches

MAX_CANDIDATES = 3
"""Alternates of a page tried in turn (pages list several: comments, per-category feeds)."""


@dataclass(frozen=True)
class Discovery:
    """Where the feed is, or why none was found."""

    url: str | None
    """The feed's URL (as typed when it was a feed already); None when nothing was found."""
    title: str | None = None
    """The feed's own title, as safe single-line text."""
    problem: str | None = None
    via_page: bool = False
    """True when `url` came from a page's <link rel="alternate">."""


async def discover_feed(fetcher: Fetches, url: str) -> Discovery:
    """Fetches `url`: a feed is taken as it is; an HTML page is searched for the feeds it links
    to with <link rel="alternate">, and the first that parses as a feed is taken. An address
    typed without its scheme ("example.org/feed", as a browser's address bar takes it, or
    feed://example.org/feed, as a page's feed link gives it) is tried as https://, then as
    http:// where that found no feed."""
    typed = url.strip()
    if typed[:5].lower() == "feed:":  # a browser's feed link: feed://host/rss, feed:https://...
        typed = typed[5:].removeprefix("//")
    host = typed.partition("://")[2 if "://" in typed else 0].partition("/")[0]
    if any(c.isspace() for c in host):  # words typed or pasted, not an address: no lookup
        return Discovery(None, problem=f"{typed!r} is not an address (a host has no spaces)")
    if "://" in typed or safe_link(f"https://{typed}") is None:
        return await _discover(fetcher, typed)
    secure = await _discover(fetcher, f"https://{typed}")
    if secure.url is not None:
        return secure
    plain = await _discover(fetcher, f"http://{typed}")
    if plain.url is not None:
        return plain
    return Discovery(None, problem=f"https://: {secure.problem}; http://: {plain.problem}")


async def _discover(fetcher: Fetches, url: str) -> Discovery:
    link = safe_link(url)
    if link is None:
        return Discovery(None, problem="not an http:// or https:// address")
    result = await fetcher.fetch(link)
    if not result.ok:
        return Discovery(None, problem=result.error or f"HTTP {result.status}")
    parsed = parse_feed(result.body, url=result.final_url, headers=result.headers)
    if parsed.is_feed:
        return Discovery(link, title=_title(parsed.title))
    if not parsed.alternates:
        return Discovery(None, problem=f"no feed there: {parsed.problem or 'not a feed'}")
    last_problem = "its feed links do not lead to a feed"
    for candidate in parsed.alternates[:MAX_CANDIDATES]:
        feed_url = safe_link(candidate)
        if feed_url is None:
            continue
        answer = await fetcher.fetch(feed_url)
        if not answer.ok:
            last_problem = f"{feed_url}: {answer.error or f'HTTP {answer.status}'}"
            continue
        feed = parse_feed(answer.body, url=answer.final_url, headers=answer.headers)
        if feed.is_feed:
            return Discovery(feed_url, title=_title(feed.title), via_page=True)
        last_problem = f"{feed_url}: {feed.problem or 'not a feed'}"
    return Discovery(None, problem=last_problem)


def _title(text: str | None) -> str | None:
    return single_line(text, 200) or None if text else None
