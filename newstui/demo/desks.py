"""Provides the fictional desks of the demo newsroom: names, feed formats and tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FeedFormat = Literal["rss", "atom", "json"]


@dataclass(frozen=True)
class DemoDesk:
    """One fictional outlet of the demo newsroom, publishing one feed."""

    slug: str
    """Also the topic its stories are written from (world, business, ...)."""
    name: str
    fmt: FeedFormat
    tags: tuple[str, ...]

    @property
    def feed_path(self) -> str:
        extension = {"rss": "xml", "atom": "atom", "json": "json"}[self.fmt]
        return f"/feeds/{self.slug}.{extension}"


# Names that could not be mistaken for real outlets: every one is a networking joke.
DESKS: tuple[DemoDesk, ...] = (
    DemoDesk("world", "Loopback Herald", "rss", ("demo", "world")),
    DemoDesk("business", "Port 8080 Business Wire", "rss", ("demo", "business")),
    DemoDesk("science", "Localhost Science Desk", "atom", ("demo", "science")),
    DemoDesk("tech", "The Daily Packet", "json", ("demo", "tech")),
    DemoDesk("sport", "Three-Way Handshake Sport", "rss", ("demo", "sport")),
    DemoDesk("culture", "The Null Route Review", "rss", ("demo", "culture")),
)
