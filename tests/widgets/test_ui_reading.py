"""Tests the reading keys and views with Textual's Pilot on a real store and config file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from newstui.config.schema import Config, load_config
from newstui.models import FeedEntry
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.filter_bar import FilterBar
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle, written

CONFIG = """\
# my sources
[[sources]]
url = "https://harbour.example/rss"
name = "Harbour Times"
tags = ["local"]

[[sources]]
url = "https://wire.example/world.xml"
name = "World Wire"
tags = ["world"]
"""
STORIES = [
    ("Storm warning for the northern coast", "Harbour Times"),
    ("Central bank holds rates", "World Wire"),
    ("Harbour storm damages the pier", "Harbour Times"),
    ("Water-sharing accord signed", "World Wire"),
    ("Library lends out telescopes", "Harbour Times"),
]


pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def make_app(news_app: MakeApp) -> Callable[..., NewsApp]:
    """The app on a config file of two desks and a store of their five stories."""

    def make(tmp_path: Path, extra: str = "") -> NewsApp:
        return news_app(*desks(tmp_path, extra))

    return make


def desks(tmp_path: Path, extra: str = "") -> tuple[Config, Store]:
    path = tmp_path / "config.toml"
    path.write_text(extra + CONFIG)
    config = load_config(path)
    store = Store(tmp_path / "news.db")
    by_name = {s.name: s for s in store.sync_sources(config.sources, 300)}
    for n, (title, desk) in enumerate(STORIES):
        entry = FeedEntry(f"g{n}", title, f"https://x.example/{n}", NOW - timedelta(minutes=10 * n))
        store.save_poll(by_name[desk], [entry], NOW)
    return config, store


def shown(app: NewsApp) -> list[str]:
    return [h.title for h in app.main.headlines.headlines]


def described(app: NewsApp) -> str:
    return app.main.column.describe_view()


async def test_views_keys(tmp_path: Path, make_app: Callable[..., NewsApp]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        assert len(shown(app)) == 5
        await pilot.press("u")  # first headline read
        await written(pilot, app)
        await pilot.press("2")
        assert shown(app) == [t for t, _ in STORIES[1:]]
        assert "Unread" in described(app)
        await pilot.press("down", "s")  # star "Harbour storm damages the pier"
        await written(pilot, app)
        await pilot.press("3")
        assert shown(app) == ["Harbour storm damages the pier"]
        await pilot.press("1")
        assert len(shown(app)) == 5 and described(app) == "All headlines"
        assert "All headlines" in str(app.query_one("#list-status").render())
        await pilot.press("v")
        assert app.main.view.kind == "unread"
        await pilot.press("v", "v")
        assert app.main.view.kind == "all"


async def test_filter_as_you_type_and_esc_clears(
    tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await pilot.press(*"stor")
        await pilot.pause(0.3)  # the debounce
        assert shown(app) == [STORIES[0][0], STORIES[2][0]]
        assert 'search: "stor"' in described(app)
        await pilot.press("enter")
        assert app.focused is app.main.headlines
        assert app.main.column.filter_shown  # the filter stays visible
        await pilot.press("2")  # views combine with the filter
        assert described(app) == 'Unread · search: "stor"  (Esc: clear)'
        await pilot.press("escape")
        assert len(shown(app)) == 5 and not app.main.column.filter_shown
        assert described(app) == "Unread"


async def test_filter_esc_inside_the_input(
    tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"telescopes")
        await pilot.pause(0.3)
        assert shown(app) == ["Library lends out telescopes"]
        await pilot.press("escape")
        assert len(shown(app)) == 5 and app.focused is app.main.headlines


async def test_mark_all_read_everything_or_the_source(
    tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("enter")  # first source: Harbour Times
        assert not isinstance(app.screen, SourcesScreen)
        assert described(app) == "All headlines · source: Harbour Times  (Esc: clear)"
        assert {h.source_name for h in app.main.headlines.headlines} == {"Harbour Times"}
        await pilot.press("A")
        await written(pilot, app)
        assert app.store.counts().unread == 2
        await pilot.press("escape", "A")
        await written(pilot, app)
        assert app.store.counts().unread == 0


async def test_tag_picker(tmp_path: Path, make_app: Callable[..., NewsApp]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("T")
        await pilot.press("down", "down", "enter")  # (every tag), local, world
        assert described(app) == "All headlines · tag: world  (Esc: clear)"
        assert {h.source_name for h in app.main.headlines.headlines} == {"World Wire"}


async def test_sources_view_rename_retag_pause_remove(
    tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    path = tmp_path / "config.toml"
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await pilot.press("e", *"Harbour", "enter")
        await written(pilot, app)
        assert 'name = "Harbour"' in path.read_text()
        assert "# my sources" in path.read_text()
        await pilot.press("t", "ctrl+u", *"local, coast", "enter")
        await written(pilot, app)
        assert load_config(path).sources[0].tags == ("local", "coast")
        await pilot.press("p")
        await settle(pilot, lambda: screen.sources[0].shown_status == "paused")
        assert screen.sources[0].paused
        await pilot.press("p")
        await settle(pilot, lambda: screen.sources[0].shown_status == "new")
        assert not screen.sources[0].paused
        await pilot.press("down", "d")
        await pilot.press("n")
        assert len(load_config(path).sources) == 2
        await pilot.press("d", "y")
        await written(pilot, app)
        assert [s.url for s in load_config(path).sources] == ["https://harbour.example/rss"]
        await settle(pilot, lambda: len(screen.sources) == 1)
        sources = app.main.polling.sources
        assert sources and all(s.name == "Harbour" for s in sources.values())


async def test_add_source_by_page_url(
    tmp_path: Path, feed_server: FeedServer, make_app: Callable[..., NewsApp]
) -> None:
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    page = feed_server.route(
        "/home",
        b'<html><head><link rel="alternate" type="application/atom+xml" href="feed.xml">'
        b"</head></html>",
        headers={"Content-Type": "text/html"},
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S", "a", *page, "enter")
        for _ in range(50):
            await pilot.pause(0.05)
            if len(load_config(tmp_path / "config.toml").sources) == 3:
                break
        assert load_config(tmp_path / "config.toml").sources[-1].url == feed
        await settle(pilot, lambda: any(s.url == feed for s in app.main.polling.sources.values()))


async def test_keymap_remaps_by_binding_id(tmp_path: Path, news_app: MakeApp) -> None:
    keymap = '[keymap]\ntoggle_star = "x"\nview_unread = "V"\n'
    _, store = desks(tmp_path)
    path = tmp_path / "k.toml"
    path.write_text(keymap + CONFIG)
    app = news_app(load_config(path), store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("x")
        assert app.main.headlines.headlines[0].starred
        await pilot.press("V")
        assert app.main.view.kind == "unread"


async def test_theme_is_remembered(
    tmp_path: Path, make_app: Callable[..., NewsApp], news_app: MakeApp
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        chosen = app.theme
    assert app.store.setting("theme") == chosen
    again = news_app(app.config, app.store)
    async with again.run_test(size=(120, 30)):
        assert again.theme == chosen


async def test_palette_has_the_ticker_commands(
    tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"jump to world")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert described(app) == "All headlines · source: World Wire  (Esc: clear)"


def _fixed_sources(app: NewsApp) -> None:
    """Gives the sources fixed fetch state so the sources view renders the same every run."""
    from dataclasses import replace

    for source in app.store.sources():
        ok = source.name == "Harbour Times"
        state = replace(
            source,
            last_fetch=NOW - timedelta(minutes=3),
            next_poll=NOW + timedelta(minutes=2) if ok else NOW + timedelta(minutes=40),
            last_status="ok" if ok else "error",
            last_error=None if ok else "HTTP 503 Service Unavailable",
            failures=0 if ok else 3,
        )
        app.store.save_states([state])


def test_snapshot_sources_view(
    snap_compare: Any, tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)
    _fixed_sources(app)

    async def open_sources(pilot: Any) -> None:
        # The header counts the failing source once the stored sources reach the main screen,
        # just after the first paint (SourcesSynced).
        await settle(pilot, lambda: len(app.main.polling.sources) == 2)
        await pilot.press("S")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 16), run_before=open_sources)


def test_snapshot_filtered_list(
    snap_compare: Any, tmp_path: Path, make_app: Callable[..., NewsApp]
) -> None:
    app = make_app(tmp_path)

    async def filter_storm(pilot: Any) -> None:
        await pilot.press("2", "slash", *"storm")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 16), run_before=filter_storm)


def test_reader_link_line_is_an_osc8_link_only_when_safe() -> None:
    from newstui.models import Headline
    from newstui.ui.widgets.reader_pane import ReaderPane

    def links(url: str) -> list[str | None]:
        headline = Headline(1, 1, "S", "g", "T", url, NOW)
        meta = ReaderPane("%H:%M")._meta(headline)
        return [span.style.link for span in meta.spans if not isinstance(span.style, str)]

    assert links("https://x.example/a?b=1") == ["https://x.example/a?b=1"]
    assert links("javascript:alert(1)") == [None]
    (cleaned,) = links("https://x.example/\x1b]8;;evil\x07")
    assert cleaned is None or ("\x1b" not in cleaned and "\x07" not in cleaned)
