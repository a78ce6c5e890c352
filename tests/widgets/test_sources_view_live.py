"""Tests the sources view as a screen of its own: the ticker's header, its own help and keys
(`?`, `r`, `o` for the source's site), rows that follow polls while it is open, and the
highlighted source's error in full at 60 columns."""

from __future__ import annotations

import stat
import webbrowser
from dataclasses import replace
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.models import SourceConfig
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.main_keys import MAIN_BINDINGS
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def detail(screen: SourcesScreen) -> str:
    return str(screen.query_one("#source-detail", Static).content)


async def test_help_in_the_sources_view_lists_its_own_keys(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Story"]], keymap={"sources.open_site": "w"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        (title, rows), *_ = app.screen.sections
        keys = {what: key for key, what in rows}
        assert title == "Sources view"
        assert keys["Show its headlines"] == "⏎"
        assert keys["Open its site"] == "w"
        assert keys["Refresh"] == "r" and keys["Pause/resume"] == "p"
        assert "Newest" not in keys and "Filter" not in keys  # the main screen's keys are not here
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))


async def test_the_sources_view_has_the_tickers_header(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two"], ["Three"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        header = app.screen.query_one(TickerHeader)
        await settle(pilot, lambda: (header.unread, header.total) == (3, 3))


@pytest.mark.timeout(60)
async def test_rows_follow_polls_and_r_polls_from_the_sources_view(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed.xml", rss([Item("First story", feed_server.url("/1"))]))
    config = Config(sources=(SourceConfig(url, name="Wire"),), refresh=3600)
    app = news_app(config, tmp_path / "n.db", poll=True, now=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(feed_server.requests_for("/feed.xml")) == 1)
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await settle(pilot, lambda: screen.sources[0].last_status == "ok")
        feed_server.route("/feed.xml", "not a feed at all", status=500)
        await pilot.press("r")
        await settle(pilot, lambda: screen.sources[0].last_status == "error", timeout=15)
        assert "HTTP 500" in screen.query_one(SourceTable).get_row_at(0)[-1]
        assert "HTTP 500" in detail(screen)


async def test_at_60_columns_the_error_is_shown_in_full(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(tmp_path / "n.db", [["Story"]])
    (source,) = store.sources()
    error = "connection refused by 127.0.0.1:9 after the third redirect of a moved feed address"
    store.save_states([replace(source, last_status="error", last_error=error)])
    app = news_app(config, store)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert error in detail(screen)
        box = screen.query_one("#source-detail")
        assert box.region.width <= 60 and box.region.height >= 4  # wrapped, not cut


@pytest.mark.parametrize("site", [None, "http://127.0.0.1:9/desk/"])
async def test_o_opens_the_sources_site(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch, site: str | None
) -> None:
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    config, store = stock(tmp_path / "n.db", [["Story"]])
    (source,) = store.sources()
    store.save_states([replace(source, site_link=site)])  # as a poll of its feed stores it
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("o")
        await settle(pilot, record.exists)
    # The feed's own link to its site; before a poll gave one, the feed address's origin.
    expected = site or closed_url(0).rsplit("/", 1)[0] + "/"
    assert record.read_text().splitlines() == [expected]


async def test_the_main_help_gives_each_mark_its_meaning(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Story"]]))
    async with app.run_test(size=(100, 40)) as pilot:
        headlines = app.main.headlines
        await settle(pilot, lambda: bool(headlines.headlines))
        await pilot.press("s")  # starred too: every mark the list draws is on screen
        await pilot.pause()
        gutters = {str(headlines.render_line(y).text)[:3] for y in range(3)}
        drawn = {mark for gutter in gutters for mark in gutter if not mark.isspace()}
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        symbols = [symbol for symbol, _ in app.screen.legend]
        assert "★" in symbols and len(symbols) == len(set(symbols))  # one meaning per symbol
        assert drawn and drawn <= set(symbols), (drawn, symbols)  # each drawn mark explained
        assert app.screen.sections[-1][0] == "Everywhere"


async def test_the_main_help_lists_every_main_key_with_no_article_open(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Story"]]))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        listed = {what for _, rows in app.screen.sections for _, what in rows}
        declared = {b.description for b in MAIN_BINDINGS if isinstance(b, Binding)}
        declared.discard("Close")  # q's meaning only while an article is open ("Quit" here)
        assert declared <= listed, declared - listed  # f too, dimmed in the footer for now
