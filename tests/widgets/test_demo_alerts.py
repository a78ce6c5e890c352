"""Pilot: `newstui demo` keeps the user's `[[alerts]]`: a headline of the simulated newsroom that
matches the watchlist arrives flagged (⚑), as on the real wire (the demo dropped them)."""

from __future__ import annotations

import re
from pathlib import Path

from newstui.commands.demo import demo_settings
from newstui.config.schema import Config
from newstui.demo import Newsroom
from newstui.models import AlertRule
from newstui.storage.store import Store
from newstui.ui.widgets.headline_paint import ALERT_SYMBOL
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle


async def test_the_demo_flags_headlines_the_users_watchlist_matches(
    news_app: MakeApp, tmp_path: Path
) -> None:
    with Newsroom(seed=3, interval=60.0) as newsroom:
        desk = newsroom.desks[0]
        title = newsroom.entries(desk)[0].story.title
        word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)  # a word of a headline on it
        user = Config(alerts=(AlertRule(match=(word,)),), desktop_notify="off")
        config = demo_settings(user, newsroom.source_configs())
        assert config.alerts == user.alerts and config.desktop_notify == "off"
        app = news_app(config, Store(tmp_path / "demo.db"), poll=True, now=None)
        async with app.run_test(size=(120, 30)) as pilot:
            headlines = app.main.headlines
            await settle(pilot, lambda: any(h.alert for h in headlines.headlines), timeout=30)
            flagged = next(h for h in headlines.headlines if h.alert)
            assert word.lower() in flagged.title.lower()
            await pilot.pause(0.2)
            assert ALERT_SYMBOL in app.export_screenshot()
