"""Provides PaletteApp: the palette's "Keys" opens the screen's own help, not Textual's panel."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from newstui.ui.screenshots import ScreenshotFolder


class PaletteApp(ScreenshotFolder):
    """An app whose palette's "Keys" shows the screen's help (`?`: every key as the keymap
    left it, and the marks). Textual's own opened its keys panel beside the list: Esc did not
    close it, q (which closes the help) quit the ticker, and it listed Textual's keys
    ("super+c Copy selected text", "shift+tab Focus Previous") rather than the ticker's."""

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        helps = getattr(screen, "action_help", None)
        for command in super().get_system_commands(screen):
            if command.title == "Keys" and callable(helps) and not screen.query("HelpPanel"):
                yield SystemCommand("Keys", "Every key of this screen and what it does", helps)
            else:
                yield command
