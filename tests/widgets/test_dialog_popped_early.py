"""A dialog popped before its Mount is handled must not end the app (NoMatches on '.hint')."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen

from newstui.ui.screens.ask import AskScreen, ConfirmScreen, Dialog


class Host(App[None]):
    """A bare app: the dialogs need no more than a screen beneath them."""


@pytest.mark.parametrize(
    "make",
    [lambda: AskScreen("Name?", hint="Empty: the feed's title"), lambda: ConfirmScreen("Sure?")],
    ids=["ask", "confirm"],
)
async def test_a_dialog_popped_before_its_mount_leaves_the_app_running(
    make: Callable[[], Dialog[Any]],
) -> None:
    app = Host()
    async with app.run_test() as pilot:
        beneath = app.screen
        dialog = make()
        app.push_screen(dialog)
        app.pop_screen()  # before the dialog's Mount is handled
        dialog.post_message(events.Key("x", "x"))  # a key that reached it meanwhile
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert app.screen is beneath
        assert not isinstance(app.screen, Dialog)
    assert app.return_code in (0, None)


async def test_a_mounted_dialog_still_names_its_keys_under_the_question() -> None:
    app = Host()
    async with app.run_test() as pilot:
        dialog = AskScreen("Name?", hint="Empty: the feed's title")
        app.push_screen(dialog)
        await pilot.pause()
        hint = str(dialog.query_one(".hint").render())
        assert hint.startswith("Empty: the feed's title")
        assert "esc: cancel" in hint
        assert isinstance(app.screen, Screen)
