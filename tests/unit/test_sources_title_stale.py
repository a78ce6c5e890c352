"""Tests the sources view's title counts as stale only the sources it lists: after the first add
to a config without sources of its own ("list only this one?" y), offline at start, the title
said "Sources: 1, ..., stale: 10" for the ten built-in sources no longer there."""

from __future__ import annotations

from newstui.models import Source, SourceStatus
from newstui.ui.screens.sources_layout import sources_title


def source(n: int, status: SourceStatus = SourceStatus.OK) -> Source:
    return Source(n, f"http://127.0.0.1:9/{n}", None, None, 300.0, last_status=status)


def test_the_title_counts_only_the_stale_sources_it_lists() -> None:
    error = SourceStatus.ERROR
    added = [source(11)]
    assert sources_title(added, stale=set(range(1, 11)), offline=()) == (
        "Sources: 1, failing: 0, paused: 0"
    )
    kept = [source(1, error), source(2, error), source(11)]
    said = sources_title(kept, stale={1, 2, 3, 4}, offline=())
    assert said.endswith("stale: 2 (their errors are from while offline)")
