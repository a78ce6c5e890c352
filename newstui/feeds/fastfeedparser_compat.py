"""Provides every use newstui makes of fastfeedparser's private API, each checked by a test."""

# Touches, each checked against fastfeedparser 0.6.5 and guarded by
# tests/unit/test_library_compat.py (which fails when the name it replaces is gone):
#
# 1. fastfeedparser.main._slow_dateparser is replaced by a function that reads nothing. It is
#    fastfeedparser's last resort for dates, the natural-language `dateparser` (when installed:
#    trafilatura pulls it in), ~0.5 ms a call, which fastfeedparser tries on every undated
#    item's guid. newstui reads dates itself (newstui.feeds.dates), so the guess was only cost.

from __future__ import annotations

CHECKED_VERSION = "0.6.5"


def no_date_guessing() -> None:
    """Turn off fastfeedparser's natural-language date guessing (touch 1); idempotent."""
    from fastfeedparser import main

    if getattr(main, "_slow_dateparser", None) is not _no_guess:
        main._slow_dateparser = _no_guess


def _no_guess(value: str) -> None:
    return None
