"""Tests the sources view's edit keys with Pilot: in the demo they are not offered (the
newsroom's sources are fixed) and the demo wears the user's display settings; in a fresh setup
adding a source asks whether to keep the built-in ones."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from newstui.commands.demo import demo_settings
from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.schema import Config, load_config
from newstui.demo import Newsroom
from newstui.models import FeedEntry
from newstui.storage.store import Store
from newstui.ui.screens.ask import AskScreen, ConfirmScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp

NOW = datetime(2026, 11, 27, 9, 53, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's default config file (not there yet), where the app looks for it."""
    path = tmp_path / "home" / "config.toml"
    monkeypatch.setattr("newstui.config.editing.default_config_path", lambda: path)
    return path


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    room = Newsroom(seed=7).start()
    yield room
    room.stop()


async def until(pilot: Pilot[None], condition: object, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await pilot.pause(0.05)


async def test_the_demo_wears_the_users_settings_and_offers_no_edits(
    tmp_path: Path, user_config: Path, newsroom: Newsroom, news_app: MakeApp
) -> None:
    user_config.parent.mkdir(parents=True)
    user_config.write_text(
        'time_format = "%d/%m %Hh%M"\ntheme = "nord"\n[keymap]\nsources = "f2"\n'
        '[[sources]]\nurl = "https://mine.example/feed"\n'
    )
    config = demo_settings(load_config(user_config), newsroom.source_configs())
    assert config.path is None and config.sources == tuple(newsroom.source_configs())
    store = Store(tmp_path / "demo.db")
    (first, *_) = store.sync_sources(config.sources, config.refresh)
    store.save_poll(first, [FeedEntry("g", "Harbour opens", None, NOW)], NOW)
    app = news_app(config, store, title="newstui demo")
    async with app.run_test(size=(120, 30)) as pilot:
        assert app.theme == "nord"
        # The stored headlines are read once the start-up's first write is done.
        # The user's time format: whole under the title in the News line layout, its time
        # of day on the row in the compact one (the day goes to the list's day line).
        lines = app.main.headlines.render_line
        await until(pilot, lambda: "09h53" in str(lines(0).text) + str(lines(1).text))
        await pilot.press("S")  # the default key is unbound by the user's keymap
        assert not isinstance(app.screen, SourcesScreen)
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        title = str(screen.query_one("#sources-title", Static).render())
        assert "read-only here" in title
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert {"pause", "back"} <= shown and not shown & {"add", "rename", "retag", "remove"}
        for key in ("a", "e", "t", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # nothing asked
        await pilot.press("p")  # pausing is the session's database: it works
        await until(pilot, lambda: screen.sources[0].paused)
    assert user_config.read_text().count("[[sources]]") == 1


@pytest.mark.parametrize(("answer", "builtin"), [("y", False), ("n", True), ("escape", True)])
async def test_first_add_asks_whether_to_keep_the_builtin_sources(
    tmp_path: Path,
    user_config: Path,
    feed_server: FeedServer,
    answer: str,
    builtin: bool,
    news_app: MakeApp,
) -> None:
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    app = news_app(Config(), tmp_path / "news.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S", "a")
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*feed, "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press(answer)
        await until(pilot, user_config.exists)
    urls = [s.url for s in load_config(user_config).sources]
    assert urls == ([s.url for s in DEFAULT_SOURCES] if builtin else []) + [feed]


async def test_no_question_once_the_file_lists_sources(
    tmp_path: Path, user_config: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    user_config.parent.mkdir(parents=True)
    user_config.write_text('[[sources]]\nurl = "https://mine.example/feed"\n')
    app = news_app(load_config(user_config), tmp_path / "n.db", now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S", "a", *feed, "enter")
        await until(pilot, lambda: len(load_config(user_config).sources) == 2)
        assert not isinstance(app.screen, ConfirmScreen)


async def test_adding_a_page_whose_feed_is_already_a_source_says_so(
    tmp_path: Path, user_config: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    """A web page found to name a feed already configured: nothing is added, the view says the
    source is there and highlights it (it said "Added" and changed nothing)."""
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    page = feed_server.route(
        "/page.html",
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{feed}">'
        "</head><body>A page</body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    user_config.parent.mkdir(parents=True)
    text = f'[[sources]]\nurl = "https://mine.example/feed"\n\n[[sources]]\nurl = "{feed}"\n'
    user_config.write_text(text)
    app = news_app(load_config(user_config), tmp_path / "n.db", now=None)
    seen: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        # The config's sources reach the store after the first paint: the view lists them then.
        await until(pilot, lambda: len(app.store.sources()) == 2)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await until(pilot, lambda: len(screen.sources) == 2)
        await pilot.press("a", *page, "enter")
        await until(
            pilot,
            lambda: any("Already a source" in n.message for n in app._notifications),
        )
        seen = [n.message for n in app._notifications]
        assert screen.selected is not None and screen.selected.url == feed
    assert not any(m.startswith("Added") for m in seen)
    assert user_config.read_text() == text


async def test_adding_another_spelling_of_a_sources_address_says_so(
    tmp_path: Path, user_config: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    """`HTTP://` for `http://` (as a paste from somewhere keeps it): one feed, which was added a
    second time, its headlines stored twice under two sources."""
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    user_config.parent.mkdir(parents=True)
    text = f'[[sources]]\nurl = "https://mine.example/feed"\n\n[[sources]]\nurl = "{feed}"\n'
    user_config.write_text(text)
    app = news_app(load_config(user_config), tmp_path / "n.db", now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: len(app.store.sources()) == 2)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await until(pilot, lambda: len(screen.sources) == 2)
        await pilot.press("a", *feed.replace("http://", "HTTP://"), "enter")
        await until(
            pilot,
            lambda: any("Already a source" in n.message for n in app._notifications),
        )
        seen = [n.message for n in app._notifications]
        assert screen.selected is not None and screen.selected.url == feed
    assert not any(m.startswith("Added") for m in seen)
    assert user_config.read_text() == text
