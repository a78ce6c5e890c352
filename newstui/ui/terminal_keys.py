"""Provides TerminalApp: the keys a terminal's user expects of any program it runs."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.driver import Driver

from newstui.ui.screenshots import ScreenshotFolder


class TerminalApp(ScreenshotFolder):
    """An app that ctrl+z suspends as the shell's job control does (`fg` brings it back):
    Textual reads ctrl+z as a key and binds it to nothing, so without this it did nothing
    (Textual's own App.action_suspend_process; a no-op where the driver cannot suspend)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend_process", "Suspend (fg resumes)", show=False, id="suspend"),
    ]

    @on(Driver.SignalResume)
    def _repaint_after_resume(self) -> None:
        # After `fg` the terminal holds the shell's lines, not the last frame; Textual repaints
        # only what changed since (its Resize to the same size is ignored), so the list and
        # the line above it stayed blank until they next changed. Repaint it all, as
        # App.suspend() does after its own resume.
        self.refresh(layout=True)
