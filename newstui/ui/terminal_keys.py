"""Provides TerminalApp: the keys a terminal's user expects of any program it runs."""

from __future__ import annotations

import contextlib
import os
import signal
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType, Keymap
from textual.driver import Driver

from newstui.ui.system_commands import PaletteApp


class TerminalApp(PaletteApp):
    """An app that ctrl+z suspends as the shell's job control does (`fg` brings it back):
    Textual reads ctrl+z as a key and binds it to nothing, so without this it did nothing
    (Textual's own App.action_suspend_process; a no-op where the driver cannot suspend).
    Helper processes registered with `stop_with_me` are stopped with it and go on after
    (not while App.suspend lends the terminal to a console browser: this process runs on).

    ctrl+c quits where nothing is selected to copy (Textual's Screen and Input copy a
    selection first): Textual only told the user to press ctrl+q, where a terminal's programs
    (less, top, newsboat) end on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend_process", "Suspend (fg resumes)", show=False, id="suspend"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._companions: set[int] = set()
        self._subscribed = False
        self._stopping = False
        self._suspend_keys = frozenset({"ctrl+z"})
        """The keys of the suspend binding, as the keymap leaves them."""

    def stop_with_me(self, pid: int, *, stop: bool = True) -> None:
        """Stops process `pid` (a helper this process started) whenever ctrl+z suspends the app
        (SIGTSTP: a helper may catch it to stop at a safe point, as the polling process does),
        and lets it go on when the app resumes (SIGCONT); `stop=False` forgets it (it ended).
        Call it on the app's loop once the app runs."""
        if not self._subscribed:
            # Immediate: Textual publishes the suspend just before it stops this process.
            self.app_suspend_signal.subscribe(self, self._stop_companions, immediate=True)
            self.app_resume_signal.subscribe(self, self._continue_companions, immediate=True)
            self._subscribed = True
        if stop:
            self._companions.add(pid)
        else:
            self._companions.discard(pid)

    def action_help_quit(self) -> None:
        # Textual binds ctrl+c to this (a notice naming ctrl+q) after the copy bindings of the
        # focused widget and the screen, which pass it on when nothing is selected. Not a
        # binding of our own: every binding of ours has a keymap id, and ctrl+q has none.
        self.exit()

    def key_ctrl_c(self) -> None:
        # A modal screen (help, a dialog, the command palette) ends a key's bindings at itself,
        # so the binding above never ran there and ctrl+c did nothing, where ctrl+q (a priority
        # binding) quits. A key no binding took reaches the app's key methods (Textual's
        # dispatch_key, after App._on_key's bindings); a selection was copied before that.
        self.exit()

    def set_keymap(self, keymap: Keymap) -> None:
        super().set_keymap(keymap)
        keys = keymap.get("suspend", "ctrl+z")
        self._suspend_keys = frozenset(key.strip() for key in keys.split(","))

    async def _on_key(self, event: events.Key) -> None:
        # As ctrl+c above: a modal screen (help, a dialog, the palette, the tag picker) ends a
        # key's bindings at itself, and there the suspend key did nothing. A key method
        # (key_ctrl_z) served only ctrl+z, not the key a keymap gives `suspend` instead
        # (suspend = "f9"): the keys the keymap leaves it are matched here, where App._on_key
        # gets what no binding of the focused widgets and screen took, after the bindings of
        # the chain (a binding of the main screen the keymap gives ctrl+z, undo_mark_all =
        # "ctrl+z", runs there: this is no priority binding).
        if self._suspend_keys.isdisjoint((event.key, *event.aliases)):
            return  # Textual calls App._on_key next (each class's handler, down the MRO)
        event.prevent_default()  # which would look the key up a second time
        if not await self._check_bindings(event.key):
            self.action_suspend_process()

    def action_suspend_process(self) -> None:
        self._stopping = True  # Textual publishes app_suspend_signal, then stops this process
        try:
            super().action_suspend_process()
        finally:
            self._stopping = False

    def _stop_companions(self, _app: object) -> None:
        # A terminal's own ctrl+z stops the whole foreground job; Textual's stops only this
        # process, and the polling process went on fetching and storing while the user had
        # put the ticker away. SIGTSTP, not SIGSTOP: the polling process stops itself between
        # two write transactions (storage.stop_gate), never holding the database's write lock
        # against a cron `fetch` while stopped; a helper that does not catch it stops at once.
        if self._stopping:
            self._signal_companions(signal.SIGTSTP)

    def _continue_companions(self, _app: object) -> None:
        # The shell's `fg` continues the whole process group, a SIGCONT sent to this process
        # alone (`kill -CONT`) does not.
        self._signal_companions(signal.SIGCONT)

    @on(Driver.SignalResume)
    def _repaint_after_resume(self) -> None:
        # After `fg` the terminal holds the shell's lines, not the last frame; Textual repaints
        # only what changed since (its Resize to the same size is ignored), so the list and
        # the line above it stayed blank until they next changed. Repaint it all, as
        # App.suspend() does after its own resume.
        self.refresh(layout=True)

    def _signal_companions(self, signum: int) -> None:
        for pid in tuple(self._companions):
            with contextlib.suppress(ProcessLookupError, PermissionError):  # it ended meanwhile
                os.kill(pid, signum)
