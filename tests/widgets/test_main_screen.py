"""Tests the main screen's own duties through Pilot: its layout after a resize under another
screen, help and the view line from public bindings after the keymap, and store writes that
wait for (or fail on) another process's lock without freezing the screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")

URL = "http://127.0.0.1:9/feed.xml"  # a closed port: nothing is fetched here


def stocked(db: Path, count: int = 12, **config: object) -> tuple[Config, Store]:
    store = Store(db)
    (source,) = store.sync_sources([SourceConfig(URL, name="Wire")], 300)
    entries = [
        FeedEntry(f"g{n}", f"Story {n}", f"http://127.0.0.1:9/{n}", NOW - timedelta(minutes=n))
        for n in range(count)
    ]
    store.save_poll(source, entries, NOW)
    return Config(sources=(SourceConfig(URL, name="Wire"),), **config), store  # type: ignore[arg-type]


def assert_layout(app: NewsApp, *, narrow: bool, reading: bool = False) -> None:
    """Narrow: the list or the open article takes the screen. Wide: the list has the whole
    width until an article is open, then shares it with the pane."""
    main = app.main
    assert main.narrow is narrow
    reader, column = main.reader.region.width, main.query_one("#list-column").region.width
    if not reading:
        assert column == app.size.width and reader == 0
    elif narrow:
        assert reader == app.size.width and column == 0
    else:
        assert column > 0 and reader > 0 and column + reader == app.size.width


async def test_a_resize_under_help_lays_the_main_screen_out_for_the_new_width(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stocked(tmp_path / "n.db"))
    async with app.run_test(size=(140, 30)) as pilot:
        assert_layout(app, narrow=False)
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reading)
        assert_layout(app, narrow=False, reading=True)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert not app.screen.has_class("-narrow")  # the class is the main screen's alone
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        assert_layout(app, narrow=True, reading=True)
        assert app.main.reader.has_focus  # the hidden list does not keep the keys


async def test_a_resize_under_the_sources_view_splits_the_screen_for_the_open_article(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stocked(tmp_path / "n.db"))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reading)
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert_layout(app, narrow=False, reading=True)
        await pilot.press("escape")  # closing the article gives the list the whole width
        await pilot.pause()
        assert_layout(app, narrow=False)


def help_rows(app: NewsApp) -> dict[str, dict[str, str]]:
    """The help on screen, as {section: {description: keys}}."""
    assert isinstance(app.screen, HelpScreen)
    return {title: {what: keys for keys, what in rows} for title, rows in app.screen.sections}


async def test_help_shows_the_keys_as_remapped(tmp_path: Path, news_app: MakeApp) -> None:
    keymap = {"toggle_read": "x", "headlines.down": "J,down", "back": "ctrl+g"}
    app = news_app(*stocked(tmp_path / "n.db", keymap=keymap))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        rows = help_rows(app)
        assert rows["Everywhere"]["Read/unread"] == "x"
        assert rows["Everywhere"]["Back"] == "^g"
        assert rows["Everywhere"]["Quit"] == "^q, q"
        assert rows["Headlines"]["Down"] == "J, ↓"
        assert rows["Headlines"]["Up"] == "↑, k"
        assert list(rows["Everywhere"])[-1] == "palette"
        await pilot.press("escape", "slash", *"story", "enter")
        await pilot.pause(0.3)
        assert app.main.column.describe_view().endswith("(^g: clear)")


async def test_help_opened_from_the_reading_pane_lists_its_keys(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stocked(tmp_path / "n.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        await pilot.press("tab", "question_mark")
        rows = help_rows(app)
        assert "Headlines" not in rows and "Reading pane" in rows
        assert rows["Everywhere"]["Switch pane"] == "tab"


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another process holds the database's write lock until the block ends (as a `newstui
    fetch` from cron does while it stores a round)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN IMMEDIATE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n"
            "db.execute('ROLLBACK')\n",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def notices(app: NewsApp) -> list[str]:
    """The notices painted on the screen now (Textual's toasts)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


@pytest.mark.timeout(60)
async def test_a_mark_waits_for_another_process_without_freezing_the_screen(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stocked(tmp_path / "n.db")
    app = news_app(config, store)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        headlines = app.main.headlines
        with write_lock_held(store.path):
            await pilot.press("u")
            assert headlines.highlighted is not None and headlines.highlighted.read  # shown now
            await pilot.press("j", "j")
            assert headlines.highlighted_index == 2  # keys still move the highlight
            await settle(pilot, lambda: any("waiting" in notice for notice in notices(app)))
            assert app.writes.pending  # painted while the write still waits
        await written(pilot, app)
        assert store.headlines(limit=1)[0].read


@pytest.mark.timeout(60)
async def test_a_mark_that_cannot_be_stored_is_shown_undone_with_a_notice(
    tmp_path: Path, news_app: MakeApp
) -> None:
    db = tmp_path / "n.db"
    config, store = stocked(db)
    store.close()
    app = news_app(config, Store(db, busy_timeout=1.0))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        headlines = app.main.headlines
        with write_lock_held(db):
            await pilot.press("s")
            assert headlines.highlighted is not None and headlines.highlighted.starred
            await written(pilot, app)  # gives up after the busy timeout
            assert not headlines.highlighted.starred
            assert any("did not finish" in notice for notice in notices(app))
        assert not Store(db).headlines(limit=1)[0].starred


async def test_quick_toggles_are_stored_in_the_order_pressed(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stocked(tmp_path / "n.db")
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*["s"] * 21, *["u"] * 10)  # star on; read back to unread
        await written(pilot, app)
        first = store.headlines(limit=1)[0]
        assert first.starred and not first.read
        assert app.main.headlines.highlighted == first  # what is shown is what is stored
