"""Provides the watchlist: which new headlines alert (`[[alerts]]`), and running their commands.

May import newstui.text and newstui.models only.
"""
