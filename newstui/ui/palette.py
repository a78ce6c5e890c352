"""Provides the command palette entries: refresh, mark all read, views, theme, jump to source."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from newstui.ui.reading import ReadingMixin


class NewsCommands(Provider):
    """The ticker's own commands, next to Textual's (theme picker, keys, quit)."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: ReadingMixin = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Refresh: poll every source now", partial(app.run_action, "refresh"), "r"),
            ("Mark all read", app.action_mark_all_read, "in the current source filter, if any"),
            ("View: all headlines", partial(app.action_view, "all"), ""),
            ("View: unread", partial(app.action_view, "unread"), ""),
            ("View: starred", partial(app.action_view, "starred"), ""),
            ("Toggle light/dark theme", app.action_toggle_theme, ""),
            ("Filter by tag…", app.action_pick_tag, ""),
            ("Sources…", app.action_sources, "status, add, rename, pause, remove"),
            ("Clear filter", app.clear_filter, ""),
        ]
        for source in sorted(app.sources.values(), key=lambda s: s.display_name.lower()):
            commands.append(
                (
                    f"Jump to source: {source.display_name}",
                    partial(app.show_source, source.id, source.display_name),
                    f"{source.unread_count} unread",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            if not name.startswith("Jump to source"):
                yield DiscoveryHit(name, run, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text or None)
