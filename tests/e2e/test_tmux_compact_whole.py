"""Runs the installed `newstui` in tmux with the list alone (the compact layout from 100 columns)
and reads the screen as a person does: every headline whole (a long one goes on under its title
column), and the footer's keys that matter whole at every width."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.test_tmux import tmux, wait_for
from tests.e2e.test_tmux_watching import (
    TITLES,
    Tmux,
    first_title_line,
    list_lines,
    serve,
    start,
    stories,
    whole_titles,
)
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

FOOTER_KEYS = ("Open", "/ Filter", "] Next unread", "? Help", "q Quit")


@pytest.mark.parametrize("width", [100, 120, 200])
def test_whole_headlines_in_the_compact_list(
    width: int, tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    screen = start(tmux, tmp_path, serve(feed_server, stories(feed_server, now)), width=width)
    wait_for(screen, lambda s: "Harbour authority" in first_title_line(s), 30)
    shown = screen()
    lines = list_lines(shown)
    assert not any("…" in line for line in lines), shown
    whole, cut = whole_titles(lines, TITLES)
    assert not cut, "\n".join(cut) + "\n" + shown
    assert len(whole) >= 10, shown
    # A day's rule ("── Monday 30 November 2026 ──") stands between the days when the
    # stories, dated back from now, cross midnight (a run just after it): not a headline row.
    rows = [line for line in lines if line.strip() and not line.lstrip().startswith("─")]
    title_column = rows[0].index("Harbour authority")
    for line in rows:  # a row's title, or its continuation, starts in the one column
        assert line[title_column - 1] == " " and line[title_column] != " ", shown
    footer = shown.splitlines()[-1]
    assert all(key in footer for key in FOOTER_KEYS), footer


@pytest.mark.parametrize("width", [60, 100])
def test_the_footer_shows_the_keys_that_matter_whole(
    width: int, tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    screen = start(tmux, tmp_path, serve(feed_server, stories(feed_server, now)), width=width)
    shown = wait_for(screen, lambda s: "Harbour authority" in s, 30)
    footer = shown.splitlines()[-1]
    assert all(key in footer for key in FOOTER_KEYS), footer
    assert footer.rstrip().endswith("palette"), footer  # nothing cut before the palette's key
