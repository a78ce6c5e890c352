"""Provides ReadingMixin: the ticker's views, filters, mark-all-read, sources, tags and themes."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from newstui.config.schema import Config
from newstui.models import Headline, Source
from newstui.storage.store import Store, StoreError
from newstui.ui.palette import NewsCommands
from newstui.ui.views import View
from newstui.ui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from newstui.feeds.discover import Discovery
    from newstui.feeds.poller import Poller
    from newstui.net.fetch import Fetcher
    from newstui.ui.screens.sources import SourceChoice
    from newstui.ui.widgets.headline_list import HeadlineList

PAGE = 1000
"""Headlines loaded from the store at a time (the list asks for the next page near its end)."""
LIGHT, DARK = "textual-light", "textual-dark"


class ReadingMixin(App[None]):
    """What the reader does with the list beyond moving through it. NewsApp provides `config`,
    `store`, `sources`, `poller`, `_fetcher` and `headlines`; this adds the state `view`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", show=False, id="filter"),
        Binding("1", "view('all')", "All", show=False, id="view_all"),
        Binding("2", "view('unread')", "Unread", show=False, id="view_unread"),
        Binding("3", "view('starred')", "Starred", show=False, id="view_starred"),
        Binding("v", "cycle_view", "View", show=False, id="cycle_view"),
        Binding("A", "mark_all_read", "All read", show=False, id="mark_all_read"),
        Binding("T", "pick_tag", "Tag", show=False, id="pick_tag"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="toggle_theme"),
    ]

    COMMANDS = App.COMMANDS | {NewsCommands}
    view: View = View()
    config: Config
    store: Store
    sources: dict[int, Source]
    poller: Poller | None
    _fetcher: Fetcher | None

    @property
    def headlines(self) -> HeadlineList:
        from newstui.ui.widgets.headline_list import HeadlineList

        return self.query_one(HeadlineList)

    # The view

    def describe_view(self) -> str:
        """The active view and filters in one line, e.g. 'Unread · search: "storm"', with the
        key that clears a filter."""
        text = self.view.describe()
        if self.view.filtered:
            key = self._binding_key("back")
            text += f"  ({key[:1].upper() + key[1:]}: clear)"
        return text

    def view_query(self) -> dict[str, Any]:
        return self.view.query()

    def apply_view(self, view: View) -> None:
        """Shows the headlines of `view` (from the store), and says so on the view line."""
        self.view = view
        try:
            found = self.store.headlines(limit=PAGE, **view.query())
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.headlines.set_headlines(found)
        self._show_view_line()

    def _show_view_line(self) -> None:
        # NewsApp's status line above the list shows describe_view() and the "N new" count.
        update = getattr(self, "update_list_status", None)
        if callable(update):
            update()

    def _binding_key(self, binding_id: str) -> str:
        for key, bindings in self._bindings.key_to_bindings.items():
            if any(b.id == binding_id for b in bindings):
                return self.get_key_display(bindings[0]) or key
        return binding_id

    def in_view(self, headlines: Sequence[Headline]) -> list[Headline]:
        """Of headlines just polled, the ones the current view shows."""
        if self.view.is_default or not headlines:
            return list(headlines)
        try:
            return self.store.headlines(
                limit=len(headlines), ids=[h.id for h in headlines], **self.view.query()
            )
        except StoreError:
            return []

    def clear_filter(self) -> bool:
        """Esc: drops search, source and tag filters (keeps the view); False if there were none."""
        bars = self.query(FilterBar)
        for bar in bars:
            bar.remove()
        if not self.view.filtered:
            return bool(bars)
        self.apply_view(self.view.cleared())
        self.headlines.focus()
        return True

    def action_view(self, kind: str) -> None:
        self.apply_view(self.view.with_kind(kind))

    def action_cycle_view(self) -> None:
        self.apply_view(self.view.next_kind())

    def action_filter(self) -> None:
        bars = self.query(FilterBar)
        if bars:
            bars.first(FilterBar).focus()
            return
        bar = FilterBar(self.view.search, id="filter-bar")
        self.query_one("#list-column").mount(bar, before=self.headlines)
        bar.focus()

    def on_filter_bar_search(self, message: FilterBar.Search) -> None:
        from dataclasses import replace

        if message.text != self.view.search:
            self.apply_view(replace(self.view, search=message.text))
        if message.done:
            if not message.text.strip():
                for bar in self.query(FilterBar):
                    bar.remove()
            self.headlines.focus()

    def on_filter_bar_cleared(self, message: FilterBar.Cleared) -> None:
        from dataclasses import replace

        for bar in self.query(FilterBar):
            bar.remove()
        if self.view.search:
            self.apply_view(replace(self.view, search=""))
        self.headlines.focus()

    # Reading state

    def action_mark_all_read(self) -> None:
        """Marks read every headline of the current source filter, or every headline."""
        source_id = self.view.source_id
        try:
            changed = self.store.mark_all_read(source_id=source_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        where = f" of {self.view.source_name}" if source_id is not None else ""
        self.notify(f"{changed} headlines{where} marked read.", markup=False, timeout=3)
        self.apply_view(self.view)
        self.after_counts_changed()

    def after_counts_changed(self) -> None:
        """The unread count changed: NewsApp's header shows it."""
        update = getattr(self, "_update_header", None)
        if callable(update):
            update()

    # Sources and tags

    def action_sources(self) -> None:
        from newstui.config.editing import SourceFile
        from newstui.ui.screens.sources import SourcesScreen

        editor = SourceFile(self.config)
        screen = SourcesScreen(
            self.store,
            self.config.time_format,
            editor=editor if editor.problem() is None else None,
            discover=self.discover,
            changed=lambda: self.sources_changed(editor.config),
        )
        self.push_screen(screen, self._source_chosen)

    def _source_chosen(self, choice: SourceChoice | None) -> None:
        if choice is not None:
            self.show_source(choice.source_id, choice.name)

    def show_source(self, source_id: int, name: str) -> None:
        """Filters the list to one source (Enter in the sources view, the palette)."""
        from dataclasses import replace

        self.apply_view(replace(self.view, source_id=source_id, source_name=name))
        self.headlines.focus()

    def sources_changed(self, config: Config) -> None:
        """The config file's sources changed: sync them into the store, wake the poller."""
        self.config = config
        try:
            self.sources = {
                s.id: s for s in self.store.sync_sources(config.sources, config.refresh)
            }
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if self.poller is not None:
            self.poller.reschedule()
        self.apply_view(self.view)

    async def discover(self, url: str) -> Discovery:
        from newstui.feeds.discover import discover_feed
        from newstui.net.fetch import Fetcher

        fetcher = self._fetcher or (self.poller.fetcher if self.poller else None)
        if fetcher is not None:
            return await discover_feed(fetcher, url)
        async with Fetcher() as own:
            return await discover_feed(own, url)

    def action_pick_tag(self) -> None:
        from newstui.ui.screens.pick import PickScreen

        try:
            tags = self.store.tags()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        choices = [("", "(every tag)")] + [(t, f"{t}  ({n} unread)") for t, n in tags]
        self.push_screen(PickScreen("Show the headlines of sources tagged…", choices), self._tag)

    def _tag(self, tag: str | None) -> None:
        from dataclasses import replace

        if tag is not None:
            self.apply_view(replace(self.view, tag=tag or None))

    # Themes

    def restore_theme(self) -> None:
        """The config's theme wins; otherwise the one chosen last (kept in the database). Every
        later choice (palette, ctrl+t) is remembered."""
        wanted = self.config.theme
        if not wanted:
            try:
                wanted = self.store.setting("theme")
            except StoreError:
                wanted = None
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str):
            # A theme not remembered is no reason to bother the reader.
            with contextlib.suppress(StoreError):
                self.store.set_setting("theme", name)

    def action_toggle_theme(self) -> None:
        dark = self.current_theme.dark
        self.theme = LIGHT if dark else DARK
