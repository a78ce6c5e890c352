"""Provides the app benchmark's view timings: the sources view and a search, each from its key to
the painted screen, in tmux and headless (benchmarks/app_speed.py runs them after the keys)."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

SEARCHES = "storm,4711"
"""Over app_speed's stored titles (app_speed.headline_title) "storm" matches four headlines of
five (a common word), "4711" one headline a source (a rare one, as a number or a name is)."""
TIMEOUT = 30.0
SGR = re.compile(r"\x1b\[([0-9;]*)m")
BACKGROUND = re.compile(r"(?:^|;)(4[0-9](?:;5;\d+|;2;\d+;\d+;\d+)?|10[0-7])(?=;|$)")


def plain(styled: str) -> str:
    """A `capture-pane -e` screen without its styles."""
    return SGR.sub("", styled)


def _background(line: str) -> str | None:
    """The background a styled line starts with (its first SGR that sets one)."""
    for match in SGR.finditer(line):
        found = BACKGROUND.findall(match.group(1))
        if found:
            return str(found[-1])
    return None


def highlighted(styled: str, stamp: re.Pattern[str]) -> list[str]:
    """The headline rows of a `capture-pane -e` screen drawn on the highlight's background:
    of the rows that show a headline's time (`stamp`), those on the background fewest of them
    have (the list's own is the others'); none when they all share one (no row highlighted)."""
    rows = [(line, _background(line)) for line in styled.splitlines()]
    rows = [(plain(line).strip(), back) for line, back in rows if stamp.search(plain(line))]
    counts = Counter(back for _, back in rows)
    if len(counts) < 2:
        return []
    rare = min(counts, key=lambda back: counts[back])
    return [text for text, back in rows if back == rare]


def keys_moved(before: str, after: str, stamp: re.Pattern[str]) -> str | None:
    """None when the highlighted row changed between two `capture-pane -e` screens (the keys
    moved the list), else what was seen instead."""
    was, now = highlighted(before, stamp), highlighted(after, stamp)
    if not now:
        return f"no headline row is highlighted after the keys (before: {was or 'none either'})"
    if now == was:
        return f"the same row is highlighted before and after the keys: {now[0]!r}"
    return None


def polls_said(before: Mapping[str, int], after: Mapping[str, int]) -> str:
    """The farm's answers between two of its /stats: how many, how many of them 304."""
    asked = after["requests"] - before["requests"]
    unchanged = after["not_modified"] - before["not_modified"]
    return (
        f"the farm answered {asked} requests, {asked - unchanged} of them with a new feed (not 304)"
    )


def _wait(what: str, ready: Callable[[], bool], start: float) -> float:
    while not ready():
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.002)
    return time.perf_counter() - start


def tmux_views(tmux: Callable[..., str], stamp: re.Pattern[str], sources: int) -> dict[str, float]:
    """In the running ticker (tmux session "b", the list focused): `S` to the sources view painted
    (its title counts every source and a source's row shows), back with Esc; then each search of
    SEARCHES: `/`, the word, and Enter to the list painted with the search on its line."""
    result: dict[str, float] = {}

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "b")

    for attempt in ("first", "again"):
        start = time.perf_counter()
        tmux("send-keys", "-t", "b", "S")
        title = f"Sources: {sources},"
        result[f"sources_view_{attempt}_s"] = _wait(
            "the sources view", lambda t=title: t in (s := screen()) and "Farm feed" in s, start
        )
        tmux("send-keys", "-t", "b", "Escape")
        _wait("the list again", lambda: "Sources: " not in screen(), time.perf_counter())
        time.sleep(0.5)
    for word in SEARCHES.split(","):
        tmux("send-keys", "-t", "b", "/")
        _wait("the filter bar", lambda: "Filter titles" in screen(), time.perf_counter())
        tmux("send-keys", "-t", "b", "-l", word)
        start = time.perf_counter()
        tmux("send-keys", "-t", "b", "Enter")
        line, none = f'search: "{word}"', f'match "{word}"'  # a headline, or the empty list's
        result[f"search_{word}_s"] = _wait(  # reason (at 5,000 sources of 20 "4711" finds none)
            f"the search {word!r}",
            lambda x=line, n=none: (
                x in (s := screen()) and (bool(stamp.search(s.split(x, 1)[1])) or n in s)
            ),
            start,
        )
        tmux("send-keys", "-t", "b", "Escape")
        _wait("the search cleared", lambda: "search:" not in screen(), time.perf_counter())
        time.sleep(0.5)
    return result


async def headless_views(pilot: Any, app: Any, sources: int) -> dict[str, float]:
    """The same in run_test: CPU time of the process (and wall time, which includes Pilot's
    waits) from the key to the screen ready: the sources view's table holding every source, the
    list's line naming the search."""
    result: dict[str, float] = {}
    for attempt in ("first", "again"):
        cpu, wall = time.process_time(), time.perf_counter()
        await pilot.press("S")
        while not (
            app.screen.query("#sources-table")
            and app.screen.query_one("#sources-table").row_count == sources
        ):
            await pilot.pause(0.001)
        await pilot.pause()
        result[f"sources_view_{attempt}_cpu_ms"] = (time.process_time() - cpu) * 1000
        result[f"sources_view_{attempt}_wall_ms"] = (time.perf_counter() - wall) * 1000
        await pilot.press("escape")
        await pilot.pause()
    for word in SEARCHES.split(","):
        await pilot.press("slash", *word)
        cpu, wall = time.process_time(), time.perf_counter()
        await pilot.press("enter")
        line = app.screen.query_one("#list-status")
        while f'search: "{word}"' not in str(line.render()):
            await pilot.pause(0.001)
        await pilot.pause()
        result[f"search_{word}_cpu_ms"] = (time.process_time() - cpu) * 1000
        result[f"search_{word}_wall_ms"] = (time.perf_counter() - wall) * 1000
        await pilot.press("escape")
        await pilot.pause()
    return result
