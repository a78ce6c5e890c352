"""Provides FilterBar: the `/` input that filters the headline list as you type (debounced)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

DEBOUNCE = 0.15
"""Seconds of no typing before the list is filtered (one query per pause, not per key)."""


class FilterBar(Input):
    """Typing filters after a short pause; Enter keeps the filter and returns to the list; Esc
    clears it."""

    DEFAULT_CSS = """
    FilterBar { height: 3; border: tall $accent; margin: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
    ]

    class Search(Message):
        """The text to filter by changed (after the debounce), or was submitted."""

        def __init__(self, text: str, done: bool = False) -> None:
            super().__init__()
            self.text = text
            self.done = done

    class Cleared(Message):
        """The reader pressed Esc in the filter."""

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(
            value=value,
            placeholder="Filter titles and summaries… (Enter: keep, Esc: clear)",
            **kwargs,  # type: ignore[arg-type]
        )
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._post)

    def _post(self) -> None:
        self._timer = None
        self.post_message(self.Search(self.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Search(self.value, done=True))

    def action_clear_filter(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Cleared())
