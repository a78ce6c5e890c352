"""Provides the command palette entries: refresh, mark all read, views, theme, jump to source."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from newstui.models import Source

COMMANDS = [
    ("Refresh: poll every source now", "refresh", ""),
    ("Mark all read", "mark_all_read", "every unread headline the list shows, filters included"),
    ("Undo mark all read", "undo_mark_all", "the last mark all read of this session"),
    ("View: all headlines", "view('all')", ""),
    ("View: unread", "view('unread')", ""),
    ("View: starred", "view('starred')", ""),
    ("Toggle light/dark theme", "toggle_theme", ""),
    ("Filter by tag…", "pick_tag", ""),
    ("Sources…", "sources", "status, add, rename, pause, remove"),
    ("Clear filter", "clear_filter", ""),
]
"""The ticker's commands: name, the main screen's action it runs, a line of help (the key
that runs it too is added, as the keymap left it: the palette is where keys are learnt)."""


@runtime_checkable
class ShowsSources(Protocol):
    """A screen that can show one source's headlines: the main screen."""

    def palette_sources(self) -> list[Source]:
        """The sources to offer "Jump to source" for, in the order to offer them."""
        ...

    def palette_sources_stored(self) -> list[Source]:
        """`palette_sources` as stored now, with their unread counts; made on a thread."""
        ...


class NewsCommands(Provider):
    """The ticker's own commands, next to Textual's (theme picker, keys, quit). They run actions
    of the screen the palette was opened on; "Jump to source" ones are only found by search."""

    _sources: list[Source] | None = None

    async def startup(self) -> None:
        # The sources in memory carry the unread counts of the start or of their last poll
        # (a poll child's copy says 0): "Jump to source: Daily Packet, 0 unread" of a source
        # with 27. Read once a palette, on a thread (the sources view's read: ~100 ms at 5,000).
        if isinstance(self.screen, ShowsSources):
            self._sources = await asyncio.to_thread(self.screen.palette_sources_stored)

    def _commands(self) -> list[tuple[str, Callable[[], object], str, bool]]:
        screen = self.screen
        if not isinstance(screen, ShowsSources):
            return []
        keys: dict[str, str] = {}
        for active in screen.active_bindings.values():
            keys.setdefault(active.binding.action, self.app.get_key_display(active.binding))
        found: list[tuple[str, Callable[[], object], str, bool]] = [
            (name, partial(screen.run_action, action), _with_key(help_text, keys.get(action)), True)
            for name, action, help_text in COMMANDS
        ]
        sources = screen.palette_sources() if self._sources is None else self._sources
        for source in sources:
            name, unread = f"Jump to source: {source.display_name}", f"{source.unread_count} unread"
            found.append(
                (name, partial(screen.run_action, f"show_source({source.id})"), unread, False)
            )
        return found

    async def discover(self) -> Hits:
        for name, run, help_text, listed in self._commands():
            if listed:
                yield DiscoveryHit(name, run, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text, _ in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text or None)


def _with_key(help_text: str, key: str | None) -> str:
    """The help line with the command's key, "every unread headline… · key A"."""
    if key is None:
        return help_text
    return f"{help_text} · key {key}" if help_text else f"key {key}"
