"""Tests that a click on the reading pane's address line opens that address in the browser, as
`o` and a click on a link of the article do (its OSC 8 hyperlink is the terminal's to open,
and most open one only on ctrl+click), while a click elsewhere on the pane opens nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle

LINK = "https://example.org/news/2026/harbour-ferry-terminal?id=7"


async def test_a_click_on_the_address_line_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, news_app: MakeApp
) -> None:
    # A real "browser": a script that records the URL it is given (webbrowser honours $BROWSER).
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    url = "http://127.0.0.1:9/feed.xml"
    store = Store(tmp_path / "news.db")
    (source,) = store.sync_sources([SourceConfig(url, name="Wire")], 300)
    store.save_poll(source, [FeedEntry("a", "Harbour ferry terminal", LINK, NOW)], NOW)
    app = news_app(Config(sources=(SourceConfig(url, name="Wire"),)), store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        meta = app.main.reader.query_one("#reader-meta", Static)
        await settle(pilot, lambda: LINK[:20] in str(meta.render()))
        await pilot.click(meta, offset=(5, 0))  # the source and time: no link there
        await pilot.pause(0.3)
        assert not record.exists()
        await pilot.click(meta, offset=(5, 1))  # the address's first line
        await settle(pilot, lambda: record.exists())
    assert record.read_text().splitlines() == [LINK]
