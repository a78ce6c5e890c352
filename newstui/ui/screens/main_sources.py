"""Provides SourcesPart: the main screen's ways to its sources and tags (the sources view, one
source's or one tag's headlines, the next source)."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from newstui.models import Source
from newstui.storage.store import StoreError
from newstui.ui.polling_state import PollingState
from newstui.ui.screens.main_stories import StoryScreen

if TYPE_CHECKING:
    from newstui.config.editing import SourceFile
    from newstui.sync.editor import ServerSources
    from newstui.ui.screens.sources import SourceChoice


class SourcesPart(StoryScreen):
    """The sources half of MainScreen (its base class, to keep each module to one job).
    MainScreen provides `polling` (and what StoryScreen asks for)."""

    polling: PollingState

    def action_show_source(self, source_id: int) -> None:
        """Filters the list to one source (Enter in the sources view, the palette)."""
        source = self.polling.known().get(source_id)
        name = source.display_name if source is not None else str(source_id)
        self.apply_view(replace(self.view, source_id=source_id, source_name=name))
        self.headlines.focus()

    def action_next_source(self, direction: int) -> None:
        """Shows the next (or previous) source's headlines, in the order of the palette and
        among the tag's sources when a tag is chosen; past the last, every source again."""
        view = self.view
        ids = [s.id for s in self.palette_sources() if view.tag is None or view.tag in s.tags]
        if not ids:
            return
        if view.source_id in ids:
            index = ids.index(view.source_id) + direction
        else:
            index = 0 if direction > 0 else len(ids) - 1
        if 0 <= index < len(ids):
            self.action_show_source(ids[index])
        else:
            self.apply_view(replace(view, source_id=None, source_name=None))

    def palette_sources(self) -> list[Source]:
        """The sources the palette offers to jump to (`show_source`), by name."""
        return _by_name(self.polling.known().values())

    def palette_sources_stored(self) -> list[Source]:
        """`palette_sources` read from the store, with today's unread counts (those in memory
        are as read at the start or as last polled). Called on a thread (the palette's)."""
        try:
            stored = self.store.sources()
        except StoreError:  # the list in memory, its counts as they were
            return self.palette_sources()
        return _by_name(stored)

    def warm_sources_view(self) -> None:
        """Imports the sources view's modules on a thread, once (the sources are in, after the
        first paint): its first open (`S`) then costs what a later one does (they were ~30 of
        ~250 ms of CPU of a first open at 5,000 sources)."""
        if "newstui.ui.screens.sources" not in sys.modules:
            load = partial(importlib.import_module, "newstui.ui.screens.sources")
            self.run_worker(load, thread=True, group="warm", exclusive=True)

    async def action_sources(self) -> None:
        from newstui.ui.screens.sources import SourcesScreen

        editor = self.services.source_editor() or await self._sources_read_again()
        config = self.services.config
        screen = SourcesScreen(
            self.services,
            editor=editor,
            changed=lambda: self.services.sync_sources(editor.config if editor else config),
            stale=lambda: self.polling.notices.stale,
            offline=lambda: self.polling.notices.offline_ids,
        )
        await self.app.push_screen(screen, self._source_chosen)
        self._update_header(recount=False)  # its header shows the same figures

    async def _sources_read_again(self) -> SourceFile | ServerSources | None:
        """The config file's sources changed since they were read (edited by hand, or by
        `newstui import` in another shell): they are read again and polled, and the view
        edits them (it said "read-only here", as the demo's). A file that cannot be read now
        says why; the sources shown stay those it listed. Other settings wait for a restart."""
        config = self.services.config
        if config.path is None or config.sync is not None:  # the demo's; a server's
            return None
        from newstui.config.schema import ConfigError, load_config

        try:
            fresh = await asyncio.to_thread(load_config, config.path)
        except ConfigError as exc:
            said = f"{exc}; the sources shown are those it listed before"
            self.notify(said, title="Config", severity="error", markup=False, timeout=15)
            return None
        if fresh.sync is not None or fresh.sources == config.sources:
            return None
        try:
            await self.services.sync_sources(replace(config, sources=fresh.sources))
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        said = f"{config.path} changed since newstui started: its sources are read again."
        self.notify(said, markup=False, timeout=5)
        return self.services.source_editor()

    def _source_chosen(self, choice: SourceChoice | None) -> None:
        if choice is not None:
            self.action_show_source(choice.source_id)

    def action_pick_tag(self) -> None:
        from newstui.ui.screens.pick import PickScreen

        try:
            tags = self.store.tags()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        choices = [("", "(every tag)")] + [(t, f"{t}  ({n} unread)") for t, n in tags]
        title = "Show the headlines of sources tagged…"
        self.app.push_screen(PickScreen(title, choices), self._tag_chosen)

    def _tag_chosen(self, tag: str | None) -> None:
        if tag is not None:
            self.apply_view(replace(self.view, tag=tag or None))


def _by_name(sources: Iterable[Source]) -> list[Source]:
    """The sources in the palette's order: by name as shown, case aside."""
    return sorted(sources, key=lambda s: s.display_name.lower())
