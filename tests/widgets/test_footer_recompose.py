"""Pilot: the footer remakes its keys only when what it shows changed (a screen pushed over the
ticker and popped, a refresh of bindings that changes nothing, leave them as they are), and does
when a key's state changes."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from newstui.ui.app import NewsApp
from newstui.ui.widgets.key_footer import KeyFooter
from tests.widgets.conftest import MakeApp
from tests.widgets.test_snapshots import newsroom
from tests.widgets.waits import settle


def keys(app: NewsApp) -> list[Widget]:
    return list(app.main.query_one(KeyFooter).children)


def full_text_key(app: NewsApp) -> Widget:
    """The full-text key shown (a key made for another state may be kept, hidden)."""
    return next(
        k for k in keys(app) if getattr(k, "action", None) == "toggle_full_text" and k.display
    )


async def test_the_footer_keeps_its_keys_until_one_changes(
    news_app: MakeApp, tmp_path: Path
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) > 0 and keys(app))
        await pilot.pause(0.2)
        before = keys(app)
        assert full_text_key(app).has_class("-disabled")  # dimmed until an article is on show

        for _ in range(3):  # nothing the footer shows changes
            app.main.refresh_bindings()
            await pilot.pause()
        await pilot.press("S")
        await settle(pilot, lambda: app.screen is not app.main)
        sources_keys = list(app.screen.query_one(KeyFooter).children)
        assert sources_keys, "the sources view's own footer has its keys"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is app.main)
        await pilot.pause(0.2)
        assert keys(app) == before and all(a is b for a, b in zip(keys(app), before, strict=True))

        dimmed = full_text_key(app)
        await pilot.press("enter")  # an article opens: `f` (full text / feed text) applies now
        await settle(pilot, lambda: not full_text_key(app).has_class("-disabled"))
        assert full_text_key(app) not in before, "the changed key was made again"
        assert not dimmed.display, "the dimmed key is hidden, kept for when it applies no more"
