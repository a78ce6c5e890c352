"""Provides news feeds: parsing (a fast path and feedparser), polling on a schedule, rounds over
every source (`fetch`), and finding a page's feed.

May import newstui.storage, newstui.net, newstui.config, newstui.text and newstui.models.
"""
