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


# Names that could not be mistaken for real outlets (each is a networking joke), at most 13
# characters: the ticker's source column is about that wide, and cut names look broken.
DESKS: tuple[DemoDesk, ...] = (
    DemoDesk("world", "Loopback Post", "rss", ("demo", "world")),
    DemoDesk("business", "Port 8080 Biz", "rss", ("demo", "business")),
    DemoDesk("science", "Localhost Lab", "atom", ("demo", "science")),
    DemoDesk("tech", "Daily Packet", "json", ("demo", "tech")),
    DemoDesk("sport", "SYN/ACK Sport", "rss", ("demo", "sport")),
    DemoDesk("culture", "Null Route", "rss", ("demo", "culture")),
)
