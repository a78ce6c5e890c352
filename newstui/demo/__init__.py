"""Provides the offline demo newsroom behind `newstui demo`: fictional desks served on 127.0.0.1.

May import newstui.feeds, newstui.articles, newstui.sync and the layers below them; never the
interface.
"""

from __future__ import annotations

from newstui.demo.desks import DESKS, DemoDesk, FeedFormat
from newstui.demo.newsroom import FEED_SIZE, Newsroom
from newstui.demo.render import Entry

__all__ = ["DESKS", "FEED_SIZE", "DemoDesk", "Entry", "FeedFormat", "Newsroom"]
