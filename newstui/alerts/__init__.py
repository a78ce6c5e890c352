"""Provides the watchlist: which new headlines alert (`[[alerts]]`), and running their commands."""
