"""Guards newstui.ui.textual_compat.write_to_terminal: the Textual internals it uses are there
and used by Textual itself the same way (App.bell), so an upgrade that moves them fails here."""

from __future__ import annotations

import inspect

from textual.app import App
from textual.driver import Driver

from newstui.ui.textual_compat import write_to_terminal


def test_textual_writes_its_own_sequences_through_the_driver() -> None:
    assert "self._driver.write(" in inspect.getsource(App.bell)
    assert "self._driver.write(" in inspect.getsource(App.copy_to_clipboard)
    assert callable(getattr(Driver, "write", None))


async def test_a_headless_app_has_a_driver_and_writes_nothing() -> None:
    app: App[None] = App()
    async with app.run_test():
        assert app._driver is not None
        assert write_to_terminal(app, "\x1b]9;x\x1b\\") is False  # no terminal to reach
    assert write_to_terminal(app, "x") is False  # not running
