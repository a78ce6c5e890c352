"""Pilot: with an empty list the footer dims the keys that do nothing (open, next unread, newest,
browser), as Textual shows a binding check_action disables; the first headline lights them, in
place (the footer is not remade)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from newstui.ui.app import NewsApp
from newstui.ui.textual_compat import footer_key_action, set_footer_key_enabled
from newstui.ui.widgets.key_footer import KeyFooter
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_newcomer_edges import arrive
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

IDLE = {"open", "next_unread(1)", "jump_new", "open_link"}


def dimmed(app: NewsApp) -> set[str]:
    """The actions of the footer's keys drawn disabled."""
    footer = app.main.query_one(KeyFooter)
    return {
        action
        for key in footer.children
        if (action := footer_key_action(key)) is not None and key.has_class("-disabled")
    }


async def test_keys_that_need_a_headline_are_dim_while_the_list_is_empty(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", [[]])
    app = news_app(config, store)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, lambda: dimmed(app) >= IDLE)
        assert not {"help", "quit", "sources", "refresh"} & dimmed(app)
        await pilot.press("enter", "n")  # they do nothing, and nothing breaks
        assert not app.main.reading
        footer = app.main.query_one(KeyFooter)
        keys = list(footer.children)
        arrive(app, store, "Storm warning for the northern coast", 1)
        await settle(pilot, lambda: not IDLE & dimmed(app))
        # Lit in place: remade, the footer showed no key for a frame (keys hide until fitted).
        assert list(footer.children) == keys and all(k.display for k in keys[:4])


async def test_footer_keys_made_disabled_are_what_set_footer_key_enabled_sets() -> None:
    """The guard of textual_compat.set_footer_key_enabled: FooterKey keeps `_disabled` (its
    click runs nothing) and the -disabled class (its dim look) for a disabled binding."""
    made = FooterKey("n", "n", "Newest", "jump_new", disabled=True)
    assert made._disabled and made.has_class("-disabled")
    lit = FooterKey("n", "n", "Newest", "jump_new", disabled=True)
    set_footer_key_enabled(lit, True)
    assert not lit._disabled and not lit.has_class("-disabled")
    set_footer_key_enabled(lit, False)
    assert (lit._disabled, lit.classes) == (made._disabled, made.classes)
