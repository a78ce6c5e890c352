"""Tests stories through the installed command: `fetch` places what it stores, `headlines --json`
gives each headline its story, `headlines --story` and `mark-read --story` take one story."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
EVENT = [
    "Metro-North worker killed by train in East Harlem",
    "Track worker struck and killed by Metro-North train, MTA says",
    "Metro-North track worker killed in Harlem",
]
BACKGROUND = [
    "Storm batters coast as thousands lose power",
    "Football club sacks manager after losing run",
    "Parliament votes on new budget plan",
    "Tech company unveils new smartphone lineup",
    "Oil prices climb on supply worries",
    "Court rules on landmark privacy case",
    "Airline cancels flights amid strike",
]
OTHERS = [
    "Central bank holds interest rates steady",
    "Wildfire forces evacuations in the hills",
    "Scientists find water ice on distant moon",
]


def newstui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )


def headlines(config: Path, db: Path, *args: str) -> list[dict[str, object]]:
    done = newstui("--config", str(config), "--db", str(db), "headlines", "--json", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture
def fetched(tmp_path: Path, feed_server: FeedServer) -> tuple[Path, Path]:
    """Three sources on 127.0.0.1, each reporting the one event and something of its own,
    fetched once."""
    lines = []
    for n in range(3):
        items = [
            Item(EVENT[n], f"http://127.0.0.1/e{n}", f"e{n}", NOW - timedelta(minutes=30 - n)),
            Item(OTHERS[n], f"http://127.0.0.1/o{n}", f"o{n}", NOW - timedelta(minutes=60 + n)),
        ]
        url = feed_server.route(f"/feed{n}.xml", rss(items, title=f"Desk {n}"))
        lines.append(f'[[sources]]\nurl = "{url}"\nname = "Desk {n}"\n')
    config = tmp_path / "config.toml"
    config.write_text("\n".join(lines))
    db = tmp_path / "news.db"
    done = newstui("--config", str(config), "--db", str(db), "fetch", "-q")
    assert done.returncode == 0, done.stderr
    return config, db


def test_fetch_places_its_headlines_and_json_shares_the_story(fetched: tuple[Path, Path]) -> None:
    _, db = fetched
    store = Store(db)
    try:
        assert not store.unplaced()  # the fetch placed them, not this reading
    finally:
        store.close()
    rows = headlines(*fetched)
    stories = {str(r["title"]): r["story"] for r in rows}
    assert len({stories[t] for t in EVENT}) == 1
    first = next(r for r in rows if r["title"] == EVENT[0])
    assert stories[EVENT[0]] == first["key"]  # a story's id is its first headline's key
    lone = [r for r in rows if r["title"] in OTHERS]
    assert all(r["story"] == r["key"] for r in lone)  # a lone headline has its own


def test_story_lists_one_story_and_mark_read_takes_it_whole(fetched: tuple[Path, Path]) -> None:
    config, db = fetched
    story = next(r["story"] for r in headlines(config, db) if r["title"] == EVENT[0])
    one = headlines(config, db, "--story", str(story))
    assert [r["title"] for r in one] == EVENT[::-1]  # newest first
    plain = newstui("--config", str(config), "--db", str(db), "headlines", "--story", str(story))
    assert plain.returncode == 0 and len(plain.stdout.splitlines()) == 3
    done = newstui("--config", str(config), "--db", str(db), "mark-read", "--story", str(story))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3 marked read"
    unread = headlines(config, db, "--unread")
    assert sorted(str(r["title"]) for r in unread) == sorted(OTHERS)


def test_an_unknown_story_is_an_error_and_a_bad_one_a_usage_error(
    fetched: tuple[Path, Path],
) -> None:
    config, db = fetched
    done = newstui("--config", str(config), "--db", str(db), "headlines", "--story", "99999")
    assert done.returncode == 1
    assert "no story with id 99999" in done.stderr
    bad = newstui("--config", str(config), "--db", str(db), "headlines", "--story", "zero")
    assert bad.returncode == 2


def test_headlines_places_what_another_process_stored_without_placing(tmp_path: Path) -> None:
    """Headlines stored and not placed (a `fetch` that left a large backlog, an older newstui):
    `headlines --json` places them before it prints, so their stories are whole."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.toml"
    config.write_text("")
    store = Store(db)
    try:
        sources = store.sync_sources(
            [SourceConfig(f"http://127.0.0.1/{n}", name=f"S{n}") for n in range(3)], 300
        )
        for n, source in enumerate(sources):
            when = NOW - timedelta(minutes=10 - n)
            store.save_poll(source, [FeedEntry(f"e{n}", EVENT[n], None, when)], NOW)
        assert store.unplaced()
    finally:
        store.close()
    rows = headlines(config, db)
    assert len({r["story"] for r in rows}) == 1
    store = Store(db)
    try:
        assert not store.unplaced()  # written back: the next reader does not place them again
    finally:
        store.close()


def test_a_story_merged_into_an_older_one_is_found_under_its_old_id(tmp_path: Path) -> None:
    """A ticker (one placer, in this process) places two reports of each half of an event,
    then the headline that bridges them: the halves' stories merge, and a script that kept the
    younger id still finds the story by it."""
    halves = [
        ["Airliner MH370 missing with 239 aboard", "MH370 airliner missing, 239 aboard"],
        ["MH370: Vietnam sees debris", "Debris from MH370 seen by Vietnam"],
        ["MH370 airliner debris seen by Vietnam"],
    ]
    db = tmp_path / "news.db"
    config = tmp_path / "config.toml"
    config.write_text("")
    store = Store(db)
    placer = StoryPlacer()
    try:
        sources = store.sync_sources(
            [SourceConfig(f"http://127.0.0.1/{n}", name=f"S{n}") for n in range(6)], 300
        )
        background = [
            FeedEntry(f"b{n}", t, None, NOW - timedelta(hours=2, minutes=n))
            for n, t in enumerate(BACKGROUND)
        ]
        store.save_poll(sources[5], background, NOW)
        count = 0
        for titles in halves:
            for title in titles:
                when = NOW - timedelta(minutes=30 - count)
                store.save_poll(sources[count], [FeedEntry(f"g{count}", title, None, when)], NOW)
                count += 1
            placer.place_all(store)
    finally:
        store.close()
    rows = headlines(config, db)
    first = next(r for r in rows if r["title"] == halves[0][0])
    younger = next(r for r in rows if r["title"] == halves[1][0])
    assert younger["story"] == first["story"] == first["key"]  # merged into the older
    found = headlines(config, db, "--story", str(younger["key"]))
    assert len(found) == 5
    assert {r["story"] for r in found} == {first["key"]}
