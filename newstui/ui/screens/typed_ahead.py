"""Provides keys_ahead: keys typed right after a key that opens a text dialog reach the dialog."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from textual import events
from textual.screen import Screen

from newstui.ui.screens.ask import AskScreen, TypedAhead


async def keys_ahead(screen: Screen[Any], event: events.Key, asking: Collection[str]) -> bool:
    """Handles a key that reached `screen` (its `on_key`; True: handled, stopped).

    Textual runs a (non-priority) binding once its key has bubbled up to the App: by then the
    keys typed right after it had gone to the focused widget, and came up behind it to an App
    whose screen was the dialog the binding opened, which has no binding for them: they were
    lost ("e" then "Harbour" typed fast renamed nothing; "a" or "r" among them acted on the
    screen). So the bindings whose action is in `asking` run here, in the order typed, with
    the focused widget's bindings (so that the keys before them move the cursor first, unlike
    a priority binding), and the keys after them, while a text dialog is on top, go on to it
    (`TypedAhead`).
    """
    top = screen.app.screen
    if top is not screen:
        if not isinstance(top, AskScreen):
            return False
        top.post_message(TypedAhead(event.key, event.character))
    else:
        active = screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return False
        if active.node is screen:
            if active.binding.action not in asking:
                return False
        elif active.node is not screen.focused:
            return False
        # The focused widget's keys (the table's cursor) run here too: left to the App, the
        # ones typed just before an asking key ran after it ("jjt" fast: t asked about the
        # source the cursor was on before the two j).
        await screen.app.run_action(active.binding.action, active.node)
    event.stop()
    event.prevent_default()
    return True
