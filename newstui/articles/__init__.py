"""Provides full articles: a page fetched, reduced to its readable text as Markdown, cached.

May import newstui.storage, newstui.net, newstui.text and newstui.models; never the interface.
"""
