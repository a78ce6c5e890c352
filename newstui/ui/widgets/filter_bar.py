"""Provides FilterBar: the `/` input that filters the headline list as you type (debounced)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from newstui.ui.widgets.collector_hold import HOLD_AT_MOST, CollectorHold

DEBOUNCE = 0.15
"""Seconds of no typing before the list is filtered (one query per pause, not per key)."""


class FilterBar(Input):
    """Typing filters after a short pause; Enter keeps the filter and returns to the list; Esc
    clears it.

    Keys that arrive together (a paste, a fast typist, tmux send-keys) are all queued here
    before the first is handled, and Textual runs a key's binding only once the key has bubbled
    up to the App, after the keys queued behind it: `/war` Enter `j` would put the `j` in the
    filter. So the bar runs its own bindings (Enter, Esc, the cursor keys) as each key comes,
    gives the focus back to `keys_back_to` at once on Esc and, on Enter, once the Search it
    posts (done) has been shown and painted (`give_keys_back`, called by its handler after
    the next frame: the list's new rows and the line naming the search reach the screen in
    one frame, and the focus's restyle and the footer's keys, ~5-9 ms of CPU at 500,000
    stored, in the frames after it; moved first, the focus had the screen paint a frame
    before the search's line was set), and sends the keys that
    were typed after Enter or Esc on to the App, which hands them to the list.

    While it has the focus, and until the frame after it lost it (the search Enter kept, or
    the view Esc restored, painted), Python's automatic garbage collection is held off
    (CollectorHold): a full pass falling between Enter and the paint took 8-30 ms of CPU."""

    DEFAULT_CSS = """
    FilterBar { height: 3; border: tall $accent; margin: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Input's own Enter, shown (the footer says how to leave the bar) and remappable.
        Binding("enter", "submit", "Keep filter", id="filter.keep"),
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
        self.keys_back_to: Widget | None = None
        """The widget that gets the keys after Enter or Esc (the headline list)."""
        self._held: list[events.Key] | None = None
        """Keys typed after Enter, held until the keys are given back (None: not after Enter)."""
        self._collector = CollectorHold()
        self._hold_timer: Timer | None = None

    def on_focus(self) -> None:
        if self._collector.hold():
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self._end_hold)

    def on_blur(self) -> None:
        # After the next frame: the blur comes with the rows Enter's search set (or Esc's
        # view), and the collector's pass must not fall before they are painted.
        if self._collector.holding:
            self.call_after_refresh(self._blurred_painted)

    def _blurred_painted(self) -> None:
        if not self.has_focus:  # not focused again (a second `/`) meanwhile
            self._end_hold()

    def on_unmount(self) -> None:
        self._end_hold()

    def _end_hold(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._collector.release()

    async def on_key(self, event: events.Key) -> None:
        if self._held is not None or self.screen.focused is not self:
            # Typed after Enter or Esc, queued here before the focus moved: the list's keys.
            event.stop()
            event.prevent_default()
            key = events.Key(event.key, event.character)
            if self._held is not None:  # sent on once the list has the focus
                self._held.append(key)
            else:
                self.app.post_message(key)
            return
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.node is self and active.enabled:
            if active.binding.action == "copy" and not self.selected_text:
                return  # ctrl+c with nothing to copy: on to the screen's copy, then quit
            event.stop()
            event.prevent_default()
            await self.run_action(active.binding.action)

    def give_keys_back(self) -> None:
        """Focuses `keys_back_to` and sends it the keys typed since Enter (the handler of a done
        Search calls it once the frame that shows it is painted)."""
        held, self._held = self._held or [], None
        if self.keys_back_to is not None and self.keys_back_to.is_attached:
            self.screen.set_focus(self.keys_back_to)
        for key in held:
            self.app.post_message(key)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._held is not None or self.screen.focused is not self:
            # Queued behind the Enter or Esc that handed the keys back (Enter sent the text
            # itself, Esc dropped it), or the screen setting the text to show.
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._post)

    def _post(self) -> None:
        self._timer = None
        self.post_message(self.Search(self.value))

    async def action_submit(self) -> None:
        """Enter: keeps the filter (at once, without the pause); the keys typed from now on are
        the list's, given back by the Search's handler (`give_keys_back`)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._held = []
        self.post_message(self.Search(self.value, done=True))

    def action_clear_filter(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Cleared())
        self.give_keys_back()
